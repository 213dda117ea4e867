"""--format github: workflow commands, escaped exactly as @actions/core does."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from scopelint.model import FileError, Finding, RunResult, Severity, Span
from scopelint.report import render
from scopelint.report.github import escape_data, escape_property


def make_finding(**overrides: object) -> Finding:
    values: dict = {
        "code": "SL101",
        "rule": "id-token-bearer",
        "severity": Severity.ERROR,
        "path": "app/views.py",
        "span": Span(3, 10, 3, 15),
        "message": "ID token used",
        "help": "send the access token",
    }
    values.update(overrides)
    return Finding(**values)


def github(findings: list[Finding], errors: list[FileError] | None = None) -> list[str]:
    out = render(RunResult(findings=findings, errors=errors or []), "github", rules=[])
    assert out.endswith("\n")
    return out.splitlines()


def test_one_command_per_finding() -> None:
    assert github([make_finding()]) == [
        "::error file=app/views.py,line=3,col=10,endLine=3,endColumn=15,title=SL101 id-token-bearer::ID token used"
    ]


def test_severity_picks_the_command() -> None:
    lines = github(
        [
            make_finding(severity=Severity.WARNING, path="a.py"),
            make_finding(severity=Severity.INFO, path="b.py"),
            make_finding(severity=Severity.ERROR, path="c.py"),
        ]
    )
    assert [line.split(" ", 1)[0] for line in lines] == ["::warning", "::notice", "::error"]


def test_multi_line_span_has_no_columns() -> None:
    # GitHub refuses col/endColumn when line and endLine differ.
    (line,) = github([make_finding(span=Span(3, 10, 5, 2))])
    assert line == "::error file=app/views.py,line=3,endLine=5,title=SL101 id-token-bearer::ID token used"


def test_message_escaping() -> None:
    (line,) = github([make_finding(message="100% a: b, c\r\nnext\nline")])
    assert line.endswith("::100%25 a: b, c%0D%0Anext%0Aline")
    assert "\r" not in line


def test_property_escaping() -> None:
    (line,) = github([make_finding(path="we:ird,dir/50%\nname.py")])
    assert "file=we%3Aird%2Cdir/50%25%0Aname.py," in line
    # Exactly the two separators of the command remain unescaped.
    assert line.count("::") == 2


def test_escape_functions_match_the_toolkit() -> None:
    assert escape_data("%\r\n:,") == "%25%0D%0A:,"
    assert escape_property("%\r\n:,") == "%25%0D%0A%3A%2C"
    # "%" is escaped first, so an already-escaped-looking text survives unchanged.
    assert escape_data("%0A") == "%250A"


def test_file_errors() -> None:
    lines = github([], [FileError("src/bad, file.py", "syntax error: line 2")])
    assert lines == ["::error file=src/bad%2C file.py::syntax error: line 2"]


def _unescape(text: str) -> str:
    table = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: table[m.group(0)], text)


@given(st.text())
def test_property_escaping_is_reversible_and_leaves_no_delimiter(value: str) -> None:
    escaped = escape_property(value)
    assert not set(escaped) & {"\r", "\n", ":", ","}
    assert _unescape(escaped) == value


@given(st.text())
def test_data_escaping_is_reversible(value: str) -> None:
    escaped = escape_data(value)
    assert "\n" not in escaped and "\r" not in escaped
    assert _unescape(escaped) == value
