"""auth0-python 4.x: machine-to-machine token with the Management API audience (correct)."""
import os

from auth0.authentication import GetToken
from auth0.management import Auth0

DOMAIN = os.environ["AUTH0_DOMAIN"]


def block(user_id):
    get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
    token = get_token.client_credentials(f"https://{DOMAIN}/api/v2/")["access_token"]
    Auth0(DOMAIN, token).users.update(user_id, {"blocked": True})
