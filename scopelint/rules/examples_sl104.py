"""VALID and INVALID examples of SL104 missing-scope (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is the start of the token request's scope value; when a user-facing
request sends no scope at all, the request itself: the body dict of an /oauth/token call, the
GetToken method call, the /authorize URL expression, `oauth.register(` for Authlib, the
OAuth2Session / ServerClient constructor. For /authorize URLs whose scope is written inside the
query string, the URL expression.
"""

import textwrap

from scopelint.rules.base import Invalid, Valid


def _py(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


def _fixed(example: Invalid, old: str, new: str, note: str) -> Valid:
    """The near-miss twin of an INVALID example: the same modules with the fix applied to the
    reported file (`old` occurs there exactly once)."""
    assert example.code.count(old) == 1, old
    return Valid(example.code.replace(old, new), note=note, path=example.path, extra_files=example.extra_files)


INVALID_EXAMPLES: list[Invalid] = [
    # ------------------------------------------------------------------ Authlib
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
                client_kwargs={"scope": "openid profile email"},
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                session["user"] = oauth.auth0.authorize_access_token()
                return redirect(url_for("settings"))


            @app.post("/settings")
            def settings():
                user = session["user"]
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    json={"user_metadata": {"theme": request.form["theme"]}},
                    headers={"Authorization": f"Bearer {user['access_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return redirect(url_for("settings"))
            """
        ),
        16,
        29,
        message="update:current_user_metadata",
        note="Authlib Flask: client_kwargs scope without update:current_user_metadata, PATCH /users/{id} through session['user']",
        fixed=_py(
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
                client_kwargs={"scope": "openid profile email update:current_user_metadata"},
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                session["user"] = oauth.auth0.authorize_access_token()
                return redirect(url_for("settings"))


            @app.post("/settings")
            def settings():
                user = session["user"]
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    json={"user_metadata": {"theme": request.form["theme"]}},
                    headers={"Authorization": f"Bearer {user['access_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return redirect(url_for("settings"))
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            from authlib.integrations.flask_client import OAuth

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth()
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )
            """
        ),
        8,
        1,
        message="no scope",
        note="Authlib registered in extensions.py without any scope; views.py reads the profile with oauth.auth0's token",
        path="extensions.py",
        extra_files={
            "views.py": _py(
                """
                import requests
                from flask import Blueprint, current_app, render_template

                from .extensions import oauth

                bp = Blueprint("views", __name__)


                @bp.route("/callback")
                def callback():
                    token = oauth.auth0.authorize_access_token()
                    domain = current_app.config["AUTH0_DOMAIN"]
                    profile = requests.get(
                        f"https://{domain}/api/v2/users/{token['userinfo']['sub']}",
                        headers={"Authorization": "Bearer " + token["access_token"]},
                        timeout=10,
                    ).json()
                    return render_template("profile.html", profile=profile)
                """
            )
        },
        fixed=_py(
            """
            import os

            from authlib.integrations.flask_client import OAuth

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth()
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/", "scope": "openid read:current_user"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            from authlib.integrations.starlette_client import OAuth
            from starlette.config import Config

            config = Config(".env")
            oauth = OAuth(config)
            oauth.register(
                name="auth0",
                client_id=config("AUTH0_CLIENT_ID"),
                client_secret=config("AUTH0_CLIENT_SECRET"),
                client_kwargs={"scope": "openid profile read:current_user"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )
            """
        ),
        12,
        29,
        message="delete:current_user_metadata",
        note="Authlib Starlette registered in auth.py, audience passed to authorize_redirect in routes.py, "
        "DELETE /users/{id}/multifactor/{provider} with httpx",
        path="auth.py",
        extra_files={
            "routes.py": _py(
                """
                import os

                import httpx
                from fastapi import APIRouter, Request
                from fastapi.responses import RedirectResponse

                from auth import oauth

                router = APIRouter()
                DOMAIN = os.environ["AUTH0_DOMAIN"]


                @router.get("/login")
                async def login(request: Request):
                    return await oauth.auth0.authorize_redirect(
                        request, request.url_for("callback"), audience=f"https://{DOMAIN}/api/v2/"
                    )


                @router.get("/callback")
                async def callback(request: Request):
                    request.session["user"] = await oauth.auth0.authorize_access_token(request)
                    return RedirectResponse("/security")


                @router.post("/security/mfa/{provider}/reset")
                async def reset_mfa(request: Request, provider: str):
                    user = request.session["user"]
                    async with httpx.AsyncClient(base_url=f"https://{DOMAIN}/api/v2") as client:
                        await client.delete(
                            f"/users/{user['userinfo']['sub']}/multifactor/{provider}",
                            headers={"Authorization": f"Bearer {user['access_token']}"},
                        )
                    return RedirectResponse("/security", status_code=303)
                """
            )
        },
        fixed=_py(
            """
            import os

            from authlib.integrations.starlette_client import OAuth
            from starlette.config import Config

            config = Config(".env")
            oauth = OAuth(config)
            oauth.register(
                name="auth0",
                client_id=config("AUTH0_CLIENT_ID"),
                client_secret=config("AUTH0_CLIENT_SECRET"),
                client_kwargs={"scope": "openid profile read:current_user delete:current_user_metadata"},
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
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            def fetch_profile(username: str, password: str, user_id: str) -> dict:
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": CLIENT_ID,
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid profile",
                    },
                    timeout=10,
                ).json()
                resp = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        18,
        22,
        message="read:current_user",
        note="requests.post json= password grant, scope 'openid profile', GET /users/{id}",
        fixed=_py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            def fetch_profile(username: str, password: str, user_id: str) -> dict:
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": CLIENT_ID,
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid profile read:current_user",
                    },
                    timeout=10,
                ).json()
                resp = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
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


            def main(username: str, password: str, user_id: str, locale: str) -> None:
                token_resp = requests.post(
                    "https://" + DOMAIN + "/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": "https://" + DOMAIN + "/api/v2/",
                        "scope": "openid read:current_user",
                    },
                )
                access_token = token_resp.json()["access_token"]
                r = requests.patch(
                    "https://" + DOMAIN + "/api/v2/users/" + user_id,
                    json={"user_metadata": {"locale": locale}},
                    headers={"Authorization": "Bearer " + access_token},
                )
                r.raise_for_status()


            if __name__ == "__main__":
                main(*sys.argv[1:5])
            """
        ),
        19,
        22,
        message="update:current_user_metadata",
        note="CLI script: data= password-realm grant, scope read:current_user only, PATCH /users/{id}",
        fixed=_py(
            """
            import os
            import sys

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def main(username: str, password: str, user_id: str, locale: str) -> None:
                token_resp = requests.post(
                    "https://" + DOMAIN + "/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": "https://" + DOMAIN + "/api/v2/",
                        "scope": "openid read:current_user update:current_user_metadata",
                    },
                )
                access_token = token_resp.json()["access_token"]
                r = requests.patch(
                    "https://" + DOMAIN + "/api/v2/users/" + user_id,
                    json={"user_metadata": {"locale": locale}},
                    headers={"Authorization": "Bearer " + access_token},
                )
                r.raise_for_status()


            if __name__ == "__main__":
                main(*sys.argv[1:5])
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from django.conf import settings
            from django.http import JsonResponse


            def mfa_enrollments(request):
                payload = {
                    "grant_type": "password",
                    "client_id": settings.AUTH0_CLIENT_ID,
                    "username": request.POST["username"],
                    "password": request.POST["password"],
                    "audience": f"https://{settings.AUTH0_DOMAIN}/api/v2/",
                }
                tokens = requests.post(f"https://{settings.AUTH0_DOMAIN}/oauth/token", json=payload).json()
                user_id = request.POST["user_id"]
                enrollments = requests.get(
                    f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).json()
                return JsonResponse({"enrollments": enrollments, "debug": os.environ.get("DEBUG")})
            """
        ),
        9,
        15,
        message="no scope",
        note="Django view: password grant body dict without scope at all, GET /users/{id}/enrollments",
        fixed=_py(
            """
            import os

            import requests
            from django.conf import settings
            from django.http import JsonResponse


            def mfa_enrollments(request):
                payload = {
                    "grant_type": "password",
                    "client_id": settings.AUTH0_CLIENT_ID,
                    "username": request.POST["username"],
                    "password": request.POST["password"],
                    "audience": f"https://{settings.AUTH0_DOMAIN}/api/v2/",
                    "scope": "openid read:current_user",
                }
                tokens = requests.post(f"https://{settings.AUTH0_DOMAIN}/oauth/token", json=payload).json()
                user_id = request.POST["user_id"]
                enrollments = requests.get(
                    f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).json()
                return JsonResponse({"enrollments": enrollments, "debug": os.environ.get("DEBUG")})
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def sync_roles(user_id: str, app_metadata: dict) -> None:
                token = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["M2M_CLIENT_ID"],
                        "client_secret": os.environ["M2M_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "read:users",
                    },
                    timeout=10,
                ).json()["access_token"]
                requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    json={"app_metadata": app_metadata},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        16,
        22,
        message="update:users",
        note="client_credentials with an explicit scope 'read:users' used for PATCH /users/{id} (needs update:users)",
        fixed=_py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def sync_roles(user_id: str, app_metadata: dict) -> None:
                token = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["M2M_CLIENT_ID"],
                        "client_secret": os.environ["M2M_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "read:users update:users",
                    },
                    timeout=10,
                ).json()["access_token"]
                requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    json={"app_metadata": app_metadata},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=10,
                ).raise_for_status()
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
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]


            def save_preferences(username, password, user_id, prefs):
                token = GetToken(DOMAIN).login(
                    CLIENT_ID,
                    CLIENT_SECRET,
                    username,
                    password,
                    "openid profile",
                    "Username-Password-Authentication",
                    "https://" + DOMAIN + "/api/v2/",
                )
                auth0 = Auth0(DOMAIN, token["access_token"])
                return auth0.users.update(user_id, {"user_metadata": prefs})
            """
        ),
        17,
        9,
        message="update:current_user_metadata",
        note="auth0-python 3.x GetToken.login positional scope without update:current_user_metadata, Auth0.users.update",
        fixed=_py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]


            def save_preferences(username, password, user_id, prefs):
                token = GetToken(DOMAIN).login(
                    CLIENT_ID,
                    CLIENT_SECRET,
                    username,
                    password,
                    "openid profile update:current_user_metadata",
                    "Username-Password-Authentication",
                    "https://" + DOMAIN + "/api/v2/",
                )
                auth0 = Auth0(DOMAIN, token["access_token"])
                return auth0.users.update(user_id, {"user_metadata": prefs})
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Users

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def link_secondary(username, password, primary_id, secondary_id_token):
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                token = get_token.login(
                    username,
                    password,
                    scope="openid read:current_user",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                users = Users(DOMAIN, token["access_token"])
                return users.link_user_account(primary_id, {"link_with": secondary_id_token})
            """
        ),
        14,
        15,
        message="update:current_user_identities",
        note="auth0-python 4.x GetToken.login keyword scope without update:current_user_identities, Users.link_user_account",
        fixed=_py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Users

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def link_secondary(username, password, primary_id, secondary_id_token):
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                token = get_token.login(
                    username,
                    password,
                    scope="openid read:current_user update:current_user_identities",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                users = Users(DOMAIN, token["access_token"])
                return users.link_user_account(primary_id, {"link_with": secondary_id_token})
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def remove_device(username: str, password: str, device_id: str) -> None:
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"])
                token = get_token.login(username, password, realm="mobile-users", audience=f"https://{DOMAIN}/api/v2/")
                Auth0(DOMAIN, token["access_token"]).device_credentials.delete(device_id)
            """
        ),
        11,
        13,
        message="delete:current_user_device_credentials",
        note="auth0-python 4.x GetToken.login without scope: reported at the call, DELETE /device-credentials/{id}",
        fixed=_py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def remove_device(username: str, password: str, device_id: str) -> None:
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"])
                token = get_token.login(username, password, realm="mobile-users", audience=f"https://{DOMAIN}/api/v2/", scope="openid delete:current_user_device_credentials")
                Auth0(DOMAIN, token["access_token"]).device_credentials.delete(device_id)
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from auth0.v3.management import DeviceCredentials

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def revoke_lost_device(device_id: str) -> None:
                \"\"\"Support tool: revoke a device credential reported lost.\"\"\"
                token = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["SUPPORT_CLIENT_ID"],
                        "client_secret": os.environ["SUPPORT_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "read:users update:users",
                    },
                ).json()
                DeviceCredentials(DOMAIN, token["access_token"]).delete(device_id)
            """
        ),
        18,
        22,
        message="delete:device_credentials",
        note="client_credentials (data=) with an explicit scope lacking delete:device_credentials, DeviceCredentials.delete",
        fixed=_py(
            '''
            import os

            import requests
            from auth0.v3.management import DeviceCredentials

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def revoke_lost_device(device_id: str) -> None:
                """Support tool: revoke a device credential reported lost."""
                token = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["SUPPORT_CLIENT_ID"],
                        "client_secret": os.environ["SUPPORT_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "read:users update:users delete:device_credentials",
                    },
                ).json()
                DeviceCredentials(DOMAIN, token["access_token"]).delete(device_id)
            '''
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import click
            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @click.command()
            @click.argument("username")
            @click.password_option()
            @click.argument("user_id")
            def enrollments(username, password, user_id):
                token = GetToken(DOMAIN).login(
                    client_id=os.environ["AUTH0_CLIENT_ID"],
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    username=username,
                    password=password,
                    scope="openid email",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                mgmt = Auth0(DOMAIN, token["access_token"])
                for enrollment in mgmt.users.get_guardian_enrollments(user_id):
                    click.echo(f"{enrollment['type']}: {enrollment['status']}")
            """
        ),
        20,
        15,
        message="read:current_user",
        note="click CLI: auth0-python 3.x GetToken.login keyword scope without read:current_user, users.get_guardian_enrollments",
        fixed=_py(
            """
            import os

            import click
            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @click.command()
            @click.argument("username")
            @click.password_option()
            @click.argument("user_id")
            def enrollments(username, password, user_id):
                token = GetToken(DOMAIN).login(
                    client_id=os.environ["AUTH0_CLIENT_ID"],
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    username=username,
                    password=password,
                    scope="openid email read:current_user",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                mgmt = Auth0(DOMAIN, token["access_token"])
                for enrollment in mgmt.users.get_guardian_enrollments(user_id):
                    click.echo(f"{enrollment['type']}: {enrollment['status']}")
            """
        ),
    ),
    # ------------------------------------------------------------------ /authorize URLs
    Invalid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from flask import Flask, jsonify, redirect, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/login")
            def login():
                params = {
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": "https://app.example.com/callback",
                    "response_type": "token id_token",
                    "audience": f"https://{DOMAIN}/api/v2/",
                    "scope": "openid profile email",
                    "nonce": os.urandom(8).hex(),
                }
                return redirect(f"https://{DOMAIN}/authorize?" + urlencode(params))


            @app.post("/session")
            def store_session():
                # the callback page posts the fragment's tokens here
                access_token = request.form["access_token"]
                user_id = request.form["user_id"]
                enrollments = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": f"Bearer {access_token}"},
                ).json()
                return jsonify(enrollments)
            """
        ),
        18,
        18,
        message="read:current_user",
        note="/authorize with urlencode(dict), scope without read:current_user, tokens posted back by the browser",
        fixed=_py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from flask import Flask, jsonify, redirect, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/login")
            def login():
                params = {
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": "https://app.example.com/callback",
                    "response_type": "token id_token",
                    "audience": f"https://{DOMAIN}/api/v2/",
                    "scope": "openid profile email read:current_user",
                    "nonce": os.urandom(8).hex(),
                }
                return redirect(f"https://{DOMAIN}/authorize?" + urlencode(params))


            @app.post("/session")
            def store_session():
                # the callback page posts the fragment's tokens here
                access_token = request.form["access_token"]
                user_id = request.form["user_id"]
                enrollments = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": f"Bearer {access_token}"},
                ).json()
                return jsonify(enrollments)
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


            @app.route("/security/login")
            def security_login():
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=token%20id_token&client_id={CLIENT_ID}"
                    f"&redirect_uri=https://app.example.com/security/cb&audience=https://{DOMAIN}/api/v2/"
                    f"&scope=openid%20read:current_user&nonce={os.urandom(8).hex()}"
                )


            @app.post("/security/mfa/<provider>/delete")
            def delete_mfa(provider):
                token = request.form["access_token"]
                requests.delete(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}/multifactor/{provider}",
                    headers={"Authorization": "Bearer " + token},
                ).raise_for_status()
                return redirect("/security")
            """
        ),
        14,
        9,
        message="delete:current_user_metadata",
        note="/authorize f-string query with scope inside the URL: reported at the URL expression; DELETE multifactor",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/devices/login")
            def devices_login():
                prepared = requests.Request(
                    "GET",
                    f"https://{DOMAIN}/authorize",
                    params={
                        "response_type": "token id_token",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": "https://app.example.com/devices/cb",
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid read:current_user",
                    },
                ).prepare()
                return redirect(prepared.url)


            @app.post("/devices")
            def register_device():
                resp = requests.post(
                    f"https://{DOMAIN}/api/v2/device-credentials",
                    json={
                        "device_name": request.json["device_name"],
                        "type": "public_key",
                        "value": request.json["public_key"],
                        "device_id": request.json["device_id"],
                    },
                    headers={"Authorization": f"Bearer {request.json['access_token']}"},
                )
                return resp.json(), resp.status_code
            """
        ),
        20,
        22,
        message="create:current_user_device_credentials",
        note="requests.Request(..., params=...) /authorize, POST /device-credentials with the token the browser sends",
        fixed=_py(
            """
            import os

            import requests
            from flask import Flask, redirect, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/devices/login")
            def devices_login():
                prepared = requests.Request(
                    "GET",
                    f"https://{DOMAIN}/authorize",
                    params={
                        "response_type": "token id_token",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": "https://app.example.com/devices/cb",
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid read:current_user create:current_user_device_credentials",
                    },
                ).prepare()
                return redirect(prepared.url)


            @app.post("/devices")
            def register_device():
                resp = requests.post(
                    f"https://{DOMAIN}/api/v2/device-credentials",
                    json={
                        "device_name": request.json["device_name"],
                        "type": "public_key",
                        "value": request.json["public_key"],
                        "device_id": request.json["device_id"],
                    },
                    headers={"Authorization": f"Bearer {request.json['access_token']}"},
                )
                return resp.json(), resp.status_code
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests
            from flask import Flask, request

            app = Flask(__name__)

            LOGIN_PAGE = \"\"\"
            <html><body>
              <a href="https://acme.eu.auth0.com/authorize?response_type=token&client_id=abc123&redirect_uri=https://app.acme.io/cb&audience=https://acme.eu.auth0.com/api/v2/">Sign in</a>
            </body></html>
            \"\"\"


            @app.route("/")
            def index():
                return LOGIN_PAGE


            @app.post("/accounts/unlink")
            def unlink():
                user_id = request.form["user_id"]
                requests.delete(
                    f"https://acme.eu.auth0.com/api/v2/users/{user_id}/identities/google-oauth2/{request.form['google_id']}",
                    headers={"Authorization": "Bearer " + request.form["access_token"]},
                ).raise_for_status()
                return "", 204
            """
        ),
        6,
        14,
        message="no scope",
        note="HTML page with an /authorize link without any scope, unlink with the token the browser posts back",
    ),
    # ------------------------------------------------------------------ requests-oauthlib
    Invalid(
        _py(
            """
            import os

            from flask import Flask, redirect, request, session
            from requests_oauthlib import OAuth2Session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.route("/callback")
            def callback():
                auth0 = OAuth2Session(
                    CLIENT_ID,
                    scope=["openid", "profile", "email"],
                    redirect_uri="https://app.example.com/callback",
                )
                auth0.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    authorization_response=request.url,
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                profile = auth0.get(f"https://{DOMAIN}/api/v2/users/{session['user_id']}").json()
                session["profile"] = profile
                return redirect("/")
            """
        ),
        15,
        15,
        message="read:current_user",
        note="requests-oauthlib OAuth2Session scope list without read:current_user; the session itself GETs /users/{id}",
        fixed=_py(
            """
            import os

            from flask import Flask, redirect, request, session
            from requests_oauthlib import OAuth2Session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.route("/callback")
            def callback():
                auth0 = OAuth2Session(
                    CLIENT_ID,
                    scope=["openid", "profile", "email", "read:current_user"],
                    redirect_uri="https://app.example.com/callback",
                )
                auth0.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    authorization_response=request.url,
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                profile = auth0.get(f"https://{DOMAIN}/api/v2/users/{session['user_id']}").json()
                session["profile"] = profile
                return redirect("/")
            """
        ),
    ),
    # ------------------------------------------------------------------ python-social-auth
    Invalid(
        _py(
            """
            import os

            INSTALLED_APPS = ["django.contrib.auth", "social_django"]
            AUTHENTICATION_BACKENDS = ["social_core.backends.auth0.Auth0OAuth2"]
            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "email"]
            SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"audience": f"https://{SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/"}
            """
        ),
        8,
        27,
        message="update:current_user_metadata",
        note="social-auth settings.py scope list, views.py PATCHes user_metadata with extra_data['access_token']",
        path="settings.py",
        extra_files={
            "views.py": _py(
                """
                import requests
                from django.conf import settings
                from django.contrib.auth.decorators import login_required
                from django.shortcuts import redirect


                @login_required
                def update_nickname(request):
                    social = request.user.social_auth.get(provider="auth0")
                    requests.patch(
                        f"https://{settings.SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/users/{social.uid}",
                        json={"user_metadata": {"nickname": request.POST["nickname"]}},
                        headers={"Authorization": "Bearer " + social.extra_data["access_token"]},
                        timeout=10,
                    ).raise_for_status()
                    return redirect("profile")
                """
            )
        },
        fixed=_py(
            """
            import os

            INSTALLED_APPS = ["django.contrib.auth", "social_django"]
            AUTHENTICATION_BACKENDS = ["social_core.backends.auth0.Auth0OAuth2"]
            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "email", "update:current_user_metadata"]
            SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"audience": f"https://{SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/"}
            """
        ),
    ),
    # ------------------------------------------------------------------ auth0-server-python
    Invalid(
        _py(
            """
            import os

            import httpx
            from auth0_server_python.auth_server.server_client import ServerClient
            from fastapi import FastAPI

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
                authorization_params={"scope": "openid profile email", "audience": f"https://{DOMAIN}/api/v2/"},
            )
            app = FastAPI()


            @app.post("/me/metadata")
            async def update_metadata(user_id: str, metadata: dict):
                token = await auth0.get_access_token()
                async with httpx.AsyncClient() as client:
                    resp = await client.patch(
                        f"https://{DOMAIN}/api/v2/users/{user_id}",
                        json={"user_metadata": metadata},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                return resp.json()
            """
        ),
        18,
        36,
        message="update:current_user_metadata",
        note="auth0-server-python ServerClient authorization_params scope without update:current_user_metadata, httpx PATCH",
        fixed=_py(
            """
            import os

            import httpx
            from auth0_server_python.auth_server.server_client import ServerClient
            from fastapi import FastAPI

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
                authorization_params={"scope": "openid profile email update:current_user_metadata", "audience": f"https://{DOMAIN}/api/v2/"},
            )
            app = FastAPI()


            @app.post("/me/metadata")
            async def update_metadata(user_id: str, metadata: dict):
                token = await auth0.get_access_token()
                async with httpx.AsyncClient() as client:
                    resp = await client.patch(
                        f"https://{DOMAIN}/api/v2/users/{user_id}",
                        json={"user_metadata": metadata},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                return resp.json()
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
                resp = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid offline_access",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        17,
        22,
        message="create:current_user_device_credentials",
        note="helper get_tokens() in auth.py imported by devices.py (from .auth import get_tokens), POST /device-credentials",
        path="auth.py",
        extra_files={
            "devices.py": _py(
                """
                import os

                import requests

                from .auth import get_tokens


                def enroll_device(username, password, device):
                    tokens = get_tokens(username, password)
                    resp = requests.post(
                        f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/device-credentials",
                        json=device,
                        headers={"Authorization": f"Bearer {tokens['access_token']}"},
                        timeout=10,
                    )
                    return resp.json()
                """
            )
        },
        fixed=_py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def get_tokens(username: str, password: str) -> dict:
                resp = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid offline_access create:current_user_device_credentials",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
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
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.post("/login")
            def login():
                token = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "employees",
                        "username": request.form["username"],
                        "password": request.form["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid profile read:current_user",
                    },
                ).json()
                session["user"] = token
                return redirect("/accounts")
            """
        ),
        21,
        22,
        message="update:current_user_identities",
        note="password-realm login in auth.py stores session['user'] = token; views.py links accounts with "
        "session['user']['access_token']",
        path="auth.py",
        extra_files={
            "views.py": _py(
                """
                import os

                import requests
                from flask import Blueprint, request, session

                bp = Blueprint("views", __name__)


                @bp.post("/accounts/link")
                def link():
                    user = session["user"]
                    resp = requests.post(
                        f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/users/{request.form['primary_id']}/identities",
                        json={"link_with": request.form["secondary_id_token"]},
                        headers={"Authorization": f"Bearer {session['user']['access_token']}"},
                    )
                    return resp.json(), resp.status_code
                """
            )
        },
        fixed=_py(
            """
            import os

            import requests
            from flask import Blueprint, redirect, request, session

            bp = Blueprint("auth", __name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.post("/login")
            def login():
                token = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "employees",
                        "username": request.form["username"],
                        "password": request.form["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid profile read:current_user update:current_user_identities",
                    },
                ).json()
                session["user"] = token
                return redirect("/accounts")
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def remove_authenticator(authorization_response: str, user_id: str) -> None:
                session = OAuth2Session(os.environ["AUTH0_CLIENT_ID"], redirect_uri="http://localhost:8080/cb")
                session.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    authorization_response=authorization_response,
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                session.delete(f"https://{DOMAIN}/api/v2/users/{user_id}/multifactor/guardian").raise_for_status()
            """
        ),
        9,
        15,
        message="no scope",
        note="OAuth2Session without any scope: reported at the constructor; the session DELETEs multifactor itself",
        fixed=_py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def remove_authenticator(authorization_response: str, user_id: str) -> None:
                session = OAuth2Session(os.environ["AUTH0_CLIENT_ID"], redirect_uri="http://localhost:8080/cb", scope="openid delete:current_user_metadata")
                session.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                    authorization_response=authorization_response,
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                session.delete(f"https://{DOMAIN}/api/v2/users/{user_id}/multifactor/guardian").raise_for_status()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import httpx
            from auth0.management import ManagementClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def unlink_github(username: str, password: str, user_id: str, github_user_id: str) -> None:
                tokens = httpx.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "read:current_user",
                    },
                ).json()
                client = ManagementClient(domain=DOMAIN, token=tokens["access_token"])
                client.users.identities.delete(user_id, "github", github_user_id)
            """
        ),
        19,
        22,
        message="update:current_user_identities",
        note="httpx.post json= password-realm, scope 'read:current_user', auth0-python 5.x ManagementClient "
        "users.identities.delete (unlink)",
        fixed=_py(
            """
            import os

            import httpx
            from auth0.management import ManagementClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def unlink_github(username: str, password: str, user_id: str, github_user_id: str) -> None:
                tokens = httpx.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "read:current_user update:current_user_identities",
                    },
                ).json()
                client = ManagementClient(domain=DOMAIN, token=tokens["access_token"])
                client.users.identities.delete(user_id, "github", github_user_id)
            """
        ),
    ),
]


_I = INVALID_EXAMPLES

VALID_EXAMPLES: list[Valid] = [
    # ------------------------------------------------------------------ near-miss twins
    _fixed(
        _I[0],
        '"openid profile email"',
        '"openid profile email update:current_user_metadata"',
        "Authlib Flask, twin: client_kwargs scope names update:current_user_metadata",
    ),
    _fixed(
        _I[1],
        '    authorize_params={"audience"',
        '    client_kwargs={"scope": "openid profile read:current_user"},\n    authorize_params={"audience"',
        "Authlib across modules, twin: the registration asks for read:current_user",
    ),
    _fixed(
        _I[2],
        '"openid profile read:current_user"',
        '"openid profile read:current_user delete:current_user_metadata"',
        "Authlib Starlette across modules, twin: delete:current_user_metadata for the MFA reset",
    ),
    _fixed(
        _I[3],
        '"scope": "openid profile"',
        '"scope": "openid profile read:current_user"',
        "password grant json=, twin: read:current_user",
    ),
    _fixed(
        _I[4],
        '"scope": "openid read:current_user"',
        '"scope": "openid read:current_user create:current_user_metadata"',
        "password-realm data=, twin: create:current_user_metadata is enough for PATCH (either scope will do)",
    ),
    _fixed(
        _I[5],
        '        "audience": f"https://{settings.AUTH0_DOMAIN}/api/v2/",\n',
        '        "audience": f"https://{settings.AUTH0_DOMAIN}/api/v2/",\n        "scope": "openid read:current_user",\n',
        "Django password grant, twin: the body asks for read:current_user",
    ),
    _fixed(
        _I[6],
        '"scope": "read:users"',
        '"scope": "read:users update:users"',
        "client_credentials with an explicit scope that includes update:users",
    ),
    _fixed(
        _I[7],
        '"openid profile",',
        '"openid profile update:current_user_metadata",',
        "auth0-python 3.x GetToken.login positional, twin: update:current_user_metadata",
    ),
    _fixed(
        _I[8],
        'scope="openid read:current_user"',
        'scope="openid read:current_user update:current_user_identities"',
        "auth0-python 4.x GetToken.login keyword, twin: update:current_user_identities for linking",
    ),
    _fixed(
        _I[9],
        'realm="mobile-users", audience=',
        'scope="openid delete:current_user_device_credentials", realm="mobile-users", audience=',
        "auth0-python 4.x GetToken.login, twin: scope with delete:current_user_device_credentials",
    ),
    _fixed(
        _I[10],
        '"scope": "read:users update:users",\n',
        "",
        "client_credentials without scope: the token gets every scope granted to the client",
    ),
    _fixed(
        _I[11],
        'scope="openid email"',
        'scope="openid email read:current_user"',
        "click CLI GetToken 3.x keyword, twin: read:current_user",
    ),
    _fixed(
        _I[12],
        '"scope": "openid profile email"',
        '"scope": "openid profile email read:current_user"',
        "/authorize urlencode(dict), twin: read:current_user",
    ),
    _fixed(
        _I[13],
        "&scope=openid%20read:current_user&",
        "&scope=openid%20read:current_user%20delete:current_user_metadata&",
        "/authorize f-string query, twin: delete:current_user_metadata (URL-encoded space)",
    ),
    _fixed(
        _I[14],
        '"scope": "openid read:current_user"',
        '"scope": "openid read:current_user create:current_user_device_credentials"',
        "requests.Request params /authorize, twin: create:current_user_device_credentials",
    ),
    _fixed(
        _I[15],
        '&audience=https://acme.eu.auth0.com/api/v2/">',
        '&audience=https://acme.eu.auth0.com/api/v2/&scope=update:current_user_identities">',
        "HTML /authorize link, twin: scope update:current_user_identities for unlinking",
    ),
    _fixed(
        _I[16],
        'scope=["openid", "profile", "email"]',
        'scope=["openid", "profile", "email", "read:current_user"]',
        "requests-oauthlib OAuth2Session, twin: read:current_user in the scope list",
    ),
    _fixed(
        _I[17],
        'SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "email"]',
        'SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "email", "update:current_user_metadata"]',
        "social-auth settings, twin: update:current_user_metadata",
    ),
    _fixed(
        _I[18],
        '{"scope": "openid profile email", ',
        '{"scope": "openid profile email update:current_user_metadata", ',
        "auth0-server-python ServerClient, twin: update:current_user_metadata",
    ),
    _fixed(
        _I[19],
        '"scope": "openid offline_access"',
        '"scope": "openid offline_access create:current_user_device_credentials"',
        "helper get_tokens() across modules, twin: create:current_user_device_credentials",
    ),
    _fixed(
        _I[20],
        '"scope": "openid profile read:current_user"',
        '"scope": "openid profile read:current_user update:current_user_identities"',
        "session['user'] across modules, twin: update:current_user_identities",
    ),
    _fixed(
        _I[21],
        'OAuth2Session(os.environ["AUTH0_CLIENT_ID"], redirect_uri=',
        'OAuth2Session(os.environ["AUTH0_CLIENT_ID"], scope=["openid", "delete:current_user_metadata"], redirect_uri=',
        "OAuth2Session, twin: the constructor asks for delete:current_user_metadata",
    ),
    # ------------------------------------------------------------------ not this rule's business
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def deactivate(user_id: str) -> None:
                get_token = GetToken(DOMAIN, os.environ["M2M_CLIENT_ID"], client_secret=os.environ["M2M_CLIENT_SECRET"])
                token = get_token.client_credentials(f"https://{DOMAIN}/api/v2/")
                mgmt = Auth0(DOMAIN, token["access_token"])
                mgmt.users.update(user_id, {"blocked": True})
                mgmt.device_credentials.delete(user_id)
            """
        ),
        note="auth0-python 4.x client_credentials (no scope parameter): the machine-to-machine token is correct",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(username: str, password: str) -> dict:
                return requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": os.environ["AUTH0_SCOPE"],
                    },
                    timeout=10,
                ).json()


            def save_locale(username, password, user_id, locale):
                tokens = login(username, password)
                requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    json={"user_metadata": {"locale": locale}},
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        note="scope from an environment variable: not statically known, say nothing",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/profile/refresh")
            def refresh_profile():
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "refresh_token",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "refresh_token": session["refresh_token"],
                        "scope": "openid",
                    },
                ).json()
                resp = requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{session['user_id']}",
                    json={"user_metadata": request.get_json()},
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                )
                return resp.json(), resp.status_code
            """
        ),
        note="refresh_token grant: the refreshed token keeps the scopes granted at login, not reported",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def management_for(username: str, password: str) -> Auth0:
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"])
                token = get_token.login(username, password, scope="openid", audience=f"https://{DOMAIN}/api/v2/")
                return Auth0(DOMAIN, token["access_token"])
            """
        ),
        note="SDK client built with the token but no method called in the run: endpoints unknown, not reported",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def whoami(username: str, password: str) -> dict:
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "openid profile email",
                    },
                    timeout=10,
                ).json()
                return requests.get(
                    f"https://{DOMAIN}/userinfo",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                ).json()
            """
        ),
        note="access token without audience used only for /userinfo: no Management API endpoint, nothing missing",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.route("/login")
            def login():
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": session["username"],
                        "password": session.pop("password"),
                        "client_id": CLIENT_ID,
                        "audience": "https://api.example.com/",
                        "scope": "openid read:orders",
                    },
                ).json()
                orders = requests.get(
                    "https://api.example.com/api/v2/users/me/orders",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).json()
                session["orders"] = orders
                return redirect("/orders")
            """
        ),
        note="the app's own API (api.example.com) also has /api/v2/users/...: not the Management API, no scope needed",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def nightly_cleanup(stale_user_ids):
                token = GetToken(DOMAIN).client_credentials(
                    os.environ["M2M_CLIENT_ID"], os.environ["M2M_CLIENT_SECRET"], f"https://{DOMAIN}/api/v2/"
                )
                mgmt = Auth0(DOMAIN, token["access_token"])
                for user_id in stale_user_ids:
                    for enrollment in mgmt.users.get_guardian_enrollments(user_id):
                        mgmt.users.delete_multifactor(user_id, enrollment["type"])
            """
        ),
        note="auth0-python 3.x client_credentials, M2M token without scope parameter for enrollments and MFA: correct",
    ),
    Valid(
        _py(
            """
            import os

            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile email"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                session["user"] = token["userinfo"]
                return redirect(url_for("index"))
            """
        ),
        note="plain Authlib login that never calls the Management API: 'openid profile email' is all it needs",
    ),
    _fixed(
        _I[22],
        '"scope": "read:current_user"',
        '"scope": "read:current_user update:current_user_identities"',
        "httpx password-realm + ManagementClient unlink, twin: update:current_user_identities",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from flask import Flask, redirect, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.route("/login")
            def login():
                query = urlencode({
                    "response_type": "code",
                    "client_id": CLIENT_ID,
                    "redirect_uri": "https://app.example.com/callback",
                    "audience": f"https://{DOMAIN}/api/v2/",
                    "scope": "openid profile read:current_user",
                })
                return redirect(f"https://{DOMAIN}/authorize?{query}")


            @app.route("/callback")
            def callback():
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "authorization_code",
                        "client_id": CLIENT_ID,
                        "client_secret": os.environ["AUTH0_CLIENT_SECRET"],
                        "code": request.args["code"],
                        "redirect_uri": "https://app.example.com/callback",
                    },
                ).json()
                session["profile"] = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{request.args['uid']}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).json()
                return redirect("/")
            """
        ),
        note="raw authorization_code exchange without scope: the scope was asked for at /authorize (urlencode), "
        "the code exchange cannot change it",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0
            from flask import Flask, redirect, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.route("/login")
            def login():
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=code&client_id={CLIENT_ID}"
                    f"&redirect_uri=https://app.example.com/callback&audience=https://{DOMAIN}/api/v2/"
                    "&scope=openid%20update:current_user_metadata"
                )


            @app.route("/callback")
            def callback():
                get_token = GetToken(DOMAIN, CLIENT_ID, client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                tokens = get_token.authorization_code(request.args["code"], "https://app.example.com/callback")
                Auth0(DOMAIN, tokens["access_token"]).users.update(session["user_id"], {"user_metadata": {"seen_tour": True}})
                return redirect("/")
            """
        ),
        note="auth0-python 4.x GetToken.authorization_code: scope and audience come from the /authorize step",
    ),
]


# ---------------------------------------------------------------------------------------
# JavaScript, TypeScript and templates: the line:column is the scope value (or the request
# when it has none), as for Python.

_js = _py

INVALID_EXAMPLES += [
    Invalid(
        _js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: CLIENT_ID,
              responseType: 'token id_token',
              audience: 'https://' + AUTH0_DOMAIN + '/api/v2/',
              scope: 'openid profile'
            });
            webAuth.parseHash(function (err, authResult) {
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              });
            });
            """
        ),
        line=6,
        column=10,
        message="lacks read:current_user",
        note="WebAuth scope without read:current_user",
        path="app.js",
        fixed=_js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: CLIENT_ID,
              responseType: 'token id_token',
              audience: 'https://' + AUTH0_DOMAIN + '/api/v2/',
              scope: 'openid profile read:current_user'
            });
            webAuth.parseHash(function (err, authResult) {
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              });
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            const client = await createAuth0Client({
              domain: DOMAIN,
              clientId: CLIENT_ID,
              authorizationParams: { audience: `https://${DOMAIN}/api/v2/`, scope: "openid email" },
            });
            const token = await client.getTokenSilently();
            await fetch(`https://${DOMAIN}/api/v2/users/${USER_ID}`, {
              method: "PATCH",
              headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
              body: JSON.stringify({ user_metadata: { plan: "pro" } }),
            });
            """
        ),
        line=4,
        column=72,
        message="update:current_user_metadata",
        note="auth0-spa-js 2.x, PATCH user needs update:current_user_metadata",
        path="src/settings.ts",
        fixed=_js(
            """
            const client = await createAuth0Client({
              domain: DOMAIN,
              clientId: CLIENT_ID,
              authorizationParams: { audience: `https://${DOMAIN}/api/v2/`, scope: "openid email update:current_user_metadata" },
            });
            const token = await client.getTokenSilently();
            await fetch(`https://${DOMAIN}/api/v2/users/${USER_ID}`, {
              method: "PATCH",
              headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
              body: JSON.stringify({ user_metadata: { plan: "pro" } }),
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            var lock = new Auth0Lock(CLIENT_ID, AUTH0_DOMAIN, {
              auth: {
                audience: 'https://' + AUTH0_DOMAIN + '/api/v2/',
                responseType: 'token id_token',
                params: { scope: 'openid' }
              }
            });
            lock.on('authenticated', function (authResult) {
              var manage = new auth0.Management({ domain: AUTH0_DOMAIN, token: authResult.accessToken });
              manage.linkUser(authResult.idTokenPayload.sub, secondaryIdToken, done);
            });
            """
        ),
        line=5,
        column=22,
        message="update:current_user_identities",
        note="Lock params.scope, linkUser through auth0.Management needs update:current_user_identities",
        path="static/js/link.js",
        fixed=_js(
            """
            var lock = new Auth0Lock(CLIENT_ID, AUTH0_DOMAIN, {
              auth: {
                audience: 'https://' + AUTH0_DOMAIN + '/api/v2/',
                responseType: 'token id_token',
                params: { scope: 'openid update:current_user_identities' }
              }
            });
            lock.on('authenticated', function (authResult) {
              var manage = new auth0.Management({ domain: AUTH0_DOMAIN, token: authResult.accessToken });
              manage.linkUser(authResult.idTokenPayload.sub, secondaryIdToken, done);
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            const response = await fetch(`https://${DOMAIN}/oauth/token`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({
                grant_type: 'password',
                username: USER,
                password: PASSWORD,
                client_id: CLIENT_ID,
                audience: `https://${DOMAIN}/api/v2/`,
                scope: 'openid',
              }),
            });
            const tokens = await response.json();
            await fetch(`https://${DOMAIN}/api/v2/users/${USER_ID}/enrollments`, {
              headers: { Authorization: `Bearer ${tokens.access_token}` },
            });
            """
        ),
        line=10,
        column=12,
        message="read:current_user",
        note="password grant with fetch: scope lacks read:current_user for enrollments",
        path="scripts/enrollments.mjs",
        fixed=_js(
            """
            const response = await fetch(`https://${DOMAIN}/oauth/token`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({
                grant_type: 'password',
                username: USER,
                password: PASSWORD,
                client_id: CLIENT_ID,
                audience: `https://${DOMAIN}/api/v2/`,
                scope: 'openid read:current_user',
              }),
            });
            const tokens = await response.json();
            await fetch(`https://${DOMAIN}/api/v2/users/${USER_ID}/enrollments`, {
              headers: { Authorization: `Bearer ${tokens.access_token}` },
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            <script>
              var webAuth = new auth0.WebAuth({
                domain: 'example.auth0.com',
                clientID: '{{ client_id }}',
                audience: 'https://example.auth0.com/api/v2/',
                responseType: 'token id_token'
              });
              webAuth.checkSession({}, function (err, authResult) {
                var xhr = new XMLHttpRequest();
                xhr.open('DELETE', 'https://example.auth0.com/api/v2/device-credentials/' + deviceId);
                xhr.setRequestHeader('Authorization', 'Bearer ' + authResult.accessToken);
                xhr.send();
              });
            </script>
            """
        ),
        line=2,
        column=17,
        message="no scope",
        note="template: no scope at all (the fix adding one is unsafe), XHR DELETE device credential",
        path="templates/devices.html",
        fixed=_js(
            """
            <script>
              var webAuth = new auth0.WebAuth({
                domain: 'example.auth0.com',
                clientID: '{{ client_id }}',
                audience: 'https://example.auth0.com/api/v2/',
                responseType: 'token id_token',
                scope: 'openid delete:current_user_device_credentials'
              });
              webAuth.checkSession({}, function (err, authResult) {
                var xhr = new XMLHttpRequest();
                xhr.open('DELETE', 'https://example.auth0.com/api/v2/device-credentials/' + deviceId);
                xhr.setRequestHeader('Authorization', 'Bearer ' + authResult.accessToken);
                xhr.send();
              });
            </script>
            """
        ),
    ),
    Invalid(
        _js(
            """
            let auth0 = null;
            let config = null;

            const unlinkAccount = async (secondaryIdentity) => {
              const { provider, user_id } = secondaryIdentity;
              const accessToken = await auth0.getTokenSilently();
              const { sub } = await auth0.getUser();
              await fetch(`https://${config.domain}/api/v2/users/${sub}/identities/${provider}/${user_id}`, {
                method: 'DELETE',
                headers: { Authorization: `Bearer ${accessToken}` },
              });
            };

            window.onload = async () => {
              config = await (await fetch('/auth_config.json')).json();
              auth0 = new Auth0Client({
                domain: config.domain,
                client_id: config.clientId,
                audience: `https://${config.domain}/api/v2/`,
                scope: 'openid email profile',
              });
            };
            """
        ),
        line=20,
        column=12,
        message="update:current_user_identities",
        note="auth0-spa-js 1.x client assigned to a global in window.onload and used in another function",
        path="public/js/app.js",
        fixed=_js(
            """
            let auth0 = null;
            let config = null;

            const unlinkAccount = async (secondaryIdentity) => {
              const { provider, user_id } = secondaryIdentity;
              const accessToken = await auth0.getTokenSilently();
              const { sub } = await auth0.getUser();
              await fetch(`https://${config.domain}/api/v2/users/${sub}/identities/${provider}/${user_id}`, {
                method: 'DELETE',
                headers: { Authorization: `Bearer ${accessToken}` },
              });
            };

            window.onload = async () => {
              config = await (await fetch('/auth_config.json')).json();
              auth0 = new Auth0Client({
                domain: config.domain,
                client_id: config.clientId,
                audience: `https://${config.domain}/api/v2/`,
                scope: 'openid email profile update:current_user_identities',
              });
            };
            """
        ),
    ),
]

VALID_EXAMPLES += [
    Valid(
        _js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: CLIENT_ID,
              responseType: 'token id_token',
              audience: 'https://' + AUTH0_DOMAIN + '/api/v2/',
              scope: 'openid read:current_user update:current_user_metadata'
            });
            webAuth.parseHash(function (err, authResult) {
              axios.patch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub,
                { user_metadata: {} }, { headers: { Authorization: 'Bearer ' + authResult.accessToken } });
            });
            """
        ),
        note="WebAuth asks for the scope the PATCH needs",
        path="app.js",
    ),
    Valid(
        _js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: CLIENT_ID,
              responseType: 'token id_token',
              audience: 'https://' + AUTH0_DOMAIN + '/api/v2/',
              scope: SCOPES
            });
            webAuth.parseHash(function (err, authResult) {
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              });
            });
            """
        ),
        note="a scope that is not statically known: say nothing",
        path="app.js",
    ),
    Valid(
        _js(
            """
            const client = await createAuth0Client({
              domain: DOMAIN,
              clientId: CLIENT_ID,
              authorizationParams: { audience: `https://${DOMAIN}/api/v2/`, scope: `openid ${extraScopes}` },
            });
            const token = await client.getTokenSilently();
            await fetch(`https://${DOMAIN}/api/v2/users/${USER_ID}`, { headers: { Authorization: `Bearer ${token}` } });
            """
        ),
        note="a template-literal scope with a hole: not statically known",
        path="src/app.ts",
    ),
    Valid(
        _js(
            """
            const { data } = await axios.post(`https://${DOMAIN}/oauth/token`, {
              grant_type: 'client_credentials',
              client_id: CLIENT_ID,
              client_secret: process.env.AUTH0_CLIENT_SECRET,
              audience: `https://${DOMAIN}/api/v2/`,
            });
            await axios.get(`https://${DOMAIN}/api/v2/users/${id}`, { headers: { Authorization: `Bearer ${data.access_token}` } });
            """
        ),
        note="client credentials without scope get every scope granted to the client",
        path="scripts/export.mjs",
    ),
    Valid(
        _js(
            """
            var lock = new Auth0Lock(CLIENT_ID, AUTH0_DOMAIN, {
              auth: {
                audience: 'https://' + AUTH0_DOMAIN + '/api/v2/',
                params: { scope: 'openid update:current_user_identities' }
              }
            });
            lock.on('authenticated', function (authResult) {
              new auth0.Management({ domain: AUTH0_DOMAIN, token: authResult.accessToken })
                .linkUser(authResult.idTokenPayload.sub, secondaryIdToken, done);
            });
            """
        ),
        note="Lock asks for update:current_user_identities for linkUser",
        path="static/js/link.js",
    ),
]
