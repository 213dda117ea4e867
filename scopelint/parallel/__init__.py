"""Running the per-file phase on more than one core: forked screening and the process pool."""
