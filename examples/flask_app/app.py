"""The account portal: profile, settings, MFA and trusted devices of the signed-in user."""

import httpx
import requests
from auth0.management import DeviceCredentials
from flask import Flask, abort, jsonify, redirect, request, session, url_for

from . import settings
from .auth import bp as auth_bp
from .auth import oauth, verify_id_token
from .management import UserAccount, get_profile, link_secondary

app = Flask(__name__)
app.secret_key = settings.SECRET_KEY
oauth.init_app(app)
app.register_blueprint(auth_bp)


def _user() -> dict:
    if "user" not in session:
        abort(401)
    return session["user"]


@app.get("/")
def index():
    return jsonify({"signed_in": "user" in session})


@app.get("/profile")
def profile():
    user = _user()
    return jsonify(get_profile(user["userinfo"]["sub"], user["id_token"]))


@app.post("/settings")
def save_settings():
    account = UserAccount(_user())
    return jsonify(
        account.update_metadata(
            theme=request.form["theme"], language=request.form["language"]
        )
    )


@app.get("/security")
def security():
    return jsonify(UserAccount(_user()).enrollments())


@app.post("/security/mfa/<provider>/remove")
def remove_mfa(provider):
    UserAccount(_user()).remove_authenticator(provider)
    return redirect(url_for("security"))


@app.post("/devices")
def add_device():
    payload = request.get_json()
    resp = httpx.post(
        f"https://{settings.AUTH0_DOMAIN}/api/v2/device-credentials",
        headers={"Authorization": f"Bearer {session['user']['id_token']}"},
        json={
            "device_name": payload["name"],
            "type": "public_key",
            "value": payload["public_key"],
            "device_id": payload["device_id"],
        },
        timeout=10,
    )
    resp.raise_for_status()
    return jsonify(resp.json()), 201


@app.post("/devices/<credential_id>/delete")
def delete_device(credential_id):
    devices = DeviceCredentials(settings.AUTH0_DOMAIN, session["user"]["id_token"])
    devices.delete(credential_id)
    return redirect(url_for("index"))


@app.get("/orders")
def orders():
    # Our own orders service accepts the portal's ID token: this is not the Management API.
    resp = requests.get(
        f"{settings.ORDERS_API_URL}/v1/orders",
        headers={"Authorization": f"Bearer {_user()['id_token']}"},
        timeout=10,
    )
    resp.raise_for_status()
    return jsonify(resp.json())


@app.post("/link")
def link():
    # The mobile app sends the ID token of the second login: checked locally, then sent as link_with.
    secondary = request.form["secondary_id_token"]
    verify_id_token(secondary)
    return jsonify(link_secondary(_user(), {"id_token": secondary}))
