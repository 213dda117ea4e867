"""auth0-python 4.x: the user's own token with the password-realm grant."""
import os

from auth0.authentication import GetToken

DOMAIN = os.environ["AUTH0_DOMAIN"]


def user_tokens(username, password):
    get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
    return get_token.login(username, password, scope="openid profile", realm="Username-Password-Authentication")
