"""VALID and INVALID examples of SL102 missing-audience (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is the empty audience value when one is given; otherwise the request:
the body dict literal of an /oauth/token request (or the call when the body is not a dict
literal), the `gt.login(...)` expression of GetToken, the outermost URL expression of an
/authorize URL, the `oauth.register(` call of Authlib, the OAuth2Session or ServerClient
constructor call, the SOCIAL_AUTH_AUTH0_SCOPE value of social-auth.
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
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.post("/mobile/preferences")
            def save_preferences():
                payload = request.get_json()
                tokens = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": payload["email"],
                        "password": payload["password"],
                        "client_id": CLIENT_ID,
                        "scope": "update:current_user_metadata",
                    },
                    timeout=10,
                ).json()
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{payload['user_id']}",
                    json={"user_metadata": payload["preferences"]},
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        16,
        14,
        message="no audience",
        note="requests.post json= password grant without audience, access token to PATCH /users/{id}",
        fixed=_py(
            """
            import os

            import requests
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.post("/mobile/preferences")
            def save_preferences():
                payload = request.get_json()
                tokens = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": payload["email"],
                        "password": payload["password"],
                        "client_id": CLIENT_ID,
                        "scope": "update:current_user_metadata",
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                    },
                    timeout=10,
                ).json()
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{payload['user_id']}",
                    json={"user_metadata": payload["preferences"]},
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os
            import sys

            import httpx
            from auth0.management import Users

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def main(username: str, password: str, user_id: str) -> None:
                response = httpx.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "openid read:current_user",
                    },
                )
                response.raise_for_status()
                tokens = response.json()
                users = Users(DOMAIN, tokens["access_token"])
                print(users.get(user_id))


            if __name__ == "__main__":
                main(*sys.argv[1:4])
            """
        ),
        13,
        14,
        message="password-realm",
        note="CLI: httpx.post data= password-realm grant without audience, auth0-python 4.x Users(domain, token)",
        fixed=_py(
            """
            import os
            import sys

            import httpx
            from auth0.management import Users

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def main(username: str, password: str, user_id: str) -> None:
                response = httpx.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "openid read:current_user",
                        "audience": f"https://{DOMAIN}/api/v2/",
                    },
                )
                response.raise_for_status()
                tokens = response.json()
                users = Users(DOMAIN, tokens["access_token"])
                print(users.get(user_id))


            if __name__ == "__main__":
                main(*sys.argv[1:4])
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(username, password):
                body = {
                    "grant_type": "password",
                    "username": username,
                    "password": password,
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "audience": "",
                    "scope": "read:current_user",
                }
                return requests.post(f"https://{AUTH0_DOMAIN}/oauth/token", json=body, timeout=10).json()


            def enrollments(username, password, user_id):
                tokens = login(username, password)
                return requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": "Bearer " + tokens["access_token"]},
                    timeout=10,
                ).json()
            """
        ),
        14,
        21,
        message="empty audience",
        note="body dict in a variable with an empty audience string: reported at the empty value",
        fixed=_py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(username, password):
                body = {
                    "grant_type": "password",
                    "username": username,
                    "password": password,
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                    "scope": "read:current_user",
                }
                return requests.post(f"https://{AUTH0_DOMAIN}/oauth/token", json=body, timeout=10).json()


            def enrollments(username, password, user_id):
                tokens = login(username, password)
                return requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": "Bearer " + tokens["access_token"]},
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
            from auth0.management import ManagementClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def management_client() -> ManagementClient:
                resp = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return ManagementClient(domain=DOMAIN, token=resp.json()["access_token"])


            def revoke_device(credential_id: str) -> None:
                management_client().device_credentials.delete(credential_id)
            """
        ),
        12,
        14,
        message="client-credentials",
        note="client_credentials over raw HTTP (data=) without audience, auth0-python 5.x ManagementClient(domain=, token=)",
        fixed=_py(
            """
            import os

            import requests
            from auth0.management import ManagementClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def management_client() -> ManagementClient:
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
                return ManagementClient(domain=DOMAIN, token=resp.json()["access_token"])


            def revoke_device(credential_id: str) -> None:
                management_client().device_credentials.delete(credential_id)
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            TOKEN_URL = f"https://{DOMAIN}/oauth/token"


            def _token_body(username, password):
                return {
                    "grant_type": "password",
                    "username": username,
                    "password": password,
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                }


            def remove_otp(username, password, user_id):
                tokens = requests.post(TOKEN_URL, json=_token_body(username, password)).json()
                requests.delete(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/multifactor/google-authenticator",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).raise_for_status()
            """
        ),
        10,
        12,
        message="no audience",
        note="body dict literal returned by a helper: reported at that dict literal (where audience goes)",
        fixed=_py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            TOKEN_URL = f"https://{DOMAIN}/oauth/token"


            def _token_body(username, password):
                return {
                    "grant_type": "password",
                    "username": username,
                    "password": password,
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "audience": f"https://{DOMAIN}/api/v2/",
                    "scope": "openid delete:current_user_metadata",
                }


            def remove_otp(username, password, user_id):
                tokens = requests.post(TOKEN_URL, json=_token_body(username, password)).json()
                requests.delete(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/multifactor/google-authenticator",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).raise_for_status()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def remove_otp(username, password, user_id):
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data=dict(
                        grant_type="password",
                        username=username,
                        password=password,
                        client_id=os.environ["AUTH0_CLIENT_ID"],
                        scope="delete:current_user_metadata",
                    ),
                ).json()
                requests.delete(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/multifactor/google-authenticator",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).raise_for_status()
            """
        ),
        9,
        14,
        message="no audience",
        note="body built with dict(...) (not a dict literal): reported at the /oauth/token call",
        fixed=_py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def remove_otp(username, password, user_id):
                tokens = requests.post(
                    f"https://{DOMAIN}/oauth/token",
                    data=dict(
                        grant_type="password",
                        username=username,
                        password=password,
                        client_id=os.environ["AUTH0_CLIENT_ID"],
                        scope="delete:current_user_metadata",
                        audience=f"https://{DOMAIN}/api/v2/",
                    ),
                ).json()
                requests.delete(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/multifactor/google-authenticator",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).raise_for_status()
            """
        ),
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
                    f"https://{DOMAIN}/authorize?response_type=token%20id_token&client_id={CLIENT_ID}"
                    f"&redirect_uri={callback}&scope=openid%20read%3Acurrent_user&response_mode=form_post"
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
        message="/authorize",
        note="implicit grant /authorize f-string query without audience, access token posted back (form_post)",
    ),
    Invalid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from django.http import HttpResponseRedirect, JsonResponse

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            AUTHORIZE_URL = f"https://{AUTH0_DOMAIN}/authorize"


            def login(request):
                params = {
                    "response_type": "token id_token",
                    "response_mode": "form_post",
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": request.build_absolute_uri("/callback/"),
                    "scope": "openid profile read:current_user",
                    "nonce": request.session["nonce"],
                }
                return HttpResponseRedirect(AUTHORIZE_URL + "?" + urlencode(params))


            def callback(request):
                user_id = request.POST["user_id"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {request.POST['access_token']}"},
                )
                return JsonResponse(resp.json())
            """
        ),
        20,
        33,
        message="/authorize",
        note="Django: AUTHORIZE_URL + '?' + urlencode(params) without audience, request.POST['access_token']",
        fixed=_py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from django.http import HttpResponseRedirect, JsonResponse

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            AUTHORIZE_URL = f"https://{AUTH0_DOMAIN}/authorize"


            def login(request):
                params = {
                    "response_type": "token id_token",
                    "response_mode": "form_post",
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": request.build_absolute_uri("/callback/"),
                    "scope": "openid profile read:current_user",
                    "nonce": request.session["nonce"],
                    "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                }
                return HttpResponseRedirect(AUTHORIZE_URL + "?" + urlencode(params))


            def callback(request):
                user_id = request.POST["user_id"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {request.POST['access_token']}"},
                )
                return JsonResponse(resp.json())
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import httpx
            from flask import Flask, jsonify, redirect, request, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            mgmt = httpx.Client(base_url=f"https://{AUTH0_DOMAIN}", timeout=10)


            @app.get("/login")
            def login():
                params = {
                    "response_type": "token",
                    "response_mode": "form_post",
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": url_for("callback", _external=True),
                    "scope": "read:current_user",
                }
                return redirect(f"https://{AUTH0_DOMAIN}/authorize?" + urlencode(params))


            @app.post("/callback")
            def callback():
                resp = mgmt.get(
                    f"/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": f"Bearer {request.form['access_token']}"},
                )
                return jsonify(resp.json())
            """
        ),
        21,
        21,
        message="/authorize",
        note="f'https://{domain}/authorize?' + urlencode(params) without audience, httpx.Client(base_url=)",
        fixed=_py(
            """
            import os
            from urllib.parse import urlencode

            import httpx
            from flask import Flask, jsonify, redirect, request, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            mgmt = httpx.Client(base_url=f"https://{AUTH0_DOMAIN}", timeout=10)


            @app.get("/login")
            def login():
                params = {
                    "response_type": "token",
                    "response_mode": "form_post",
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": url_for("callback", _external=True),
                    "scope": "read:current_user",
                    "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                }
                return redirect(f"https://{AUTH0_DOMAIN}/authorize?" + urlencode(params))


            @app.post("/callback")
            def callback():
                resp = mgmt.get(
                    f"/api/v2/users/{request.form['user_id']}",
                    headers={"Authorization": f"Bearer {request.form['access_token']}"},
                )
                return jsonify(resp.json())
            """
        ),
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
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": url_for("callback", _external=True),
                        "scope": "read:current_user",
                        "audience": "",
                        "response_mode": "form_post",
                    },
                ).prepare()
                return redirect(prepared.url)


            @app.post("/callback")
            def callback():
                resp = requests.get(
                    f"https://{DOMAIN}/api/v2/users/{request.form['sub']}",
                    headers={"Authorization": f"Bearer {request.form['access_token']}"},
                    timeout=10,
                )
                return resp.json()
            """
        ),
        20,
        25,
        message="empty audience",
        note="requests.Request('GET', .../authorize, params=) with an empty audience",
    ),
    Invalid(
        _py(
            """
            import requests
            from flask import Flask, request

            app = Flask(__name__)

            LOGIN_PAGE = (
                '<a href="https://acme.eu.auth0.com/authorize?response_type=token&client_id=Xv3kq0PnsLbT'
                '&redirect_uri=https://portal.acme.io/implicit-callback&scope=read:current_user">Sign in</a>'
            )


            @app.get("/")
            def index():
                return LOGIN_PAGE


            @app.post("/implicit-callback")
            def implicit_callback():
                token = request.json["access_token"]
                resp = requests.get(
                    f"https://acme.eu.auth0.com/api/v2/users/{request.json['sub']}",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=10,
                )
                return resp.json()
            """
        ),
        7,
        5,
        message="/authorize",
        note="HTML link to /authorize without audience; the page's script posts the token as JSON",
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


            def update_locale(username, password, user_id, locale):
                tokens = GetToken(DOMAIN).login(
                    CLIENT_ID,
                    CLIENT_SECRET,
                    username,
                    password,
                    "openid update:current_user_metadata",
                    "Username-Password-Authentication",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.update(user_id, {"user_metadata": {"locale": locale}})
            """
        ),
        12,
        14,
        message="password-realm",
        note="auth0-python 3.x GetToken(domain).login positional without audience, Auth0(domain, token)",
        fixed=_py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]


            def update_locale(username, password, user_id, locale):
                tokens = GetToken(DOMAIN).login(
                    CLIENT_ID,
                    CLIENT_SECRET,
                    username,
                    password,
                    "openid update:current_user_metadata",
                    "Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.update(user_id, {"user_metadata": {"locale": locale}})
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
            gt = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])


            def link_github(username, password, primary_id, github_id_token):
                tokens = gt.login(
                    username=username,
                    password=password,
                    scope="update:current_user_identities",
                    realm="Username-Password-Authentication",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.link_user_account(primary_id, {"link_with": github_id_token})
            """
        ),
        11,
        14,
        message="password-realm",
        note="auth0-python 4.x gt.login(...) keywords without audience, users.link_user_account",
        fixed=_py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            gt = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])


            def link_github(username, password, primary_id, github_id_token):
                tokens = gt.login(
                    username=username,
                    password=password,
                    scope="update:current_user_identities",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.link_user_account(primary_id, {"link_with": github_id_token})
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


            def wipe_mfa(user_id: str) -> None:
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                token = get_token.client_credentials("")
                mgmt = Auth0(DOMAIN, token["access_token"])
                mgmt.users.delete_multifactor(user_id, "duo")
            """
        ),
        11,
        42,
        message="empty audience",
        note="auth0-python 4.x client_credentials with an empty audience",
        fixed=_py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def wipe_mfa(user_id: str) -> None:
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                token = get_token.client_credentials(f"https://{DOMAIN}/api/v2/")
                mgmt = Auth0(DOMAIN, token["access_token"])
                mgmt.users.delete_multifactor(user_id, "duo")
            """
        ),
    ),
    # ------------------------------------------------------------------ Authlib
    Invalid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, jsonify, redirect, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile read:current_user"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/login")
            def login():
                return oauth.auth0.authorize_redirect(url_for("callback", _external=True))


            @app.route("/callback")
            def callback():
                session["user"] = oauth.auth0.authorize_access_token()
                return redirect(url_for("profile"))


            @app.route("/profile")
            def profile():
                user = session["user"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {user['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        12,
        1,
        message="no audience",
        note="Authlib Flask register without audience (neither authorize_params nor authorize_redirect)",
        fixed=_py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, jsonify, redirect, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile read:current_user"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
            )


            @app.route("/login")
            def login():
                return oauth.auth0.authorize_redirect(url_for("callback", _external=True))


            @app.route("/callback")
            def callback():
                session["user"] = oauth.auth0.authorize_access_token()
                return redirect(url_for("profile"))


            @app.route("/profile")
            def profile():
                user = session["user"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {user['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
    ),
    # ------------------------------------------------------------------ requests-oauthlib
    Invalid(
        _py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            REDIRECT_URI = "http://localhost:8765/callback"


            def main() -> None:
                auth0 = OAuth2Session(CLIENT_ID, scope=["read:current_user"], redirect_uri=REDIRECT_URI)
                url, state = auth0.authorization_url(f"https://{DOMAIN}/authorize")
                print("Open this URL and paste the redirect URL back here:", url)
                redirect_response = input("> ")
                auth0.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=CLIENT_SECRET,
                    authorization_response=redirect_response,
                )
                me = auth0.get(f"https://{DOMAIN}/api/v2/users/{input('user id: ')}").json()
                print(me["email"])


            if __name__ == "__main__":
                main()
            """
        ),
        12,
        13,
        message="no audience",
        note="requests-oauthlib CLI: OAuth2Session without audience, the session itself calls GET /users/{id}",
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
                authorization_params={"scope": "openid profile read:current_user"},
            )


            @app.get("/me/auth0-profile")
            async def auth0_profile(request: Request, response: Response, user_id: str):
                token = await auth0.get_access_token(store_options={"request": request, "response": response})
                async with httpx.AsyncClient() as client:
                    resp = await client.get(
                        f"https://{DOMAIN}/api/v2/users/{user_id}",
                        headers={"Authorization": f"Bearer {token}"},
                    )
                return resp.json()
            """
        ),
        12,
        9,
        message="no audience",
        note="FastAPI + auth0-server-python ServerClient without audience in authorization_params",
        fixed=_py(
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
                authorization_params={"scope": "openid profile read:current_user", "audience": f"https://{DOMAIN}/api/v2/"},
            )


            @app.get("/me/auth0-profile")
            async def auth0_profile(request: Request, response: Response, user_id: str):
                token = await auth0.get_access_token(store_options={"request": request, "response": response})
                async with httpx.AsyncClient() as client:
                    resp = await client.get(
                        f"https://{DOMAIN}/api/v2/users/{user_id}",
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
            from flask import Blueprint, redirect, request, session, url_for

            bp = Blueprint("auth", __name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.post("/login")
            def login():
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": request.form["email"],
                        "password": request.form["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "openid read:current_user",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                session["user"] = resp.json()
                return redirect(url_for("views.profile"))
            """
        ),
        14,
        14,
        message="no audience",
        note="cross-module: auth.py stores the response in session['user'], views.py sends session['user']['access_token']",
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
        fixed=_py(
            """
            import os

            import requests
            from flask import Blueprint, redirect, request, session, url_for

            bp = Blueprint("auth", __name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @bp.post("/login")
            def login():
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": request.form["email"],
                        "password": request.form["password"],
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "openid read:current_user",
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                session["user"] = resp.json()
                return redirect(url_for("views.profile"))
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def get_tokens(username: str, password: str) -> dict:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "employees",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "create:current_user_device_credentials",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        11,
        14,
        message="password-realm",
        note="cross-module: get_tokens() in auth.py, imported by devices.py with `from .auth import get_tokens`",
        path="auth.py",
        extra_files={
            "devices.py": _py(
                """
                import os

                import requests

                from .auth import get_tokens

                AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


                def enroll_device(username, password, device_id, public_key):
                    tokens = get_tokens(username, password)
                    resp = requests.post(
                        f"https://{AUTH0_DOMAIN}/api/v2/device-credentials",
                        headers={"Authorization": "Bearer " + tokens["access_token"]},
                        json={"device_name": device_id, "type": "public_key", "value": public_key, "device_id": device_id},
                        timeout=10,
                    )
                    resp.raise_for_status()
                    return resp.json()["id"]
                """
            )
        },
        fixed=_py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def get_tokens(username: str, password: str) -> dict:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "employees",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "scope": "create:current_user_device_credentials",
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
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

            from authlib.integrations.starlette_client import OAuth

            oauth = OAuth()
            oauth.register(
                name="auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "read:current_user update:current_user_metadata"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )
            """
        ),
        6,
        1,
        message="no audience",
        note="cross-module Starlette: oauth registered in oauth_client.py, token used in routes.py",
        path="oauth_client.py",
        extra_files={
            "routes.py": _py(
                """
                import os

                import httpx
                from starlette.requests import Request
                from starlette.responses import JSONResponse

                from .oauth_client import oauth

                DOMAIN = os.environ["AUTH0_DOMAIN"]


                async def login(request: Request):
                    return await oauth.auth0.authorize_redirect(request, request.url_for("callback"))


                async def callback(request: Request):
                    token = await oauth.auth0.authorize_access_token(request)
                    async with httpx.AsyncClient() as client:
                        resp = await client.get(
                            f"https://{DOMAIN}/api/v2/users/{token['userinfo']['sub']}",
                            headers={"Authorization": f"Bearer {token['access_token']}"},
                        )
                    return JSONResponse(resp.json())
                """
            )
        },
        fixed=_py(
            """
            import os

            from authlib.integrations.starlette_client import OAuth

            oauth = OAuth()
            oauth.register(
                name="auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "read:current_user update:current_user_metadata"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
                authorize_params={"audience": f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/"},
            )
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "email", "read:current_user"]

            AUTHENTICATION_BACKENDS = [
                "social_core.backends.auth0.Auth0OAuth2",
                "django.contrib.auth.backends.ModelBackend",
            ]
            """
        ),
        6,
        27,
        message="no audience",
        note="cross-module python-social-auth: settings.py without SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS, views.py uses extra_data",
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
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.post("/mobile/preferences")
            def save_preferences():
                payload = request.get_json()
                tokens = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": payload["email"],
                        "password": payload["password"],
                        "client_id": CLIENT_ID,
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                        "scope": "update:current_user_metadata",
                    },
                    timeout=10,
                ).json()
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{payload['user_id']}",
                    json={"user_metadata": payload["preferences"]},
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        note="twin: password grant with the Management API audience",
    ),
    Valid(
        _py(
            """
            import os
            import sys

            import httpx
            from auth0.management import Users

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def main(username: str, password: str, user_id: str) -> None:
                response = httpx.post(
                    f"https://{DOMAIN}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "read:current_user",
                    },
                )
                response.raise_for_status()
                tokens = response.json()
                users = Users(DOMAIN, tokens["access_token"])
                print(users.get(user_id))


            if __name__ == "__main__":
                main(*sys.argv[1:4])
            """
        ),
        note="twin: httpx password-realm grant with audience",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from auth0.management import ManagementClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def management_client() -> ManagementClient:
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
                return ManagementClient(domain=DOMAIN, token=resp.json()["access_token"])


            def revoke_device(credential_id: str) -> None:
                management_client().device_credentials.delete(credential_id)
            """
        ),
        note="twin: client_credentials with the Management API audience (the common M2M code)",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from django.http import HttpResponseRedirect, JsonResponse

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            AUTHORIZE_URL = f"https://{AUTH0_DOMAIN}/authorize"


            def login(request):
                params = {
                    "response_type": "token id_token",
                    "response_mode": "form_post",
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": request.build_absolute_uri("/callback/"),
                    "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                    "scope": "read:current_user",
                    "nonce": request.session["nonce"],
                }
                return HttpResponseRedirect(AUTHORIZE_URL + "?" + urlencode(params))


            def callback(request):
                user_id = request.POST["user_id"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {request.POST['access_token']}"},
                )
                return JsonResponse(resp.json())
            """
        ),
        note="twin: urlencode(params) /authorize with the Management API audience",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            gt = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])


            def link_github(username, password, primary_id, github_id_token):
                tokens = gt.login(
                    username=username,
                    password=password,
                    scope="update:current_user_identities",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.link_user_account(primary_id, {"link_with": github_id_token})
            """
        ),
        note="twin: auth0-python 4.x login with audience=",
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


            def update_locale(username, password, user_id, locale):
                tokens = GetToken(DOMAIN).login(
                    CLIENT_ID,
                    CLIENT_SECRET,
                    username,
                    password,
                    "update:current_user_metadata",
                    "Username-Password-Authentication",
                    "https://" + DOMAIN + "/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.update(user_id, {"user_metadata": {"locale": locale}})
            """
        ),
        note="twin: auth0-python 3.x login with the audience as 7th positional argument",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from authlib.integrations.flask_client import OAuth
            from flask import Flask, jsonify, redirect, session, url_for

            app = Flask(__name__)
            app.secret_key = os.environ["APP_SECRET_KEY"]
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "openid profile read:current_user"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/login")
            def login():
                return oauth.auth0.authorize_redirect(
                    url_for("callback", _external=True), audience=f"https://{AUTH0_DOMAIN}/api/v2/"
                )


            @app.route("/callback")
            def callback():
                session["user"] = oauth.auth0.authorize_access_token()
                return redirect(url_for("profile"))


            @app.route("/profile")
            def profile():
                user = session["user"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {user['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        note="twin: Authlib with audience= on authorize_redirect",
    ),
    Valid(
        _py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            REDIRECT_URI = "http://localhost:8765/callback"


            def main() -> None:
                auth0 = OAuth2Session(CLIENT_ID, scope=["read:current_user"], redirect_uri=REDIRECT_URI)
                url, state = auth0.authorization_url(f"https://{DOMAIN}/authorize", audience=f"https://{DOMAIN}/api/v2/")
                print("Open this URL and paste the redirect URL back here:", url)
                redirect_response = input("> ")
                auth0.fetch_token(
                    f"https://{DOMAIN}/oauth/token",
                    client_secret=CLIENT_SECRET,
                    authorization_response=redirect_response,
                )
                me = auth0.get(f"https://{DOMAIN}/api/v2/users/{input('user id: ')}").json()
                print(me["email"])


            if __name__ == "__main__":
                main()
            """
        ),
        note="twin: requests-oauthlib authorization_url(..., audience=)",
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
        note="twin: social-auth settings with the audience in SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS",
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


            @app.get("/me/auth0-profile")
            async def auth0_profile(request: Request, response: Response, user_id: str):
                token = await auth0.get_access_token(store_options={"request": request, "response": response})
                async with httpx.AsyncClient() as client:
                    resp = await client.get(
                        f"https://{DOMAIN}/api/v2/users/{user_id}",
                        headers={"Authorization": f"Bearer {token}"},
                    )
                return resp.json()
            """
        ),
        note="twin: ServerClient with the audience in authorization_params",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def get_tokens(username: str, password: str) -> dict:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "employees",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                        "scope": "create:current_user_device_credentials",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="twin, cross-module: get_tokens() with audience, used by devices.py",
        path="auth.py",
        extra_files={
            "devices.py": _py(
                """
                import os

                import requests

                from auth import get_tokens

                AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


                def enroll_device(username, password, device_id, public_key):
                    tokens = get_tokens(username, password)
                    resp = requests.post(
                        f"https://{AUTH0_DOMAIN}/api/v2/device-credentials",
                        headers={"Authorization": "Bearer " + tokens["access_token"]},
                        json={"device_name": device_id, "type": "public_key", "value": public_key, "device_id": device_id},
                        timeout=10,
                    )
                    resp.raise_for_status()
                    return resp.json()["id"]
                """
            )
        },
    ),
    # ------------------------------------------------------------------ §6 and the flows whose audience is decided elsewhere
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def renew(refresh_token: str) -> dict:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "refresh_token",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "refresh_token": refresh_token,
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()


            def fetch_profile(refresh_token: str, user_id: str) -> dict:
                tokens = renew(refresh_token)
                return requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                ).json()
            """
        ),
        note="refresh_token grant: the token keeps the audience of the original request",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.get("/callback")
            def callback():
                tokens = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    data={
                        "grant_type": "authorization_code",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_CLIENT_SECRET"],
                        "code": request.args["code"],
                        "redirect_uri": "https://app.example.com/callback",
                    },
                    timeout=10,
                ).json()
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{request.args['uid']}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())
            """
        ),
        note="authorization_code exchange over raw HTTP: the audience is decided at /authorize",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def on_callback(code: str, redirect_uri: str, user_id: str) -> dict:
                tokens = GetToken(DOMAIN).authorization_code(
                    os.environ["AUTH0_CLIENT_ID"], os.environ["AUTH0_CLIENT_SECRET"], code, redirect_uri
                )
                return Auth0(DOMAIN, tokens["access_token"]).users.get(user_id)
            """
        ),
        note="GetToken.authorization_code (3.x): the audience is decided at /authorize",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from auth0.authentication import GetToken

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            gt = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])


            def whoami(username: str, password: str) -> dict:
                tokens = gt.login(username, password, scope="openid profile email", realm="Username-Password-Authentication")
                resp = requests.get(
                    f"https://{DOMAIN}/userinfo",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="login without audience whose token is used only for /userinfo (never the Management API)",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(username, password):
                return requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": os.environ["AUTH0_GRANT_TYPE"],
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                    },
                    timeout=10,
                ).json()


            def profile(username, password, user_id):
                tokens = login(username, password)
                return requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).json()
            """
        ),
        note="grant type from the environment: not statically known, say nothing",
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
                client_kwargs={"scope": "openid profile read:current_user"},
                authorize_params={"audience": os.environ["AUTH0_API_AUDIENCE"]},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                session["user"] = oauth.auth0.authorize_access_token()
                return "ok"


            @app.route("/profile")
            def profile():
                user = session["user"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {user['access_token']}"},
                )
                return jsonify(resp.json())
            """
        ),
        note="Authlib audience from an environment variable: not statically known, but present",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            from flask import Flask, redirect, render_template, request, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.get("/login")
            def login():
                query = urlencode(
                    {
                        "response_type": "id_token",
                        "response_mode": "form_post",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": url_for("callback", _external=True),
                        "scope": "openid profile email",
                        "nonce": "n-0S6_WzA2Mj",
                    }
                )
                return redirect(f"https://{AUTH0_DOMAIN}/authorize?{query}")


            @app.post("/callback")
            def callback():
                return render_template("welcome.html", id_token=request.form["id_token"])
            """
        ),
        note="response_type=id_token login without audience that never calls the Management API",
    ),
]


# ---------------------------------------------------------------------------------------
# JavaScript, TypeScript and templates: the line:column is the request's constructor call
# (or its empty audience), as for Python.

_js = _py

INVALID_EXAMPLES += [
    Invalid(
        _js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: AUTH0_CLIENT_ID,
              responseType: 'token id_token',
              scope: 'openid read:current_user'
            });
            webAuth.parseHash(function (err, authResult) {
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              });
            });
            """
        ),
        line=1,
        column=15,
        message="/authorize request with no audience",
        note="auth0.js WebAuth without audience, its access token sent to the Management API",
        path="app.js",
        fixed=_js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: AUTH0_CLIENT_ID,
              responseType: 'token id_token',
              scope: 'openid read:current_user',
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
            import { createAuth0Client } from '@auth0/auth0-spa-js';

            const client = await createAuth0Client({
              domain: 'example.eu.auth0.com',
              clientId: 'abc',
              authorizationParams: {
                redirect_uri: window.location.origin,
                scope: 'openid read:current_user',
              },
            });
            const token = await client.getTokenSilently();
            await fetch('https://example.eu.auth0.com/api/v2/users/' + userId, {
              headers: { Authorization: `Bearer ${token}` },
            });
            """
        ),
        line=3,
        column=22,
        note="auth0-spa-js 2.x: the audience goes into authorizationParams",
        path="src/main.ts",
        fixed=_js(
            """
            import { createAuth0Client } from '@auth0/auth0-spa-js';

            const client = await createAuth0Client({
              domain: 'example.eu.auth0.com',
              clientId: 'abc',
              authorizationParams: {
                redirect_uri: window.location.origin,
                scope: 'openid read:current_user',
                audience: 'https://example.eu.auth0.com/api/v2/',
              },
            });
            const token = await client.getTokenSilently();
            await fetch('https://example.eu.auth0.com/api/v2/users/' + userId, {
              headers: { Authorization: `Bearer ${token}` },
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            var lock = new Auth0Lock(CLIENT_ID, AUTH0_DOMAIN, {
              auth: {
                responseType: 'token id_token',
                params: { scope: 'openid read:current_user' }
              }
            });
            lock.on('authenticated', function (authResult) {
              localStorage.setItem('access_token', authResult.accessToken);
            });
            """
        ),
        line=1,
        column=12,
        note="Lock without audience; its access token is stored and used in another file",
        path="static/js/login.js",
        extra_files={
            "static/js/profile.js": _js(
                """
                function loadProfile(userId) {
                  return $.ajax({
                    url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + userId,
                    headers: { Authorization: 'Bearer ' + localStorage.getItem('access_token') }
                  });
                }
                """
            )
        },
        fixed=_js(
            """
            var lock = new Auth0Lock(CLIENT_ID, AUTH0_DOMAIN, {
              auth: {
                responseType: 'token id_token',
                params: { scope: 'openid read:current_user' },
                audience: `https://${AUTH0_DOMAIN}/api/v2/`
              }
            });
            lock.on('authenticated', function (authResult) {
              localStorage.setItem('access_token', authResult.accessToken);
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            export async function login(domain: string, username: string, password: string): Promise<void> {
              const { data } = await axios.post(`https://${domain}/oauth/token`, {
                grant_type: 'password',
                username,
                password,
                client_id: CLIENT_ID,
                scope: 'openid read:current_user',
              });
              await axios.get(`https://${domain}/api/v2/users/${encodeURIComponent(username)}`, {
                headers: { Authorization: `Bearer ${data.access_token}` },
              });
            }
            """
        ),
        line=2,
        column=26,
        message="password-grant request with no audience",
        note="password grant with axios.post, no audience",
        path="src/login.ts",
        fixed=_js(
            """
            export async function login(domain: string, username: string, password: string): Promise<void> {
              const { data } = await axios.post(`https://${domain}/oauth/token`, {
                grant_type: 'password',
                username,
                password,
                client_id: CLIENT_ID,
                scope: 'openid read:current_user',
                audience: `https://${domain}/api/v2/`,
              });
              await axios.get(`https://${domain}/api/v2/users/${encodeURIComponent(username)}`, {
                headers: { Authorization: `Bearer ${data.access_token}` },
              });
            }
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
                audience: '',
                responseType: 'token id_token',
                scope: 'openid read:current_user'
              });
              webAuth.parseHash(function (err, authResult) {
                var manage = new auth0.Management({ domain: 'example.auth0.com', token: authResult.accessToken });
                manage.getUser(authResult.idTokenPayload.sub, show);
              });
            </script>
            """
        ),
        line=5,
        column=15,
        message="an empty audience",
        note="template: an empty audience, auth0.js Management client with the access token",
        path="templates/profile.html",
        fixed=_js(
            """
            <script>
              var webAuth = new auth0.WebAuth({
                domain: 'example.auth0.com',
                clientID: '{{ client_id }}',
                audience: 'https://example.auth0.com/api/v2/',
                responseType: 'token id_token',
                scope: 'openid read:current_user'
              });
              webAuth.parseHash(function (err, authResult) {
                var manage = new auth0.Management({ domain: 'example.auth0.com', token: authResult.accessToken });
                manage.getUser(authResult.idTokenPayload.sub, show);
              });
            </script>
            """
        ),
    ),
    Invalid(
        _js(
            """
            let auth0 = null;

            window.onload = async () => {
              auth0 = await createAuth0Client({
                domain: AUTH0_DOMAIN,
                client_id: AUTH0_CLIENT_ID,
                scope: 'openid read:current_user',
              });
            };

            async function getProfile(userId) {
              const token = await auth0.getTokenSilently();
              return (await fetch(`https://${AUTH0_DOMAIN}/api/v2/users/${userId}`, {
                headers: { Authorization: `Bearer ${token}` },
              })).json();
            }
            """
        ),
        line=4,
        column=17,
        note="auth0-spa-js 1.x spelling without audience: the audience goes next to the top-level scope",
        path="public/js/profile.js",
        fixed=_js(
            """
            let auth0 = null;

            window.onload = async () => {
              auth0 = await createAuth0Client({
                domain: AUTH0_DOMAIN,
                client_id: AUTH0_CLIENT_ID,
                scope: 'openid read:current_user',
                audience: `https://${AUTH0_DOMAIN}/api/v2/`,
              });
            };

            async function getProfile(userId) {
              const token = await auth0.getTokenSilently();
              return (await fetch(`https://${AUTH0_DOMAIN}/api/v2/users/${userId}`, {
                headers: { Authorization: `Bearer ${token}` },
              })).json();
            }
            """
        ),
    ),
    Invalid(
        _js(
            """
            import { createAuth0Client } from '@auth0/auth0-spa-js';

            const client = await createAuth0Client({
              domain: DOMAIN,
              clientId: CLIENT_ID,
            });

            export async function saveLanguage(userId, language) {
              const token = await client.getTokenSilently();
              return fetch(`https://${DOMAIN}/api/v2/users/${userId}`, {
                method: 'PATCH',
                headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
                body: JSON.stringify({ user_metadata: { language } }),
              });
            }
            """
        ),
        line=3,
        column=22,
        note="auth0-spa-js 2.x options without authorizationParams: the fix creates it",
        path="src/settings.js",
        fixed=_js(
            """
            import { createAuth0Client } from '@auth0/auth0-spa-js';

            const client = await createAuth0Client({
              domain: DOMAIN,
              clientId: CLIENT_ID,
              authorizationParams: { audience: `https://${DOMAIN}/api/v2/`, scope: 'openid update:current_user_metadata' },
            });

            export async function saveLanguage(userId, language) {
              const token = await client.getTokenSilently();
              return fetch(`https://${DOMAIN}/api/v2/users/${userId}`, {
                method: 'PATCH',
                headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
                body: JSON.stringify({ user_metadata: { language } }),
              });
            }
            """
        ),
    ),
    Invalid(
        _js(
            """
            import { Auth0Provider, useAuth0 } from '@auth0/auth0-react';

            function Settings() {
              const { user, getAccessTokenSilently } = useAuth0();
              const save = async (metadata) => {
                const token = await getAccessTokenSilently();
                await fetch(`https://acme.auth0.com/api/v2/users/${user.sub}`, {
                  method: 'PATCH',
                  headers: { Authorization: `Bearer ${token}` },
                  body: JSON.stringify({ user_metadata: metadata }),
                });
              };
              return <button onClick={() => save({ theme: 'dark' })}>Save</button>;
            }

            export const Root = () => (
              <Auth0Provider
                domain="acme.auth0.com"
                clientId="abc"
                authorizationParams={{ redirect_uri: window.location.origin, scope: 'openid update:current_user_metadata' }}
              >
                <Settings />
              </Auth0Provider>
            );
            """
        ),
        line=17,
        column=3,
        note="auth0-react: <Auth0Provider> without audience; useAuth0's getAccessTokenSilently in the same file",
        path="src/Root.jsx",
        fixed=_js(
            """
            import { Auth0Provider, useAuth0 } from '@auth0/auth0-react';

            function Settings() {
              const { user, getAccessTokenSilently } = useAuth0();
              const save = async (metadata) => {
                const token = await getAccessTokenSilently();
                await fetch(`https://acme.auth0.com/api/v2/users/${user.sub}`, {
                  method: 'PATCH',
                  headers: { Authorization: `Bearer ${token}` },
                  body: JSON.stringify({ user_metadata: metadata }),
                });
              };
              return <button onClick={() => save({ theme: 'dark' })}>Save</button>;
            }

            export const Root = () => (
              <Auth0Provider
                domain="acme.auth0.com"
                clientId="abc"
                authorizationParams={{ redirect_uri: window.location.origin, scope: 'openid update:current_user_metadata', audience: 'https://acme.auth0.com/api/v2/' }}
              >
                <Settings />
              </Auth0Provider>
            );
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
              clientID: AUTH0_CLIENT_ID,
              responseType: 'token id_token',
              audience: `https://${AUTH0_DOMAIN}/api/v2/`,
              scope: 'openid read:current_user'
            });
            webAuth.parseHash(function (err, authResult) {
              fetch(`https://${AUTH0_DOMAIN}/api/v2/users/${authResult.idTokenPayload.sub}`, {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              });
            });
            """
        ),
        note="WebAuth with the Management API audience",
        path="app.js",
    ),
    Valid(
        _js(
            """
            var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: 'token id_token' });
            webAuth.parseHash(function (err, authResult) {
              fetch('https://' + AUTH0_DOMAIN + '/userinfo', {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              });
            });
            """
        ),
        note="no audience, the access token is used only for /userinfo",
        path="app.js",
    ),
    Valid(
        _js(
            """
            const client = await createAuth0Client({
              domain: DOMAIN,
              clientId: CLIENT_ID,
              audience: `https://${DOMAIN}/api/v2/`,
              scope: 'openid read:current_user',
            });
            const token = await client.getTokenSilently();
            await fetch(`https://${DOMAIN}/api/v2/users/${USER_ID}`, { headers: { Authorization: `Bearer ${token}` } });
            """
        ),
        note="auth0-spa-js 1.x spelling: audience at the top level",
        path="src/app.js",
    ),
    Valid(
        _js(
            """
            const client = await createAuth0Client({ domain: DOMAIN, clientId: CLIENT_ID });
            const token = await client.getTokenSilently({
              authorizationParams: { audience: `https://${DOMAIN}/api/v2/`, scope: 'read:current_user' },
            });
            await fetch(`https://${DOMAIN}/api/v2/users/${USER_ID}`, { headers: { Authorization: `Bearer ${token}` } });
            """
        ),
        note="auth0-spa-js: the audience is asked for in getTokenSilently itself",
        path="src/app.js",
    ),
    Valid(
        _js(
            """
            var lock = new Auth0Lock(CLIENT_ID, AUTH0_DOMAIN, { auth: { responseType: 'token id_token' } });
            lock.on('authenticated', function (authResult) {
              fetch('/api/session', { method: 'POST', headers: { Authorization: 'Bearer ' + authResult.accessToken } });
            });
            """
        ),
        note="Lock without audience whose token goes only to the app's own backend",
        path="static/js/login.js",
    ),
    Valid(
        _js(
            """
            const { data } = await axios.post(`https://${DOMAIN}/oauth/token`, {
              grant_type: 'client_credentials',
              client_id: CLIENT_ID,
              client_secret: process.env.CLIENT_SECRET,
              audience: `https://${DOMAIN}/api/v2/`,
            });
            await axios.get(`https://${DOMAIN}/api/v2/users/${id}`, { headers: { Authorization: `Bearer ${data.access_token}` } });
            """
        ),
        note="client credentials with the Management API audience (Node.js)",
        path="scripts/sync.mjs",
    ),
]
