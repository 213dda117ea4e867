"""VALID and INVALID examples of SL105 id-token-response-type (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is the start of the `response_type` value expression (a dict value, a
keyword argument, a setting's entry); when `response_type=id_token` is written inside the query
string of an /authorize URL, the start of the URL expression (the whole f-string, concatenation,
`.format` call or HTML string).
"""

import textwrap

from scopelint.rules.base import Invalid, Valid


def _py(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


def _fixed(example: Invalid, note: str, *replacements: tuple[str, str]) -> Valid:
    """The near-miss twin of an INVALID example: the same modules, migrated. Each `old` occurs
    exactly once in the file it is replaced in (the reported file, else an extra file)."""
    code, extra = example.code, dict(example.extra_files)
    for old, new in replacements:
        if old in code:
            assert code.count(old) == 1, old
            code = code.replace(old, new)
            continue
        path = next(p for p, text in extra.items() if old in text)
        assert extra[path].count(old) == 1, old
        extra[path] = extra[path].replace(old, new)
    return Valid(code, note=note, path=example.path, extra_files=extra)


INVALID_EXAMPLES: list[Invalid] = [
    # ------------------------------------------------------------------ /authorize URLs
    Invalid(
        _py(
            """
            import os
            import secrets
            from urllib.parse import urlencode

            import requests
            from flask import Flask, jsonify, redirect, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/login")
            def login():
                session["nonce"] = secrets.token_urlsafe(16)
                params = {
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "response_type": "id_token",
                    "response_mode": "form_post",
                    "scope": "openid profile",
                    "redirect_uri": "https://app.example.com/callback",
                    "nonce": session["nonce"],
                }
                return redirect(f"https://{DOMAIN}/authorize?" + urlencode(params))


            @app.post("/callback")
            def callback():
                id_token = request.form["id_token"]
                user_id = request.form["user_id"]
                profile = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {id_token}"},
                ).json()
                session["profile"] = profile
                return jsonify(profile)
            """
        ),
        17,
        26,
        message="response_type='id_token'",
        note="urlencode(dict) /authorize with response_type id_token, form_post callback GETs /users/{id} with it",
        fixed=_py(
            """
            import os
            import secrets
            from urllib.parse import urlencode

            import requests
            from flask import Flask, jsonify, redirect, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/login")
            def login():
                session["nonce"] = secrets.token_urlsafe(16)
                params = {
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "response_type": "token id_token",
                    "response_mode": "form_post",
                    "scope": "openid profile read:current_user",
                    "redirect_uri": "https://app.example.com/callback",
                    "nonce": session["nonce"],
                    "audience": f"https://{DOMAIN}/api/v2/",
                }
                return redirect(f"https://{DOMAIN}/authorize?" + urlencode(params))


            @app.post("/callback")
            def callback():
                id_token = request.form["access_token"]
                user_id = request.form["user_id"]
                profile = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {id_token}"},
                ).json()
                session["profile"] = profile
                return jsonify(profile)
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


            @app.route("/login")
            def login():
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=id_token&client_id={CLIENT_ID}"
                    f"&redirect_uri=https://app.example.com/cb&scope=openid&nonce={os.urandom(8).hex()}"
                )


            @app.post("/api/preferences")
            def preferences():
                body = request.get_json()
                requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{body['user_id']}",
                    json={"user_metadata": body["preferences"]},
                    headers={"Authorization": "Bearer " + request.json["id_token"]},
                ).raise_for_status()
                return "", 204
            """
        ),
        14,
        9,
        message="PATCH /api/v2/users/{id}",
        note="f-string /authorize query: reported at the URL expression; the SPA posts the id_token back as JSON",
    ),
    Invalid(
        _py(
            """
            import os

            import httpx
            from fastapi import FastAPI, Request
            from fastapi.responses import RedirectResponse

            app = FastAPI()
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.get("/login")
            def login():
                url = (
                    "https://" + DOMAIN + "/authorize?response_type=id_token&scope=openid"
                    + "&client_id=" + CLIENT_ID + "&redirect_uri=https://app.example.com/cb&nonce=abc"
                )
                return RedirectResponse(url)


            @app.get("/mfa/enrollments")
            async def enrollments(request: Request, user_id: str):
                async with httpx.AsyncClient() as client:
                    resp = await client.get(
                        f"https://{DOMAIN}/api/v2/users/{user_id}/enrollments",
                        headers={"Authorization": "Bearer " + request.query_params["id_token"]},
                    )
                return resp.json()
            """
        ),
        15,
        9,
        message="GET /api/v2/users/{id}/enrollments",
        note="FastAPI: '+' concatenated /authorize URL, id_token passed back in the query, httpx GET enrollments",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/login")
            def login():
                prepared = requests.Request(
                    "GET",
                    f"https://{DOMAIN}/authorize",
                    params={
                        "response_type": "id_token",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": "https://app.example.com/cb",
                        "scope": "openid email",
                        "nonce": os.urandom(8).hex(),
                    },
                ).prepare()
                return redirect(prepared.url)


            @app.post("/security/mfa/<provider>/delete")
            def delete_mfa(provider):
                requests.delete(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}/multifactor/{provider}",
                    headers={"Authorization": "Bearer " + request.form["id_token"]},
                ).raise_for_status()
                return redirect("/security")
            """
        ),
        16,
        30,
        message="response_type='id_token'",
        note="requests.Request(..., params=...) /authorize, DELETE multifactor with the posted id_token",
        fixed=_py(
            """
            import os

            import requests
            from flask import Flask, redirect, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/login")
            def login():
                prepared = requests.Request(
                    "GET",
                    f"https://{DOMAIN}/authorize",
                    params={
                        "response_type": "token id_token",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": "https://app.example.com/cb",
                        "scope": "openid email delete:current_user_metadata",
                        "nonce": os.urandom(8).hex(),
                    },
                ).prepare()
                return redirect(prepared.url)


            @app.post("/security/mfa/<provider>/delete")
            def delete_mfa(provider):
                requests.delete(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}/multifactor/{provider}",
                    headers={"Authorization": "Bearer " + request.form["access_token"]},
                ).raise_for_status()
                return redirect("/security")
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests
            from django.http import HttpResponse, JsonResponse

            LOGIN_PAGE = \"\"\"<!doctype html>
            <a class="btn" href="https://acme.us.auth0.com/authorize?response_type=id_token&client_id=Xy12&scope=openid&redirect_uri=https://acme.io/cb&response_mode=form_post&nonce=1f2e">Log in</a>
            \"\"\"


            def login_page(request):
                return HttpResponse(LOGIN_PAGE)


            def callback(request):
                resp = requests.post(
                    f"https://acme.us.auth0.com/api/v2/users/{request.POST['user_id']}/identities",
                    json={"provider": "google-oauth2", "user_id": request.POST["google_user_id"]},
                    headers={"Authorization": "Bearer " + request.POST["id_token"]},
                )
                return JsonResponse(resp.json(), safe=False)
            """
        ),
        4,
        14,
        message="POST /api/v2/users/{id}/identities",
        note="Django: HTML string with an /authorize link (response_type=id_token), form_post callback links accounts",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            AUTHORIZE = "https://{}/authorize?response_type=id_token&scope=openid&client_id={}&redirect_uri={}&nonce={}"


            @app.route("/devices/login")
            def devices_login():
                return redirect(AUTHORIZE.format(DOMAIN, os.environ["AUTH0_CLIENT_ID"], "https://app.example.com/cb", "n0nce"))


            @app.post("/devices/<device_id>/revoke")
            def revoke(device_id):
                requests.delete(
                    f"https://{DOMAIN}/api/v2/device-credentials/{device_id}",
                    headers={"Authorization": f"Bearer {request.form['id_token']}"},
                ).raise_for_status()
                return redirect("/devices")
            """
        ),
        8,
        13,
        message="DELETE /api/v2/device-credentials/{id}",
        note="module constant URL template (the string that holds the query) filled by .format(), "
        "DELETE /device-credentials/{id} with the posted id_token",
    ),
    # ------------------------------------------------------------------ Authlib
    Invalid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile"},
                authorize_params={"response_type": "id_token", "response_mode": "form_post"},
                server_metadata_url=f"https://{DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback", methods=["POST"])
            def callback():
                token = oauth.auth0.authorize_access_token()
                session["user"] = token
                return redirect(url_for("profile"))


            @app.route("/profile")
            def profile():
                user = session["user"]
                return requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {user['id_token']}"},
                ).json()
            """
        ),
        17,
        40,
        message="response_type='id_token'",
        note="Authlib Flask authorize_params response_type id_token, session['user']['id_token'] to GET /users/{id}",
        fixed=_py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile read:current_user"},
                authorize_params={"response_type": "token id_token", "response_mode": "form_post", "audience": f"https://{DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback", methods=["POST"])
            def callback():
                token = oauth.auth0.authorize_access_token()
                session["user"] = token
                return redirect(url_for("profile"))


            @app.route("/profile")
            def profile():
                user = session["user"]
                return requests.get(
                    f"https://{DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {user['access_token']}"},
                ).json()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests
            from django.conf import settings
            from django.shortcuts import redirect

            from .oauth import oauth


            def login(request):
                return oauth.auth0.authorize_redirect(
                    request, request.build_absolute_uri("/callback"), response_type="id_token", response_mode="form_post"
                )


            def callback(request):
                request.session["user"] = oauth.auth0.authorize_access_token(request)
                return redirect("/")


            def save_theme(request):
                user = request.session["user"]
                requests.patch(
                    f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    json={"user_metadata": {"theme": request.POST["theme"]}},
                    headers={"Authorization": "Bearer " + user["id_token"]},
                ).raise_for_status()
                return redirect("/settings")
            """
        ),
        10,
        73,
        message="response_type='id_token'",
        note="Authlib Django: oauth registered in oauth.py, authorize_redirect(response_type='id_token') in views.py, PATCH",
        path="views.py",
        extra_files={
            "oauth.py": _py(
                """
                from authlib.integrations.django_client import OAuth
                from django.conf import settings

                oauth = OAuth()
                oauth.register(
                    "auth0",
                    client_id=settings.AUTH0_CLIENT_ID,
                    client_secret=settings.AUTH0_CLIENT_SECRET,
                    client_kwargs={"scope": "openid profile email"},
                    server_metadata_url=f"https://{settings.AUTH0_DOMAIN}/.well-known/openid-configuration",
                )
                """
            )
        },
        fixed=_py(
            """
            import requests
            from django.conf import settings
            from django.shortcuts import redirect

            from .oauth import oauth


            def login(request):
                return oauth.auth0.authorize_redirect(
                    request, request.build_absolute_uri("/callback"), response_type="token id_token", response_mode="form_post"
                )


            def callback(request):
                request.session["user"] = oauth.auth0.authorize_access_token(request)
                return redirect("/")


            def save_theme(request):
                user = request.session["user"]
                requests.patch(
                    f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    json={"user_metadata": {"theme": request.POST["theme"]}},
                    headers={"Authorization": "Bearer " + user["access_token"]},
                ).raise_for_status()
                return redirect("/settings")
            """
        ),
    ),
    # ------------------------------------------------------------------ python-social-auth
    Invalid(
        _py(
            """
            import os

            AUTHENTICATION_BACKENDS = ["social_core.backends.auth0.Auth0OAuth2", "django.contrib.auth.backends.ModelBackend"]
            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile"]
            SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"response_type": "id_token", "response_mode": "form_post"}
            """
        ),
        8,
        60,
        message="response_type='id_token'",
        note="social-auth AUTH_EXTRA_ARGUMENTS response_type id_token in settings.py; views.py sends extra_data['id_token']",
        path="settings.py",
        extra_files={
            "views.py": _py(
                """
                import requests
                from django.conf import settings
                from django.contrib.auth.decorators import login_required
                from django.http import JsonResponse


                @login_required
                def mfa(request):
                    social = request.user.social_auth.get(provider="auth0")
                    enrollments = requests.get(
                        f"https://{settings.SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/users/{social.uid}/enrollments",
                        headers={"Authorization": "Bearer " + social.extra_data["id_token"]},
                    ).json()
                    return JsonResponse({"enrollments": enrollments})
                """
            )
        },
        fixed=_py(
            """
            import os

            AUTHENTICATION_BACKENDS = ["social_core.backends.auth0.Auth0OAuth2", "django.contrib.auth.backends.ModelBackend"]
            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "read:current_user"]
            SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {"response_type": "token id_token", "response_mode": "form_post"}
            """
        ),
    ),
    # ------------------------------------------------------------------ cross-module
    Invalid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            from flask import Blueprint, redirect

            bp = Blueprint("auth", __name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.route("/login")
            def login():
                query = urlencode(
                    {
                        "response_type": "id_token",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": "https://app.example.com/link/callback",
                        "scope": "openid",
                        "nonce": os.urandom(8).hex(),
                    }
                )
                return redirect(f"https://{DOMAIN}/authorize?{query}")
            """
        ),
        14,
        30,
        message="POST /api/v2/users/{id}/identities",
        note="/authorize built in auth.py; views.py links accounts with the id_token the browser posts back",
        path="auth.py",
        extra_files={
            "views.py": _py(
                """
                import os

                import requests
                from flask import Blueprint, request

                bp = Blueprint("views", __name__)


                @bp.post("/link/callback")
                def link_callback():
                    resp = requests.post(
                        f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/users/{request.form['primary_id']}/identities",
                        json={"link_with": request.form["secondary_id_token"]},
                        headers={"Authorization": f"Bearer {request.form['id_token']}"},
                    )
                    return resp.json(), resp.status_code
                """
            )
        },
        fixed=_py(
            """
            import os
            from urllib.parse import urlencode

            from flask import Blueprint, redirect

            bp = Blueprint("auth", __name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.route("/login")
            def login():
                query = urlencode(
                    {
                        "response_type": "token id_token",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": "https://app.example.com/link/callback",
                        "scope": "openid update:current_user_identities",
                        "nonce": os.urandom(8).hex(),
                        "audience": f"https://{DOMAIN}/api/v2/",
                    }
                )
                return redirect(f"https://{DOMAIN}/authorize?{query}")
            """
        ),
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
                client_kwargs={"scope": "openid profile email"},
                authorize_params={"response_type": "id_token"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )
            """
        ),
        11,
        40,
        message="response_type='id_token'",
        note="Authlib registered in extensions.py with response_type id_token; auth.py stores session['user'] = token; "
        "views.py (auth0-python Auth0) updates the user with session['user']['id_token']",
        path="extensions.py",
        extra_files={
            "auth.py": _py(
                """
                from flask import Blueprint, redirect, session, url_for

                from extensions import oauth

                bp = Blueprint("auth", __name__)


                @bp.route("/callback", methods=["GET", "POST"])
                def callback():
                    session["user"] = oauth.auth0.authorize_access_token()
                    return redirect(url_for("views.home"))
                """
            ),
            "views.py": _py(
                """
                import os

                from auth0.v3.management import Auth0
                from flask import Blueprint, request, session

                bp = Blueprint("views", __name__)


                @bp.post("/nickname")
                def nickname():
                    user = session["user"]
                    auth0 = Auth0(os.environ["AUTH0_DOMAIN"], session["user"]["id_token"])
                    auth0.users.update(user["userinfo"]["sub"], {"nickname": request.form["nickname"]})
                    return "", 204
                """
            ),
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
                client_kwargs={"scope": "openid profile email update:current_user_metadata"},
                authorize_params={"response_type": "token id_token", "audience": f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            from flask import Blueprint, redirect, request, session

            bp = Blueprint("auth", __name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.route("/login")
            def login():
                query = urlencode(
                    {
                        "response_type": "id_token",
                        "response_mode": "form_post",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": "https://app.example.com/callback",
                        "scope": "openid profile",
                        "nonce": os.urandom(8).hex(),
                    }
                )
                return redirect(f"https://{DOMAIN}/authorize?{query}")


            @bp.post("/callback")
            def callback():
                session["id_token"] = request.form["id_token"]
                return redirect("/")
            """
        ),
        14,
        30,
        message="PATCH /api/v2/users/{id}",
        note="form_post callback in auth.py stores session['id_token'] = request.form['id_token']; views.py PATCHes "
        "the user with session['id_token']",
        path="auth.py",
        extra_files={
            "views.py": _py(
                """
                import os

                import requests
                from flask import Blueprint, request, session

                bp = Blueprint("views", __name__)


                @bp.post("/profile")
                def update_profile():
                    requests.patch(
                        f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/users/{session['user_id']}",
                        json={"user_metadata": {"bio": request.form["bio"]}},
                        headers={"Authorization": "Bearer " + session["id_token"]},
                    ).raise_for_status()
                    return "", 204
                """
            )
        },
        fixed=_py(
            """
            import os
            from urllib.parse import urlencode

            from flask import Blueprint, redirect, request, session

            bp = Blueprint("auth", __name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.route("/login")
            def login():
                query = urlencode(
                    {
                        "response_type": "token id_token",
                        "response_mode": "form_post",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": "https://app.example.com/callback",
                        "scope": "openid profile update:current_user_metadata",
                        "nonce": os.urandom(8).hex(),
                        "audience": f"https://{DOMAIN}/api/v2/",
                    }
                )
                return redirect(f"https://{DOMAIN}/authorize?{query}")


            @bp.post("/callback")
            def callback():
                session["id_token"] = request.form["id_token"]
                return redirect("/")
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.route("/login")
            def login():
                return redirect(
                    f"https://{DOMAIN}/authorize?client_id={CLIENT_ID}&response_type=id_token&response_mode=form_post"
                    f"&scope=openid&redirect_uri=https://app.example.com/callback&nonce={os.urandom(8).hex()}"
                )


            @app.post("/callback")
            def callback():
                session["id_token"] = request.form["id_token"]
                session["user_id"] = request.form["user_id"]
                return redirect("/accounts")


            @app.post("/accounts/<provider>/<secondary_id>/unlink")
            def unlink(provider, secondary_id):
                requests.delete(
                    f"https://{DOMAIN}/api/v2/users/{session['user_id']}/identities/{provider}/{secondary_id}",
                    headers={"Authorization": "Bearer " + session["id_token"]},
                ).raise_for_status()
                return redirect("/accounts")
            """
        ),
        14,
        9,
        message="DELETE /api/v2/users/{id}/identities/{provider}/{user_id}",
        note="form_post callback stores session['id_token'] = request.form['id_token'] (same module), unlink with it",
    ),
    Invalid(
        _py(
            """
            import os

            import httpx
            from authlib.integrations.starlette_client import OAuth
            from starlette.applications import Starlette
            from starlette.requests import Request
            from starlette.responses import JSONResponse
            from starlette.routing import Route

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            oauth = OAuth()
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile"},
                server_metadata_url=f"https://{DOMAIN}/.well-known/openid-configuration",
            )


            async def login(request: Request):
                return await oauth.auth0.authorize_redirect(request, str(request.url_for("callback")), response_type="id_token")


            async def callback(request: Request):
                token = await oauth.auth0.authorize_access_token(request)
                async with httpx.AsyncClient(base_url=f"https://{DOMAIN}/api/v2/") as client:
                    resp = await client.get(
                        f"users/{token['userinfo']['sub']}/enrollments",
                        headers={"Authorization": f"Bearer {token['id_token']}"},
                    )
                return JSONResponse(resp.json())


            app = Starlette(routes=[Route("/login", login), Route("/callback", callback)])
            """
        ),
        22,
        106,
        message="response_type='id_token'",
        note="Authlib Starlette authorize_redirect(response_type='id_token'), httpx AsyncClient base_url GET enrollments",
        fixed=_py(
            """
            import os

            import httpx
            from authlib.integrations.starlette_client import OAuth
            from starlette.applications import Starlette
            from starlette.requests import Request
            from starlette.responses import JSONResponse
            from starlette.routing import Route

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            oauth = OAuth()
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile read:current_user"},
                server_metadata_url=f"https://{DOMAIN}/.well-known/openid-configuration",
                authorize_params={"audience": f"https://{DOMAIN}/api/v2/"},
            )


            async def login(request: Request):
                return await oauth.auth0.authorize_redirect(request, str(request.url_for("callback")), response_type="token id_token")


            async def callback(request: Request):
                token = await oauth.auth0.authorize_access_token(request)
                async with httpx.AsyncClient(base_url=f"https://{DOMAIN}/api/v2/") as client:
                    resp = await client.get(
                        f"users/{token['userinfo']['sub']}/enrollments",
                        headers={"Authorization": f"Bearer {token['access_token']}"},
                    )
                return JSONResponse(resp.json())


            app = Starlette(routes=[Route("/login", login), Route("/callback", callback)])
            """
        ),
    ),
]


_I = INVALID_EXAMPLES

VALID_EXAMPLES: list[Valid] = [
    # ------------------------------------------------------------------ near-miss twins (migrated)
    _fixed(
        _I[0],
        "urlencode(dict), twin: response_type 'token id_token' with the Management API audience, access_token posted back",
        ('"response_type": "id_token",', '"response_type": "token id_token",\n        "audience": f"https://{DOMAIN}/api/v2/",'),
        ('"scope": "openid profile"', '"scope": "openid profile read:current_user"'),
        ('request.form["id_token"]', 'request.form["access_token"]'),
    ),
    _fixed(
        _I[1],
        "f-string /authorize, twin: response_type=token%20id_token, the SPA posts the access token",
        ("response_type=id_token&", "response_type=token%20id_token&audience=https://{DOMAIN}/api/v2/&"),
        ("&scope=openid&", "&scope=openid%20update:current_user_metadata&"),
        ('request.json["id_token"]', 'request.json["access_token"]'),
    ),
    _fixed(
        _I[2],
        "'+' concatenated URL, twin: response_type=id_token%20token (either order asks for an access token)",
        ("response_type=id_token&scope=openid", "response_type=id_token%20token&scope=openid%20read:current_user"),
        ('"&client_id=" + CLIENT_ID', '"&audience=https://" + DOMAIN + "/api/v2/&client_id=" + CLIENT_ID'),
        ('request.query_params["id_token"]', 'request.query_params["access_token"]'),
    ),
    _fixed(
        _I[3],
        "requests.Request params, twin: 'token id_token' with audience and delete:current_user_metadata",
        ('"response_type": "id_token",', '"response_type": "token id_token",\n                "audience": f"https://{DOMAIN}/api/v2/",'),
        ('"scope": "openid email"', '"scope": "openid email delete:current_user_metadata"'),
        ('request.form["id_token"]', 'request.form["access_token"]'),
    ),
    _fixed(
        _I[4],
        "HTML /authorize link, twin: response_type=id_token+token ('+' is a space in a query)",
        ("response_type=id_token&", "response_type=id_token+token&audience=https://acme.us.auth0.com/api/v2/&"),
        ("&scope=openid&", "&scope=openid+update:current_user_identities&"),
        ('json={"provider": "google-oauth2", "user_id": request.POST["google_user_id"]}', 'json={"link_with": request.POST["google_id_token"]}'),
        ('request.POST["id_token"]', 'request.POST["access_token"]'),
    ),
    _fixed(
        _I[5],
        "URL template + .format(), twin: response_type=token id_token and the access token",
        ("?response_type=id_token&scope=openid&", "?response_type=token%20id_token&scope=openid%20delete:current_user_device_credentials&audience=https://{0}/api/v2/&"),
        ("request.form['id_token']", "request.form['access_token']"),
    ),
    _fixed(
        _I[6],
        "Authlib Flask, twin: default response_type (code) with the Management API audience, access_token sent",
        ('authorize_params={"response_type": "id_token", "response_mode": "form_post"}', 'authorize_params={"audience": f"https://{DOMAIN}/api/v2/"}'),
        ('"openid profile"', '"openid profile read:current_user"'),
        ("user['id_token']", "user['access_token']"),
    ),
    _fixed(
        _I[7],
        "Authlib Django across modules, twin: authorize_redirect(audience=...) without response_type",
        ('response_type="id_token", response_mode="form_post"', 'audience=f"https://{settings.AUTH0_DOMAIN}/api/v2/"'),
        ('user["id_token"]', 'user["access_token"]'),
        ('"openid profile email"', '"openid profile email update:current_user_metadata"'),
    ),
    _fixed(
        _I[8],
        "social-auth, twin: AUTH_EXTRA_ARGUMENTS carries the audience, extra_data['access_token'] is sent",
        ('{"response_type": "id_token", "response_mode": "form_post"}', '{"audience": f"https://{SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/"}'),
        ('["openid", "profile"]', '["openid", "profile", "read:current_user"]'),
        ('social.extra_data["id_token"]', 'social.extra_data["access_token"]'),
    ),
    _fixed(
        _I[9],
        "/authorize in auth.py, twin: 'token id_token' with audience; views.py sends the access token, link_with keeps the ID token",
        ('"response_type": "id_token",', '"response_type": "token id_token",\n                "audience": f"https://{DOMAIN}/api/v2/",'),
        ('"scope": "openid",', '"scope": "openid update:current_user_identities",'),
        ("request.form['id_token']", "request.form['access_token']"),
    ),
    _fixed(
        _I[10],
        "Authlib across three modules, twin: authorize_params carries the audience, views.py uses access_token",
        ('authorize_params={"response_type": "id_token"}', 'authorize_params={"audience": f"https://{os.environ[\'AUTH0_DOMAIN\']}/api/v2/"}'),
        ('session["user"]["id_token"]', 'session["user"]["access_token"]'),
        ('"openid profile email"', '"openid profile email update:current_user_metadata"'),
    ),
    _fixed(
        _I[11],
        "form_post callback across modules, twin: 'token id_token', session['access_token'] stored and sent",
        ('"response_type": "id_token",', '"response_type": "token id_token",\n                "audience": f"https://{DOMAIN}/api/v2/",'),
        ('session["id_token"] = request.form["id_token"]', 'session["access_token"] = request.form["access_token"]'),
        ('session["id_token"]', 'session["access_token"]'),
    ),
    _fixed(
        _I[12],
        "form_post callback in one module, twin: response_type=id_token%20token, the access token is stored and sent",
        ("&response_type=id_token&", "&response_type=id_token%20token&audience=https://{DOMAIN}/api/v2/&"),
        ("&scope=openid&", "&scope=openid%20update:current_user_identities&"),
        ('session["id_token"] = request.form["id_token"]', 'session["access_token"] = request.form["access_token"]'),
        ('session["id_token"]', 'session["access_token"]'),
    ),
    _fixed(
        _I[13],
        "Authlib Starlette, twin: authorize_redirect(audience=...) (code flow), the access token is sent",
        ('response_type="id_token"', 'audience=f"https://{DOMAIN}/api/v2/"'),
        ("token['id_token']", "token['access_token']"),
        ('"openid profile"', '"openid profile read:current_user"'),
    ),
    # ------------------------------------------------------------------ OIDC-only logins (not this problem)
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import jwt
            from flask import Flask, redirect, request, session

            app = Flask(__name__)
            PLATFORM_AUTH_URL = "https://lms.example.edu/mod/lti/auth.php"
            TOOL_CLIENT_ID = os.environ["LTI_CLIENT_ID"]
            jwks = jwt.PyJWKClient("https://lms.example.edu/mod/lti/certs.php")


            @app.route("/lti/login", methods=["GET", "POST"])
            def oidc_login():
                params = {
                    "scope": "openid",
                    "response_type": "id_token",
                    "response_mode": "form_post",
                    "prompt": "none",
                    "client_id": TOOL_CLIENT_ID,
                    "redirect_uri": "https://tool.example.com/lti/launch",
                    "login_hint": request.values["login_hint"],
                    "lti_message_hint": request.values.get("lti_message_hint", ""),
                    "state": os.urandom(16).hex(),
                    "nonce": os.urandom(16).hex(),
                }
                return redirect(PLATFORM_AUTH_URL + "?" + urlencode(params))


            @app.post("/lti/launch")
            def launch():
                id_token = request.form["id_token"]
                key = jwks.get_signing_key_from_jwt(id_token)
                claims = jwt.decode(id_token, key.key, algorithms=["RS256"], audience=TOOL_CLIENT_ID)
                session["lti"] = claims
                return redirect("/course")
            """
        ),
        note="LTI 1.3 launch: response_type=id_token is required and the ID token is verified locally; no Management API",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from auth0.authentication.token_verifier import AsymmetricSignatureVerifier, TokenVerifier
            from flask import Flask, redirect, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            verifier = TokenVerifier(
                signature_verifier=AsymmetricSignatureVerifier(f"https://{DOMAIN}/.well-known/jwks.json"),
                issuer=f"https://{DOMAIN}/",
                audience=CLIENT_ID,
            )


            @app.route("/login")
            def login():
                query = urlencode(
                    {"response_type": "id_token", "response_mode": "form_post", "scope": "openid email",
                     "client_id": CLIENT_ID, "redirect_uri": "https://app.example.com/cb", "nonce": "n-0S6_WzA2Mj"}
                )
                return redirect(f"https://{DOMAIN}/authorize?{query}")


            @app.post("/cb")
            def callback():
                id_token = request.form["id_token"]
                session["user"] = verifier.verify(id_token, nonce="n-0S6_WzA2Mj")
                # the app's own backend accepts the ID token (its audience is this app)
                requests.post(
                    "https://backend.example.com/sessions",
                    headers={"Authorization": f"Bearer {id_token}"},
                    timeout=10,
                ).raise_for_status()
                return redirect("/")
            """
        ),
        note="OIDC-only login: ID token verified and sent to the app's own backend, never to the Management API",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from flask import Flask, jsonify, redirect, request, session

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def m2m_token() -> str:
                return requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["M2M_CLIENT_ID"],
                        "client_secret": os.environ["M2M_CLIENT_SECRET"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                    },
                    timeout=10,
                ).json()["access_token"]


            @app.route("/login")
            def login():
                query = urlencode({"response_type": "id_token", "scope": "openid", "client_id": os.environ["AUTH0_CLIENT_ID"],
                                   "redirect_uri": "https://app.example.com/cb", "nonce": "abc"})
                return redirect(f"https://{DOMAIN}/authorize?{query}")


            @app.post("/admin/users/<user_id>/block")
            def block(user_id):
                resp = requests.patch(
                    f"https://{DOMAIN}/api/v2/users/{user_id}",
                    json={"blocked": True},
                    headers={"Authorization": f"Bearer {m2m_token()}"},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        note="login with response_type=id_token, but the Management API is called with a client-credentials token",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, request

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/login")
            def login():
                prepared = requests.Request(
                    "GET",
                    f"https://{DOMAIN}/authorize",
                    params={
                        "response_type": os.environ.get("AUTH0_RESPONSE_TYPE", "code"),
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid read:current_user",
                        "redirect_uri": "https://app.example.com/cb",
                    },
                ).prepare()
                return redirect(prepared.url)


            @app.post("/profile")
            def profile():
                return requests.get(
                    f"https://{DOMAIN}/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": f"Bearer {request.form['access_token']}"},
                ).json()
            """
        ),
        note="response_type from configuration: not statically known, say nothing",
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
                    "audience": f"https://{DOMAIN}/api/v2/",
                    "scope": "openid read:current_user",
                    "redirect_uri": "https://app.example.com/callback",
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
        note="authorization code flow (response_type=code) whose access token reaches the Management API",
    ),
]


# ---------------------------------------------------------------------------------------
# JavaScript, TypeScript and templates: the line:column is the responseType value.

_js = _py

INVALID_EXAMPLES += [
    Invalid(
        _js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: CLIENT_ID,
              responseType: 'id_token',
              scope: 'openid',
              redirectUri: window.location.href
            });
            webAuth.parseHash(function (err, authResult) {
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                headers: { Authorization: 'Bearer ' + authResult.idToken }
              });
            });
            """
        ),
        line=4,
        column=17,
        note="the guide's legacy implicit grant: responseType id_token, ID token to the Management API",
        path="app.js",
        fixed=_js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: CLIENT_ID,
              responseType: 'token id_token',
              scope: 'openid read:current_user',
              redirectUri: window.location.href,
              audience: `https://${AUTH0_DOMAIN}/api/v2/`
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
            const lock = new Auth0Lock(CLIENT_ID, DOMAIN, {
              auth: { responseType: "id_token", params: { scope: "openid" } },
            });
            lock.on("authenticated", (authResult) => {
              localStorage.setItem("id_token", authResult.idToken);
            });
            """
        ),
        line=2,
        column=25,
        note="Lock responseType id_token, the ID token stored and sent from another file",
        path="src/login.js",
        extra_files={
            "src/profile.js": _js(
                """
                export const profile = (domain, id) =>
                  fetch(`https://${domain}/api/v2/users/${id}`, {
                    headers: { Authorization: `Bearer ${localStorage.getItem("id_token")}` },
                  });
                """
            )
        },
        fixed=_js(
            """
            const lock = new Auth0Lock(CLIENT_ID, DOMAIN, {
              auth: { responseType: "token id_token", params: { scope: "openid read:current_user" }, audience: `https://${DOMAIN}/api/v2/` },
            });
            lock.on("authenticated", (authResult) => {
              localStorage.setItem("id_token", authResult.idToken);
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            <script>
              var webAuth = new auth0.WebAuth({
                domain: '{{ AUTH0_DOMAIN }}',
                clientID: '{{ AUTH0_CLIENT_ID }}',
                responseType: 'id_token',
                scope: 'openid'
              });
              webAuth.parseHash(function (err, authResult) {
                new auth0.Management({ domain: '{{ AUTH0_DOMAIN }}', token: authResult.idToken })
                  .patchUserMetadata(authResult.idTokenPayload.sub, { lang: 'fr' }, function () {});
              });
            </script>
            """
        ),
        line=5,
        column=19,
        note="Django template: responseType id_token, auth0.js Management patchUserMetadata",
        path="templates/account.html",
        fixed=_js(
            """
            <script>
              var webAuth = new auth0.WebAuth({
                domain: '{{ AUTH0_DOMAIN }}',
                clientID: '{{ AUTH0_CLIENT_ID }}',
                responseType: 'token id_token',
                scope: 'openid update:current_user_metadata',
                audience: 'https://{{ AUTH0_DOMAIN }}/api/v2/'
              });
              webAuth.parseHash(function (err, authResult) {
                new auth0.Management({ domain: '{{ AUTH0_DOMAIN }}', token: authResult.accessToken })
                  .patchUserMetadata(authResult.idTokenPayload.sub, { lang: 'fr' }, function () {});
              });
            </script>
            """
        ),
    ),
    Invalid(
        _js(
            """
            import { WebAuth } from 'auth0-js';

            const auth = new WebAuth({ domain: DOMAIN, clientID: CLIENT_ID, responseType: `id_token`, scope: 'openid' });

            export function renew(): void {
              auth.checkSession({}, (err: unknown, result: { idToken: string }) => {
                void fetch(`https://${DOMAIN}/api/v2/users/${USER}`, { headers: { Authorization: `Bearer ${result.idToken}` } });
              });
            }
            """
        ),
        line=3,
        column=79,
        note="TypeScript, WebAuth imported from auth0-js, responseType in a template literal",
        path="src/auth.ts",
        fixed=_js(
            """
            import { WebAuth } from 'auth0-js';

            const auth = new WebAuth({ domain: DOMAIN, clientID: CLIENT_ID, responseType: `token id_token`, scope: 'openid read:current_user', audience: `https://${DOMAIN}/api/v2/` });

            export function renew(): void {
              auth.checkSession({}, (err: unknown, result: { idToken: string }) => {
                void fetch(`https://${DOMAIN}/api/v2/users/${USER}`, { headers: { Authorization: `Bearer ${result.accessToken}` } });
              });
            }
            """
        ),
    ),
    Invalid(
        _js(
            """
            const webAuth = new auth0.WebAuth({ domain: DOMAIN, clientID: CLIENT_ID, responseType: "code id_token" });
            webAuth.popup.authorize({}, (err, authResult) => {
              axios.get(`https://${DOMAIN}/api/v2/users/${authResult.idTokenPayload.sub}`, {
                headers: { Authorization: `Bearer ${authResult.idToken}` },
              });
            });
            """
        ),
        line=1,
        column=88,
        note="responseType 'code id_token': still no access token in the browser",
        path="src/popup.js",
        fixed=_js(
            """
            const webAuth = new auth0.WebAuth({ domain: DOMAIN, clientID: CLIENT_ID, responseType: "code token id_token", audience: `https://${DOMAIN}/api/v2/`, scope: "openid read:current_user" });
            webAuth.popup.authorize({}, (err, authResult) => {
              axios.get(`https://${DOMAIN}/api/v2/users/${authResult.idTokenPayload.sub}`, {
                headers: { Authorization: `Bearer ${authResult.accessToken}` },
              });
            });
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
              responseType: 'id_token',
              scope: 'openid profile'
            });
            webAuth.parseHash(function (err, authResult) {
              fetch('/session', { method: 'POST', body: JSON.stringify({ idToken: authResult.idToken }) });
            });
            """
        ),
        note="an OIDC-only login: responseType id_token, the ID token goes to the app's backend",
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
              scope: 'openid read:current_user'
            });
            webAuth.parseHash(function (err, authResult) {
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              });
            });
            """
        ),
        note="the migrated guide example: token id_token",
        path="app.js",
    ),
    Valid(
        _js(
            """
            var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: RESPONSE_TYPE });
            webAuth.parseHash(function (err, authResult) {
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              });
            });
            """
        ),
        note="a responseType that is not statically known",
        path="app.js",
    ),
    Valid(
        _js(
            """
            const lock = new Auth0Lock(CLIENT_ID, DOMAIN, { auth: { responseType: 'id_token' } });
            lock.on('authenticated', (authResult) => {
              const profile = jwtDecode(authResult.idToken);
              render(profile);
            });
            """
        ),
        note="Lock id_token login that only decodes the token",
        path="src/lock.js",
    ),
    Valid(
        _js(
            """
            <script>
              var webAuth = new auth0.WebAuth({ domain: '{{ domain }}', clientID: '{{ client_id }}', responseType: 'id_token' });
              webAuth.parseHash(function (err, authResult) {
                $.post('{{ url_for("auth.callback") }}', { id_token: authResult.idToken });
              });
            </script>
            """
        ),
        note="template: the ID token is posted to the app's own callback",
        path="templates/callback.html",
    ),
]
