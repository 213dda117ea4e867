"""VALID and INVALID examples of SL106 link-with-user-id (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is the start of the link request's body: the `json=`/`data=` value of
a raw HTTP call, the body argument of auth0-python `link_user_account(id, body)`, or, for the
5.x keyword form `users.identities.link(id, provider=..., user_id=...)`, the method call.
The token must be a current-user token: an ID token, or an access token of a user-facing
flow (Authlib, password/password-realm/authorization_code/refresh_token grants, /authorize),
of the session or posted by the browser. Machine-to-machine tokens may send provider/user_id.
"""

import textwrap

from scopelint.rules.base import Invalid, Valid


def _py(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


INVALID_EXAMPLES: list[Invalid] = [
    # ------------------------------------------------------------------ requests / httpx
    Invalid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile email update:current_user_identities"},
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                pending = session.pop("pending_link", None)
                if pending:
                    resp = requests.post(
                        f"https://{AUTH0_DOMAIN}/api/v2/users/{token['userinfo']['sub']}/identities",
                        headers={"Authorization": f"Bearer {token['access_token']}"},
                        json={"provider": pending["provider"], "user_id": pending["user_id"]},
                        timeout=10,
                    )
                    resp.raise_for_status()
                return redirect(url_for("profile"))
            """
        ),
        30,
        18,
        message="provider/user_id",
        note="Authlib authorize_access_token() access token, requests.post, json= dict literal with provider/user_id",
    ),
    Invalid(
        _py(
            """
            \"\"\"Link a social login to a database user from the command line.\"\"\"
            import argparse
            import getpass
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            def main() -> None:
                parser = argparse.ArgumentParser()
                parser.add_argument("email")
                parser.add_argument("provider")
                parser.add_argument("secondary_user_id")
                args = parser.parse_args()
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": args.email,
                        "password": getpass.getpass(),
                        "client_id": CLIENT_ID,
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid update:current_user_identities",
                    },
                    timeout=10,
                ).json()
                me = requests.get(f"https://{DOMAIN}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()
                body = {"provider": args.provider, "user_id": args.secondary_user_id}
                resp = requests.post(
                    f"https://{DOMAIN}/api/v2/users/{me['sub']}/identities",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    json=body,
                    timeout=10,
                )
                resp.raise_for_status()
                print(f"linked {len(resp.json())} identities")


            if __name__ == "__main__":
                main()
            """
        ),
        35,
        14,
        message="provider/user_id",
        note="CLI: password grant (requests json=), body dict in a variable passed as json=body",
    ),
    Invalid(
        _py(
            """
            import os

            import httpx

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]


            def login(username: str, password: str) -> dict:
                resp = httpx.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid update:current_user_identities",
                    },
                )
                resp.raise_for_status()
                return resp.json()


            def link_github(username: str, password: str, primary_id: str, github_id: str) -> None:
                tokens = login(username, password)
                httpx.post(
                    f"https://{DOMAIN}/api/v2/users/{primary_id}/identities",
                    headers={"Authorization": "Bearer " + tokens["access_token"]},
                    json={"provider": "github", "user_id": github_id},
                ).raise_for_status()
            """
        ),
        33,
        14,
        message="provider/user_id",
        note="password-realm grant with httpx data= form body, token returned by a helper of the same module, httpx.post",
    ),
    Invalid(
        _py(
            """
            import json
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            TOKEN_URL = f"https://{AUTH0_DOMAIN}/oauth/token"


            def refresh(refresh_token: str) -> dict:
                resp = requests.post(
                    TOKEN_URL,
                    data={
                        "grant_type": "refresh_token",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "refresh_token": refresh_token,
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()


            def link_identity(stored_refresh_token, primary_user_id, connection_provider, secondary_user_id):
                tokens = refresh(stored_refresh_token)
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{primary_user_id}/identities",
                    data=json.dumps({"provider": connection_provider, "user_id": secondary_user_id}),
                    headers={
                        "Authorization": f"Bearer {tokens['access_token']}",
                        "Content-Type": "application/json",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        28,
        14,
        message="provider/user_id",
        note="refresh_token grant (a user's token), body sent as data=json.dumps({...})",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, abort, redirect, request, session, url_for

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]


            @app.route("/callback")
            def callback():
                if request.args.get("state") != session.pop("state", None):
                    abort(400)
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "authorization_code",
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "code": request.args["code"],
                        "redirect_uri": url_for("callback", _external=True),
                    },
                    timeout=10,
                ).json()
                if "link_provider" in session:
                    payload = dict(provider=session.pop("link_provider"), user_id=session.pop("link_user_id"))
                    requests.post(
                        f"https://{DOMAIN}/api/v2/users/{session['user_id']}/identities",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"},
                        json=payload,
                        timeout=10,
                    ).raise_for_status()
                return redirect(url_for("settings"))
            """
        ),
        32,
        18,
        message="provider/user_id",
        note="authorization_code exchange with requests, body built with dict(provider=..., user_id=...)",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, session

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/accounts/link/<provider>/<path:secondary_id>")
            def link(provider, secondary_id):
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{session['user_id']}/identities",
                    headers={"Authorization": f"Bearer {session['id_token']}"},
                    json={"provider": provider, "user_id": secondary_id},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        15,
        14,
        message="provider/user_id",
        note="legacy code: the primary user's ID token from the Flask session as Bearer, provider/user_id body",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, jsonify, request

            bp = Blueprint("linking", __name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            API = f"https://{AUTH0_DOMAIN}/api/v2"


            @bp.post("/api/link")
            def link_from_spa():
                # The SPA posts the access token it received from Auth0 together with the account to link.
                access_token = request.form["access_token"]
                s = requests.Session()
                s.headers.update({"Authorization": f"Bearer {access_token}"})
                resp = s.post(
                    f"{API}/users/{request.form['primary_id']}/identities",
                    json={
                        "provider": request.form["provider"],
                        "user_id": request.form["secondary_id"],
                        "connection_id": request.form.get("connection_id"),
                    },
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        19,
        14,
        message="provider/user_id",
        note="token posted by the browser (request.form), requests.Session with headers.update, multi-line body with connection_id",
    ),
    Invalid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from flask import Flask, jsonify, redirect, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.route("/login")
            def login():
                query = urlencode(
                    {
                        "client_id": CLIENT_ID,
                        "response_type": "token id_token",
                        "redirect_uri": "https://app.example.com/implicit-callback",
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid update:current_user_identities",
                        "nonce": session.setdefault("nonce", os.urandom(16).hex()),
                    }
                )
                return redirect(f"https://{DOMAIN}/authorize?{query}")


            @app.post("/link")
            def link():
                data = request.get_json()
                resp = requests.post(
                    f"https://{DOMAIN}/api/v2/users/{data['user_id']}/identities",
                    headers={"Authorization": f"Bearer {request.json['access_token']}"},
                    json={"provider": data["provider"], "user_id": data["secondary_user_id"]},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        33,
        14,
        message="provider/user_id",
        note="implicit-flow /authorize URL built with urlencode(dict), token posted back in request.json",
    ),
    Invalid(
        _py(
            """
            import os

            import requests


            def link_accounts(request, provider, secondary_user_id):
                \"\"\"Django view: link another login to the signed-in user.\"\"\"
                domain = os.environ["AUTH0_DOMAIN"]
                response = requests.post(
                    f"https://{domain}/api/v2/users/{request.session['auth0_user_id']}/identities",
                    json={"provider": provider, "user_id": secondary_user_id},
                    headers={"Authorization": "Bearer %s" % request.session["access_token"]},
                    timeout=10,
                )
                response.raise_for_status()
                return response.json()
            """
        ),
        11,
        14,
        message="provider/user_id",
        note="Django request.session['access_token'] (a session value is a current-user token), '%' header",
    ),
    # ------------------------------------------------------------------ requests-oauthlib / social-auth / auth0-server-python
    Invalid(
        _py(
            """
            \"\"\"Link accounts from a terminal (authorization code flow with requests-oauthlib).\"\"\"
            import os
            import sys

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            REDIRECT_URI = "http://localhost:8765/callback"


            def main(provider: str, secondary_id: str) -> None:
                auth0 = OAuth2Session(CLIENT_ID, scope=["openid", "profile", "update:current_user_identities"], redirect_uri=REDIRECT_URI)
                url, _state = auth0.authorization_url(f"https://{DOMAIN}/authorize", audience=f"https://{DOMAIN}/api/v2/")
                print("Open", url)
                redirect_response = input("Paste the full redirect URL: ")
                auth0.fetch_token(f"https://{DOMAIN}/oauth/token", client_secret=CLIENT_SECRET, authorization_response=redirect_response)
                me = auth0.get(f"https://{DOMAIN}/userinfo").json()
                resp = auth0.post(
                    f"https://{DOMAIN}/api/v2/users/{me['sub']}/identities",
                    json={"provider": provider, "user_id": secondary_id},
                )
                resp.raise_for_status()


            if __name__ == "__main__":
                main(sys.argv[1], sys.argv[2])
            """
        ),
        22,
        14,
        message="provider/user_id",
        note="requests-oauthlib OAuth2Session sends its own user token to the link endpoint",
    ),
    Invalid(
        _py(
            """
            import requests
            from django.conf import settings
            from django.contrib.auth.decorators import login_required
            from django.http import JsonResponse


            @login_required
            def link_google(request):
                social = request.user.social_auth.get(provider="auth0")
                access_token = social.extra_data["access_token"]
                resp = requests.post(
                    f"https://{settings.SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/users/{social.uid}/identities",
                    headers={"Authorization": f"Bearer {access_token}"},
                    json={"provider": "google-oauth2", "user_id": request.POST["google_user_id"]},
                    timeout=10,
                )
                return JsonResponse(resp.json(), safe=False, status=resp.status_code)
            """
        ),
        14,
        14,
        message="provider/user_id",
        note="python-social-auth: extra_data['access_token'] of the Auth0 backend (settings in settings.py)",
        path="accounts/views.py",
        extra_files={
            "mysite/settings.py": _py(
                """
                import os

                INSTALLED_APPS = ["django.contrib.auth", "social_django", "accounts"]
                AUTHENTICATION_BACKENDS = ["social_core.backends.auth0.Auth0OAuth2", "django.contrib.auth.backends.ModelBackend"]
                SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
                SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
                SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
                SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "email", "update:current_user_identities"]
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
            from fastapi import FastAPI, Request, Response

            app = FastAPI()
            DOMAIN = os.environ["AUTH0_DOMAIN"]

            auth0 = ServerClient(
                domain=DOMAIN,
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                secret=os.environ["AUTH0_SECRET"],
                redirect_uri="https://app.example.com/auth/callback",
                authorization_params={
                    "scope": "openid profile update:current_user_identities",
                    "audience": f"https://{DOMAIN}/api/v2/",
                },
            )


            @app.post("/me/identities/{provider}/{secondary_id}")
            async def link_identity(provider: str, secondary_id: str, request: Request, response: Response):
                store_options = {"request": request, "response": response}
                user = await auth0.get_user(store_options=store_options)
                access_token = await auth0.get_access_token(store_options=store_options)
                async with httpx.AsyncClient(base_url=f"https://{DOMAIN}") as client:
                    resp = await client.post(
                        f"/api/v2/users/{user['sub']}/identities",
                        headers={"Authorization": f"Bearer {access_token}"},
                        json={"provider": provider, "user_id": secondary_id},
                    )
                return resp.json()
            """
        ),
        32,
        18,
        message="provider/user_id",
        note="auth0-server-python get_access_token() (the user's token), FastAPI, httpx.AsyncClient(base_url=...)",
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
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]


            def link_with_password(username, password, primary_id, google_id):
                tokens = GetToken(DOMAIN).login(
                    CLIENT_ID,
                    CLIENT_SECRET,
                    username,
                    password,
                    "openid update:current_user_identities",
                    "Username-Password-Authentication",
                    f"https://{DOMAIN}/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.link_user_account(primary_id, {"provider": "google-oauth2", "user_id": google_id})
            """
        ),
        22,
        54,
        message="provider/user_id",
        note="auth0-python 3.x GetToken.login positional, Auth0(domain, token).users.link_user_account(id, body)",
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Users

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            class AccountLinker:
                def __init__(self, username: str, password: str):
                    get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                    self.tokens = get_token.login(
                        username=username,
                        password=password,
                        scope="openid update:current_user_identities",
                        realm="Username-Password-Authentication",
                        audience=f"https://{DOMAIN}/api/v2/",
                    )

                def link(self, primary_id: str, provider: str, secondary_id: str) -> list:
                    users = Users(DOMAIN, self.tokens["access_token"])
                    body = {"provider": provider, "user_id": secondary_id}
                    return users.link_user_account(primary_id, body)
            """
        ),
        23,
        52,
        message="provider/user_id",
        note="auth0-python 4.x GetToken(domain, client_id, client_secret=).login(keywords), Users client, body variable",
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.management import ManagementClient
            from flask import Flask, jsonify, session

            app = Flask(__name__)


            @app.post("/link/github/<github_id>")
            def link_github(github_id):
                client = ManagementClient(domain=os.environ["AUTH0_DOMAIN"], token=session["user"]["access_token"])
                identities = client.users.identities.link(
                    session["user"]["userinfo"]["sub"],
                    provider="github",
                    user_id=github_id,
                )
                return jsonify([i.model_dump() for i in identities])
            """
        ),
        12,
        18,
        message="provider/user_id",
        note="auth0-python 5.x ManagementClient(domain=, token=session value), users.identities.link(id, provider=, user_id=): reported at the call",
    ),
    # ------------------------------------------------------------------ across modules
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, abort, jsonify, request, session

            bp = Blueprint("views", __name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.post("/settings/connections")
            def connect_account():
                user = session.get("user")
                if user is None:
                    abort(401)
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}/identities",
                    headers={"Authorization": f"Bearer {session['user']['access_token']}"},
                    json={"provider": request.form["provider"], "user_id": request.form["user_id"]},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        18,
        14,
        message="provider/user_id",
        note="cross-module: auth.py stores session['user'] = Authlib token, views.py reads session['user']['access_token']",
        path="views.py",
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
                    client_kwargs={"scope": "openid profile email update:current_user_identities"},
                    server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
                )


                @bp.route("/login")
                def login():
                    return oauth.auth0.authorize_redirect(
                        url_for("auth.callback", _external=True), audience=f"https://{AUTH0_DOMAIN}/api/v2/"
                    )


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
            \"\"\"Link a secondary account to the signed-in user (run by support staff on behalf of a user).\"\"\"
            import os
            import sys

            from auth0.management import Auth0

            from auth import get_tokens

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def main(username, password, primary_id, provider, secondary_id):
                tokens = get_tokens(username, password)
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                auth0.users.link_user_account(primary_id, {"provider": provider, "user_id": secondary_id})


            if __name__ == "__main__":
                main(*sys.argv[1:6])
            """
        ),
        15,
        47,
        message="provider/user_id",
        note="cross-module: get_tokens() (password grant) in auth.py imported with `from auth import get_tokens`, auth0-python 4.x Auth0",
        path="link_account.py",
        extra_files={
            "auth.py": _py(
                """
                import os

                import requests

                DOMAIN = os.environ["AUTH0_DOMAIN"]


                def get_tokens(username, password):
                    resp = requests.post(
                        f"https://{DOMAIN}/oauth/token",
                        json={
                            "grant_type": "password",
                            "username": username,
                            "password": password,
                            "client_id": os.environ["AUTH0_CLIENT_ID"],
                            "audience": f"https://{DOMAIN}/api/v2/",
                            "scope": "openid update:current_user_identities",
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
            from flask import Blueprint, current_app, redirect, session, url_for

            import httpx

            from .extensions import oauth

            bp = Blueprint("link", __name__, url_prefix="/link")


            @bp.route("/callback")
            def link_callback():
                token = oauth.auth0.authorize_access_token()
                domain = current_app.config["AUTH0_DOMAIN"]
                body = {"provider": session["link_provider"], "user_id": session["link_user_id"]}
                with httpx.Client(base_url=f"https://{domain}/api/v2", timeout=10) as mgmt:
                    mgmt.post(
                        f"/users/{token['userinfo']['sub']}/identities",
                        headers={"Authorization": f"Bearer {token['access_token']}"},
                        json=body,
                    ).raise_for_status()
                return redirect(url_for("profile.index"))
            """
        ),
        19,
        18,
        message="provider/user_id",
        note="cross-module: Authlib `oauth` registered in extensions.py, token used in link.py with httpx.Client(base_url=)",
        path="app/link.py",
        extra_files={
            "app/extensions.py": _py(
                """
                import os

                from authlib.integrations.flask_client import OAuth

                oauth = OAuth()
                oauth.register(
                    "auth0",
                    client_id=os.environ["AUTH0_CLIENT_ID"],
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    client_kwargs={"scope": "openid profile update:current_user_identities"},
                    authorize_params={"audience": f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/"},
                    server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
                )
                """
            ),
        },
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.management import ManagementClient
            from django.http import JsonResponse
            from django.views.decorators.http import require_POST

            from .auth import get_tokens


            @require_POST
            def link_identity(request):
                tokens = get_tokens(request)
                client = ManagementClient(domain=os.environ["AUTH0_DOMAIN"], token=tokens["access_token"])
                client.users.identities.link(
                    request.session["auth0_user_id"],
                    provider=request.POST["provider"],
                    user_id=request.POST["user_id"],
                )
                return JsonResponse({"linked": True})
            """
        ),
        14,
        5,
        message="provider/user_id",
        note="cross-module: `from .auth import get_tokens` (GetToken 4.x authorization_code) in a Django app, 5.x identities.link",
        path="accounts/views.py",
        extra_files={
            "accounts/auth.py": _py(
                """
                import os

                from auth0.authentication import GetToken

                DOMAIN = os.environ["AUTH0_DOMAIN"]


                def get_tokens(request):
                    get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                    return get_token.authorization_code(request.GET["code"], "https://app.example.com/callback")
                """
            ),
        },
    ),
    # ------------------------------------------------------------------ one SDK client, several calls
    Invalid(
        _py(
            """
            import os

            from auth0.management import ManagementClient
            from flask import Flask, abort, request, session

            app = Flask(__name__)


            @app.post("/settings/connections")
            def connect():
                client = ManagementClient(domain=os.environ["AUTH0_DOMAIN"], token=session["access_token"])
                user = client.users.get(session["user_id"], fields="identities")
                if any(identity.provider == request.form["provider"] for identity in user.identities):
                    abort(409)
                client.users.identities.link(session["user_id"], provider=request.form["provider"], user_id=request.form["user_id"])
                return "", 204
            """
        ),
        15,
        5,
        message="provider/user_id",
        note="one 5.x client: users.get(id, fields=...) first, then identities.link(provider=, user_id=) (the link call's own body counts)",
    ),
]

VALID_EXAMPLES: list[Valid] = [
    # ------------------------------------------------------------------ near-miss twins: link_with
    Valid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile email update:current_user_identities"},
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                secondary_id_token = session.pop("secondary_id_token", None)
                if secondary_id_token:
                    resp = requests.post(
                        f"https://{AUTH0_DOMAIN}/api/v2/users/{token['userinfo']['sub']}/identities",
                        headers={"Authorization": f"Bearer {token['access_token']}"},
                        json={"link_with": secondary_id_token},
                        timeout=10,
                    )
                    resp.raise_for_status()
                return redirect(url_for("profile"))
            """
        ),
        note="twin: Authlib access token, link_with the secondary account's ID token",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            def password_login(username, password, scope):
                return requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": CLIENT_ID,
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": scope,
                    },
                    timeout=10,
                ).json()


            def link(primary_login, secondary_login):
                primary = password_login(*primary_login, "openid update:current_user_identities")
                secondary = password_login(*secondary_login, "openid")
                me = requests.get(f"https://{DOMAIN}/userinfo", headers={"Authorization": f"Bearer {primary['access_token']}"}).json()
                body = {"link_with": secondary["id_token"]}
                resp = requests.post(
                    f"https://{DOMAIN}/api/v2/users/{me['sub']}/identities",
                    headers={"Authorization": f"Bearer {primary['access_token']}"},
                    json=body,
                    timeout=10,
                )
                resp.raise_for_status()
            """
        ),
        note="twin: password grant access token, link_with the secondary login's ID token (an ID token in link_with is correct)",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.management import ManagementClient
            from flask import Flask, jsonify, request, session

            app = Flask(__name__)


            @app.post("/link/github")
            def link_github():
                client = ManagementClient(domain=os.environ["AUTH0_DOMAIN"], token=session["user"]["access_token"])
                identities = client.users.identities.link(
                    session["user"]["userinfo"]["sub"],
                    link_with=request.form["secondary_id_token"],
                )
                return jsonify([i.model_dump() for i in identities])
            """
        ),
        note="twin: 5.x users.identities.link(id, link_with=...) with a session token",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]


            def link_with_password(username, password, primary_id, secondary_id_token):
                tokens = GetToken(DOMAIN).login(
                    CLIENT_ID,
                    CLIENT_SECRET,
                    username,
                    password,
                    "openid update:current_user_identities",
                    "Username-Password-Authentication",
                    f"https://{DOMAIN}/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.link_user_account(primary_id, {"link_with": secondary_id_token})
            """
        ),
        note="twin: auth0-python 3.x link_user_account(id, {'link_with': ...}) with a password-login token",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, jsonify, request

            bp = Blueprint("linking", __name__)
            API = f"https://{os.environ['AUTH0_DOMAIN']}/api/v2"


            @bp.post("/api/link")
            def link_from_spa():
                s = requests.Session()
                s.headers.update({"Authorization": f"Bearer {request.form['access_token']}"})
                resp = s.post(
                    f"{API}/users/{request.form['primary_id']}/identities",
                    json={"link_with": request.form["secondary_id_token"]},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        note="twin: browser-posted access token, link_with the secondary ID token the SPA also posted",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, abort, jsonify, request, session

            bp = Blueprint("views", __name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.post("/settings/connections")
            def connect_account():
                user = session.get("user")
                if user is None:
                    abort(401)
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}/identities",
                    headers={"Authorization": f"Bearer {session['user']['access_token']}"},
                    json={"link_with": session["secondary"]["id_token"]},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        note="cross-module twin: session['user'] written by auth.py (Authlib), link_with",
        path="views.py",
        extra_files={
            "auth.py": _py(
                """
                import os

                from authlib.integrations.flask_client import OAuth
                from flask import Blueprint, redirect, session

                bp = Blueprint("auth", __name__)
                oauth = OAuth()
                oauth.register(
                    "auth0",
                    client_id=os.environ["AUTH0_CLIENT_ID"],
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    client_kwargs={"scope": "openid profile email update:current_user_identities"},
                    authorize_params={"audience": f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/"},
                    server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
                )


                @bp.route("/callback")
                def callback():
                    token = oauth.auth0.authorize_access_token()
                    if session.get("linking"):
                        session["secondary"] = token
                    else:
                        session["user"] = token
                    return redirect("/settings")
                """
            ),
        },
    ),
    Valid(
        _py(
            """
            from flask import Blueprint, current_app, redirect, session, url_for

            import httpx

            from .extensions import oauth

            bp = Blueprint("link", __name__, url_prefix="/link")


            @bp.route("/callback")
            def link_callback():
                secondary = oauth.auth0.authorize_access_token()
                domain = current_app.config["AUTH0_DOMAIN"]
                with httpx.Client(base_url=f"https://{domain}/api/v2", timeout=10) as mgmt:
                    mgmt.post(
                        f"/users/{session['user']['userinfo']['sub']}/identities",
                        headers={"Authorization": f"Bearer {session['user']['access_token']}"},
                        json={"link_with": secondary["id_token"]},
                    ).raise_for_status()
                return redirect(url_for("profile.index"))
            """
        ),
        note="cross-module twin: Authlib registered in extensions.py, link_with the secondary login's ID token",
        path="app/link.py",
        extra_files={
            "app/extensions.py": _py(
                """
                import os

                from authlib.integrations.flask_client import OAuth

                oauth = OAuth()
                oauth.register(
                    "auth0",
                    client_id=os.environ["AUTH0_CLIENT_ID"],
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    client_kwargs={"scope": "openid profile update:current_user_identities"},
                    authorize_params={"audience": f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/"},
                    server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
                )
                """
            ),
        },
    ),
    Valid(
        _py(
            """
            import requests
            from django.conf import settings
            from django.contrib.auth.decorators import login_required
            from django.http import JsonResponse


            @login_required
            def link_google(request):
                social = request.user.social_auth.get(provider="auth0")
                resp = requests.post(
                    f"https://{settings.SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/users/{social.uid}/identities",
                    headers={"Authorization": f"Bearer {social.extra_data['access_token']}"},
                    json={"link_with": request.POST["secondary_id_token"]},
                    timeout=10,
                )
                return JsonResponse(resp.json(), safe=False, status=resp.status_code)
            """
        ),
        note="twin: python-social-auth access token with link_with",
        path="accounts/views.py",
        extra_files={
            "mysite/settings.py": _py(
                """
                import os

                SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
                SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
                SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
                SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "email", "update:current_user_identities"]
                SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"audience": f"https://{SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/"}
                """
            ),
        },
    ),
    # ------------------------------------------------------------------ machine-to-machine tokens: provider/user_id is correct server-side
    Valid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def management_token() -> str:
                resp = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()["access_token"]


            def merge_duplicate_accounts(primary_id: str, provider: str, secondary_id: str) -> list:
                resp = requests.post(
                    f"https://{DOMAIN}/api/v2/users/{primary_id}/identities",
                    headers={"Authorization": f"Bearer {management_token()}"},
                    json={"provider": provider, "user_id": secondary_id},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="server-side merge job: client_credentials token (requests json=), provider/user_id is allowed",
    ),
    Valid(
        _py(
            """
            import os

            import httpx

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            async def link_after_signup(primary_id: str, secondary_id: str) -> None:
                async with httpx.AsyncClient(base_url=f"https://{DOMAIN}") as client:
                    token_resp = await client.post(
                        "/oauth/token",
                        data={
                            "grant_type": "client_credentials",
                            "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                            "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                            "audience": f"https://{DOMAIN}/api/v2/",
                        },
                    )
                    token = token_resp.json()["access_token"]
                    resp = await client.post(
                        f"/api/v2/users/{primary_id}/identities",
                        headers={"Authorization": f"Bearer {token}"},
                        json={"provider": "auth0", "user_id": secondary_id, "connection_id": os.environ["DB_CONNECTION_ID"]},
                    )
                    resp.raise_for_status()
            """
        ),
        note="httpx.AsyncClient: client_credentials with data= form body, then provider/user_id/connection_id",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def link_accounts(primary_id, provider, secondary_id):
                token = GetToken(DOMAIN).client_credentials(
                    os.environ["AUTH0_M2M_CLIENT_ID"], os.environ["AUTH0_M2M_CLIENT_SECRET"], f"https://{DOMAIN}/api/v2/"
                )
                auth0 = Auth0(DOMAIN, token["access_token"])
                return auth0.users.link_user_account(primary_id, {"provider": provider, "user_id": secondary_id})
            """
        ),
        note="auth0-python 3.x GetToken.client_credentials positional, link_user_account with provider/user_id",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import ManagementClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            class IdentityService:
                def __init__(self):
                    get_token = GetToken(DOMAIN, os.environ["AUTH0_M2M_CLIENT_ID"], client_secret=os.environ["AUTH0_M2M_CLIENT_SECRET"])
                    token = get_token.client_credentials(audience=f"https://{DOMAIN}/api/v2/")["access_token"]
                    self.client = ManagementClient(domain=DOMAIN, token=token)

                def link(self, primary_id: str, provider: str, secondary_id: str):
                    return self.client.users.identities.link(primary_id, provider=provider, user_id=secondary_id)
            """
        ),
        note="auth0-python 4.x GetToken.client_credentials(audience=) keyword, 5.x identities.link(provider=, user_id=)",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.management import ManagementClient

            client = ManagementClient(
                domain=os.environ["AUTH0_DOMAIN"],
                client_id=os.environ["AUTH0_M2M_CLIENT_ID"],
                client_secret=os.environ["AUTH0_M2M_CLIENT_SECRET"],
            )


            def link(primary_id: str, provider: str, secondary_id: str):
                return client.users.identities.link(primary_id, provider=provider, user_id=secondary_id)
            """
        ),
        note="5.x ManagementClient with client_id/client_secret fetches its own machine-to-machine token",
    ),
    Valid(
        _py(
            """
            from auth0.management import Auth0
            from django.conf import settings
            from django.core.management.base import BaseCommand

            from accounts.models import PendingLink

            from mgmt import management_tokens


            class Command(BaseCommand):
                help = "Link the accounts queued for merging"

                def handle(self, *args, **options):
                    auth0 = Auth0(settings.AUTH0_DOMAIN, management_tokens()["access_token"])
                    for pending in PendingLink.objects.filter(done=False):
                        auth0.users.link_user_account(
                            pending.primary_id, {"provider": pending.provider, "user_id": pending.secondary_id}
                        )
                        pending.done = True
                        pending.save()
            """
        ),
        note="cross-module: management_tokens() in mgmt.py returns a client_credentials response (Django management command)",
        path="accounts/management/commands/link_pending.py",
        extra_files={
            "mgmt.py": _py(
                """
                import os

                import requests

                DOMAIN = os.environ["AUTH0_DOMAIN"]


                def management_tokens():
                    resp = requests.post(
                        f"https://{DOMAIN}/oauth/token",
                        data={
                            "grant_type": "client_credentials",
                            "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                            "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                            "audience": f"https://{DOMAIN}/api/v2/",
                        },
                        timeout=10,
                    )
                    resp.raise_for_status()
                    return resp.json()
                """
            ),
        },
    ),
    # ------------------------------------------------------------------ origin unknown, other calls, other services
    Valid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            MGMT_TOKEN = os.environ["AUTH0_MGMT_TOKEN"]


            def link(primary_id, provider, secondary_id):
                resp = requests.post(
                    f"https://{DOMAIN}/api/v2/users/{primary_id}/identities",
                    headers={"Authorization": f"Bearer {MGMT_TOKEN}"},
                    json={"provider": provider, "user_id": secondary_id},
                    timeout=10,
                )
                resp.raise_for_status()
            """
        ),
        note="a token from an environment variable: its origin cannot be told, say nothing",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/settings/connections/<provider>/<path:secondary_id>/remove")
            def unlink(provider, secondary_id):
                resp = requests.delete(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{session['user_id']}/identities/{provider}/{secondary_id}",
                    headers={"Authorization": f"Bearer {session['access_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return redirect(url_for("settings"))
            """
        ),
        note="unlinking (DELETE .../identities/{provider}/{user_id}) with a session token is not this rule",
    ),
    Valid(
        _py(
            """
            import requests
            from flask import Flask, session

            app = Flask(__name__)
            CRM = "https://api.example-crm.com"


            @app.post("/crm/link/<provider>/<external_id>")
            def link_crm_identity(provider, external_id):
                resp = requests.post(
                    f"{CRM}/api/v2/users/{session['crm_user_id']}/identities",
                    headers={"Authorization": f"Bearer {session['access_token']}"},
                    json={"provider": provider, "user_id": external_id},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="another vendor's API with the same /api/v2/users/{id}/identities path: the host tells",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, request, session

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.patch("/me/preferences")
            def preferences():
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{session['user_id']}",
                    headers={"Authorization": f"Bearer {session['access_token']}"},
                    json={"user_metadata": {"provider": request.json["provider"], "user_id": request.json["user_id"]}},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        note="provider/user_id nested in user_metadata of a PATCH /users/{id}: not a link call",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import jwt
            from flask import Flask, redirect, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            JWKS = jwt.PyJWKClient(f"https://{DOMAIN}/.well-known/jwks.json")


            @app.route("/login")
            def login():
                params = {"client_id": CLIENT_ID, "response_type": "id_token", "response_mode": "form_post",
                          "redirect_uri": "https://app.example.com/callback", "scope": "openid email", "nonce": "n-0S6_WzA2Mj"}
                return redirect(f"https://{DOMAIN}/authorize?" + urlencode(params))


            @app.post("/callback")
            def callback():
                id_token = request.form["id_token"]
                key = JWKS.get_signing_key_from_jwt(id_token).key
                claims = jwt.decode(id_token, key, algorithms=["RS256"], audience=CLIENT_ID)
                session["pending_link"] = {"provider": "auth0", "user_id": claims["sub"]}
                return redirect("/")
            """
        ),
        note="an OIDC login (response_type=id_token) that never reaches the Management API; the ID token is decoded locally",
    ),
]
