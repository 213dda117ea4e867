"""VALID and INVALID examples of SL108 password-change-user-token (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is the start of the PATCH /api/v2/users/{id} body that sets `password`:
the `json=`/`data=` value of a raw HTTP call, the body argument of auth0-python
`users.update(id, body)`, or, for the 5.x keyword form `users.update(id, password=...)`,
the method call. The token is a current-user token: an ID token, or an access token of a
user-facing flow, of the session or posted by the browser. Machine-to-machine tokens
(client credentials) may change passwords; so may the reset flow /dbconnections/change_password.
"""

import textwrap

from scopelint.rules.base import Invalid, Valid


def _py(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


INVALID_EXAMPLES: list[Invalid] = [
    # ------------------------------------------------------------------ requests / httpx / urllib
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, flash, redirect, request, session, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/account/password")
            def change_password():
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{session['user_id']}",
                    json={"password": request.form["new_password"], "connection": "Username-Password-Authentication"},
                    headers={"Authorization": f"Bearer {session['id_token']}"},
                    timeout=10,
                )
                flash("Password changed" if resp.ok else "Could not change the password")
                return redirect(url_for("account"))
            """
        ),
        14,
        14,
        message="password change",
        note="legacy: the user's ID token from the Flask session, requests.patch json= {'password': ...}",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, request, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile update:current_user_metadata"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/login")
            def login():
                return oauth.auth0.authorize_redirect(url_for("callback", _external=True), audience=f"https://{AUTH0_DOMAIN}/api/v2/")


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                new_password = session.pop("requested_password", None)
                if new_password:
                    requests.patch(
                        f"https://{AUTH0_DOMAIN}/api/v2/users/{token['userinfo']['sub']}",
                        headers={"Authorization": f"Bearer {token['access_token']}"},
                        json={"password": new_password},
                        timeout=10,
                    ).raise_for_status()
                return redirect(url_for("index"))
            """
        ),
        34,
        18,
        message="current-user token",
        note="Authlib access token (audience given to authorize_redirect), requests.patch",
    ),
    Invalid(
        _py(
            """
            import os

            import httpx

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def sign_in(username: str, password: str) -> dict:
                resp = httpx.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid update:current_user_metadata",
                    },
                )
                resp.raise_for_status()
                return resp.json()


            def rotate_password(username: str, old_password: str, new_password: str, user_id: str) -> None:
                tokens = sign_in(username, old_password)
                body = {"password": new_password, "connection": "Username-Password-Authentication"}
                httpx.patch(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": "Bearer " + tokens["access_token"]},
                    json=body,
                ).raise_for_status()
            """
        ),
        31,
        14,
        message="password change",
        note="password-realm grant (httpx data= form), body in a variable, httpx.patch",
    ),
    Invalid(
        _py(
            """
            \"\"\"Change your own password from the terminal.\"\"\"
            import getpass
            import json
            import os
            import urllib.request

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def main() -> None:
                email = input("Email: ")
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": email,
                        "password": getpass.getpass("Current password: "),
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid update:current_user_metadata",
                    },
                    timeout=10,
                ).json()
                user_id = os.environ["AUTH0_USER_ID"]
                patch = urllib.request.Request(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    json.dumps({"password": getpass.getpass("New password: ")}).encode(),
                    {"Authorization": f"Bearer {tokens['access_token']}", "Content-Type": "application/json"},
                    method="PATCH",
                )
                urllib.request.urlopen(patch).close()


            if __name__ == "__main__":
                main()
            """
        ),
        29,
        9,
        message="password change",
        note="CLI: password grant with requests json=, then urllib.request.Request PATCH with a positional json.dumps(...).encode() body",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, jsonify, request

            bp = Blueprint("spa_api", __name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.post("/api/password")
            def change_password_from_spa():
                payload = request.get_json()
                resp = requests.request(
                    "PATCH",
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{payload['user_id']}",
                    headers={"Authorization": f"Bearer {request.get_json()['access_token']}"},
                    json={"password": payload["password"]},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        17,
        14,
        message="password change",
        note="token posted by the SPA (request.get_json()), requests.request('PATCH', ...)",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, render_template, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.route("/login")
            def login():
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=token%20id_token&client_id={CLIENT_ID}"
                    f"&redirect_uri=https://app.example.com/callback&scope=openid%20update:current_user_metadata"
                    f"&audience=https://{DOMAIN}/api/v2/&nonce={session['nonce']}"
                )


            @app.post("/password")
            def password():
                resp = requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": "Bearer " + request.form["access_token"]},
                    json={"password": request.form["password"], "verify_password": True},
                    timeout=10,
                )
                return render_template("password.html", ok=resp.ok)
            """
        ),
        25,
        14,
        message="password change",
        note="implicit-flow /authorize URL in an f-string, the access token posted back in request.form",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            mgmt = requests.Session()


            @app.route("/callback")
            def callback():
                token = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "authorization_code",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_CLIENT_SECRET"],
                        "code": request.args["code"],
                        "redirect_uri": "https://app.example.com/callback",
                    },
                    timeout=10,
                ).json()
                session["at"] = token["access_token"]
                return "", 204


            @app.post("/me/password")
            def set_password():
                resp = mgmt.patch(
                    f"https://{DOMAIN}/api/v2/users/{session['sub']}",
                    headers={"Authorization": f"Bearer {session['at']}"},
                    json={"password": request.form["password"]},
                )
                return "", resp.status_code
            """
        ),
        33,
        14,
        message="password change",
        note="authorization_code exchange; session['at'] = token['access_token'] then session['at'], requests.Session().patch",
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def renew(refresh_token: str) -> dict:
                return requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={"grant_type": "refresh_token", "client_id": os.environ["AUTH0_CLIENT_ID"], "refresh_token": refresh_token},
                    timeout=10,
                ).json()


            class PasswordService:
                def __init__(self, refresh_token: str, user_id: str):
                    self.tokens = renew(refresh_token)
                    self.url = f"https://{DOMAIN}/api/v2/users/{user_id}"

                def change(self, new_password: str) -> None:
                    requests.patch(
                        self.url,
                        headers={"Authorization": f"Bearer {self.tokens['access_token']}"},
                        json={"password": new_password},
                        timeout=10,
                    ).raise_for_status()
            """
        ),
        25,
        18,
        message="password change",
        note="refresh_token grant (data= form) kept on self.tokens, URL on self.url",
    ),
    # ------------------------------------------------------------------ requests-oauthlib / social-auth / auth0-server-python
    Invalid(
        _py(
            """
            import os

            from flask import Flask, redirect, request, session
            from requests_oauthlib import OAuth2Session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            SCOPE = ["openid", "profile", "update:current_user_metadata"]


            @app.post("/password")
            def password():
                auth0 = OAuth2Session(CLIENT_ID, scope=SCOPE, redirect_uri="https://app.example.com/callback")
                auth0.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    authorization_response=request.url,
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                me = auth0.get(f"https://{DOMAIN}/userinfo").json()
                auth0.patch(f"https://{DOMAIN}/api/v2/users/{me['sub']}", json={"password": session.pop("new_password")})
                return redirect("/account")
            """
        ),
        22,
        68,
        message="password change",
        note="requests-oauthlib: the OAuth2Session sends its own (user) token with the PATCH",
    ),
    Invalid(
        _py(
            """
            import requests
            from django.conf import settings
            from django.contrib.auth.decorators import login_required
            from django.shortcuts import redirect


            @login_required
            def set_password(request):
                auth0_login = request.user.social_auth.get(provider="auth0")
                resp = requests.patch(
                    f"https://{settings.SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/users/{auth0_login.uid}",
                    headers={"Authorization": f"Bearer {auth0_login.extra_data['access_token']}"},
                    json={"password": request.POST["password1"], "connection": "Username-Password-Authentication"},
                    timeout=10,
                )
                resp.raise_for_status()
                return redirect("profile")
            """
        ),
        13,
        14,
        message="password change",
        note="python-social-auth extra_data['access_token'] (Auth0 backend configured in settings.py)",
        path="profiles/views.py",
        extra_files={
            "mysite/settings.py": _py(
                """
                import os

                SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
                SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
                SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
                SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "email", "update:current_user_metadata"]
                SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"audience": f"https://{SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/"}
                """
            ),
        },
    ),
    Invalid(
        _py(
            """
            import os

            import httpx
            from auth0_server_python.auth_server.server_client import ServerClient
            from fastapi import FastAPI, Form, Request, Response

            app = FastAPI()
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            auth0 = ServerClient(
                domain=DOMAIN,
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                secret=os.environ["AUTH0_SECRET"],
                authorization_params={"scope": "openid profile update:current_user_metadata", "audience": f"https://{DOMAIN}/api/v2/"},
            )


            @app.post("/me/password")
            async def change_password(request: Request, response: Response, new_password: str = Form(...)):
                options = {"request": request, "response": response}
                user = await auth0.get_user(store_options=options)
                token = await auth0.get_access_token(store_options=options)
                async with httpx.AsyncClient(base_url=f"https://{DOMAIN}/api/v2") as client:
                    r = await client.patch(f"/users/{user['sub']}", headers={"Authorization": f"Bearer {token}"}, json={"password": new_password})
                return {"ok": r.is_success}
            """
        ),
        24,
        108,
        message="password change",
        note="auth0-server-python get_access_token(), FastAPI, httpx.AsyncClient(base_url=) relative PATCH",
    ),
    # ------------------------------------------------------------------ auth0-python
    Invalid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            def change_own_password(email, old_password, new_password, user_id):
                tokens = GetToken(DOMAIN).login(
                    CLIENT_ID, os.environ["AUTH0_CLIENT_SECRET"], email, old_password,
                    "openid update:current_user_metadata", "Username-Password-Authentication", f"https://{DOMAIN}/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                auth0.users.update(user_id, {"password": new_password})
            """
        ),
        16,
        33,
        message="password change",
        note="auth0-python 3.x GetToken.login positional, Auth0(domain, token).users.update(id, {'password': ...})",
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0
            from django.contrib import messages
            from django.shortcuts import redirect


            def password_view(request):
                get_token = GetToken(os.environ["AUTH0_DOMAIN"], os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                tokens = get_token.login(
                    username=request.user.email,
                    password=request.POST["old_password"],
                    scope="openid update:current_user_metadata",
                    realm="Username-Password-Authentication",
                    audience=f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/",
                )
                auth0 = Auth0(os.environ["AUTH0_DOMAIN"], tokens["access_token"])
                changes = {"password": request.POST["new_password1"], "connection": "Username-Password-Authentication"}
                auth0.users.update(request.session["auth0_user_id"], changes)
                messages.success(request, "Password updated")
                return redirect("account")
            """
        ),
        20,
        58,
        message="password change",
        note="auth0-python 4.x GetToken(...).login(keywords) in a Django view, users.update with a body variable",
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.management import ManagementClient
            from flask import Flask, request, session

            app = Flask(__name__)


            @app.post("/account/password")
            def account_password():
                client = ManagementClient(domain=os.environ["AUTH0_DOMAIN"], token=session["access_token"])
                client.users.update(session["user_id"], password=request.form["password"], connection="Username-Password-Authentication")
                return "", 204
            """
        ),
        12,
        5,
        message="password change",
        note="auth0-python 5.x ManagementClient(domain=, token=session value).users.update(id, password=...): reported at the call",
    ),
    # ------------------------------------------------------------------ across modules
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, abort, redirect, request, session

            bp = Blueprint("account", __name__)


            @bp.post("/account/password")
            def change_password():
                user = session.get("user")
                if not user:
                    abort(401)
                resp = requests.patch(
                    f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/users/{user['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {session['user']['access_token']}"},
                    json={"password": request.form["password"]},
                    timeout=10,
                )
                resp.raise_for_status()
                return redirect("/account")
            """
        ),
        17,
        14,
        message="password change",
        note="cross-module: auth.py stores session['user'] = Authlib token, account.py reads session['user']['access_token']",
        path="account.py",
        extra_files={
            "auth.py": _py(
                """
                import os

                from authlib.integrations.flask_client import OAuth
                from flask import Blueprint, redirect, session, url_for

                bp = Blueprint("auth", __name__)
                oauth = OAuth()
                AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
                oauth.register(
                    "auth0",
                    client_id=os.environ["AUTH0_CLIENT_ID"],
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    client_kwargs={"scope": "openid profile email update:current_user_metadata"},
                    authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                    server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
                )


                @bp.route("/login")
                def login():
                    return oauth.auth0.authorize_redirect(url_for("auth.callback", _external=True))


                @bp.route("/callback")
                def callback():
                    token = oauth.auth0.authorize_access_token()
                    session["user"] = token
                    return redirect("/")
                """
            ),
        },
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, request

            from .auth import get_tokens

            bp = Blueprint("password", __name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.post("/password")
            def change():
                tokens = get_tokens(request.args["code"])
                requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    json={"password": request.form["password"]},
                    timeout=10,
                ).raise_for_status()
                return "", 204
            """
        ),
        18,
        14,
        message="password change",
        note="cross-module: `from .auth import get_tokens` (authorization_code exchange with requests data=)",
        path="webapp/password.py",
        extra_files={
            "webapp/auth.py": _py(
                """
                import os

                import requests

                DOMAIN = os.environ["AUTH0_DOMAIN"]


                def get_tokens(code):
                    resp = requests.post(
                        f"https://{DOMAIN}/oauth/token",
                        data={
                            "grant_type": "authorization_code",
                            "client_id": os.environ["AUTH0_CLIENT_ID"],
                            "client_secret": os.environ["AUTH0_CLIENT_SECRET"],
                            "code": code,
                            "redirect_uri": "https://app.example.com/callback",
                        },
                        timeout=10,
                    )
                    resp.raise_for_status()
                    return resp.json()
                """
            ),
        },
    ),
    Invalid(
        _py(
            """
            import os

            import httpx
            from starlette.requests import Request
            from starlette.responses import RedirectResponse

            from oauth_setup import oauth

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            async def password_callback(request: Request):
                token = await oauth.auth0.authorize_access_token(request)
                new_password = request.session.pop("new_password")
                async with httpx.AsyncClient() as client:
                    await client.patch(
                        f"https://{DOMAIN}/api/v2/users/{token['userinfo']['sub']}",
                        headers={"Authorization": f"Bearer {token['access_token']}"},
                        json={"password": new_password},
                    )
                return RedirectResponse("/account")
            """
        ),
        19,
        18,
        message="password change",
        note="cross-module: Starlette Authlib `oauth` registered in oauth_setup.py, used in routes.py",
        path="routes.py",
        extra_files={
            "oauth_setup.py": _py(
                """
                import os

                from authlib.integrations.starlette_client import OAuth

                oauth = OAuth()
                oauth.register(
                    "auth0",
                    client_id=os.environ["AUTH0_CLIENT_ID"],
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    client_kwargs={"scope": "openid profile update:current_user_metadata"},
                    authorize_params={"audience": f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/"},
                    server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
                )
                """
            ),
        },
    ),
    # ------------------------------------------------------------------ one SDK client, several calls
    Invalid(
        _py(
            """
            import os

            from auth0.management import Auth0
            from flask import Flask, redirect, request, session

            app = Flask(__name__)


            @app.post("/account")
            def save_account():
                auth0 = Auth0(os.environ["AUTH0_DOMAIN"], session["user"]["access_token"])
                auth0.users.update(session["user_id"], {"user_metadata": {"display_name": request.form["display_name"]}})
                if request.form.get("new_password"):
                    auth0.users.update(session["user_id"], {"password": request.form["new_password"]})
                return redirect("/account")
            """
        ),
        14,
        48,
        message="password change",
        note="one Auth0 client: a user_metadata update, then a password update (the second call's body counts)",
    ),
]

VALID_EXAMPLES: list[Valid] = [
    # ------------------------------------------------------------------ near-miss twins
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, request, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.post("/account/password")
            def change_password():
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/dbconnections/change_password",
                    json={"client_id": CLIENT_ID, "email": request.form["email"], "connection": "Username-Password-Authentication"},
                    timeout=10,
                )
                resp.raise_for_status()
                return redirect(url_for("account"))
            """
        ),
        note="twin: the password-reset flow (/dbconnections/change_password) needs no Management API token",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import Database
            from flask import Flask, redirect, session

            app = Flask(__name__)


            @app.post("/account/password/reset")
            def reset_password():
                database = Database(os.environ["AUTH0_DOMAIN"], os.environ["AUTH0_CLIENT_ID"])
                database.change_password(email=session["user"]["userinfo"]["email"], connection="Username-Password-Authentication")
                return redirect("/account?reset=sent")
            """
        ),
        note="twin: auth0-python Database.change_password (the reset email flow)",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, request, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile update:current_user_metadata"},
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{token['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {token['access_token']}"},
                    json={"user_metadata": {"last_login_ip": request.remote_addr}},
                    timeout=10,
                ).raise_for_status()
                return redirect(url_for("index"))
            """
        ),
        note="PATCH user_metadata with the Authlib (user) token is what update:current_user_metadata allows",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, abort, redirect, request, session

            bp = Blueprint("account", __name__)


            @bp.post("/account/preferences")
            def preferences():
                user = session.get("user")
                if not user:
                    abort(401)
                resp = requests.patch(
                    f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/users/{user['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {session['user']['access_token']}"},
                    json={"user_metadata": {"password_hint_opt_out": request.form.get("opt_out") == "on"}},
                    timeout=10,
                )
                resp.raise_for_status()
                return redirect("/account")
            """
        ),
        note="cross-module twin: session['user'] from auth.py, PATCH user_metadata (a key mentioning password inside metadata)",
        path="account.py",
        extra_files={
            "auth.py": _py(
                """
                import os

                from authlib.integrations.flask_client import OAuth
                from flask import Blueprint, redirect, session, url_for

                bp = Blueprint("auth", __name__)
                oauth = OAuth()
                AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
                oauth.register(
                    "auth0",
                    client_id=os.environ["AUTH0_CLIENT_ID"],
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    client_kwargs={"scope": "openid profile email update:current_user_metadata"},
                    authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                    server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
                )


                @bp.route("/login")
                def login():
                    return oauth.auth0.authorize_redirect(url_for("auth.callback", _external=True))


                @bp.route("/callback")
                def callback():
                    token = oauth.auth0.authorize_access_token()
                    session["user"] = token
                    return redirect("/")
                """
            ),
        },
    ),
    Valid(
        _py(
            """
            import os

            from auth0.management import ManagementClient
            from flask import Flask, request, session

            app = Flask(__name__)


            @app.post("/account/theme")
            def account_theme():
                client = ManagementClient(domain=os.environ["AUTH0_DOMAIN"], token=session["access_token"])
                client.users.update(session["user_id"], user_metadata={"theme": request.form["theme"]})
                return "", 204
            """
        ),
        note="twin: 5.x users.update(id, user_metadata=...) with a session token",
    ),
    # ------------------------------------------------------------------ machine-to-machine tokens may change passwords
    Valid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def admin_set_password(user_id: str, new_password: str) -> None:
                token = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                    },
                    timeout=10,
                ).json()["access_token"]
                requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {token}"},
                    json={"password": new_password, "connection": "Username-Password-Authentication"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        note="admin tool: client_credentials token (requests json=), PATCH password is allowed with update:users",
    ),
    Valid(
        _py(
            """
            import os

            import httpx

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            async def force_password(user_id: str, password: str) -> None:
                async with httpx.AsyncClient(base_url=f"https://{DOMAIN}") as client:
                    tokens = (
                        await client.post(
                            "/oauth/token",
                            data={
                                "grant_type": "client_credentials",
                                "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                                "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                                "audience": f"https://{DOMAIN}/api/v2/",
                            },
                        )
                    ).json()
                    await client.patch(
                        f"/api/v2/users/{user_id}",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"},
                        json={"password": password},
                    )
            """
        ),
        note="httpx.AsyncClient: client_credentials with a data= form body, then PATCH password",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def set_temporary_password(user_id, temporary_password):
                token = GetToken(DOMAIN).client_credentials(
                    os.environ["AUTH0_M2M_CLIENT_ID"], os.environ["AUTH0_M2M_CLIENT_SECRET"], f"https://{DOMAIN}/api/v2/"
                )
                Auth0(DOMAIN, token["access_token"]).users.update(user_id, {"password": temporary_password})
            """
        ),
        note="auth0-python 3.x GetToken.client_credentials positional, users.update with a password",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import ManagementClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            class SupportDesk:
                def __init__(self) -> None:
                    get_token = GetToken(DOMAIN, os.environ["AUTH0_M2M_CLIENT_ID"], client_secret=os.environ["AUTH0_M2M_CLIENT_SECRET"])
                    token = get_token.client_credentials(audience=f"https://{DOMAIN}/api/v2/")
                    self.client = ManagementClient(domain=DOMAIN, token=token["access_token"])

                def reset(self, user_id: str, password: str) -> None:
                    self.client.users.update(user_id, password=password, connection="Username-Password-Authentication")
            """
        ),
        note="auth0-python 4.x GetToken.client_credentials(audience=) keyword, 5.x users.update(id, password=...)",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.management import ManagementClient

            mgmt = ManagementClient(
                domain=os.environ["AUTH0_DOMAIN"],
                client_id=os.environ["AUTH0_M2M_CLIENT_ID"],
                client_secret=os.environ["AUTH0_M2M_CLIENT_SECRET"],
            )


            def set_password(user_id: str, password: str) -> None:
                mgmt.users.update(user_id, password=password)
            """
        ),
        note="5.x ManagementClient with client_id/client_secret: its own machine-to-machine token",
    ),
    Valid(
        _py(
            """
            import requests
            from django.conf import settings
            from django.contrib.admin.views.decorators import staff_member_required
            from django.shortcuts import redirect

            from .mgmt import management_tokens


            @staff_member_required
            def staff_reset_password(request, user_id):
                tokens = management_tokens()
                requests.patch(
                    f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    json={"password": request.POST["password"], "connection": "Username-Password-Authentication"},
                    timeout=10,
                ).raise_for_status()
                return redirect("admin:index")
            """
        ),
        note="cross-module: `from .mgmt import management_tokens` returns a client_credentials response (staff-only Django view)",
        path="support/views.py",
        extra_files={
            "support/mgmt.py": _py(
                """
                import os

                import requests


                def management_tokens():
                    domain = os.environ["AUTH0_DOMAIN"]
                    resp = requests.post(
                        f"https://{domain}/oauth/token",
                        json={
                            "grant_type": "client_credentials",
                            "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                            "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                            "audience": f"https://{domain}/api/v2/",
                        },
                        timeout=10,
                    )
                    resp.raise_for_status()
                    return resp.json()
                """
            ),
        },
    ),
    # ------------------------------------------------------------------ origin unknown, other services, no Management API
    Valid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def set_password(user_id, password):
                requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": "Bearer " + os.environ["AUTH0_MGMT_TOKEN"]},
                    json={"password": password},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        note="a token from an environment variable: origin unknown, say nothing",
    ),
    Valid(
        _py(
            """
            import requests
            from flask import Flask, request, session

            app = Flask(__name__)


            @app.post("/helpdesk/password")
            def helpdesk_password():
                resp = requests.patch(
                    f"https://acme.zendesk.com/api/v2/users/{session['zendesk_user_id']}",
                    headers={"Authorization": f"Bearer {session['access_token']}"},
                    json={"password": request.form["password"]},
                    timeout=10,
                )
                return "", resp.status_code
            """
        ),
        note="another vendor's /api/v2/users/{id}: the host tells",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/login")
            def login():
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": request.form["email"],
                        "password": request.form["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "openid profile email",
                    },
                    timeout=10,
                ).json()
                profile = requests.get(f"https://{DOMAIN}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()
                session["profile"] = profile
                return "", 204
            """
        ),
        note="a password-grant login (the password goes to /oauth/token) that never reaches the Management API",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/me/email")
            def change_email():
                resp = requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{session['user_id']}",
                    headers={"Authorization": f"Bearer {session['access_token']}"},
                    json={"email": request.form["email"], "verify_email": True},
                    timeout=10,
                )
                return "", resp.status_code
            """
        ),
        note="PATCH /users/{id} with a session token but no password in the body",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/me/security-question")
            def security_question():
                resp = requests.post(
                    f"https://{DOMAIN}/api/v2/device-credentials",
                    headers={"Authorization": f"Bearer {session['access_token']}"},
                    json={"device_name": request.form["device"], "type": "public_key", "value": request.form["key"],
                          "device_id": request.form["device_id"], "password": None},
                    timeout=10,
                )
                return "", resp.status_code
            """
        ),
        note="a 'password' key in a body sent to another endpoint (POST /device-credentials): not PATCH /users/{id}",
    ),
]
