"""Output formats. Every format renders the same RunResult; none computes anything new.

`FORMATS` maps a --format name to its renderer; the CLI offers exactly these keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scopelint.model import RunResult
    from scopelint.rules.base import Rule

# Each renderer: (result, *, rules, color) -> the whole output as one str ending in "\n".
# `color` only matters to "text"; the machine formats ignore it.
Renderer = Callable[..., str]

# --format name -> the module of scopelint.report that renders it (its `render`), imported
# only when chosen: a run pays for one format, not five.
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
}


def render(result: RunResult, fmt: str, *, rules: Sequence[type[Rule]], color: bool = False) -> str:
    """Render `result` in format `fmt` (a key of FORMATS).

    `rules` are the rules of the run (SARIF lists their metadata); fingerprints must
    already be assigned (scopelint.fingerprint.assign_fingerprints) before any filtering.
    """
    try:
        module = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})") from None
    import importlib

    renderer: Renderer = importlib.import_module(f"scopelint.report.{module}").render
    return renderer(result, rules=rules, color=color)
