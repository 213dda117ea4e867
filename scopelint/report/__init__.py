"""Output formats. Every format renders the same RunResult; none computes anything new.

`FORMATS` maps a --format name to its renderer; the CLI offers exactly these keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from scopelint.model import RunResult
from scopelint.report import github, gitlab, json_format, sarif, text

if TYPE_CHECKING:
    from scopelint.rules.base import Rule

# Each renderer: (result, *, rules, color) -> the whole output as one str ending in "\n".
# `color` only matters to "text"; the machine formats ignore it.
Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
}

DEFAULT_FORMAT = "text"


def render(result: RunResult, fmt: str, *, rules: Sequence[type[Rule]], color: bool = False) -> str:
    """Render `result` in format `fmt` (a key of FORMATS).

    `rules` are the rules of the run (SARIF lists their metadata); fingerprints must
    already be assigned (scopelint.fingerprint.assign_fingerprints) before any filtering.
    """
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})") from None
    return renderer(result, rules=rules, color=color)
