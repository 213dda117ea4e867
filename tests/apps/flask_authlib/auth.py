"""Login with Authlib; the token response is kept in the session."""
import os

from authlib.integrations.flask_client import OAuth
from flask import Blueprint, redirect, session, url_for

AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

bp = Blueprint("auth", __name__)
oauth = OAuth()
oauth.register(
    "auth0",
    client_id=os.environ["AUTH0_CLIENT_ID"],
    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
    client_kwargs={"scope": "openid profile email read:current_user"},
    server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
)


@bp.route("/login")
def login():
    return oauth.auth0.authorize_redirect(redirect_uri=url_for("auth.callback", _external=True))


@bp.route("/callback")
def callback():
    token = oauth.auth0.authorize_access_token()
    session["user"] = token
    return redirect("/")
