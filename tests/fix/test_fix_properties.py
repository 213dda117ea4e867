"""Property tests: generated variants of the token shapes, fixed, must parse, converge, be
idempotent, keep every byte outside the edits, and leave none of the fixed findings."""

from __future__ import annotations

import difflib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scopelint.engine import Engine
from scopelint.fix import Fixer, verify

QUOTES = st.sampled_from(['"', "'"])
INDENTS = st.sampled_from(["    ", "\t", "  "])
NEWLINES = st.sampled_from(["\n", "\r\n"])
SCOPES = st.sampled_from(["string", "list", "tuple"])
LAYOUTS = st.sampled_from(["inline", "one-per-line", "one-per-line-trailing-comma"])
ACCESS = st.sampled_from(["subscript", "get"])
HEADERS = st.sampled_from(["fstring", "plus", "percent", "format"])
GRANTS = st.sampled_from(["password", "http://auth0.com/oauth/grant-type/password-realm"])


@st.composite
def programs(draw) -> str:
    q, indent = draw(QUOTES), draw(INDENTS)
    scope_style, layout, access, header, grant = draw(SCOPES), draw(LAYOUTS), draw(ACCESS), draw(HEADERS), draw(GRANTS)
    comment = draw(st.sampled_from(["", "  # keep me", "  # tokens"]))
    trailing = draw(st.sampled_from(["", "   ", "\t"]))
    scope = {
        "string": f"{q}openid profile{q}",
        "list": f"[{q}openid{q}, {q}profile{q}]",
        "tuple": f"({q}openid{q}, {q}profile{q})",
    }[scope_style]
    entries = [
        f"{q}grant_type{q}: {q}{grant}{q}",
        f"{q}username{q}: username",
        f"{q}password{q}: password",
        f"{q}scope{q}: {scope}",
    ]
    if layout == "inline":
        body = "{" + ", ".join(entries) + "}"
    else:
        inner = indent * 2
        closing = "," if layout == "one-per-line-trailing-comma" else ""
        body = "{\n" + ",\n".join(inner + e for e in entries) + closing + "\n" + indent + "}"
    token = {"subscript": f"tokens[{q}id_token{q}]", "get": f"tokens.get({q}id_token{q})"}[access]
    value = {
        "fstring": f"f{q}Bearer {{{token}}}{q}",
        "plus": f"{q}Bearer {q} + {token}",
        "percent": f"{q}Bearer %s{q} % {token}",
        "format": f"{q}Bearer {{}}{q}.format({token})",
    }[header]
    if q in token and header == "fstring":  # an f-string cannot reuse its own quote before 3.12
        value = f"{q}Bearer {q} + {token}"
    lines = [
        "import os",
        "import requests",
        "",
        f"DOMAIN = os.environ[{q}AUTH0_DOMAIN{q}]{comment}",
        "",
        "",
        "def profile(username, password, user_id):" + trailing,
        f"{indent}tokens = requests.post(f{q}https://{{DOMAIN}}/oauth/token{q}, json={body}).json()",
        f"{indent}url = f{q}https://{{DOMAIN}}/api/v2/users/{{user_id}}{q}",
        f"{indent}return requests.get(url, headers={{{q}Authorization{q}: {value}}}){comment}",
        "",
    ]
    return "\n".join(lines).replace("\n", draw(NEWLINES))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=programs())
def test_generated_token_code_is_fixed_completely_and_safely(engine: Engine, tmp_path_factory, source: str) -> None:
    root = tmp_path_factory.mktemp("prop")
    path = root / "app.py"
    path.write_bytes(source.encode())
    fixer = Fixer(engine)
    outcome = fixer.fix([root], root)
    fixer.write(outcome, root)
    fixed = path.read_bytes().decode()
    assert verify(fixed, "app.py") is None
    assert outcome.skipped == []
    # every finding a safe fix claimed to solve is gone
    assert outcome.remaining.findings == []
    # the second run changes nothing
    assert Fixer(engine).fix([root], root).changed == {}
    # bytes outside the edited lines are untouched: line endings, comments, tabs, trailing spaces
    before, after = source.splitlines(keepends=True), fixed.splitlines(keepends=True)
    kept = [line for line in difflib.ndiff(before, after) if line.startswith("  ")]
    changed = [line for line in before if line not in after]
    assert len(kept) + len(changed) == len(before)
    for line in changed:
        assert "oauth/token" in line or "Authorization" in line or "scope" in line or "}" in line, line
    newline = "\r\n" if "\r\n" in source else "\n"
    assert all(line.endswith(newline) for line in after if line.strip())
