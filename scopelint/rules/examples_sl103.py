"""VALID and INVALID examples of SL103 wrong-audience (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is the start of the audience value expression; for a parameter written
inside an /authorize query string, the start of the (outermost) URL expression.
"""

import textwrap

from scopelint.rules.base import Invalid, Valid


def _py(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


INVALID_EXAMPLES: list[Invalid] = [
    # ------------------------------------------------------------------ /oauth/token over HTTP
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/mobile/profile")
            def mobile_profile():
                payload = request.get_json()
                tokens = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": payload["email"],
                        "password": payload["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{AUTH0_DOMAIN}/userinfo",
                        "scope": "read:current_user",
                    },
                    timeout=10,
                ).json()
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{payload['user_id']}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        20,
        25,
        message="/userinfo",
        note="password grant (json=) asking for the /userinfo audience, access token to GET /users/{id}",
    ),
    Invalid(
        _py(
            """
            import os

            import httpx
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def m2m_token() -> str:
                response = httpx.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2",
                    },
                )
                response.raise_for_status()
                return response.json()["access_token"]


            def block_user(user_id: str) -> None:
                Auth0(DOMAIN, m2m_token()).users.update(user_id, {"blocked": True})
            """
        ),
        16,
        25,
        message="is not the Management API identifier",
        note="client_credentials over httpx (data=), audience without the trailing slash",
    ),
    Invalid(
        _py(
            """
            import requests
            from auth0.v3.management import Auth0

            TOKEN_URL = "https://acme.us.auth0.com/oauth/token"


            def management() -> Auth0:
                token = requests.post(
                    TOKEN_URL,
                    json={
                        "grant_type": "client_credentials",
                        "client_id": "Ixv0nGbq2xA7Q9dA5DLNXxZ0P2uW9hYw",
                        "client_secret": open("/run/secrets/auth0_m2m_secret").read().strip(),
                        "audience": "https://acme-staging.us.auth0.com/api/v2/",
                    },
                    timeout=10,
                ).json()["access_token"]
                return Auth0("acme.us.auth0.com", token)


            def delete_device(credential_id: str) -> None:
                management().device_credentials.delete(credential_id)
            """
        ),
        14,
        25,
        message="another tenant",
        note="literal token URL of one tenant, literal audience of another (staging) tenant",
    ),
    # ------------------------------------------------------------------ /authorize URLs
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, redirect, request, url_for

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.get("/login")
            def login():
                callback = url_for("callback", _external=True)
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=token&client_id={CLIENT_ID}&redirect_uri={callback}"
                    f"&audience=https://{DOMAIN}/userinfo&scope=read:current_user&response_mode=form_post"
                )


            @app.post("/callback")
            def callback():
                resp = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": "Bearer " + request.form["access_token"]},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        15,
        9,
        message="/userinfo",
        note="audience written in an /authorize f-string query: reported at the URL expression",
    ),
    Invalid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from flask import Flask, jsonify, redirect, request, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.get("/login")
            def login():
                query = urlencode(
                    {
                        "response_type": "token",
                        "response_mode": "form_post",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": url_for("callback", _external=True),
                        "audience": "https://api.myapp.com/",
                        "scope": "read:current_user",
                    }
                )
                return redirect(f"https://{AUTH0_DOMAIN}/authorize?{query}")


            @app.post("/callback")
            def callback():
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": f"Bearer {request.form['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        19,
        25,
        message="is not the Management API identifier",
        note="urlencode(dict) /authorize with the app's own API audience: reported at the dict value",
    ),
    Invalid(
        _py(
            """
            import requests
            from flask import Flask, request

            app = Flask(__name__)

            SIGN_IN = (
                '<a class="btn" href="https://acme.eu.auth0.com/authorize?response_type=token'
                '&client_id=Xv3kq0PnsLbT&audience=https://acme-dev.eu.auth0.com/api/v2/'
                '&redirect_uri=https://portal.acme.io/implicit-callback&scope=read:current_user">Sign in</a>'
            )


            @app.get("/")
            def index():
                return SIGN_IN


            @app.post("/implicit-callback")
            def implicit_callback():
                resp = requests.get(
                    f"https://acme.eu.auth0.com/api/v2/users/{request.json['sub']}",
                    headers={"Authorization": f"Bearer {request.json['access_token']}"},
                    timeout=10,
                )
                return resp.json()
            """
        ),
        7,
        5,
        message="another tenant",
        note="HTML link: /authorize on one tenant asking for another tenant's Management API",
    ),
    # ------------------------------------------------------------------ auth0-python GetToken
    Invalid(
        _py(
            """
            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            from .secrets import CLIENT_ID, CLIENT_SECRET

            DOMAIN = "acme.eu.auth0.com"


            def admin_client() -> Auth0:
                token = GetToken(DOMAIN).client_credentials(
                    CLIENT_ID, CLIENT_SECRET, "https://acme-staging.eu.auth0.com/api/v2/"
                )
                return Auth0(DOMAIN, token["access_token"])


            def reset_mfa(user_id: str) -> None:
                admin_client().users.delete_multifactor(user_id, "guardian")
            """
        ),
        11,
        35,
        message="another tenant",
        note="auth0-python 3.x client_credentials positional: literal domain, audience of another tenant",
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Users

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            gt = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])


            def set_theme(username: str, password: str, user_id: str, theme: str) -> dict:
                tokens = gt.login(
                    username,
                    password,
                    scope="update:current_user_metadata",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2",
                )
                users = Users(DOMAIN, tokens["access_token"])
                return users.update(user_id, {"user_metadata": {"theme": theme}})
            """
        ),
        16,
        18,
        message="is not the Management API identifier",
        note="auth0-python 4.x login(audience=...) without the trailing slash",
    ),
    # ------------------------------------------------------------------ Authlib
    Invalid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, jsonify, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "read:current_user"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/login")
            def login():
                return oauth.auth0.authorize_redirect(
                    url_for("callback", _external=True), audience="https://api.myapp.com/"
                )


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{token['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {token['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        24,
        55,
        message="is not the Management API identifier",
        note="Authlib Flask authorize_redirect(audience=...) naming the app's own API",
    ),
    Invalid(
        _py(
            """
            import requests
            from authlib.integrations.django_client import OAuth
            from django.conf import settings
            from django.http import JsonResponse

            oauth = OAuth()
            oauth.register(
                "auth0",
                client_id=settings.AUTH0_CLIENT_ID,
                client_secret=settings.AUTH0_CLIENT_SECRET,
                client_kwargs={"scope": "read:current_user"},
                authorize_params={"audience": f"https://{settings.AUTH0_DOMAIN}/"},
                server_metadata_url=f"https://{settings.AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            def callback(request):
                token = oauth.auth0.authorize_access_token(request)
                request.session["user"] = token
                resp = requests.get(
                    f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{token['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {token['access_token']}"},
                )
                return JsonResponse(resp.json())
            """
        ),
        12,
        35,
        message="is not the Management API identifier",
        note="Authlib Django register(authorize_params={'audience': tenant root})",
    ),
    # ------------------------------------------------------------------ requests-oauthlib
    Invalid(
        _py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def main() -> None:
                auth0 = OAuth2Session(
                    os.environ["AUTH0_CLIENT_ID"],
                    scope=["read:current_user"],
                    redirect_uri="http://localhost:8765/callback",
                )
                url, _ = auth0.authorization_url(f"https://{DOMAIN}/authorize", audience=f"https://{DOMAIN}/")
                print("Open:", url)
                auth0.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    authorization_response=input("Redirect URL: "),
                )
                print(auth0.get(f"https://{DOMAIN}/api/v2/users/{input('user id: ')}").json())


            if __name__ == "__main__":
                main()
            """
        ),
        14,
        78,
        message="is not the Management API identifier",
        note="requests-oauthlib authorization_url(audience=tenant root), the session calls GET /users/{id}",
    ),
    # ------------------------------------------------------------------ auth0-server-python
    Invalid(
        _py(
            """
            import os

            import httpx
            from auth0_server_python.auth_server.server_client import ServerClient
            from fastapi import FastAPI, Request, Response

            from .stores import state_store, transaction_store

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            app = FastAPI()

            auth0 = ServerClient(
                domain=DOMAIN,
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                secret=os.environ["AUTH0_SECRET"],
                redirect_uri="https://app.example.com/auth/callback",
                state_store=state_store,
                transaction_store=transaction_store,
                authorization_params={"scope": "read:current_user", "audience": "https://api.myapp.com/"},
            )


            @app.get("/me/enrollments")
            async def enrollments(request: Request, response: Response, user_id: str):
                token = await auth0.get_access_token(store_options={"request": request, "response": response})
                async with httpx.AsyncClient() as client:
                    resp = await client.get(
                        f"https://{DOMAIN}/api/v2/users/{user_id}/enrollments",
                        headers={"Authorization": f"Bearer {token}"},
                    )
                return resp.json()
            """
        ),
        20,
        69,
        message="is not the Management API identifier",
        note="auth0-server-python ServerClient authorization_params audience of the app's own API",
    ),
    # ------------------------------------------------------------------ cross-module
    Invalid(
        _py(
            """
            import os

            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ["profile", "email", "read:current_user"]
            SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"audience": f"https://{SOCIAL_AUTH_AUTH0_DOMAIN}/userinfo"}
            """
        ),
        7,
        55,
        message="/userinfo",
        note="cross-module python-social-auth: settings.py audience /userinfo, views.py sends extra_data['access_token']",
        path="settings.py",
        extra_files={
            "views.py": _py(
                """
                import requests
                from django.conf import settings
                from django.contrib.auth.decorators import login_required
                from django.http import JsonResponse


                @login_required
                def auth0_profile(request):
                    social = request.user.social_auth.get(provider="auth0")
                    resp = requests.get(
                        f"https://{settings.SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/users/{social.uid}",
                        headers={"Authorization": f"Bearer {social.extra_data['access_token']}"},
                        timeout=10,
                    )
                    return JsonResponse(resp.json())
                """
            )
        },
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, redirect, request, session, url_for

            bp = Blueprint("auth", __name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            API_AUDIENCE = "https://api.acme-shop.com/"


            @bp.post("/login")
            def login():
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "customers",
                        "username": request.form["email"],
                        "password": request.form["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": API_AUDIENCE,
                        "scope": "read:current_user",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                session["user"] = resp.json()
                return redirect(url_for("views.profile"))
            """
        ),
        21,
        25,
        message="is not the Management API identifier",
        note="cross-module: auth.py stores the response in session['user'] (audience from a module constant), views.py uses it",
        path="auth.py",
        extra_files={
            "views.py": _py(
                """
                import os

                import requests
                from flask import Blueprint, jsonify, session

                bp = Blueprint("views", __name__)
                AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


                @bp.get("/profile")
                def profile():
                    resp = requests.get(
                        f"https://{AUTH0_DOMAIN}/api/v2/users/{session['user_id']}",
                        headers={"Authorization": f"Bearer {session['user']['access_token']}"},
                        timeout=10,
                    )
                    return jsonify(resp.json())
                """
            )
        },
    ),
    Invalid(
        _py(
            """
            import requests

            from settings import AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET

            AUTH0_DOMAIN = "acme.au.auth0.com"


            def get_tokens() -> dict:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": AUTH0_CLIENT_ID,
                        "client_secret": AUTH0_CLIENT_SECRET,
                        "audience": "https://acme.au.auth0.com/api/v2",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        15,
        25,
        message="is not the Management API identifier",
        note="cross-module: get_tokens() in auth.py (audience without trailing slash), imported by admin.py",
        path="auth.py",
        extra_files={
            "admin.py": _py(
                """
                import requests

                from auth import get_tokens


                def unlink(primary_id: str, provider: str, secondary_id: str) -> None:
                    tokens = get_tokens()
                    requests.delete(
                        f"https://acme.au.auth0.com/api/v2/users/{primary_id}/identities/{provider}/{secondary_id}",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"},
                        timeout=10,
                    ).raise_for_status()
                """
            )
        },
    ),
    Invalid(
        _py(
            """
            import os

            from authlib.integrations.flask_client import OAuth

            oauth = OAuth()
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "update:current_user_identities"},
                authorize_params={"audience": "https://api.myapp.com/"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )
            """
        ),
        11,
        35,
        message="is not the Management API identifier",
        note="cross-module Authlib: oauth registered in extensions.py, token used in linking.py",
        path="extensions.py",
        extra_files={
            "linking.py": _py(
                """
                import os

                import requests
                from flask import Blueprint, session

                from .extensions import oauth

                bp = Blueprint("linking", __name__)
                AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


                @bp.route("/link/callback")
                def link_callback():
                    token = oauth.auth0.authorize_access_token()
                    primary = session["primary_user_id"]
                    resp = requests.post(
                        f"https://{AUTH0_DOMAIN}/api/v2/users/{primary}/identities",
                        headers={"Authorization": f"Bearer {token['access_token']}"},
                        json={"link_with": session["secondary_id_token"]},
                        timeout=10,
                    )
                    resp.raise_for_status()
                    return "linked"
                """
            )
        },
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, request, url_for

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.get("/login")
            def login():
                prepared = requests.Request(
                    "GET",
                    f"https://{DOMAIN}/authorize",
                    params={
                        "response_type": "token",
                        "response_mode": "form_post",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": url_for("callback", _external=True),
                        "audience": f"https://{DOMAIN}/api/v2",
                        "scope": "read:current_user",
                    },
                ).prepare()
                return redirect(prepared.url)


            @app.post("/callback")
            def callback():
                resp = requests.delete(
                    f"https://{DOMAIN}/api/v2/device-credentials/{request.form['credential_id']}",
                    headers={"Authorization": f"Bearer {request.form['access_token']}"},
                    timeout=10,
                )
                return ("", resp.status_code)
            """
        ),
        20,
        25,
        message="is not the Management API identifier",
        note="requests.Request(..., params=) /authorize without the trailing slash, DELETE /device-credentials/{id}",
    ),
]

VALID_EXAMPLES: list[Valid] = [
    # ------------------------------------------------------------------ twins of the INVALID examples
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/mobile/profile")
            def mobile_profile():
                payload = request.get_json()
                tokens = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": payload["email"],
                        "password": payload["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                        "scope": "read:current_user",
                    },
                    timeout=10,
                ).json()
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{payload['user_id']}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        note="twin: password grant with f'https://{DOMAIN}/api/v2/'",
    ),
    Valid(
        _py(
            """
            import os

            import httpx
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def m2m_token() -> str:
                response = httpx.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                    },
                )
                response.raise_for_status()
                return response.json()["access_token"]


            def block_user(user_id: str) -> None:
                Auth0(DOMAIN, m2m_token()).users.update(user_id, {"blocked": True})
            """
        ),
        note="twin: client_credentials with the trailing slash",
    ),
    Valid(
        _py(
            """
            import requests
            from auth0.v3.management import Auth0

            TOKEN_URL = "https://acme.us.auth0.com/oauth/token"


            def management() -> Auth0:
                token = requests.post(
                    TOKEN_URL,
                    json={
                        "grant_type": "client_credentials",
                        "client_id": "Ixv0nGbq2xA7Q9dA5DLNXxZ0P2uW9hYw",
                        "client_secret": open("/run/secrets/auth0_m2m_secret").read().strip(),
                        "audience": "https://acme.us.auth0.com/api/v2/",
                    },
                    timeout=10,
                ).json()["access_token"]
                return Auth0("acme.us.auth0.com", token)


            def delete_device(credential_id: str) -> None:
                management().device_credentials.delete(credential_id)
            """
        ),
        note="twin: literal token URL and literal audience of the same tenant",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from flask import Flask, jsonify, redirect, request, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.get("/login")
            def login():
                query = urlencode(
                    {
                        "response_type": "token",
                        "response_mode": "form_post",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": url_for("callback", _external=True),
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                        "scope": "read:current_user",
                    }
                )
                return redirect(f"https://{AUTH0_DOMAIN}/authorize?{query}")


            @app.post("/callback")
            def callback():
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": f"Bearer {request.form['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        note="twin: urlencode(dict) /authorize with the Management API audience",
    ),
    Valid(
        _py(
            """
            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            from .secrets import CLIENT_ID, CLIENT_SECRET

            DOMAIN = "acme.eu.auth0.com"


            def admin_client() -> Auth0:
                token = GetToken(DOMAIN).client_credentials(
                    CLIENT_ID, CLIENT_SECRET, "https://acme.eu.auth0.com/api/v2/"
                )
                return Auth0(DOMAIN, token["access_token"])


            def reset_mfa(user_id: str) -> None:
                admin_client().users.delete_multifactor(user_id, "guardian")
            """
        ),
        note="twin: auth0-python 3.x client_credentials, literal domain and audience of the same tenant",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Users

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            gt = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])


            def set_theme(username: str, password: str, user_id: str, theme: str) -> dict:
                tokens = gt.login(
                    username,
                    password,
                    scope="update:current_user_metadata",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                users = Users(DOMAIN, tokens["access_token"])
                return users.update(user_id, {"user_metadata": {"theme": theme}})
            """
        ),
        note="twin: auth0-python 4.x login(audience=f'https://{DOMAIN}/api/v2/')",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, jsonify, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "read:current_user"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/login")
            def login():
                return oauth.auth0.authorize_redirect(
                    url_for("callback", _external=True), audience=f"https://{AUTH0_DOMAIN}/api/v2/"
                )


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{token['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {token['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        note="twin: Authlib authorize_redirect with the Management API audience",
    ),
    Valid(
        _py(
            """
            import os

            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ["profile", "email", "read:current_user"]
            SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"audience": f"https://{SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/"}
            """
        ),
        note="twin: social-auth audience of the Management API",
        path="settings.py",
        extra_files={
            "views.py": _py(
                """
                import requests
                from django.conf import settings
                from django.contrib.auth.decorators import login_required
                from django.http import JsonResponse


                @login_required
                def auth0_profile(request):
                    social = request.user.social_auth.get(provider="auth0")
                    resp = requests.get(
                        f"https://{settings.SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/users/{social.uid}",
                        headers={"Authorization": f"Bearer {social.extra_data['access_token']}"},
                        timeout=10,
                    )
                    return JsonResponse(resp.json())
                """
            )
        },
    ),
    Valid(
        _py(
            """
            import requests

            from settings import AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET

            AUTH0_DOMAIN = "acme.au.auth0.com"


            def get_tokens() -> dict:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": AUTH0_CLIENT_ID,
                        "client_secret": AUTH0_CLIENT_SECRET,
                        "audience": "https://acme.au.auth0.com/api/v2/",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="twin, cross-module: get_tokens() with the Management API audience, used by admin.py",
        path="auth.py",
        extra_files={
            "admin.py": _py(
                """
                import requests

                from auth import get_tokens


                def unlink(primary_id: str, provider: str, secondary_id: str) -> None:
                    tokens = get_tokens()
                    requests.delete(
                        f"https://acme.au.auth0.com/api/v2/users/{primary_id}/identities/{provider}/{secondary_id}",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"},
                        timeout=10,
                    ).raise_for_status()
                """
            )
        },
    ),
    Valid(
        _py(
            """
            import os

            import httpx
            from auth0_server_python.auth_server.server_client import ServerClient
            from fastapi import FastAPI, Request, Response

            from .stores import state_store, transaction_store

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            app = FastAPI()

            auth0 = ServerClient(
                domain=DOMAIN,
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                secret=os.environ["AUTH0_SECRET"],
                redirect_uri="https://app.example.com/auth/callback",
                state_store=state_store,
                transaction_store=transaction_store,
                authorization_params={"scope": "read:current_user", "audience": f"https://{DOMAIN}/api/v2/"},
            )


            @app.get("/me/enrollments")
            async def enrollments(request: Request, response: Response, user_id: str):
                token = await auth0.get_access_token(store_options={"request": request, "response": response})
                async with httpx.AsyncClient() as client:
                    resp = await client.get(
                        f"https://{DOMAIN}/api/v2/users/{user_id}/enrollments",
                        headers={"Authorization": f"Bearer {token}"},
                    )
                return resp.json()
            """
        ),
        note="twin: ServerClient with the Management API audience",
    ),
    # ------------------------------------------------------------------ not statically known / other tenants unknowable
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def management() -> Auth0:
                gt = GetToken(DOMAIN, os.environ["AUTH0_M2M_CLIENT_ID"], client_secret=os.environ["AUTH0_M2M_CLIENT_SECRET"])
                token = gt.client_credentials(os.environ["AUTH0_MANAGEMENT_AUDIENCE"])
                return Auth0(DOMAIN, token["access_token"])


            def deactivate(user_id: str) -> None:
                management().users.update(user_id, {"blocked": True})
            """
        ),
        note="audience from an environment variable: not statically known",
    ),
    Valid(
        _py(
            """
            import requests
            from django.conf import settings


            def mgmt_token() -> str:
                resp = requests.post(
                    f"https://{settings.AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": settings.AUTH0_M2M_CLIENT_ID,
                        "client_secret": settings.AUTH0_M2M_CLIENT_SECRET,
                        "audience": settings.AUTH0_MANAGEMENT_AUDIENCE,
                    },
                    timeout=10,
                )
                return resp.json()["access_token"]


            def enrollments(user_id: str) -> list:
                return requests.get(
                    f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": f"Bearer {mgmt_token()}"},
                    timeout=10,
                ).json()
            """
        ),
        note="audience from Django settings: not statically known",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def m2m_token() -> str:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                        "audience": "https://acme.eu.auth0.com/api/v2/",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()["access_token"]


            def unblock(user_id: str) -> None:
                requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    json={"blocked": False},
                    headers={"Authorization": f"Bearer {m2m_token()}"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        note="literal audience https://acme.eu.auth0.com/api/v2/ with a domain from the environment: cannot tell",
    ),
    # ------------------------------------------------------------------ another API's audience, never sent to the Management API
    Valid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, jsonify, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile read:orders"},
                authorize_params={"audience": "https://api.myapp.com/"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                session["user"] = oauth.auth0.authorize_access_token()
                return "ok"


            @app.route("/orders")
            def orders():
                resp = requests.get(
                    "https://api.myapp.com/v1/orders",
                    headers={"Authorization": f"Bearer {session['user']['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        note="the app's own API audience, token sent only to that API",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, jsonify, session

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile read:orders"},
                authorize_params={"audience": "https://api.myapp.com/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            def management_token() -> str:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                    },
                    timeout=10,
                )
                return resp.json()["access_token"]


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                session["api_token"] = token["access_token"]
                user_id = token["userinfo"]["sub"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {management_token()}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        note="own-API login token kept for the app's API; the Management API gets a separate M2M token",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, redirect, request, url_for

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.get("/login")
            def login():
                callback = url_for("callback", _external=True)
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=token&client_id={CLIENT_ID}&redirect_uri={callback}"
                    f"&audience=https%3A%2F%2F{DOMAIN}%2Fapi%2Fv2%2F&scope=read%3Acurrent_user&response_mode=form_post"
                )


            @app.post("/callback")
            def callback():
                resp = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": "Bearer " + request.form["access_token"]},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        note="twin: the Management API audience percent-encoded in an /authorize f-string query",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, redirect, request, url_for

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.get("/login")
            def login():
                callback = url_for("callback", _external=True)
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=token&client_id={CLIENT_ID}&redirect_uri={callback}"
                    f"&audience=https://{DOMAIN}/api/v2/&scope=read:current_user&response_mode=form_post"
                )


            @app.post("/callback")
            def callback():
                resp = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": "Bearer " + request.form["access_token"]},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        note="twin: the Management API audience written plainly in an /authorize f-string query",
    ),
]
