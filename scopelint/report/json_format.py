"""--format json: one JSON document with every finding and file error."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import scopelint
from scopelint.model import RunResult
from scopelint.report._common import sorted_errors, sorted_findings

if TYPE_CHECKING:
    from scopelint.rules.base import Rule


def render(result: RunResult, *, rules: Sequence[type[Rule]] = (), color: bool = False) -> str:
    document = {
        "version": scopelint.__version__,
        "findings": [finding.to_dict() for finding in sorted_findings(result)],
        "errors": [error.to_dict() for error in sorted_errors(result)],
        # what was looked at: files read (and not in "errors"), of which the prefilter
        # dismissed (no rule can match them: never parsed) and the rest were analysed
        "files": {
            "checked": result.files_checked,
            "skipped_by_prefilter": result.files_skipped_by_prefilter,
            "analysed": result.files_checked - result.files_skipped_by_prefilter,
        },
    }
    return json.dumps(document, indent=2) + "\n"
