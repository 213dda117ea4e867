"""A command-line tool: signs the user in with the password grant and shows their profile."""
import getpass
import os
import sys

import requests

DOMAIN = os.environ.get("AUTH0_DOMAIN", "acme.eu.auth0.com")
CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


def sign_in(username: str, password: str) -> dict:
    response = requests.post(
        f"https://{DOMAIN}/oauth/token",
        data={
            "grant_type": "password",
            "username": username,
            "password": password,
            "client_id": CLIENT_ID,
            "audience": f"https://{DOMAIN}/api/v2/",
            "scope": "offline_access",
        },
        timeout=10,
    )
    response.raise_for_status()
    return response.json()


def main() -> int:
    tokens = sign_in(sys.argv[1], getpass.getpass())
    user_id = sys.argv[2]
    profile = requests.get(
        f"https://{DOMAIN}/api/v2/users/{user_id}",
        headers={"Authorization": "Bearer %s" % tokens["access_token"]},
        timeout=10,
    ).json()
    print(profile.get("email"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
