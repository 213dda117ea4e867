#!/usr/bin/env python3
"""Block Auth0 users listed in a file and remove their MFA enrollments.

A machine-to-machine job: it authenticates with the client-credentials grant for the
Management API audience, so the token carries the "any user" scopes granted to the
client in the dashboard (read:users, update:users). This is the correct way to call the
Management API from a server-side script, and scopelint must stay silent on it.

Usage:
    AUTH0_DOMAIN=acme-demo.us.auth0.com AUTH0_M2M_CLIENT_ID=... AUTH0_M2M_CLIENT_SECRET=... \\
        python block_users.py user_ids.txt [--dry-run]
"""

from __future__ import annotations

import argparse
import os
import sys

import requests
from auth0.authentication import GetToken
from auth0.management import Auth0

DOMAIN = os.environ["AUTH0_DOMAIN"]
API = f"https://{DOMAIN}/api/v2"
TIMEOUT = 10


def management_token() -> str:
    resp = requests.post(
        f"https://{DOMAIN}/oauth/token",
        json={
            "grant_type": "client_credentials",
            "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
            "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
            "audience": f"{API}/",
        },
        timeout=TIMEOUT,
    )
    resp.raise_for_status()
    return resp.json()["access_token"]


def sdk_client() -> Auth0:
    """The same kind of token through auth0-python (4.x)."""
    get_token = GetToken(
        DOMAIN,
        os.environ["AUTH0_M2M_CLIENT_ID"],
        client_secret=os.environ["AUTH0_M2M_CLIENT_SECRET"],
    )
    token = get_token.client_credentials(f"{API}/")
    return Auth0(DOMAIN, token["access_token"])


def block(http: requests.Session, user_id: str, dry_run: bool) -> bool:
    user = http.get(f"{API}/users/{user_id}", timeout=TIMEOUT)
    if user.status_code == 404:
        print(f"{user_id}: not found", file=sys.stderr)
        return False
    user.raise_for_status()
    if dry_run:
        print(f"{user_id}: would block {user.json().get('email')}")
        return True
    http.patch(
        f"{API}/users/{user_id}", json={"blocked": True}, timeout=TIMEOUT
    ).raise_for_status()
    enrollments = http.get(f"{API}/users/{user_id}/enrollments", timeout=TIMEOUT)
    enrollments.raise_for_status()
    for enrollment in enrollments.json():
        if enrollment.get("status") == "confirmed":
            provider = (
                "duo"
                if enrollment.get("auth_method") == "duo"
                else "google-authenticator"
            )
            http.delete(
                f"{API}/users/{user_id}/multifactor/{provider}", timeout=TIMEOUT
            )
    print(f"{user_id}: blocked")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Block Auth0 users listed in a file.")
    parser.add_argument(
        "user_ids", type=argparse.FileType("r"), help="one Auth0 user id per line"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="only print what would be done"
    )
    parser.add_argument(
        "--sdk", action="store_true", help="use auth0-python instead of requests"
    )
    args = parser.parse_args(argv)

    user_ids = [
        line.strip()
        for line in args.user_ids
        if line.strip() and not line.startswith("#")
    ]
    if args.sdk:
        auth0 = sdk_client()
        for user_id in user_ids:
            email = auth0.users.get(user_id).get("email")
            if args.dry_run:
                print(f"{user_id}: would block {email}")
                continue
            auth0.users.update(user_id, {"blocked": True})
            print(f"{user_id}: blocked {email}")
        return 0

    http = requests.Session()
    http.headers.update({"Authorization": f"Bearer {management_token()}"})
    failures = sum(not block(http, user_id, args.dry_run) for user_id in user_ids)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
