"""VALID and INVALID examples of SL107 excess-scope (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is the start of the user-facing request's scope value (a string, a list, a
keyword argument, a setting); when the scope is written inside the query string of an /authorize
URL, the start of the URL expression.
"""

import textwrap

from scopelint.rules.base import Invalid, Valid


def _py(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


def _fixed(example: Invalid, note: str, *replacements: tuple[str, str]) -> Valid:
    """The near-miss twin of an INVALID example: the same modules with the current-user scopes.
    Each `old` occurs exactly once in the reported file."""
    code = example.code
    for old, new in replacements:
        assert code.count(old) == 1, old
        code = code.replace(old, new)
    return Valid(code, note=note, path=example.path, extra_files=example.extra_files)


INVALID_EXAMPLES: list[Invalid] = [
    # ------------------------------------------------------------------ Authlib
    Invalid(
        _py(
            """
            import os

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
                client_kwargs={"scope": "openid profile read:users update:users"},
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                session["user"] = oauth.auth0.authorize_access_token()
                return redirect(url_for("index"))
            """
        ),
        15,
        29,
        message="read:users -> read:current_user",
        note="Authlib Flask register: any-user scopes with the Management API audience (no API call needed)",
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
                client_kwargs={"scope": "openid email read:users"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )
            """
        ),
        10,
        29,
        message="read:users -> read:current_user",
        note="Authlib registered in extensions.py, audience given to authorize_redirect in routes.py (another module)",
        path="extensions.py",
        extra_files={
            "routes.py": _py(
                """
                import os

                from flask import Blueprint, redirect, session, url_for

                from extensions import oauth

                bp = Blueprint("auth", __name__)


                @bp.route("/login")
                def login():
                    return oauth.auth0.authorize_redirect(
                        url_for("auth.callback", _external=True),
                        audience=f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/",
                    )


                @bp.route("/callback")
                def callback():
                    session["user"] = oauth.auth0.authorize_access_token()
                    return redirect("/")
                """
            )
        },
        fixed=_py(
            """
            import os

            from authlib.integrations.flask_client import OAuth

            oauth = OAuth()
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid email read:current_user"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )
            """
        ),
    ),
    # ------------------------------------------------------------------ raw /oauth/token
    Invalid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def profile(username: str, password: str, user_id: str) -> dict:
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid read:users",
                    },
                    timeout=10,
                ).json()
                return requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                ).json()
            """
        ),
        17,
        22,
        message="read:users -> read:current_user",
        note="requests.post json= password grant asking read:users, GET /users/{id}",
        fixed=_py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def profile(username: str, password: str, user_id: str) -> dict:
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid read:current_user",
                    },
                    timeout=10,
                ).json()
                return requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                ).json()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os
            import sys

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def main(username, password, user_id, theme):
                token = requests.post(
                    "https://%s/oauth/token" % DOMAIN,
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "openid update:users",
                    },
                ).json()["access_token"]
                requests.patch(
                    "https://%s/api/v2/users/%s" % (DOMAIN, user_id),
                    json={"user_metadata": {"theme": theme}},
                    headers={"Authorization": "Bearer %s" % token},
                ).raise_for_status()


            if __name__ == "__main__":
                main(*sys.argv[1:])
            """
        ),
        18,
        22,
        message="update:users -> update:current_user_metadata",
        note="CLI: data= password-realm without audience whose token reaches PATCH /users/{id}, asking update:users",
        fixed=_py(
            """
            import os
            import sys

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def main(username, password, user_id, theme):
                token = requests.post(
                    "https://%s/oauth/token" % DOMAIN,
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "openid update:current_user_metadata",
                    },
                ).json()["access_token"]
                requests.patch(
                    "https://%s/api/v2/users/%s" % (DOMAIN, user_id),
                    json={"user_metadata": {"theme": theme}},
                    headers={"Authorization": "Bearer %s" % token},
                ).raise_for_status()


            if __name__ == "__main__":
                main(*sys.argv[1:])
            """
        ),
    ),
    # ------------------------------------------------------------------ auth0-python GetToken
    Invalid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def my_enrollments(username, password, user_id):
                token = GetToken(DOMAIN).login(
                    os.environ["AUTH0_CLIENT_ID"],
                    os.environ["AUTH0_CLIENT_SECRET"],
                    username,
                    password,
                    "openid read:users update:users",
                    "Username-Password-Authentication",
                    f"https://{DOMAIN}/api/v2/",
                )
                return Auth0(DOMAIN, token["access_token"]).users.get_guardian_enrollments(user_id)
            """
        ),
        15,
        9,
        message="update:users -> update:current_user_metadata",
        note="auth0-python 3.x GetToken.login positional scope with read:users update:users",
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import DeviceCredentials

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def enroll_device(username: str, password: str, public_key: str, device_id: str) -> dict:
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                token = get_token.login(
                    username,
                    password,
                    scope="openid create:device_credentials",
                    realm="mobile-users",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                devices = DeviceCredentials(DOMAIN, token["access_token"])
                return devices.create(
                    {"device_name": "phone", "type": "public_key", "value": public_key, "device_id": device_id}
                )
            """
        ),
        14,
        15,
        message="create:device_credentials -> create:current_user_device_credentials",
        note="auth0-python 4.x GetToken.login keyword scope with create:device_credentials, DeviceCredentials.create",
        fixed=_py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import DeviceCredentials

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def enroll_device(username: str, password: str, public_key: str, device_id: str) -> dict:
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                token = get_token.login(
                    username,
                    password,
                    scope="openid create:current_user_device_credentials",
                    realm="mobile-users",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                devices = DeviceCredentials(DOMAIN, token["access_token"])
                return devices.create(
                    {"device_name": "phone", "type": "public_key", "value": public_key, "device_id": device_id}
                )
            """
        ),
    ),
    # ------------------------------------------------------------------ /authorize URLs
    Invalid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            from flask import Flask, redirect

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/login")
            def login():
                params = {
                    "response_type": "token id_token",
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": "https://app.example.com/callback",
                    "audience": f"https://{DOMAIN}/api/v2/",
                    "scope": "openid read:users",
                    "nonce": os.urandom(8).hex(),
                }
                return redirect(f"https://{DOMAIN}/authorize?{urlencode(params)}")
            """
        ),
        17,
        18,
        message="read:users -> read:current_user",
        note="/authorize urlencode(dict) with the Management API audience and read:users",
        fixed=_py(
            """
            import os
            from urllib.parse import urlencode

            from flask import Flask, redirect

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/login")
            def login():
                params = {
                    "response_type": "token id_token",
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": "https://app.example.com/callback",
                    "audience": f"https://{DOMAIN}/api/v2/",
                    "scope": "openid read:current_user",
                    "nonce": os.urandom(8).hex(),
                }
                return redirect(f"https://{DOMAIN}/authorize?{urlencode(params)}")
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.route("/mfa/login")
            def mfa_login():
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=token&client_id={CLIENT_ID}"
                    f"&redirect_uri=https://app.example.com/mfa&scope=update:users"
                )


            @app.post("/mfa/<provider>/remove")
            def remove(provider):
                requests.delete(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}/multifactor/{provider}",
                    headers={"Authorization": f"Bearer {request.form['access_token']}"},
                ).raise_for_status()
                return redirect("/mfa")
            """
        ),
        14,
        9,
        message="update:users -> update:current_user_metadata or delete:current_user_metadata",
        note="f-string /authorize query (no audience) whose browser-posted token DELETEs multifactor: at the URL expression",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/devices/login")
            def devices_login():
                prepared = requests.Request(
                    "GET",
                    f"https://{DOMAIN}/authorize",
                    params={
                        "response_type": "code",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid offline_access delete:device_credentials",
                        "redirect_uri": "https://app.example.com/devices/cb",
                    },
                ).prepare()
                return redirect(prepared.url)
            """
        ),
        19,
        22,
        message="delete:device_credentials -> delete:current_user_device_credentials",
        note="requests.Request(..., params=...) /authorize with delete:device_credentials",
        fixed=_py(
            """
            import os

            import requests
            from flask import Flask, redirect

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/devices/login")
            def devices_login():
                prepared = requests.Request(
                    "GET",
                    f"https://{DOMAIN}/authorize",
                    params={
                        "response_type": "code",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid offline_access delete:current_user_device_credentials",
                        "redirect_uri": "https://app.example.com/devices/cb",
                    },
                ).prepare()
                return redirect(prepared.url)
            """
        ),
    ),
    Invalid(
        _py(
            """
            from django.http import HttpResponse

            LOGIN_LINK = (
                '<a href="https://acme.auth0.com/authorize?response_type=token%20id_token&client_id=K9s'
                "&audience=https://acme.auth0.com/api/v2/&scope=openid%20read:users%20update:users"
                '&redirect_uri=https://acme.io/cb&nonce=x1">Sign in</a>'
            )


            def home(request):
                return HttpResponse(f"<html><body>{LOGIN_LINK}</body></html>")
            """
        ),
        4,
        5,
        message="update:users -> update:current_user_metadata",
        note="Django: HTML link to /authorize (adjacent strings) with read:users update:users: at the URL expression",
    ),
    # ------------------------------------------------------------------ requests-oauthlib
    Invalid(
        _py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def start_login():
                session = OAuth2Session(
                    os.environ["AUTH0_CLIENT_ID"],
                    scope=["openid", "profile", "read:users"],
                    redirect_uri="http://localhost:8765/callback",
                )
                url, state = session.authorization_url(f"https://{DOMAIN}/authorize", audience=f"https://{DOMAIN}/api/v2/")
                return session, url, state
            """
        ),
        11,
        15,
        message="read:users -> read:current_user",
        note="requests-oauthlib OAuth2Session scope list with read:users, audience passed to authorization_url",
        fixed=_py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def start_login():
                session = OAuth2Session(
                    os.environ["AUTH0_CLIENT_ID"],
                    scope=["openid", "profile", "read:current_user"],
                    redirect_uri="http://localhost:8765/callback",
                )
                url, state = session.authorization_url(f"https://{DOMAIN}/authorize", audience=f"https://{DOMAIN}/api/v2/")
                return session, url, state
            """
        ),
    ),
    # ------------------------------------------------------------------ python-social-auth
    Invalid(
        _py(
            """
            import os

            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "read:users", "update:users"]
            SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"audience": f"https://{SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/"}
            """
        ),
        6,
        27,
        message="read:users -> read:current_user",
        note="social-auth settings.py scope list with any-user scopes; views.py updates metadata with extra_data",
        path="settings.py",
        extra_files={
            "views.py": _py(
                """
                import requests
                from django.conf import settings
                from django.shortcuts import redirect


                def save_timezone(request):
                    social = request.user.social_auth.get(provider="auth0")
                    requests.patch(
                        f"https://{settings.SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/users/{social.uid}",
                        json={"user_metadata": {"tz": request.POST["tz"]}},
                        headers={"Authorization": "Bearer " + social.extra_data["access_token"]},
                    ).raise_for_status()
                    return redirect("settings")
                """
            )
        },
        fixed=_py(
            """
            import os

            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "read:current_user", "update:current_user_metadata", "update:current_user_metadata"]
            SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"audience": f"https://{SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/"}
            """
        ),
    ),
    # ------------------------------------------------------------------ auth0-server-python
    Invalid(
        _py(
            """
            import os

            from auth0_server_python.auth_server.server_client import ServerClient

            from .stores import state_store, transaction_store

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            auth0 = ServerClient(
                domain=DOMAIN,
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                secret=os.environ["AUTH0_SECRET"],
                redirect_uri="https://app.example.com/auth/callback",
                state_store=state_store,
                transaction_store=transaction_store,
                authorization_params={
                    "audience": f"https://{DOMAIN}/api/v2/",
                    "scope": "openid profile read:users",
                },
            )
            """
        ),
        18,
        18,
        message="read:users -> read:current_user",
        note="auth0-server-python ServerClient authorization_params with read:users and the Management API audience",
        fixed=_py(
            """
            import os

            from auth0_server_python.auth_server.server_client import ServerClient

            from .stores import state_store, transaction_store

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            auth0 = ServerClient(
                domain=DOMAIN,
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                secret=os.environ["AUTH0_SECRET"],
                redirect_uri="https://app.example.com/auth/callback",
                state_store=state_store,
                transaction_store=transaction_store,
                authorization_params={
                    "audience": f"https://{DOMAIN}/api/v2/",
                    "scope": "openid profile read:current_user",
                },
            )
            """
        ),
    ),
    # ------------------------------------------------------------------ cross-module
    Invalid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def get_tokens(username: str, password: str) -> dict:
                return requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": os.environ["AUTH0_AUDIENCE"],
                        "scope": "openid update:users",
                    },
                    timeout=10,
                ).json()
            """
        ),
        17,
        22,
        message="update:users -> update:current_user_metadata",
        note="helper get_tokens() in auth.py (audience from env), imported by views.py which links accounts with its token",
        path="auth.py",
        extra_files={
            "views.py": _py(
                """
                import os

                import requests
                from flask import Blueprint, request

                from auth import get_tokens

                bp = Blueprint("views", __name__)


                @bp.post("/link")
                def link():
                    tokens = get_tokens(request.form["username"], request.form["password"])
                    resp = requests.post(
                        f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/users/{request.form['user_id']}/identities",
                        json={"link_with": request.form["secondary_id_token"]},
                        headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    )
                    return resp.json(), resp.status_code
                """
            )
        },
        fixed=_py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def get_tokens(username: str, password: str) -> dict:
                return requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": os.environ["AUTH0_AUDIENCE"],
                        "scope": "openid update:current_user_identities",
                    },
                    timeout=10,
                ).json()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Blueprint, redirect, request, session

            bp = Blueprint("auth", __name__)


            @bp.post("/login")
            def login():
                session["user"] = requests.post(
                    f"https://{os.environ['AUTH0_DOMAIN']}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "customers",
                        "username": request.form["username"],
                        "password": request.form["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": os.environ["AUTH0_API_AUDIENCE"],
                        "scope": "openid read:users",
                    },
                ).json()
                return redirect("/profile")
            """
        ),
        20,
        22,
        message="read:users -> read:current_user",
        note="password-realm login in auth.py stores session['user']; views.py GETs /users/{id} with "
        "session['user']['access_token']",
        path="auth.py",
        extra_files={
            "views.py": _py(
                """
                import os

                import requests
                from flask import Blueprint, render_template, session

                bp = Blueprint("views", __name__)


                @bp.route("/profile")
                def profile():
                    data = requests.get(
                        f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/users/{session['user_id']}",
                        headers={"Authorization": "Bearer " + session["user"]["access_token"]},
                    ).json()
                    return render_template("profile.html", profile=data)
                """
            )
        },
        fixed=_py(
            """
            import os

            import requests
            from flask import Blueprint, redirect, request, session

            bp = Blueprint("auth", __name__)


            @bp.post("/login")
            def login():
                session["user"] = requests.post(
                    f"https://{os.environ['AUTH0_DOMAIN']}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "customers",
                        "username": request.form["username"],
                        "password": request.form["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": os.environ["AUTH0_API_AUDIENCE"],
                        "scope": "openid read:current_user",
                    },
                ).json()
                return redirect("/profile")
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(authorization_response: str) -> dict:
                session = OAuth2Session(
                    os.environ["AUTH0_CLIENT_ID"],
                    scope=["openid", "profile", "read:users"],
                    redirect_uri="http://localhost:8765/callback",
                )
                token = session.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    authorization_response=authorization_response,
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                return token
            """
        ),
        11,
        15,
        message="read:users -> read:current_user",
        note="requests-oauthlib OAuth2Session scope list with read:users, audience passed to fetch_token",
        fixed=_py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(authorization_response: str) -> dict:
                session = OAuth2Session(
                    os.environ["AUTH0_CLIENT_ID"],
                    scope=["openid", "profile", "read:current_user"],
                    redirect_uri="http://localhost:8765/callback",
                )
                token = session.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    authorization_response=authorization_response,
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                return token
            """
        ),
    ),
]


_I = INVALID_EXAMPLES

VALID_EXAMPLES: list[Valid] = [
    # ------------------------------------------------------------------ near-miss twins
    _fixed(
        _I[0],
        "Authlib Flask, twin: current-user scopes",
        ('"openid profile read:users update:users"', '"openid profile read:current_user update:current_user_metadata"'),
    ),
    _fixed(
        _I[1],
        "Authlib across modules, twin: read:current_user",
        ('"openid email read:users"', '"openid email read:current_user"'),
    ),
    _fixed(_I[2], "password grant, twin: read:current_user", ('"openid read:users"', '"openid read:current_user"')),
    _fixed(
        _I[3],
        "password-realm CLI, twin: update:current_user_metadata",
        ('"openid update:users"', '"openid update:current_user_metadata"'),
    ),
    _fixed(
        _I[4],
        "GetToken 3.x, twin: read:current_user update:current_user_metadata",
        ('"openid read:users update:users"', '"openid read:current_user update:current_user_metadata"'),
    ),
    _fixed(
        _I[5],
        "GetToken 4.x, twin: create:current_user_device_credentials",
        ('"openid create:device_credentials"', '"openid create:current_user_device_credentials"'),
    ),
    _fixed(_I[6], "/authorize urlencode, twin: read:current_user", ('"openid read:users"', '"openid read:current_user"')),
    _fixed(
        _I[7],
        "/authorize f-string, twin: delete:current_user_metadata",
        ("&scope=update:users", "&scope=delete:current_user_metadata"),
    ),
    _fixed(
        _I[8],
        "requests.Request params, twin: delete:current_user_device_credentials",
        ("delete:device_credentials", "delete:current_user_device_credentials"),
    ),
    _fixed(
        _I[9],
        "HTML link, twin: current-user scopes",
        ("scope=openid%20read:users%20update:users", "scope=openid%20read:current_user%20update:current_user_metadata"),
    ),
    _fixed(
        _I[10],
        "OAuth2Session, twin: read:current_user",
        ('["openid", "profile", "read:users"]', '["openid", "profile", "read:current_user"]'),
    ),
    _fixed(
        _I[11],
        "social-auth, twin: current-user scopes",
        ('"read:users", "update:users"]', '"read:current_user", "update:current_user_metadata"]'),
    ),
    _fixed(_I[12], "ServerClient, twin: read:current_user", ('"openid profile read:users"', '"openid profile read:current_user"')),
    _fixed(
        _I[13],
        "helper get_tokens() across modules, twin: update:current_user_identities",
        ('"openid update:users"', '"openid update:current_user_identities"'),
    ),
    _fixed(_I[14], "session['user'] across modules, twin: read:current_user", ('"openid read:users"', '"openid read:current_user"')),
    _fixed(
        _I[15],
        "OAuth2Session with fetch_token(audience=...), twin: read:current_user",
        ('["openid", "profile", "read:users"]', '["openid", "profile", "read:current_user"]'),
    ),
    # ------------------------------------------------------------------ not this rule's business
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
                        "client_id": os.environ["M2M_CLIENT_ID"],
                        "client_secret": os.environ["M2M_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "read:users update:users",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()["access_token"]


            def block(user_id: str) -> None:
                requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    json={"blocked": True},
                    headers={"Authorization": f"Bearer {management_token()}"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        note="client_credentials asking read:users update:users: the correct machine-to-machine token",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from auth0.v3.management import DeviceCredentials

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def revoke(device_id: str) -> None:
                token = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["M2M_CLIENT_ID"],
                        "client_secret": os.environ["M2M_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "read:users delete:device_credentials",
                    },
                ).json()["access_token"]
                DeviceCredentials(DOMAIN, token).delete(device_id)
            """
        ),
        note="client_credentials (data=) with delete:device_credentials for DeviceCredentials.delete: correct M2M",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/login")
            def login():
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": request.form["username"],
                        "password": request.form["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": "https://crm.example.com/api",
                        "scope": "openid read:users",
                    },
                ).json()
                team = requests.get(
                    "https://crm.example.com/api/v2/users",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).json()
                return jsonify(team)
            """
        ),
        note="another API's audience (the company CRM defines its own read:users scope), no Management API call",
    ),
    Valid(
        _py(
            """
            import os

            from authlib.integrations.starlette_client import OAuth

            oauth = OAuth()
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile read:users"},
                authorize_params={"audience": "https://reports.example.com"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )
            """
        ),
        note="Authlib with the app's own reporting API audience: read:users is that API's scope, not the Management API's",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def me(username: str, password: str, user_id: str) -> dict:
                token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"]).login(
                    username,
                    password,
                    scope=os.environ.get("AUTH0_SCOPE", "openid"),
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                return Auth0(DOMAIN, token["access_token"]).users.get(user_id)
            """
        ),
        note="user-facing scope from configuration: not statically known, say nothing",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import ManagementClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def offboard(user_id: str) -> None:
                token = GetToken(DOMAIN, os.environ["M2M_CLIENT_ID"], client_secret=os.environ["M2M_CLIENT_SECRET"])
                grant = token.client_credentials(f"https://{DOMAIN}/api/v2/")
                client = ManagementClient(domain=DOMAIN, token=grant["access_token"])
                client.users.update(user_id, blocked=True)
                client.users.multifactor.delete_provider(user_id, "guardian")
            """
        ),
        note="auth0-python client_credentials token used with ManagementClient 5.x: any-user access is right here",
    ),
]
