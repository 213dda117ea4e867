"""The language-neutral core: the facts a front end produces for a file, the value model,
URLs and endpoints, and the run-level join. Nothing here knows a programming language."""
