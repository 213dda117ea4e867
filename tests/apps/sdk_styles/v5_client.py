"""auth0-python 5.x: ManagementClient with a user's token from the login helper."""
import os

from auth0.management import ManagementClient

from .v4_user import user_tokens

DOMAIN = os.environ["AUTH0_DOMAIN"]


def enrollments(username, password, user_id):
    tokens = user_tokens(username, password)
    client = ManagementClient(domain=DOMAIN, token=tokens["access_token"])
    return client.users.enrollments.get(user_id)
