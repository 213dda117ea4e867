"""Values that contain themselves (objects spread into each other, reassigned variables) end:
the analysis neither recurses without bound nor loses what the cycle carries."""

from __future__ import annotations

from pathlib import Path

from scopelint.config import Config
from scopelint.engine import Engine

SPREAD_INTO_EACH_OTHER = """\
let base = { Accept: 'application/json' };
let extra = { ...base };
base = { ...extra, Authorization: 'Bearer ' + localStorage.getItem('id_token') };
extra = { ...base };
fetch('https://acme.eu.auth0.com/api/v2/users/me', { headers: extra });
"""


def test_objects_spread_into_each_other_end_and_keep_their_entries() -> None:
    result = Engine(Config(root=Path("."))).check_text(SPREAD_INTO_EACH_OTHER, "app.js")
    assert [(f.code, f.span.line) for f in result.findings] == [("SL101", 3)]  # at the header value
    assert result.errors == []


def test_a_run_too_deep_to_analyse_is_said_per_file_not_a_crash(monkeypatch) -> None:
    import scopelint.flow.run

    def too_deep(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(scopelint.flow.run, "analyse_run", too_deep)
    result = Engine(Config(root=Path("."))).check_text(SPREAD_INTO_EACH_OTHER, "app.js")
    assert result.findings == []
    assert [(e.path, e.message) for e in result.errors] == [
        ("app.js", "not analysed: its values nest deeper than the analysis can follow")
    ]
