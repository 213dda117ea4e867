"""Sign-in with Auth0 through Authlib: login, callback, logout, and local ID-token checks."""

from datetime import datetime, timezone
from urllib.parse import urlencode

import requests
from auth0.authentication.token_verifier import (
    AsymmetricSignatureVerifier,
    TokenVerifier,
)
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, redirect, session, url_for

from . import settings

bp = Blueprint("auth", __name__)

oauth = OAuth()
oauth.register(
    "auth0",
    client_id=settings.AUTH0_CLIENT_ID,
    client_secret=settings.AUTH0_CLIENT_SECRET,
    client_kwargs={"scope": "openid profile email"},
    server_metadata_url=f"https://{settings.AUTH0_DOMAIN}/.well-known/openid-configuration",
)

_verifier = TokenVerifier(
    signature_verifier=AsymmetricSignatureVerifier(
        f"https://{settings.AUTH0_DOMAIN}/.well-known/jwks.json"
    ),
    issuer=f"https://{settings.AUTH0_DOMAIN}/",
    audience=settings.AUTH0_CLIENT_ID,
)


def verify_id_token(raw: str) -> dict:
    """The claims of an ID token sent by the mobile app, checked locally."""
    return _verifier.verify(raw)


@bp.route("/login")
def login():
    return oauth.auth0.authorize_redirect(
        redirect_uri=url_for("auth.callback", _external=True)
    )


@bp.route("/callback")
def callback():
    token = oauth.auth0.authorize_access_token()
    session["user"] = token
    # Remember when the user last signed in to the portal.
    requests.patch(
        f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{token['userinfo']['sub']}",
        headers={"Authorization": f"Bearer {token['id_token']}"},
        json={
            "user_metadata": {
                "portal_last_login": datetime.now(timezone.utc).isoformat()
            }
        },
        timeout=10,
    )
    return redirect(url_for("index"))


@bp.route("/logout")
def logout():
    id_token = session["user"]["id_token"]
    session.clear()
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": url_for("index", _external=True),
        }
    )
    return redirect(f"https://{settings.AUTH0_DOMAIN}/oidc/logout?{query}")
