"""--format text: layout, caret marker, summary, file errors, colour."""

from __future__ import annotations

from scopelint.model import FileError, Finding, RunResult, Severity, Span
from scopelint.report import render
from scopelint.report.text import summary


def make_finding(**overrides: object) -> Finding:
    values: dict = {
        "code": "SL101",
        "rule": "id-token-bearer",
        "severity": Severity.ERROR,
        "path": "app/views.py",
        "span": Span(3, 10, 3, 15),
        "message": "ID token is the Bearer credential of GET /api/v2/users/{id}",
        "help": "send the access token",
        "snippet": "token",
        "context": "profile",
        "line_text": "x = call(token)",
        "fingerprint": "f" * 32,
    }
    values.update(overrides)
    return Finding(**values)


def text(findings: list[Finding], errors: list[FileError] | None = None, color: bool = False) -> str:
    return render(RunResult(findings=findings, errors=errors or []), "text", rules=[], color=color)


def test_one_finding_exact_layout() -> None:
    assert text([make_finding()]) == (
        "app/views.py:3:10: SL101 id-token-bearer ID token is the Bearer credential of GET /api/v2/users/{id}\n"
        "x = call(token)\n"
        "         ^^^^^\n"
        "  help: send the access token\n"
        "\n"
        "Found 1 finding (1 error) in 1 file.\n"
    )


def test_marker_of_a_multi_line_span_runs_to_the_end_of_the_first_line() -> None:
    finding = make_finding(span=Span(3, 5, 6, 2), line_text="x = call(")
    lines = text([finding]).splitlines()
    assert lines[1] == "x = call("
    assert lines[2] == "    ^^^^^"


def test_marker_keeps_tabs_so_carets_line_up() -> None:
    finding = make_finding(span=Span(1, 3, 1, 6), line_text="\t\tabc = 1")
    assert text([finding]).splitlines()[2] == "\t\t^^^"


def test_marker_counts_wide_characters_as_two_cells() -> None:
    finding = make_finding(span=Span(1, 6, 1, 9), line_text='s = "日本" + tok')
    # Columns 6-8 are 日本" (2 + 2 + 1 cells), after five one-cell characters.
    assert text([finding]).splitlines()[2] == "     " + "^" * 5


def test_zero_width_span_still_gets_one_caret() -> None:
    finding = make_finding(span=Span(1, 4, 1, 4), line_text="abc")
    assert text([finding]).splitlines()[2] == "   ^"


def test_no_source_line_and_no_help_are_left_out() -> None:
    out = text([make_finding(line_text="", help="")]).splitlines()
    assert out[0].startswith("app/views.py:3:10: SL101")
    assert out[1] == ""
    assert out[2].startswith("Found 1 finding")


def test_findings_are_sorted_and_summary_counts_severities_and_files() -> None:
    findings = [
        make_finding(path="b.py", span=Span(1, 1, 1, 2)),
        make_finding(path="a.py", span=Span(9, 1, 9, 2), severity=Severity.WARNING, code="SL102"),
        make_finding(path="a.py", span=Span(2, 1, 2, 2), severity=Severity.INFO, code="SL103"),
    ]
    out = text(findings)
    headers = [line for line in out.splitlines() if ": SL10" in line]
    assert [h.split(":")[0] + ":" + h.split(":")[1] for h in headers] == ["a.py:2", "a.py:9", "b.py:1"]
    assert out.splitlines()[-1] == "Found 3 findings (1 error, 1 warning, 1 info) in 2 files."


def test_summary_wording() -> None:
    assert summary([]) == "No findings."
    three = [make_finding(), make_finding(path="b.py"), make_finding(path="b.py", span=Span(5, 1, 5, 2))]
    assert summary(three) == "Found 3 findings (3 errors) in 2 files."
    assert summary([], error_count=2) == "No findings. 2 files could not be analysed."


def test_file_errors_one_line_each_before_the_summary() -> None:
    out = text([], [FileError("z.py", "syntax error at line 3"), FileError("a.py", "cannot read: Permission denied")])
    assert out == (
        "a.py: error: cannot read: Permission denied\n"
        "z.py: error: syntax error at line 3\n"
        "No findings. 2 files could not be analysed.\n"
    )


def test_colour_only_when_asked() -> None:
    plain = text([make_finding()], [FileError("a.py", "bad")])
    coloured = text([make_finding()], [FileError("a.py", "bad")], color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31mSL101\x1b[0m" in coloured
    # Stripping the escapes gives back the plain output: colour adds nothing else.
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
