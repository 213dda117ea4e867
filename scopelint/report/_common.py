"""Helpers shared by the output formats."""

from __future__ import annotations

from scopelint.model import FileError, Finding, RunResult


def sorted_findings(result: RunResult) -> list[Finding]:
    # One stable order in every format: path, then position, then rule code.
    return sorted(result.findings, key=Finding.sort_key)


def sorted_errors(result: RunResult) -> list[FileError]:
    return sorted(result.errors)
