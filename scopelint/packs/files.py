"""Where the rule packs are, and the error a bad one raises: what a run needs before (or
instead of) reading them, kept apart from the pack model so that a run whose prefilter is
cached never imports it.

The built-in packs: API packs in `apis/`, library packs in `libraries/`."""

from __future__ import annotations

from pathlib import Path

BUILTIN_PACK_DIRS = (
    Path(__file__).parent.parent / "rule_packs",  # installed wheel
    Path(__file__).parent.parent.parent / "rules",  # source checkout / editable install
)


class PackError(Exception):
    """A malformed pack: the message names the file, the key and the problem."""


def builtin_pack_paths() -> list[Path]:
    for folder in BUILTIN_PACK_DIRS:
        if folder.is_dir():
            return sorted(folder.glob("*/*.yaml"))
    raise PackError("the built-in rule packs are missing from the installation")
