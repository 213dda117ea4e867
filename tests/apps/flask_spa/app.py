"""A Flask app whose browser code talks to Auth0: the views only render pages and accept the
ID token the browser posts back for the app's own session."""

import os

import jwt
from flask import Flask, render_template, request, session

app = Flask(__name__)
app.secret_key = os.environ["APP_SECRET_KEY"]
AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
AUTH0_CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


@app.get("/profile")
def profile():
    return render_template("profile.html", auth0_domain=AUTH0_DOMAIN, auth0_client_id=AUTH0_CLIENT_ID)


@app.post("/session")
def create_session():
    claims = jwt.decode(request.json["id_token"], options={"verify_signature": False})
    session["user"] = claims["sub"]
    return {"ok": True}
