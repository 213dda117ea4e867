"""SL108 password-change-user-token: PATCH users with a password using a current-user token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.model import Severity
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import current_user_bodies

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts


class PasswordChangeUserToken(Rule):
    code = "SL108"
    name = "password-change-user-token"
    severity = Severity.ERROR
    summary = "A password change through PATCH /api/v2/users/{id} with a current-user token."
    what_it_does = """
Finds PATCH /api/v2/users/{id} calls (raw HTTP or auth0-python `users.update`) whose body
sets `password` while the credential is a token of the signed-in user (an ID token, or an
access token from a user-facing flow, a session or the browser).
"""
    why_it_matters = """
Current-user tokens (`update:current_user_metadata`) cannot change a password through the
Management API; such a call fails once ID tokens are turned off. Use the password-reset
flow (`/dbconnections/change_password`) or a server-side machine-to-machine token with
`update:users`.
"""
    example = """
requests.patch(f"https://{DOMAIN}/api/v2/users/{uid}", json={"password": new_password},
               headers={"Authorization": f"Bearer {session['id_token']}"})
"""
    fixed_example = """
requests.post(f"https://{DOMAIN}/dbconnections/change_password",
              json={"client_id": CLIENT_ID, "email": email, "connection": "Username-Password-Authentication"})
"""
    help = "change passwords with the reset flow (/dbconnections/change_password) or a server-side update:users token"

    def check(self, run: RunFacts) -> Iterator[Report]:
        for site in current_user_bodies(run, "update-user", lambda keys: "password" in keys):
            yield Report(
                site,
                "password change through PATCH /api/v2/users/{id} with a current-user token; such tokens "
                "cannot change passwords",
            )
