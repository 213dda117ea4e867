"""Token masking: scopelint.masking itself, and every report of a hard-coded token (SL109).

A finding about a token written in the source must never copy that token into CI logs,
SARIF uploads or baselines. The CLI tests run `python -m scopelint` in a subprocess on a
scratch project holding fake tokens (base64url of made-up claims and a made-up signature)
and look for the token, or any long piece of it, in everything the command prints or writes.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import REPO
from scopelint.masking import looks_like_token, mask, mask_secrets


def _b64(data: dict | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


HEADER = _b64({"alg": "RS256", "typ": "JWT"})  # eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9
JWT = ".".join(
    [
        HEADER,
        _b64(
            {
                "iss": "https://masking-test.us.auth0.com/",
                "sub": "fake-masking@clients",
                "aud": "https://masking-test.us.auth0.com/api/v2/",
                "exp": 1700086400,
                "scope": "read:users update:users",
            }
        ),
        _b64(b"fake-signature-for-the-masking-tests-only"),
    ]
)
# the same claims under another header layout: masked to another prefix
JWT_TYP_FIRST = ".".join([_b64({"typ": "JWT", "alg": "RS256"}), *JWT.split(".")[1:]])
OPAQUE = "q8Zr2Lw5Nc7Vb1Xm4Ks9Dt3Fh6Jp0Yg"  # a long non-JWT bearer string
OPAQUE_SDK = "Wm7Tq2Rb9Xc4Lp6Kd1Hs8Fv3Nj5Gz0Ye"  # a long non-JWT token given to an auth0-python client
SECRETS = [JWT, JWT_TYP_FIRST, OPAQUE, OPAQUE_SDK]


# ------------------------------------------------------------------ scopelint.masking


def test_mask_keeps_six_characters_and_an_ellipsis() -> None:
    assert mask(JWT) == "eyJhbG…"
    assert mask(JWT_TYP_FIRST) == "eyJ0eX…"
    assert mask(OPAQUE) == "q8Zr2L…"
    assert mask("abcdef") == "abcdef"  # nothing to hide in six characters
    assert mask("abc") == "abc"


def test_looks_like_token() -> None:
    assert looks_like_token(JWT)
    assert looks_like_token(f'"Bearer {JWT}"')
    assert looks_like_token(f"Bearer {OPAQUE}")
    assert looks_like_token(f"bearer {OPAQUE}")
    # not tokens: a lone JWT header, a short bearer, a template, prose
    assert not looks_like_token(HEADER)
    assert not looks_like_token("Bearer test-token")
    assert not looks_like_token("Bearer {token['access_token']}")
    assert not looks_like_token("the Bearer scheme carries an access token")
    assert not looks_like_token(OPAQUE)  # a bare string is a token only as a Bearer value (or SDK argument)


def test_mask_secrets_masks_every_token_of_a_text() -> None:
    line = f'headers={{"Authorization": "Bearer {JWT}"}}; other = "{JWT_TYP_FIRST}"; s.headers["X"] = "Bearer {OPAQUE}"'
    masked = mask_secrets(line)
    assert masked == 'headers={"Authorization": "Bearer eyJhbG…"}; other = "eyJ0eX…"; s.headers["X"] = "Bearer q8Zr2L…"'
    for secret in SECRETS:
        assert secret not in masked


def test_mask_secrets_leaves_other_text_alone_and_is_idempotent() -> None:
    plain = 'requests.get(url, headers={"Authorization": f"Bearer {tokens[\'access_token\']}"})'
    assert mask_secrets(plain) == plain
    masked = mask_secrets(f"token = '{JWT}'")
    assert mask_secrets(masked) == masked == "token = 'eyJhbG…'"


@given(
    st.lists(
        st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", min_size=4, max_size=80),
        min_size=3,
        max_size=3,
    ),
    st.text(max_size=30),
    st.text(max_size=30),
)
def test_no_jwt_survives_mask_secrets(parts: list[str], before: str, after: str) -> None:
    token = f"eyJ{parts[0]}.eyJ{parts[1]}.{parts[2]}"
    masked = mask_secrets(before + " " + token + " " + after)
    assert token not in masked
    assert token[:6] + "…" in masked


# ------------------------------------------------------------------ through the command line

# Each module passes a token to the Management API in another shape; SL109 reports each.
PROJECT = {
    "inline_header.py": f"""\
import requests


def get_user(user_id):
    return requests.get(
        f"https://masking-test.us.auth0.com/api/v2/users/{{user_id}}",
        headers={{"Authorization": "Bearer {JWT}"}},
        timeout=10,
    ).json()
""",
    "constant.py": f"""\
import requests

MGMT_TOKEN = "{JWT_TYP_FIRST}"


def block(user_id):
    requests.patch(
        f"https://masking-test.us.auth0.com/api/v2/users/{{user_id}}",
        headers={{"Authorization": f"Bearer {{MGMT_TOKEN}}"}},
        json={{"blocked": True}},
        timeout=10,
    )
""",
    "sdk.py": f"""\
from auth0.management import Auth0, ManagementClient

auth0 = Auth0("masking-test.us.auth0.com", "{JWT}")
client = ManagementClient(domain="masking-test.us.auth0.com", token="{JWT_TYP_FIRST}")


def get(user_id):
    return auth0.users.get(user_id), client.users.get(user_id)
""",
    "opaque.py": f"""\
import requests


def revoke(credential_id):
    requests.delete(
        f"https://masking-test.us.auth0.com/api/v2/device-credentials/{{credential_id}}",
        headers={{"Authorization": "Bearer {OPAQUE}"}},
        timeout=10,
    )
""",
    "opaque_sdk.py": f"""\
from auth0.management import Auth0

auth0 = Auth0(domain="masking-test.us.auth0.com", token="{OPAQUE_SDK}")


def remove_device(credential_id):
    auth0.device_credentials.delete(credential_id)
""",
}
# inline header, constant, Auth0(...), ManagementClient(...), opaque bearer, opaque SDK token
EXPECTED_FINDINGS = 6

FORMATS = ["json", "sarif", "text", "github", "gitlab"]


def _leaks(text: str) -> list[str]:
    """The secrets, or 16-character pieces of their claims and signatures, found in `text`."""
    found = []
    for secret in SECRETS:
        if secret in text:
            found.append(secret[:10] + "...")
            continue
        hidden = secret.split(".", 1)[1] if secret.count(".") == 2 else secret
        found.extend(hidden[i : i + 16] for i in range(len(hidden) - 15) if hidden[i : i + 16] in text)
    return found


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[subprocess.CompletedProcess, str]]:
    """Every command run once, side by side: {name: (process, file written or "")}."""
    project = tmp_path_factory.mktemp("masking-project")
    for name, text in PROJECT.items():
        (project / name).write_text(text, encoding="utf-8")
    # no empty entry: it would put the scanned directory on the subprocess's sys.path
    path = os.pathsep.join(p for p in [str(REPO), *os.environ.get("PYTHONPATH", "").split(os.pathsep)] if p)
    env = {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"}
    commands: dict[str, tuple[list[str], Path | None]] = {
        fmt: ([sys.executable, "-m", "scopelint", "check", "--format", fmt, "."], None) for fmt in FORMATS
    }
    commands["sarif-file"] = (
        [sys.executable, "-m", "scopelint", "check", "--format", "sarif", "--output-file", "out.sarif", "."],
        project / "out.sarif",
    )
    commands["baseline"] = (
        [sys.executable, "-m", "scopelint", "baseline", "-o", "baseline.json", "."],
        project / "baseline.json",
    )

    def run(item):
        name, (argv, written) = item
        process = subprocess.run(
            argv, cwd=project, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
        )
        return name, (process, written.read_text(encoding="utf-8") if written is not None and written.exists() else "")

    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        return dict(pool.map(run, commands.items()))


@pytest.mark.parametrize("name", [*FORMATS, "sarif-file", "baseline"])
def test_no_output_contains_a_token(runs, name: str) -> None:
    process, written = runs[name]
    assert process.returncode in (0, 1), process.stderr
    for text in (process.stdout, process.stderr, written):
        assert _leaks(text) == []
        # JSON escapes: the token written with \\u escapes or escaped slashes would not match above
        assert _leaks(text.replace("\\/", "/")) == []


def test_json_report_shows_masked_prefixes(runs) -> None:
    process, _ = runs["json"]
    assert process.returncode == 1, process.stderr
    findings = [f for f in json.loads(process.stdout)["findings"] if f["code"] == "SL109"]
    assert len(findings) == EXPECTED_FINDINGS
    messages = " ".join(f["message"] for f in findings)
    for prefix in ("eyJhbG…", "eyJ0eX…", "q8Zr2L…", "Wm7Tq2…"):
        assert prefix in messages


def test_sarif_report_shows_masked_prefixes(runs) -> None:
    for name in ("sarif", "sarif-file"):
        process, written = runs[name]
        assert process.returncode == 1, process.stderr
        log = json.loads(written or process.stdout)
        results = [r for run in log["runs"] for r in run["results"] if r["ruleId"] == "SL109"]
        assert len(results) == EXPECTED_FINDINGS
        texts = " ".join(r["message"]["text"] for r in results)
        for prefix in ("eyJhbG…", "eyJ0eX…", "q8Zr2L…", "Wm7Tq2…"):
            assert prefix in texts


def test_text_report_shows_the_masked_source_line(runs) -> None:
    process, _ = runs["text"]
    assert process.returncode == 1, process.stderr
    assert '"Authorization": "Bearer eyJhbG…"' in process.stdout
