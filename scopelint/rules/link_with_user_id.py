"""SL106 link-with-user-id: linking with a current-user token but a provider/user_id body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scopelint.model import Severity
from scopelint.rules.base import Report, Rule
from scopelint.rules.flows import current_user_bodies

if TYPE_CHECKING:
    from scopelint.facts.model import RunFacts

_LINK = "link-identity"


class LinkWithUserId(Rule):
    code = "SL106"
    name = "link-with-user-id"
    severity = Severity.ERROR
    summary = "Account linking with a current-user token must send link_with, not provider/user_id."
    what_it_does = """
Finds POST /api/v2/users/{id}/identities calls (raw HTTP or auth0-python
`link_user_account` / `identities.link`) made with a token of the signed-in user whose body
sends `provider` and `user_id` instead of `link_with` (the secondary account's ID token).
"""
    why_it_matters = """
A current-user token (scope `update:current_user_identities`) may only link with
`{"link_with": "<secondary ID token>"}`; the `provider`/`user_id` form needs `update:users`,
a machine-to-machine scope that must never reach the browser or a user session.
"""
    example = """
requests.post(f"https://{DOMAIN}/api/v2/users/{primary}/identities",
              headers={"Authorization": f"Bearer {session['access_token']}"},
              json={"provider": "google-oauth2", "user_id": secondary_id})
"""
    fixed_example = """
requests.post(f"https://{DOMAIN}/api/v2/users/{primary}/identities",
              headers={"Authorization": f"Bearer {session['access_token']}"},
              json={"link_with": secondary_id_token})
"""
    help = 'send {"link_with": <the secondary account\'s ID token>} (or link server-side with an update:users token)'

    def check(self, run: RunFacts) -> Iterator[Report]:
        for site in current_user_bodies(run, _LINK, _sends_user_id):
            yield Report(
                site,
                "account linking with a current-user token sends provider/user_id; such a token may only "
                "send link_with (the secondary account's ID token)",
            )


def _sends_user_id(keys: set[str]) -> bool:
    return "link_with" not in keys and bool(keys & {"provider", "user_id"})
