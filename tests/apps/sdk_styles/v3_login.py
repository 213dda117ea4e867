"""auth0-python 3.x: password-realm login, then the management client with the ID token."""
from auth0.v3.authentication import GetToken
from auth0.v3.management import Auth0

DOMAIN = "acme.auth0.com"


def profile(client_id, client_secret, username, password, user_id):
    tokens = GetToken(DOMAIN).login(client_id, client_secret, username, password, "openid", "Username-Password-Authentication", None)
    auth0 = Auth0(DOMAIN, tokens["id_token"])
    return auth0.users.get(user_id)
