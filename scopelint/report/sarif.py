"""--format sarif: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Paths are relative to the directory scopelint ran in (%SRCROOT%). For GitHub code
scanning run scopelint from the repository root, so they are repository paths.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import scopelint
from scopelint.model import Finding, RunResult, Severity, Span
from scopelint.report._common import sorted_errors, sorted_findings

if TYPE_CHECKING:
    from scopelint.rules.base import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/scopelint/scopelint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "scopelint/v1"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(result: RunResult, *, rules: Sequence[type[Rule]] = (), color: bool = False) -> str:
    return json.dumps(build(result, rules=rules), indent=2, ensure_ascii=False) + "\n"


def build(result: RunResult, *, rules: Sequence[type[Rule]]) -> dict[str, Any]:
    """The SARIF log as a dict (render() serialises it)."""
    findings = sorted_findings(result)
    descriptors = [_rule_descriptor(rule) for rule in rules]
    index = {descriptor["id"]: i for i, descriptor in enumerate(descriptors)}
    # A finding of a rule not passed in still gets a descriptor, so every ruleIndex is valid.
    for finding in findings:
        if finding.code not in index:
            index[finding.code] = len(descriptors)
            descriptors.append(_fallback_descriptor(finding))

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "scopelint",
                "version": scopelint.__version__,
                "semanticVersion": scopelint.__version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        # The working directory; a trailing "/" is required for a base URI.
        "originalUriBaseIds": {
            SRCROOT: {
                "uri": Path(os.getcwd()).as_uri().rstrip("/") + "/",
                "description": {"text": "The directory scopelint was run in."},
            }
        },
        "invocations": [
            {
                # The run itself completed; files that could not be analysed are
                # reported as notifications rather than as a failed execution.
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {
                        "level": "error",
                        "message": {"text": f"{error.path}: {error.message}"},
                        "locations": [{"physicalLocation": {"artifactLocation": _artifact(error.path)}}],
                    }
                    for error in sorted_errors(result)
                ],
            }
        ],
        # LibCST columns count code points, not UTF-16 units (the SARIF default).
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index[finding.code]) for finding in findings],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def help_uri(code: str) -> str:
    """Where a rule is documented: the README's table of rules (every rule's row; `scopelint
    explain CODE` has the rest). SARIF's helpUri and the language server's codeDescription."""
    return f"{INFORMATION_URI}#rules"


def _rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation()},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "help": {"text": rule.help, "markdown": _help_markdown(rule)},
        "helpUri": help_uri(rule.code),
    }


def _help_markdown(rule: type[Rule]) -> str:
    parts = [rule.help]
    example = getattr(rule, "example", "").strip("\n")
    fixed = getattr(rule, "fixed_example", "").strip("\n")
    if example:
        parts.append(f"**Example**\n\n```python\n{example}\n```")
    if fixed:
        parts.append(f"**Use instead**\n\n```python\n{fixed}\n```")
    return "\n\n".join(parts)


def _fallback_descriptor(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.code,
        "name": finding.rule,
        "shortDescription": {"text": finding.rule},
        "defaultConfiguration": {"level": LEVEL[finding.severity]},
        "help": {"text": finding.help or finding.rule},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    region = _region(finding.span)
    if finding.line_text:
        region["snippet"] = {"text": finding.line_text}
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(finding.path), "region": region}}],
    }
    if finding.related:  # where the token came from, the calls its token reaches
        result["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": {"artifactLocation": _artifact(related.path), "region": _region(related.span)},
                "message": {"text": related.message},
            }
            for number, related in enumerate(finding.related)
        ]
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": finding.fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(finding.path),
                        "replacements": [
                            {"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.content}}
                            for edit in finding.fix.edits
                        ],
                    }
                ],
                "properties": {"applicability": finding.fix.applicability.value},
            }
        ]
    return result


def _region(span: Span) -> dict[str, Any]:
    # Same convention as Span: 1-based, endColumn is the column after the region.
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }


def _artifact(path: str) -> dict[str, str]:
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    # A URI reference: spaces, "%" and "#" in file names must be percent-encoded.
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}
