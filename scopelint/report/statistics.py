"""`check --statistics`: a count per rule, most frequent first (ruff's `--statistics`).

Text: one line per rule, `count  code  [*] name` (`[*]`: some of its findings have a safe
fix), then the files that could not be analysed. JSON (`--format json`): a list of
`{"code", "name", "count", "fixable"}` in the same order, as ruff prints it.
"""

from __future__ import annotations

import json
from collections import Counter

from scopelint.model import Applicability, RunResult
from scopelint.report._common import sorted_errors


def render_statistics(result: RunResult, fmt: str) -> str:
    counts = Counter(finding.code for finding in result.findings)
    names = {finding.code: finding.rule for finding in result.findings}
    fixable = {
        finding.code
        for finding in result.findings
        if finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    }
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    if fmt == "json":
        rows = [{"code": c, "name": names[c], "count": counts[c], "fixable": c in fixable} for c in ordered]
        return json.dumps(rows, indent=2) + "\n"
    width = len(str(max(counts.values(), default=0)))
    lines = [f"{counts[c]:>{width}}  {c}  {'[*]' if c in fixable else '   '} {names[c]}" for c in ordered]
    lines.extend(f"{error.path}: error: {error.message}" for error in sorted_errors(result))
    return "\n".join(lines) + "\n" if lines else ""
