"""Calls to the Auth0 Management API v2 on behalf of the signed-in user."""

import requests

from . import settings

MGMT = f"https://{settings.AUTH0_DOMAIN}/api/v2"
TIMEOUT = 10


def get_profile(user_id: str, id_token: str) -> dict:
    resp = requests.get(
        f"{MGMT}/users/{user_id}",
        headers={"Authorization": f"Bearer {id_token}"},
        timeout=TIMEOUT,
    )
    resp.raise_for_status()
    return resp.json()


class UserAccount:
    """The signed-in user's own account: metadata and MFA."""

    def __init__(self, tokens: dict):
        self.user_id = tokens["userinfo"]["sub"]
        self._http = requests.Session()
        self._http.headers.update({"Authorization": f"Bearer {tokens['id_token']}"})

    def update_metadata(self, **metadata) -> dict:
        resp = self._http.patch(
            f"{MGMT}/users/{self.user_id}",
            json={"user_metadata": metadata},
            timeout=TIMEOUT,
        )
        resp.raise_for_status()
        return resp.json()

    def enrollments(self) -> list:
        resp = self._http.get(
            f"{MGMT}/users/{self.user_id}/enrollments", timeout=TIMEOUT
        )
        resp.raise_for_status()
        return resp.json()

    def remove_authenticator(self, provider: str) -> None:
        resp = self._http.delete(
            f"{MGMT}/users/{self.user_id}/multifactor/{provider}", timeout=TIMEOUT
        )
        resp.raise_for_status()


def link_secondary(primary_tokens: dict, secondary_tokens: dict) -> list:
    """Already migrated: the access token authorizes the call, the secondary ID token is the body."""
    resp = requests.post(
        f"{MGMT}/users/{primary_tokens['userinfo']['sub']}/identities",
        headers={"Authorization": f"Bearer {primary_tokens['access_token']}"},
        json={"link_with": secondary_tokens["id_token"]},
        timeout=TIMEOUT,
    )
    resp.raise_for_status()
    return resp.json()
