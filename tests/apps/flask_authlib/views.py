"""Profile pages: call the Management API with the tokens stored at login."""
import os

import requests
from flask import Blueprint, jsonify, request, session

AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
API = f"https://{AUTH0_DOMAIN}/api/v2"

bp = Blueprint("views", __name__)


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@bp.route("/me")
def me():
    user_id = session["user"]["userinfo"]["sub"]
    response = requests.get(f"{API}/users/{user_id}", headers=_bearer(session["user"]["access_token"]))
    return jsonify(response.json())


@bp.route("/me/metadata", methods=["POST"])
def save_metadata():
    user_id = session["user"]["userinfo"]["sub"]
    response = requests.patch(
        f"{API}/users/{user_id}",
        json={"user_metadata": request.get_json()},
        headers={"Authorization": "Bearer " + session["user"]["id_token"]},
    )
    return jsonify(response.json()), response.status_code


@bp.route("/me/link", methods=["POST"])
def link():
    user_id = session["user"]["userinfo"]["sub"]
    response = requests.post(
        f"{API}/users/{user_id}/identities",
        json={"provider": "google-oauth2", "user_id": request.form["secondary"]},
        headers=_bearer(session["user"]["access_token"]),
    )
    return jsonify(response.json()), response.status_code
