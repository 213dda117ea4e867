"""VALID and INVALID examples of SL101 id-token-bearer (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is where the ID token enters the request: the start of the value of the
"Authorization" header entry where it is written, or the start of the token argument of an
auth0-python management client.
"""

import textwrap

from scopelint.rules.base import Invalid, Valid


def _py(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


INVALID_EXAMPLES: list[Invalid] = [
    # ------------------------------------------------------------------ requests
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
                client_kwargs={"scope": "openid profile email"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                user_id = token["userinfo"]["sub"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {token['id_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                session["profile"] = resp.json()
                return redirect(url_for("index"))
            """
        ),
        27,
        35,
        message="ID token",
        note="authlib authorize_access_token() result, requests.get, inline f-string header, GET /users/{id}",
        fixed=_py(
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
                client_kwargs={"scope": "openid profile email read:current_user"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
            )


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                user_id = token["userinfo"]["sub"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {token['access_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                session["profile"] = resp.json()
                return redirect(url_for("index"))
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests
            from flask import Blueprint, current_app, jsonify, request, session

            bp = Blueprint("profile", __name__)


            @bp.route("/profile/metadata", methods=["POST"])
            def save_metadata():
                user = session["user"]
                domain = current_app.config["AUTH0_DOMAIN"]
                resp = requests.patch(
                    f"https://{domain}/api/v2/users/{user['userinfo']['sub']}",
                    json={"user_metadata": {"newsletter": request.form.get("newsletter") == "on"}},
                    headers={"Authorization": "Bearer " + session["user"]["id_token"]},
                    timeout=10,
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        14,
        35,
        message="ID token",
        note="Flask session['user']['id_token'], requests.patch, '+' concatenated header, host from app config",
        fixed=_py(
            """
            import requests
            from flask import Blueprint, current_app, jsonify, request, session

            bp = Blueprint("profile", __name__)


            @bp.route("/profile/metadata", methods=["POST"])
            def save_metadata():
                user = session["user"]
                domain = current_app.config["AUTH0_DOMAIN"]
                resp = requests.patch(
                    f"https://{domain}/api/v2/users/{user['userinfo']['sub']}",
                    json={"user_metadata": {"newsletter": request.form.get("newsletter") == "on"}},
                    headers={"Authorization": "Bearer " + session["user"]["access_token"]},
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

            import requests
            from flask import Flask, abort, redirect, session, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/security/mfa/<provider>/remove")
            def remove_mfa(provider):
                if "id_token" not in session:
                    abort(401)
                url = "https://" + AUTH0_DOMAIN + "/api/v2/users/" + session["user_id"] + "/multifactor/" + provider
                resp = requests.delete(url, headers={"Authorization": "Bearer " + session["id_token"]})
                if resp.status_code != 204:
                    abort(resp.status_code)
                return redirect(url_for("security"))
            """
        ),
        15,
        59,
        message="ID token",
        note="Flask session['id_token'], requests.delete, URL built with '+', DELETE /users/{id}/multifactor/{provider}",
        fixed=_py(
            """
            import os

            import requests
            from flask import Flask, abort, redirect, session, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.post("/security/mfa/<provider>/remove")
            def remove_mfa(provider):
                if "id_token" not in session:
                    abort(401)
                url = "https://" + AUTH0_DOMAIN + "/api/v2/users/" + session["user_id"] + "/multifactor/" + provider
                resp = requests.delete(url, headers={"Authorization": "Bearer " + session["access_token"]})
                if resp.status_code != 204:
                    abort(resp.status_code)
                return redirect(url_for("security"))
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def link_accounts(primary: dict, secondary: dict) -> list:
                \"\"\"Link the secondary login to the primary user (both are token responses).\"\"\"
                primary_user_id = primary["userinfo"]["sub"]
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{primary_user_id}/identities",
                    headers={"Authorization": f"Bearer {primary['id_token']}"},
                    json={"link_with": secondary["id_token"]},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        13,
        35,
        message="ID token",
        note="account linking with the primary user's ID token as Bearer (link_with itself is fine), requests.post",
        fixed=_py(
            '''
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def link_accounts(primary: dict, secondary: dict) -> list:
                """Link the secondary login to the primary user (both are token responses)."""
                primary_user_id = primary["userinfo"]["sub"]
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{primary_user_id}/identities",
                    headers={"Authorization": f"Bearer {primary['access_token']}"},
                    json={"link_with": secondary["id_token"]},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            '''
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def set_locale(tokens, user_id, locale):
                url = "https://%s/api/v2/users/%s" % (AUTH0_DOMAIN, user_id)
                response = requests.request(
                    "PATCH",
                    url,
                    json={"user_metadata": {"locale": locale}},
                    headers={"Authorization": "Bearer %s" % tokens["id_token"]},
                )
                response.raise_for_status()
                return response.json()
            """
        ),
        14,
        35,
        message="ID token",
        note="requests.request('PATCH', ...), '%' formatted URL and header",
        fixed=_py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def set_locale(tokens, user_id, locale):
                url = "https://%s/api/v2/users/%s" % (AUTH0_DOMAIN, user_id)
                response = requests.request(
                    "PATCH",
                    url,
                    json={"user_metadata": {"locale": locale}},
                    headers={"Authorization": "Bearer %s" % tokens["access_token"]},
                )
                response.raise_for_status()
                return response.json()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests


            def mfa_enrollments(domain, token_response, user_id):
                url = "https://{}/api/v2/users/{}/enrollments".format(domain, user_id)
                bearer = "Bearer {}".format(token_response.get("id_token"))
                r = requests.get(url, headers={"Authorization": bearer})
                r.raise_for_status()
                return [e for e in r.json() if e["status"] == "confirmed"]
            """
        ),
        7,
        53,
        message="ID token",
        note=".format URL, token.get('id_token') through a variable, GET /users/{id}/enrollments",
        fixed=_py(
            """
            import requests


            def mfa_enrollments(domain, token_response, user_id):
                url = "https://{}/api/v2/users/{}/enrollments".format(domain, user_id)
                bearer = "Bearer {}".format(token_response.get("access_token"))
                r = requests.get(url, headers={"Authorization": bearer})
                r.raise_for_status()
                return [e for e in r.json() if e["status"] == "confirmed"]
            """
        ),
    ),
    Invalid(
        _py(
            """
            from urllib.parse import urljoin

            import requests
            from django.conf import settings

            MGMT_API = f"https://{settings.AUTH0_DOMAIN}/api/v2/"


            def get_auth0_profile(request):
                user_id = request.session["auth0_user_id"]
                response = requests.get(
                    urljoin(MGMT_API, f"users/{user_id}"),
                    headers={
                        "Accept": "application/json",
                        "Authorization": f"Bearer {request.session['id_token']}",
                    },
                    timeout=5,
                )
                response.raise_for_status()
                return response.json()
            """
        ),
        15,
        30,
        message="ID token",
        note="Django request.session['id_token'], urljoin on a module constant base URL, multi-line header dict",
        fixed=_py(
            """
            from urllib.parse import urljoin

            import requests
            from django.conf import settings

            MGMT_API = f"https://{settings.AUTH0_DOMAIN}/api/v2/"


            def get_auth0_profile(request):
                user_id = request.session["auth0_user_id"]
                response = requests.get(
                    urljoin(MGMT_API, f"users/{user_id}"),
                    headers={
                        "Accept": "application/json",
                        "Authorization": f"Bearer {request.session['access_token']}",
                    },
                    timeout=5,
                )
                response.raise_for_status()
                return response.json()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            API = f"https://{AUTH0_DOMAIN}/api/v2"


            def account_overview(tokens, user_id):
                s = requests.Session()
                s.headers.update({"Authorization": f"Bearer {tokens['id_token']}"})
                profile = s.get(f"{API}/users/{user_id}", timeout=10).json()
                enrollments = s.get(f"{API}/users/{user_id}/enrollments", timeout=10).json()
                return {"profile": profile, "mfa": enrollments}
            """
        ),
        11,
        40,
        message="ID token",
        note="requests.Session + headers.update, one header used for two endpoints: one finding",
        fixed=_py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            API = f"https://{AUTH0_DOMAIN}/api/v2"


            def account_overview(tokens, user_id):
                s = requests.Session()
                s.headers.update({"Authorization": f"Bearer {tokens['access_token']}"})
                profile = s.get(f"{API}/users/{user_id}", timeout=10).json()
                enrollments = s.get(f"{API}/users/{user_id}/enrollments", timeout=10).json()
                return {"profile": profile, "mfa": enrollments}
            """
        ),
    ),
    Invalid(
        _py(
            """
            import json
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            BASE_HEADERS = {"Content-Type": "application/json", "User-Agent": "acme-portal/2.3"}


            def update_nickname(tokens, user_id, nickname):
                headers = dict(BASE_HEADERS)
                headers["Authorization"] = "Bearer " + tokens["id_token"]
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    data=json.dumps({"nickname": nickname}),
                    headers=headers,
                )
                return resp.ok
            """
        ),
        12,
        32,
        message="ID token",
        note="headers copied with dict(...) then mutated with headers['Authorization'] = ...",
        fixed=_py(
            """
            import json
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            BASE_HEADERS = {"Content-Type": "application/json", "User-Agent": "acme-portal/2.3"}


            def update_nickname(tokens, user_id, nickname):
                headers = dict(BASE_HEADERS)
                headers["Authorization"] = "Bearer " + tokens["access_token"]
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    data=json.dumps({"nickname": nickname}),
                    headers=headers,
                )
                return resp.ok
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests
            from flask import current_app, session


            def device_credentials_headers():
                return dict(Authorization=f"Bearer {session['id_token']}", Accept="application/json")


            def revoke_device(credential_id):
                domain = current_app.config["AUTH0_DOMAIN"]
                resp = requests.delete(
                    f"https://{domain}/api/v2/device-credentials/{credential_id}",
                    headers=device_credentials_headers(),
                )
                resp.raise_for_status()
            """
        ),
        6,
        31,
        message="ID token",
        note="dict(Authorization=...) headers returned by a helper function, DELETE /device-credentials/{id}",
        fixed=_py(
            """
            import requests
            from flask import current_app, session


            def device_credentials_headers():
                return dict(Authorization=f"Bearer {session['access_token']}", Accept="application/json")


            def revoke_device(credential_id):
                domain = current_app.config["AUTH0_DOMAIN"]
                resp = requests.delete(
                    f"https://{domain}/api/v2/device-credentials/{credential_id}",
                    headers=device_credentials_headers(),
                )
                resp.raise_for_status()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests


            class Auth0Profile:
                \"\"\"The signed-in user's Auth0 profile.\"\"\"

                def __init__(self, domain: str, tokens: dict):
                    self.base_url = f"https://{domain}/api/v2/users/{tokens['userinfo']['sub']}"
                    self.headers = {
                        "Authorization": f"Bearer {tokens['id_token']}",
                        "Accept": "application/json",
                    }

                def fetch(self) -> dict:
                    resp = requests.get(self.base_url, headers=self.headers, timeout=10)
                    resp.raise_for_status()
                    return resp.json()

                def set_theme(self, theme: str) -> None:
                    requests.patch(
                        self.base_url,
                        headers=self.headers,
                        json={"user_metadata": {"theme": theme}},
                        timeout=10,
                    ).raise_for_status()
            """
        ),
        10,
        30,
        message="ID token",
        note="self.headers built in __init__, used by two methods (GET and PATCH): one finding at the entry",
        fixed=_py(
            '''
            import requests


            class Auth0Profile:
                """The signed-in user's Auth0 profile."""

                def __init__(self, domain: str, tokens: dict):
                    self.base_url = f"https://{domain}/api/v2/users/{tokens['userinfo']['sub']}"
                    self.headers = {
                        "Authorization": f"Bearer {tokens['access_token']}",
                        "Accept": "application/json",
                    }

                def fetch(self) -> dict:
                    resp = requests.get(self.base_url, headers=self.headers, timeout=10)
                    resp.raise_for_status()
                    return resp.json()

                def set_theme(self, theme: str) -> None:
                    requests.patch(
                        self.base_url,
                        headers=self.headers,
                        json={"user_metadata": {"theme": theme}},
                        timeout=10,
                    ).raise_for_status()
            '''
        ),
    ),
    Invalid(
        _py(
            """
            import requests


            class Auth0Profile:
                \"\"\"The signed-in user's Auth0 profile.\"\"\"

                def __init__(self, domain: str, tokens: dict):
                    self.domain = domain
                    self.token = tokens["id_token"]
                    self.user_id = tokens["userinfo"]["sub"]

                def fetch(self) -> dict:
                    resp = requests.get(
                        f"https://{self.domain}/api/v2/users/{self.user_id}",
                        headers={"Accept": "application/json"},
                        timeout=10,
                    )
                    resp.raise_for_status()
                    return resp.json()

                def set_theme(self, theme: str) -> None:
                    requests.patch(
                        f"https://{self.domain}/api/v2/users/{self.user_id}",
                        headers={"Authorization": f"Bearer {self.token}"},
                        json={"user_metadata": {"theme": theme}},
                        timeout=10,
                    ).raise_for_status()
            """
        ),
        24,
        39,
        message="ID token",
        note="self.token from __init__ used only in the PATCH method",
        fixed=_py(
            '''
            import requests


            class Auth0Profile:
                """The signed-in user's Auth0 profile."""

                def __init__(self, domain: str, tokens: dict):
                    self.domain = domain
                    self.token = tokens["access_token"]
                    self.user_id = tokens["userinfo"]["sub"]

                def fetch(self) -> dict:
                    resp = requests.get(
                        f"https://{self.domain}/api/v2/users/{self.user_id}",
                        headers={"Accept": "application/json"},
                        timeout=10,
                    )
                    resp.raise_for_status()
                    return resp.json()

                def set_theme(self, theme: str) -> None:
                    requests.patch(
                        f"https://{self.domain}/api/v2/users/{self.user_id}",
                        headers={"Authorization": f"Bearer {self.token}"},
                        json={"user_metadata": {"theme": theme}},
                        timeout=10,
                    ).raise_for_status()
            '''
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, session

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def fetch_user(user_id, token):
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()


            @app.get("/me")
            def me():
                return jsonify(fetch_user(session["user_id"], session["id_token"]))
            """
        ),
        13,
        35,
        message="ID token",
        note="helper taking the token as a parameter, called in the same module with session['id_token']",
        fixed=_py(
            """
            import os

            import requests
            from flask import Flask, jsonify, session

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def fetch_user(user_id, token):
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()


            @app.get("/me")
            def me():
                return jsonify(fetch_user(session["user_id"], session["access_token"]))
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests
            from flask import Blueprint, current_app, jsonify, request, session

            bp = Blueprint("account", __name__)


            def _mgmt_headers():
                return {
                    "Authorization": "Bearer " + session["id_token"],
                    "Content-Type": "application/json",
                }


            def _user_url(user_id):
                return f"https://{current_app.config['AUTH0_DOMAIN']}/api/v2/users/{user_id}"


            @bp.route("/account/nickname", methods=["POST"])
            def change_nickname():
                resp = requests.patch(
                    _user_url(session["user_id"]),
                    headers=_mgmt_headers(),
                    json={"nickname": request.json["nickname"]},
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
        9,
        26,
        message="ID token",
        note="helper returning the headers dict, helper returning the URL",
        fixed=_py(
            """
            import requests
            from flask import Blueprint, current_app, jsonify, request, session

            bp = Blueprint("account", __name__)


            def _mgmt_headers():
                return {
                    "Authorization": "Bearer " + session["access_token"],
                    "Content-Type": "application/json",
                }


            def _user_url(user_id):
                return f"https://{current_app.config['AUTH0_DOMAIN']}/api/v2/users/{user_id}"


            @bp.route("/account/nickname", methods=["POST"])
            def change_nickname():
                resp = requests.patch(
                    _user_url(session["user_id"]),
                    headers=_mgmt_headers(),
                    json={"nickname": request.json["nickname"]},
                )
                return jsonify(resp.json()), resp.status_code
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import session

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def current_id_token():
                return session["user"]["id_token"]


            def remove_duo(user_id):
                requests.delete(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}/multifactor/duo",
                    headers={"Authorization": f"Bearer {current_id_token()}"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        16,
        35,
        message="ID token",
        note="helper function returning the token",
        fixed=_py(
            """
            import os

            import requests
            from flask import session

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def current_id_token():
                return session["user"]["access_token"]


            def remove_duo(user_id):
                requests.delete(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}/multifactor/duo",
                    headers={"Authorization": f"Bearer {current_id_token()}"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests as rq

            DOMAIN = os.getenv("AUTH0_DOMAIN", "acme.eu.auth0.com")


            def enrollments(tokens, user_id):
                return rq.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": f"Bearer {tokens['id_token']}"},
                ).json()
            """
        ),
        11,
        35,
        message="ID token",
        note="import requests as rq",
        fixed=_py(
            """
            import os

            import requests as rq

            DOMAIN = os.getenv("AUTH0_DOMAIN", "acme.eu.auth0.com")


            def enrollments(tokens, user_id):
                return rq.get(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ).json()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests

            TENANT = "https://acme.us.auth0.com"


            def linked_connections(user_id: str, id_token: str) -> list[str]:
                resp = requests.get(
                    TENANT + "/api/v2/users/" + user_id,
                    headers={"Authorization": "Bearer " + id_token},
                )
                resp.raise_for_status()
                return [i["connection"] for i in resp.json()["identities"]]
            """
        ),
        9,
        35,
        message="ID token",
        note="parameter named id_token with no call site in the module, literal *.us.auth0.com host",
    ),
    Invalid(
        _py(
            """
            import requests
            from flask import request


            def migrate_preferences(domain):
                access_token = request.form["id_token"]
                user_id = request.form["user_id"]
                return requests.patch(
                    f"https://{domain}/api/v2/users/{user_id}",
                    json={"user_metadata": {"migrated": True}},
                    headers={"Authorization": f"Bearer {access_token}"},
                )
            """
        ),
        11,
        35,
        message="ID token",
        note="variable named access_token holding request.form['id_token']: provenance wins over the name",
        fixed=_py(
            """
            import requests
            from flask import request


            def migrate_preferences(domain):
                access_token = request.form["access_token"]
                user_id = request.form["user_id"]
                return requests.patch(
                    f"https://{domain}/api/v2/users/{user_id}",
                    json={"user_metadata": {"migrated": True}},
                    headers={"Authorization": f"Bearer {access_token}"},
                )
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests
            from flask import request

            from .config import AUTH0_DOMAIN


            def link_from_mobile():
                if request.is_json:
                    id_token = request.json["id_token"]
                    secondary = request.json["secondary_id_token"]
                else:
                    id_token = request.form["id_token"]
                    secondary = request.form["secondary_id_token"]
                user_id = request.headers["X-User-Id"]
                r = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}/identities",
                    headers={"Authorization": f"Bearer {id_token}"},
                    json={"link_with": secondary},
                )
                return r.json(), r.status_code
            """
        ),
        17,
        35,
        message="ID token",
        note="token assigned in both branches of an if (JSON or form body)",
        fixed=_py(
            """
            import requests
            from flask import request

            from .config import AUTH0_DOMAIN


            def link_from_mobile():
                if request.is_json:
                    id_token = request.json["access_token"]
                    secondary = request.json["secondary_id_token"]
                else:
                    id_token = request.form["access_token"]
                    secondary = request.form["secondary_id_token"]
                user_id = request.headers["X-User-Id"]
                r = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}/identities",
                    headers={"Authorization": f"Bearer {id_token}"},
                    json={"link_with": secondary},
                )
                return r.json(), r.status_code
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def save_settings(tokens, user_id, settings):
                bearer = tokens.get("access_token")
                if not bearer:
                    # older mobile builds only send the ID token
                    bearer = tokens["id_token"]
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {bearer}"},
                    json={"user_metadata": settings},
                )
                resp.raise_for_status()
            """
        ),
        15,
        35,
        message="ID token",
        note="fallback to the ID token in one branch of an if",
        fixed=_py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def save_settings(tokens, user_id, settings):
                bearer = tokens.get("access_token")
                if not bearer:
                    # older mobile builds only send the ID token
                    bearer = tokens["access_token"]
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {bearer}"},
                    json={"user_metadata": settings},
                )
                resp.raise_for_status()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            MGMT = f"https://{DOMAIN}/api/v2"


            def _call(method, path, headers, **kwargs):
                resp = requests.request(method, f"{MGMT}{path}", headers=headers, timeout=10, **kwargs)
                resp.raise_for_status()
                return resp


            def unlink(tokens, user_id, provider, secondary_user_id):
                headers = {
                    "Authorization": "Bearer {}".format(tokens["id_token"]),
                    "Accept": "application/json",
                }
                return _call("DELETE", f"/users/{user_id}/identities/{provider}/{secondary_user_id}", headers)
            """
        ),
        17,
        26,
        message="ID token",
        note="header dict built in one function and passed to a generic request helper; unlink endpoint",
        fixed=_py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            MGMT = f"https://{DOMAIN}/api/v2"


            def _call(method, path, headers, **kwargs):
                resp = requests.request(method, f"{MGMT}{path}", headers=headers, timeout=10, **kwargs)
                resp.raise_for_status()
                return resp


            def unlink(tokens, user_id, provider, secondary_user_id):
                headers = {
                    "Authorization": "Bearer {}".format(tokens["access_token"]),
                    "Accept": "application/json",
                }
                return _call("DELETE", f"/users/{user_id}/identities/{provider}/{secondary_user_id}", headers)
            """
        ),
    ),
    Invalid(
        _py(
            """
            import requests
            from auth0.authentication.token_verifier import AsymmetricSignatureVerifier, TokenVerifier

            from .settings import AUTH0_CLIENT_ID, AUTH0_DOMAIN

            verifier = TokenVerifier(
                signature_verifier=AsymmetricSignatureVerifier(f"https://{AUTH0_DOMAIN}/.well-known/jwks.json"),
                issuer=f"https://{AUTH0_DOMAIN}/",
                audience=AUTH0_CLIENT_ID,
            )


            def load_profile(raw_token: str) -> dict:
                claims = verifier.verify(raw_token)
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{claims['sub']}",
                    headers={"Authorization": f"Bearer {raw_token}"},
                    timeout=5,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        17,
        35,
        message="ID token",
        note="a value passed to TokenVerifier(...).verify is an ID token",
    ),
    Invalid(
        _py(
            """
            import json
            from dataclasses import dataclass
            from pathlib import Path

            import requests


            @dataclass
            class Credentials:
                access_token: str
                id_token: str
                expires_in: int


            def load_credentials() -> Credentials:
                data = json.loads((Path.home() / ".acme" / "credentials.json").read_text())
                return Credentials(**data)


            def forget_device(domain: str, device_id: str) -> None:
                creds = load_credentials()
                resp = requests.delete(
                    f"https://{domain}/api/v2/device-credentials/{device_id}",
                    headers={"Authorization": f"Bearer {creds.id_token}"},
                )
                resp.raise_for_status()
            """
        ),
        24,
        35,
        message="ID token",
        note="CLI: creds.id_token attribute of stored credentials",
        fixed=_py(
            """
            import json
            from dataclasses import dataclass
            from pathlib import Path

            import requests


            @dataclass
            class Credentials:
                access_token: str
                id_token: str
                expires_in: int


            def load_credentials() -> Credentials:
                data = json.loads((Path.home() / ".acme" / "credentials.json").read_text())
                return Credentials(**data)


            def forget_device(domain: str, device_id: str) -> None:
                creds = load_credentials()
                resp = requests.delete(
                    f"https://{domain}/api/v2/device-credentials/{device_id}",
                    headers={"Authorization": f"Bearer {creds.access_token}"},
                )
                resp.raise_for_status()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def register_device(tokens, device_name, public_key):
                headers = {"Content-Type": "application/json"}
                headers.update({"Authorization": f"Bearer {tokens['id_token']}"})
                body = {
                    "device_name": device_name,
                    "type": "public_key",
                    "value": public_key,
                    "device_id": device_name.lower(),
                }
                resp = requests.post(f"https://{AUTH0_DOMAIN}/api/v2/device-credentials", json=body, headers=headers)
                resp.raise_for_status()
                return resp.json()["id"]
            """
        ),
        10,
        38,
        message="ID token",
        note="plain headers dict mutated with .update(...), POST /device-credentials",
        fixed=_py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def register_device(tokens, device_name, public_key):
                headers = {"Content-Type": "application/json"}
                headers.update({"Authorization": f"Bearer {tokens['access_token']}"})
                body = {
                    "device_name": device_name,
                    "type": "public_key",
                    "value": public_key,
                    "device_id": device_name.lower(),
                }
                resp = requests.post(f"https://{AUTH0_DOMAIN}/api/v2/device-credentials", json=body, headers=headers)
                resp.raise_for_status()
                return resp.json()["id"]
            """
        ),
    ),
    Invalid(
        _py(
            """
            from requests import Session

            from .settings import AUTH0_DOMAIN


            def make_auth0_session(tokens: dict) -> Session:
                s = Session()
                s.headers["Authorization"] = f"Bearer {tokens['id_token']}"
                return s


            def profile_and_mfa(tokens: dict, user_id: str) -> tuple[dict, list]:
                s = make_auth0_session(tokens)
                profile = s.get(f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}").json()
                mfa = s.get(f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}/enrollments").json()
                return profile, mfa
            """
        ),
        8,
        34,
        message="ID token",
        note="from requests import Session; session.headers['Authorization'] = ...; session returned by a helper",
        fixed=_py(
            """
            from requests import Session

            from .settings import AUTH0_DOMAIN


            def make_auth0_session(tokens: dict) -> Session:
                s = Session()
                s.headers["Authorization"] = f"Bearer {tokens['access_token']}"
                return s


            def profile_and_mfa(tokens: dict, user_id: str) -> tuple[dict, list]:
                s = make_auth0_session(tokens)
                profile = s.get(f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}").json()
                mfa = s.get(f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}/enrollments").json()
                return profile, mfa
            """
        ),
    ),
    # ------------------------------------------------------------------ httpx
    Invalid(
        _py(
            """
            import httpx

            from .settings import AUTH0_DOMAIN


            def delete_device_credential(tokens, credential_id):
                r = httpx.delete(
                    f"https://{AUTH0_DOMAIN}/api/v2/device-credentials/{credential_id}",
                    headers={"Authorization": f"Bearer {tokens['id_token']}"},
                )
                r.raise_for_status()
            """
        ),
        9,
        35,
        message="ID token",
        note="httpx.delete function",
        fixed=_py(
            """
            import httpx

            from .settings import AUTH0_DOMAIN


            def delete_device_credential(tokens, credential_id):
                r = httpx.delete(
                    f"https://{AUTH0_DOMAIN}/api/v2/device-credentials/{credential_id}",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                )
                r.raise_for_status()
            """
        ),
    ),
    Invalid(
        _py(
            """
            from httpx import Client


            class Auth0UserClient:
                def __init__(self, domain: str, tokens: dict):
                    self._client = Client(
                        base_url=f"https://{domain}/api/v2/",
                        headers={"Authorization": f"Bearer {tokens['id_token']}"},
                        timeout=10.0,
                    )

                def get_user(self, user_id: str) -> dict:
                    resp = self._client.get(f"users/{user_id}")
                    resp.raise_for_status()
                    return resp.json()

                def close(self) -> None:
                    self._client.close()
            """
        ),
        8,
        39,
        message="ID token",
        note="from httpx import Client; Client(base_url=..., headers=...) stored on self in __init__",
        fixed=_py(
            """
            from httpx import Client


            class Auth0UserClient:
                def __init__(self, domain: str, tokens: dict):
                    self._client = Client(
                        base_url=f"https://{domain}/api/v2/",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"},
                        timeout=10.0,
                    )

                def get_user(self, user_id: str) -> dict:
                    resp = self._client.get(f"users/{user_id}")
                    resp.raise_for_status()
                    return resp.json()

                def close(self) -> None:
                    self._client.close()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import os

            import httpx

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            async def register_device(tokens: dict, device_name: str, public_key: str) -> dict:
                async with httpx.AsyncClient(
                    base_url=f"https://{AUTH0_DOMAIN}/api/v2",
                    headers={"Authorization": f"Bearer {tokens['id_token']}"},
                    timeout=10.0,
                ) as client:
                    resp = await client.post(
                        "/device-credentials",
                        json={
                            "device_name": device_name,
                            "type": "public_key",
                            "value": public_key,
                            "device_id": device_name,
                        },
                    )
                    resp.raise_for_status()
                    return resp.json()
            """
        ),
        11,
        35,
        message="ID token",
        note="async with httpx.AsyncClient(base_url=..., headers=...) as client",
        fixed=_py(
            """
            import os

            import httpx

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            async def register_device(tokens: dict, device_name: str, public_key: str) -> dict:
                async with httpx.AsyncClient(
                    base_url=f"https://{AUTH0_DOMAIN}/api/v2",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10.0,
                ) as client:
                    resp = await client.post(
                        "/device-credentials",
                        json={
                            "device_name": device_name,
                            "type": "public_key",
                            "value": public_key,
                            "device_id": device_name,
                        },
                    )
                    resp.raise_for_status()
                    return resp.json()
            """
        ),
    ),
    # ------------------------------------------------------------------ aiohttp
    Invalid(
        _py(
            """
            import aiohttp


            async def fetch_user(domain: str, tokens: dict, user_id: str) -> dict:
                headers = {"Authorization": f"Bearer {tokens['id_token']}"}
                async with aiohttp.ClientSession(headers=headers) as http:
                    async with http.get(f"https://{domain}/api/v2/users/{user_id}") as resp:
                        resp.raise_for_status()
                        return await resp.json()
            """
        ),
        5,
        33,
        message="ID token",
        note="aiohttp.ClientSession(headers=...) in async with",
        fixed=_py(
            """
            import aiohttp


            async def fetch_user(domain: str, tokens: dict, user_id: str) -> dict:
                headers = {"Authorization": f"Bearer {tokens['access_token']}"}
                async with aiohttp.ClientSession(headers=headers) as http:
                    async with http.get(f"https://{domain}/api/v2/users/{user_id}") as resp:
                        resp.raise_for_status()
                        return await resp.json()
            """
        ),
    ),
    Invalid(
        _py(
            """
            import aiohttp
            from starlette.requests import Request
            from starlette.responses import JSONResponse

            from .config import AUTH0_DOMAIN


            async def update_profile(request: Request) -> JSONResponse:
                body = await request.json()
                user_id = request.session["user_id"]
                async with aiohttp.ClientSession() as session:
                    async with session.patch(
                        f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                        json={"user_metadata": body},
                        headers={"Authorization": f"Bearer {request.session['id_token']}"},
                    ) as resp:
                        return JSONResponse(await resp.json(), status_code=resp.status)
            """
        ),
        15,
        39,
        message="ID token",
        note="Starlette session, aiohttp session.patch with per-request headers",
        fixed=_py(
            """
            import aiohttp
            from starlette.requests import Request
            from starlette.responses import JSONResponse

            from .config import AUTH0_DOMAIN


            async def update_profile(request: Request) -> JSONResponse:
                body = await request.json()
                user_id = request.session["user_id"]
                async with aiohttp.ClientSession() as session:
                    async with session.patch(
                        f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                        json={"user_metadata": body},
                        headers={"Authorization": f"Bearer {request.session['access_token']}"},
                    ) as resp:
                        return JSONResponse(await resp.json(), status_code=resp.status)
            """
        ),
    ),
    # ------------------------------------------------------------------ urllib / http.client
    Invalid(
        _py(
            """
            import json
            import os
            import urllib.request

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def remove_authenticator(token_response, user_id, provider="duo"):
                id_token = token_response["id_token"]
                req = urllib.request.Request(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/multifactor/{provider}",
                    method="DELETE",
                )
                req.add_header("Authorization", "Bearer %s" % id_token)
                with urllib.request.urlopen(req, timeout=10) as resp:
                    return resp.status
            """
        ),
        14,
        37,
        message="ID token",
        note="urllib.request.Request + add_header",
        fixed=_py(
            """
            import json
            import os
            import urllib.request

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def remove_authenticator(token_response, user_id, provider="duo"):
                id_token = token_response["access_token"]
                req = urllib.request.Request(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/multifactor/{provider}",
                    method="DELETE",
                )
                req.add_header("Authorization", "Bearer %s" % id_token)
                with urllib.request.urlopen(req, timeout=10) as resp:
                    return resp.status
            """
        ),
    ),
    Invalid(
        _py(
            """
            import json
            from urllib.request import Request, urlopen

            from .settings import AUTH0_DOMAIN


            def save_metadata(tokens, user_id, metadata):
                req = Request(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    data=json.dumps({"user_metadata": metadata}).encode(),
                    headers={
                        "Authorization": "Bearer " + tokens["id_token"],
                        "Content-Type": "application/json",
                    },
                    method="PATCH",
                )
                with urlopen(req) as resp:
                    return json.load(resp)
            """
        ),
        12,
        30,
        message="ID token",
        note="from urllib.request import Request; Request(url, data=..., headers=..., method='PATCH')",
        fixed=_py(
            """
            import json
            from urllib.request import Request, urlopen

            from .settings import AUTH0_DOMAIN


            def save_metadata(tokens, user_id, metadata):
                req = Request(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    data=json.dumps({"user_metadata": metadata}).encode(),
                    headers={
                        "Authorization": "Bearer " + tokens["access_token"],
                        "Content-Type": "application/json",
                    },
                    method="PATCH",
                )
                with urlopen(req) as resp:
                    return json.load(resp)
            """
        ),
    ),
    Invalid(
        _py(
            """
            import http.client
            import json
            import os

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def get_enrollments(tokens, user_id):
                conn = http.client.HTTPSConnection(AUTH0_DOMAIN, timeout=10)
                try:
                    conn.request(
                        "GET",
                        f"/api/v2/users/{user_id}/enrollments",
                        headers={"Authorization": "Bearer " + tokens["id_token"]},
                    )
                    resp = conn.getresponse()
                    return json.loads(resp.read())
                finally:
                    conn.close()
            """
        ),
        14,
        39,
        message="ID token",
        note="http.client.HTTPSConnection(host).request(method, path, headers=...)",
        fixed=_py(
            """
            import http.client
            import json
            import os

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def get_enrollments(tokens, user_id):
                conn = http.client.HTTPSConnection(AUTH0_DOMAIN, timeout=10)
                try:
                    conn.request(
                        "GET",
                        f"/api/v2/users/{user_id}/enrollments",
                        headers={"Authorization": "Bearer " + tokens["access_token"]},
                    )
                    resp = conn.getresponse()
                    return json.loads(resp.read())
                finally:
                    conn.close()
            """
        ),
    ),
    # ------------------------------------------------------------------ auth0-python
    Invalid(
        _py(
            """
            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = "acme.eu.auth0.com"
            CLIENT_ID = "kbE3xW1bJq0ZaI7p9Cq4uVnT2sYd6fLm"


            def login_and_fetch(username, password, client_secret, user_id):
                tokens = GetToken(DOMAIN).login(
                    client_id=CLIENT_ID,
                    client_secret=client_secret,
                    username=username,
                    password=password,
                    scope="openid profile email",
                    realm="Username-Password-Authentication",
                    audience="",
                )
                auth0 = Auth0(DOMAIN, tokens["id_token"])
                return auth0.users.get(user_id)
            """
        ),
        18,
        27,
        message="ID token",
        note="auth0-python 3.x: GetToken.login then Auth0(domain, tokens['id_token'])",
        fixed=_py(
            """
            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = "acme.eu.auth0.com"
            CLIENT_ID = "kbE3xW1bJq0ZaI7p9Cq4uVnT2sYd6fLm"


            def login_and_fetch(username, password, client_secret, user_id):
                tokens = GetToken(DOMAIN).login(
                    client_id=CLIENT_ID,
                    client_secret=client_secret,
                    username=username,
                    password=password,
                    scope="openid profile email read:current_user",
                    realm="Username-Password-Authentication",
                    audience="https://acme.eu.auth0.com/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.get(user_id)
            """
        ),
    ),
    Invalid(
        _py(
            """
            from auth0.management import Users
            from flask import current_app, session


            def mfa_enrollments():
                users = Users(current_app.config["AUTH0_DOMAIN"], session["id_token"])
                return users.get_guardian_enrollments(session["user_id"])
            """
        ),
        6,
        55,
        message="ID token",
        note="auth0-python 4.x Users(domain, token) with Flask session['id_token']",
        fixed=_py(
            """
            from auth0.management import Users
            from flask import current_app, session


            def mfa_enrollments():
                users = Users(current_app.config["AUTH0_DOMAIN"], session["access_token"])
                return users.get_guardian_enrollments(session["user_id"])
            """
        ),
    ),
    Invalid(
        _py(
            """
            from auth0.management import DeviceCredentials


            def register_public_key(domain, tokens, device_id, public_key):
                device_credentials = DeviceCredentials(domain, tokens["id_token"])
                return device_credentials.create(
                    {
                        "device_name": device_id,
                        "type": "public_key",
                        "value": public_key,
                        "device_id": device_id,
                    }
                )
            """
        ),
        5,
        52,
        message="ID token",
        note="auth0-python 4.x DeviceCredentials(domain, token)",
        fixed=_py(
            """
            from auth0.management import DeviceCredentials


            def register_public_key(domain, tokens, device_id, public_key):
                device_credentials = DeviceCredentials(domain, tokens["access_token"])
                return device_credentials.create(
                    {
                        "device_name": device_id,
                        "type": "public_key",
                        "value": public_key,
                        "device_id": device_id,
                    }
                )
            """
        ),
    ),
    Invalid(
        _py(
            """
            import jwt
            from auth0.authentication import GetToken
            from auth0.management import Auth0 as Auth0Management

            from .settings import AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DOMAIN


            def on_callback(code: str, redirect_uri: str) -> dict:
                get_token = GetToken(AUTH0_DOMAIN, AUTH0_CLIENT_ID, client_secret=AUTH0_CLIENT_SECRET)
                tokens = get_token.authorization_code(code, redirect_uri)
                id_token = tokens["id_token"]
                claims = jwt.decode(id_token, options={"verify_signature": False})
                mgmt = Auth0Management(AUTH0_DOMAIN, id_token)
                return mgmt.users.get(claims["sub"])
            """
        ),
        13,
        42,
        message="ID token",
        note="auth0-python 4.x Auth0 imported under an alias",
        fixed=_py(
            """
            import jwt
            from auth0.authentication import GetToken
            from auth0.management import Auth0 as Auth0Management

            from .settings import AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_DOMAIN


            def on_callback(code: str, redirect_uri: str) -> dict:
                get_token = GetToken(AUTH0_DOMAIN, AUTH0_CLIENT_ID, client_secret=AUTH0_CLIENT_SECRET)
                tokens = get_token.authorization_code(code, redirect_uri)
                id_token = tokens["access_token"]
                claims = jwt.decode(id_token, options={"verify_signature": False})
                mgmt = Auth0Management(AUTH0_DOMAIN, id_token)
                return mgmt.users.get(claims["sub"])
            """
        ),
    ),
    Invalid(
        _py(
            """
            from auth0.management import ManagementClient
            from django.conf import settings
            from django.http import JsonResponse


            def unlink_identity(request, provider, secondary_user_id):
                client = ManagementClient(
                    domain=settings.AUTH0_DOMAIN,
                    token=request.session["id_token"],
                )
                client.users.identities.delete(request.session["auth0_user_id"], provider, secondary_user_id)
                return JsonResponse({"ok": True})
            """
        ),
        9,
        15,
        message="ID token",
        note="auth0-python 5.x ManagementClient(domain=..., token=...) in a Django view",
        fixed=_py(
            """
            from auth0.management import ManagementClient
            from django.conf import settings
            from django.http import JsonResponse


            def unlink_identity(request, provider, secondary_user_id):
                client = ManagementClient(
                    domain=settings.AUTH0_DOMAIN,
                    token=request.session["access_token"],
                )
                client.users.identities.delete(request.session["auth0_user_id"], provider, secondary_user_id)
                return JsonResponse({"ok": True})
            """
        ),
    ),
    Invalid(
        _py(
            """
            from auth0.rest import RestClient


            def link_accounts(domain, primary_user_id, primary_tokens, secondary_tokens):
                client = RestClient(jwt=primary_tokens["id_token"], telemetry=False)
                return client.post(
                    f"https://{domain}/api/v2/users/{primary_user_id}/identities",
                    data={"link_with": secondary_tokens["id_token"]},
                )
            """
        ),
        5,
        29,
        message="ID token",
        note="auth0.rest RestClient(jwt=...) with the primary user's ID token",
        fixed=_py(
            """
            from auth0.rest import RestClient


            def link_accounts(domain, primary_user_id, primary_tokens, secondary_tokens):
                client = RestClient(jwt=primary_tokens["access_token"], telemetry=False)
                return client.post(
                    f"https://{domain}/api/v2/users/{primary_user_id}/identities",
                    data={"link_with": secondary_tokens["id_token"]},
                )
            """
        ),
    ),
    Invalid(
        _py(
            """
            from auth0.v3.rest import RestClient as Auth0Rest

            AUTH0_DOMAIN = "acme.auth0.com"


            def get_user(token, user_id):
                client = Auth0Rest(token, telemetry=False, timeout=5.0)
                return client.get(f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}")


            def handle_login(tokens):
                return get_user(tokens["id_token"], tokens["userinfo"]["sub"])
            """
        ),
        7,
        24,
        message="ID token",
        note="auth0.v3.rest RestClient under an alias, jwt passed positionally through a parameter",
        fixed=_py(
            """
            from auth0.v3.rest import RestClient as Auth0Rest

            AUTH0_DOMAIN = "acme.auth0.com"


            def get_user(token, user_id):
                client = Auth0Rest(token, telemetry=False, timeout=5.0)
                return client.get(f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}")


            def handle_login(tokens):
                return get_user(tokens["access_token"], tokens["userinfo"]["sub"])
            """
        ),
    ),
]


VALID_EXAMPLES: list[Valid] = [
    # ------------------------------------------------------------------ near misses of the INVALIDs
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
                client_kwargs={"scope": "openid profile email read:current_user"},
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                token = oauth.auth0.authorize_access_token()
                user_id = token["userinfo"]["sub"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {token['access_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                session["profile"] = resp.json()
                return redirect(url_for("index"))
            """
        ),
        note="authlib callback with the access token (migrated near miss of the first INVALID)",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            API = f"https://{AUTH0_DOMAIN}/api/v2"


            def account_overview(tokens, user_id):
                s = requests.Session()
                s.headers.update({"Authorization": f"Bearer {tokens['access_token']}"})
                profile = s.get(f"{API}/users/{user_id}", timeout=10).json()
                enrollments = s.get(f"{API}/users/{user_id}/enrollments", timeout=10).json()
                return {"profile": profile, "mfa": enrollments}
            """
        ),
        note="requests.Session + headers.update with the access token",
    ),
    Valid(
        _py(
            """
            import requests


            class Auth0Profile:
                def __init__(self, domain: str, tokens: dict):
                    self.domain = domain
                    self.token = tokens["access_token"]
                    self.user_id = tokens["userinfo"]["sub"]
                    self.id_claims = tokens["userinfo"]

                def fetch(self) -> dict:
                    resp = requests.get(
                        f"https://{self.domain}/api/v2/users/{self.user_id}",
                        headers={"Authorization": f"Bearer {self.token}"},
                        timeout=10,
                    )
                    resp.raise_for_status()
                    return resp.json()
            """
        ),
        note="self.token from tokens['access_token'] in __init__",
    ),
    Valid(
        _py(
            """
            from httpx import Client


            class Auth0UserClient:
                def __init__(self, domain: str, tokens: dict):
                    self._client = Client(
                        base_url=f"https://{domain}/api/v2/",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"},
                        timeout=10.0,
                    )

                def get_user(self, user_id: str) -> dict:
                    resp = self._client.get(f"users/{user_id}")
                    resp.raise_for_status()
                    return resp.json()
            """
        ),
        note="httpx Client(base_url=...) with the access token",
    ),
    Valid(
        _py(
            """
            import json
            import os
            import urllib.request

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def remove_authenticator(token_response, user_id, provider="duo"):
                access_token = token_response["access_token"]
                req = urllib.request.Request(
                    f"https://{DOMAIN}/api/v2/users/{user_id}/multifactor/{provider}",
                    method="DELETE",
                )
                req.add_header("Authorization", "Bearer %s" % access_token)
                with urllib.request.urlopen(req, timeout=10) as resp:
                    return resp.status
            """
        ),
        note="urllib Request + add_header with the access token",
    ),
    Valid(
        _py(
            """
            from auth0.v3.authentication import GetToken
            from auth0.v3.management import Auth0

            DOMAIN = "acme.eu.auth0.com"
            CLIENT_ID = "kbE3xW1bJq0ZaI7p9Cq4uVnT2sYd6fLm"


            def login_and_fetch(username, password, client_secret, user_id):
                tokens = GetToken(DOMAIN).login(
                    client_id=CLIENT_ID,
                    client_secret=client_secret,
                    username=username,
                    password=password,
                    scope="openid profile email read:current_user",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.get(user_id)
            """
        ),
        note="auth0-python 3.x password grant with audience, Auth0(domain, access token)",
    ),
    Valid(
        _py(
            """
            from auth0.management import ManagementClient
            from django.conf import settings
            from django.http import JsonResponse


            def unlink_identity(request, provider, secondary_user_id):
                client = ManagementClient(
                    domain=settings.AUTH0_DOMAIN,
                    token=request.session["access_token"],
                )
                client.users.identities.delete(request.session["auth0_user_id"], provider, secondary_user_id)
                return JsonResponse({"ok": True})
            """
        ),
        note="auth0-python 5.x ManagementClient(token=<access token>)",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def update_user_metadata(user_id: str, id_token: str, metadata: dict) -> dict:
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {id_token}"},
                    json={"user_metadata": metadata},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()


            def save(tokens: dict, metadata: dict) -> dict:
                return update_user_metadata(tokens["userinfo"]["sub"], tokens["access_token"], metadata)
            """
        ),
        note="parameter named id_token, but the module's only call site passes the access token",
    ),
    Valid(
        _py(
            """
            import jwt
            import requests

            from .settings import AUTH0_DOMAIN


            def fetch_profile(tokens):
                token = tokens["id_token"]
                claims = jwt.decode(token, options={"verify_signature": False})
                token = tokens["access_token"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{claims['sub']}",
                    headers={"Authorization": f"Bearer {token}"},
                )
                return resp.json()
            """
        ),
        note="the variable held the ID token first, the last assignment before the call is the access token",
    ),
    Valid(
        _py(
            """
            import requests

            from .settings import AUTH0_DOMAIN


            def show_profile(tokens, user_id):
                id_token = tokens["access_token"]  # historical name, the templates still use it
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {id_token}"},
                )
                return resp.json()
            """
        ),
        note="a variable named id_token that holds the access token",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def link_accounts(primary: dict, secondary: dict) -> list:
                primary_user_id = primary["userinfo"]["sub"]
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{primary_user_id}/identities",
                    headers={"Authorization": f"Bearer {primary['access_token']}"},
                    json={"link_with": secondary["id_token"]},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="account linking: secondary ID token in link_with, the access token in the header",
    ),
    Valid(
        _py(
            """
            from auth0.rest import RestClient


            def link_accounts(domain, primary_user_id, primary_tokens, secondary_tokens):
                client = RestClient(jwt=primary_tokens["access_token"], telemetry=False)
                return client.post(
                    f"https://{domain}/api/v2/users/{primary_user_id}/identities",
                    data={"link_with": secondary_tokens["id_token"]},
                )
            """
        ),
        note="RestClient(jwt=<access token>) sending the secondary ID token in link_with",
    ),
    Valid(
        _py(
            """
            import os

            import httpx

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            async def register_device(tokens: dict, device_name: str, public_key: str) -> dict:
                async with httpx.AsyncClient(
                    base_url=f"https://{AUTH0_DOMAIN}/api/v2",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                ) as client:
                    resp = await client.post(
                        "/device-credentials",
                        json={"device_name": device_name, "type": "public_key", "value": public_key},
                    )
                    resp.raise_for_status()
                    return resp.json()
            """
        ),
        note="httpx.AsyncClient with the access token",
    ),
    Valid(
        _py(
            """
            from auth0.authentication.token_verifier import AsymmetricSignatureVerifier, TokenVerifier
            from auth0.management import Users

            from .settings import AUTH0_CLIENT_ID, AUTH0_DOMAIN

            verifier = TokenVerifier(
                signature_verifier=AsymmetricSignatureVerifier(f"https://{AUTH0_DOMAIN}/.well-known/jwks.json"),
                issuer=f"https://{AUTH0_DOMAIN}/",
                audience=AUTH0_CLIENT_ID,
            )


            def on_login(tokens: dict) -> dict:
                claims = verifier.verify(tokens["id_token"])
                users = Users(AUTH0_DOMAIN, tokens["access_token"])
                return users.get(claims["sub"])
            """
        ),
        note="ID token verified locally, Users(domain, access token) for the call",
    ),
    Valid(
        _py(
            """
            import aiohttp
            from starlette.requests import Request
            from starlette.responses import JSONResponse

            from .config import AUTH0_DOMAIN


            async def update_profile(request: Request) -> JSONResponse:
                body = await request.json()
                user_id = request.session["user_id"]
                async with aiohttp.ClientSession() as session:
                    async with session.patch(
                        f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                        json={"user_metadata": body},
                        headers={"Authorization": f"Bearer {request.session['access_token']}"},
                    ) as resp:
                        return JSONResponse(await resp.json(), status_code=resp.status)
            """
        ),
        note="aiohttp PATCH with the access token from the Starlette session",
    ),
    # ------------------------------------------------------------------ machine-to-machine
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_M2M_CLIENT_ID"]
            CLIENT_SECRET = os.environ["AUTH0_M2M_CLIENT_SECRET"]


            def management_api() -> Auth0:
                get_token = GetToken(DOMAIN, CLIENT_ID, client_secret=CLIENT_SECRET)
                token = get_token.client_credentials(f"https://{DOMAIN}/api/v2/")
                return Auth0(DOMAIN, token["access_token"])


            def block_user(user_id: str) -> None:
                management_api().users.update(user_id, {"blocked": True})
            """
        ),
        note="auth0-python 4.x client-credentials token for Auth0(domain, token)",
    ),
    Valid(
        _py(
            """
            import os
            import time

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            MGMT = f"https://{AUTH0_DOMAIN}/api/v2"
            _cache = {"token": None, "expires_at": 0.0}


            def management_token() -> str:
                if _cache["token"] and _cache["expires_at"] > time.time() + 60:
                    return _cache["token"]
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "client_credentials",
                        "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                        "audience": f"{MGMT}/",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                data = resp.json()
                _cache["token"] = data["access_token"]
                _cache["expires_at"] = time.time() + data["expires_in"]
                return data["access_token"]


            def reset_mfa(user_id: str, provider: str) -> None:
                requests.delete(
                    f"{MGMT}/users/{user_id}/multifactor/{provider}",
                    headers={"Authorization": f"Bearer {management_token()}"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        note="client-credentials token fetched with requests and cached",
    ),
    Valid(
        _py(
            """
            from auth0.management import ManagementClient

            from .settings import AUTH0_DOMAIN, M2M_CLIENT_ID, M2M_CLIENT_SECRET

            client = ManagementClient(
                domain=AUTH0_DOMAIN,
                client_id=M2M_CLIENT_ID,
                client_secret=M2M_CLIENT_SECRET,
            )


            def deactivate(user_id: str) -> None:
                client.users.update(user_id, blocked=True)
                for enrollment in client.users.enrollments.get(user_id):
                    client.users.multifactor.delete_provider(user_id, enrollment.auth_method)
            """
        ),
        note="auth0-python 5.x ManagementClient fetching its own M2M token",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken
            from auth0.v3.rest import RestClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def delete_device(credential_id):
                token = GetToken(DOMAIN).client_credentials(
                    os.environ["AUTH0_M2M_CLIENT_ID"],
                    os.environ["AUTH0_M2M_CLIENT_SECRET"],
                    f"https://{DOMAIN}/api/v2/",
                )
                rest = RestClient(jwt=token["access_token"], telemetry=False)
                return rest.delete(f"https://{DOMAIN}/api/v2/device-credentials/{credential_id}")
            """
        ),
        note="auth0-python 3.x client credentials with RestClient(jwt=...)",
    ),
    Valid(
        _py(
            """
            import asyncio
            import os

            import aiohttp

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            async def fetch_users(user_ids):
                async with aiohttp.ClientSession() as http:
                    async with http.post(
                        f"https://{DOMAIN}/oauth/token",
                        data={
                            "grant_type": "client_credentials",
                            "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                            "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                            "audience": f"https://{DOMAIN}/api/v2/",
                        },
                    ) as resp:
                        token = (await resp.json())["access_token"]
                async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as api:

                    async def one(user_id):
                        async with api.get(f"https://{DOMAIN}/api/v2/users/{user_id}") as r:
                            return await r.json()

                    return await asyncio.gather(*(one(u) for u in user_ids))
            """
        ),
        note="aiohttp client-credentials token in ClientSession(headers=...)",
    ),
    Valid(
        _py(
            """
            import http.client
            import json
            import os

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def m2m_token():
                conn = http.client.HTTPSConnection(AUTH0_DOMAIN)
                payload = json.dumps(
                    {
                        "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                        "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                        "grant_type": "client_credentials",
                    }
                )
                conn.request("POST", "/oauth/token", payload, {"content-type": "application/json"})
                return json.loads(conn.getresponse().read())["access_token"]


            def get_enrollments(user_id):
                conn = http.client.HTTPSConnection(AUTH0_DOMAIN)
                conn.request(
                    "GET",
                    f"/api/v2/users/{user_id}/enrollments",
                    headers={"authorization": "Bearer " + m2m_token()},
                )
                return json.loads(conn.getresponse().read())
            """
        ),
        note="http.client with a client-credentials token (the Auth0 quickstart shape)",
    ),
    Valid(
        _py(
            """
            from requests_oauthlib import OAuth2Session

            from .settings import AUTH0_CLIENT_ID, AUTH0_DOMAIN


            def fetch_profile(stored_token: dict, user_id: str) -> dict:
                oauth = OAuth2Session(AUTH0_CLIENT_ID, token=stored_token)
                resp = oauth.get(f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}")
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="requests-oauthlib OAuth2Session sends token['access_token'] by itself",
    ),
    # ------------------------------------------------------------------ ID tokens used where they belong
    Valid(
        _py(
            """
            import os

            import requests
            from flask import Flask, jsonify, session

            app = Flask(__name__)
            ORDERS_API_URL = os.environ["ORDERS_API_URL"]


            @app.get("/orders")
            def orders():
                resp = requests.get(
                    f"{ORDERS_API_URL}/v1/orders",
                    headers={"Authorization": f"Bearer {session['user']['id_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return jsonify(resp.json())
            """
        ),
        note="ID token sent to the application's own backend",
    ),
    Valid(
        _py(
            """
            import httpx

            BACKEND = "https://api.acme-shop.com/api/v2"


            def load_my_account(tokens: dict, user_id: str) -> dict:
                with httpx.Client(
                    base_url=BACKEND,
                    headers={"Authorization": f"Bearer {tokens['id_token']}"},
                ) as client:
                    return client.get(f"/users/{user_id}").json()
            """
        ),
        note="own backend with an /api/v2/users/{id} path on a literal non-Auth0 host",
    ),
    Valid(
        _py(
            """
            import google.auth.transport.requests
            import requests
            from google.oauth2 import id_token

            ORDERS_SERVICE = "https://orders-7f3kq2-uc.a.run.app"


            def list_orders(customer_id: str) -> list[dict]:
                auth_req = google.auth.transport.requests.Request()
                token = id_token.fetch_id_token(auth_req, ORDERS_SERVICE)
                resp = requests.get(
                    f"{ORDERS_SERVICE}/api/v2/users/{customer_id}",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()["orders"]
            """
        ),
        note="Google Cloud Run service-to-service ID token",
    ),
    Valid(
        _py(
            """
            import os

            import boto3
            import requests

            CLIENT_ID = os.environ["COGNITO_APP_CLIENT_ID"]
            REPORTS_API = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod"
            cognito = boto3.client("cognito-idp", region_name="eu-west-1")


            def monthly_report(username: str, password: str) -> dict:
                auth = cognito.initiate_auth(
                    ClientId=CLIENT_ID,
                    AuthFlow="USER_PASSWORD_AUTH",
                    AuthParameters={"USERNAME": username, "PASSWORD": password},
                )
                id_token = auth["AuthenticationResult"]["IdToken"]
                resp = requests.get(f"{REPORTS_API}/reports/monthly", headers={"Authorization": id_token})
                return resp.json()
            """
        ),
        note="AWS Cognito ID token for an API Gateway authorizer",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            FIREBASE_API_KEY = os.environ["FIREBASE_API_KEY"]


            def firebase_sign_in(tokens: dict) -> dict:
                resp = requests.post(
                    f"https://identitytoolkit.googleapis.com/v1/accounts:signInWithIdp?key={FIREBASE_API_KEY}",
                    json={
                        "postBody": f"id_token={tokens['id_token']}&providerId=oidc.auth0",
                        "requestUri": "http://localhost",
                        "returnSecureToken": True,
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="Auth0 ID token exchanged for a Firebase session",
    ),
    Valid(
        _py(
            """
            import jwt
            from jwt import PyJWKClient

            from .settings import AUTH0_CLIENT_ID, AUTH0_DOMAIN

            jwks = PyJWKClient(f"https://{AUTH0_DOMAIN}/.well-known/jwks.json")


            def claims_from(tokens: dict) -> dict:
                id_token = tokens["id_token"]
                key = jwks.get_signing_key_from_jwt(id_token).key
                return jwt.decode(
                    id_token,
                    key,
                    algorithms=["RS256"],
                    audience=AUTH0_CLIENT_ID,
                    issuer=f"https://{AUTH0_DOMAIN}/",
                )
            """
        ),
        note="ID token decoded and verified locally with PyJWT",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def legacy_profile(id_token: str) -> dict:
                resp = requests.post(f"https://{AUTH0_DOMAIN}/tokeninfo", json={"id_token": id_token}, timeout=10)
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="legacy /tokeninfo takes an ID token by design",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.route("/logout")
            def logout():
                id_token = session["user"]["id_token"]
                session.clear()
                query = urlencode(
                    {
                        "id_token_hint": id_token,
                        "post_logout_redirect_uri": url_for("home", _external=True),
                    }
                )
                return redirect(f"https://{AUTH0_DOMAIN}/oidc/logout?{query}")
            """
        ),
        note="id_token_hint on OIDC logout",
    ),
    Valid(
        _py(
            """
            import os

            import requests
            from auth0.authentication import GetToken

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])


            def on_callback(code: str, redirect_uri: str) -> dict:
                tokens = get_token.authorization_code(code, redirect_uri)
                resp = requests.get(
                    f"https://{DOMAIN}/userinfo",
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="/userinfo with an access token requested without audience",
    ),
    Valid(
        _py(
            """
            import secrets
            from urllib.parse import urlencode

            import jwt
            from flask import Flask, redirect, render_template, request, session

            from .lti import PLATFORM_AUTH_URL, PLATFORM_JWKS, TOOL_CLIENT_ID

            app = Flask(__name__)


            @app.route("/lti/login", methods=["GET", "POST"])
            def lti_login():
                session["nonce"] = secrets.token_urlsafe(16)
                params = {
                    "scope": "openid",
                    "response_type": "id_token",
                    "response_mode": "form_post",
                    "prompt": "none",
                    "client_id": TOOL_CLIENT_ID,
                    "redirect_uri": request.url_root + "lti/launch",
                    "login_hint": request.values["login_hint"],
                    "lti_message_hint": request.values.get("lti_message_hint", ""),
                    "nonce": session["nonce"],
                }
                return redirect(PLATFORM_AUTH_URL + "?" + urlencode(params))


            @app.route("/lti/launch", methods=["POST"])
            def lti_launch():
                raw = request.form["id_token"]
                key = PLATFORM_JWKS.get_signing_key_from_jwt(raw).key
                claims = jwt.decode(raw, key, algorithms=["RS256"], audience=TOOL_CLIENT_ID)
                return render_template("launch.html", claims=claims)
            """
        ),
        note="LTI 1.3 OIDC-only login with response_type=id_token",
    ),
    Valid(
        _py(
            """
            import requests
            from flask import session


            def zendesk_user():
                resp = requests.get(
                    "https://acme.zendesk.com/api/v2/users/1",
                    headers={"Authorization": f"Bearer {session['id_token']}"},
                    timeout=10,
                )
                return resp.json()["user"]
            """
        ),
        note="another vendor with /api/v2/users/... paths on a literal host",
    ),
    Valid(
        _py(
            """
            import http.client
            import json


            def my_account(tokens, user_id):
                conn = http.client.HTTPSConnection("api.acme-shop.com")
                conn.request(
                    "GET",
                    f"/api/v2/users/{user_id}",
                    headers={"Authorization": "Bearer " + tokens["id_token"]},
                )
                return json.loads(conn.getresponse().read())
            """
        ),
        note="http.client to the app's own backend on a literal non-Auth0 host",
    ),
    Valid(
        _py(
            """
            import requests
            from flask import current_app, session


            def find_by_email(email):
                domain = current_app.config["AUTH0_DOMAIN"]
                resp = requests.get(
                    f"https://{domain}/api/v2/users",
                    params={"q": f'email:"{email}"', "search_engine": "v3"},
                    headers={"Authorization": f"Bearer {session['id_token']}"},
                )
                return resp.json()
            """
        ),
        note="/api/v2/users search is not one of the endpoints of the table",
    ),
    Valid(
        _py(
            """
            import requests
            from django.conf import settings


            def profile_view_data(request):
                user_id = request.session["auth0_user_id"]
                s = requests.Session()
                s.headers["Authorization"] = "Bearer " + request.session["access_token"]
                profile = s.get(f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user_id}").json()
                enrollments = s.get(f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user_id}/enrollments").json()
                return {"profile": profile, "enrollments": enrollments}
            """
        ),
        note="Django session access token on a requests.Session",
    ),
    Valid(
        _py(
            """
            import requests

            from .settings import AUTH0_DOMAIN


            def save_nickname(tokens, user_id, nickname):
                headers = dict(Accept="application/json")
                headers["Authorization"] = "Bearer {}".format(tokens["access_token"])
                claims = tokens["userinfo"]
                resp = requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers=headers,
                    json={"nickname": nickname or claims["nickname"]},
                )
                return resp.ok
            """
        ),
        note="dict(...) headers mutated with the access token",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            def login(username: str, password: str) -> dict:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    data={
                        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                        "realm": "Username-Password-Authentication",
                        "username": username,
                        "password": password,
                        "client_id": CLIENT_ID,
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                        "scope": "openid create:current_user_device_credentials",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()


            def register_device(username: str, password: str, device_id: str, public_key: str) -> str:
                tokens = login(username, password)
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/api/v2/device-credentials",
                    headers={"Authorization": "Bearer " + tokens["access_token"]},
                    json={"device_name": device_id, "type": "public_key", "value": public_key, "device_id": device_id},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()["id"]
            """
        ),
        note="password-realm grant with the Management API audience, access token for POST /device-credentials",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            import requests
            from flask import Flask, jsonify, redirect, session, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.get("/api/me")
            def me():
                user = session["user"]
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user['userinfo']['sub']}",
                    headers={"Authorization": f"Bearer {user['access_token']}"},
                    timeout=10,
                )
                return jsonify(resp.json())


            @app.get("/logout")
            def logout():
                id_token = session["user"]["id_token"]
                session.clear()
                params = {"id_token_hint": id_token, "post_logout_redirect_uri": url_for("index", _external=True)}
                return redirect(f"https://{AUTH0_DOMAIN}/oidc/logout?" + urlencode(params))
            """
        ),
        note="both tokens stored in the Flask session: access token for the API, ID token only for logout",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            auth0 = Auth0(DOMAIN, os.environ["AUTH0_MANAGEMENT_API_TOKEN"])


            def merge_metadata(user_id: str, extra: dict) -> dict:
                user = auth0.users.get(user_id)
                metadata = {**user.get("app_metadata", {}), **extra}
                return auth0.users.update(user_id, {"app_metadata": metadata})
            """
        ),
        note="Management API token read from an environment variable (provisioned M2M token)",
    ),
]


# ---------------------------------------------------------------------------------------
# JavaScript, TypeScript and templates (the migration guide's own examples are browser code).
# The line:column is where the ID token enters the request, as for Python.

_js = _py

INVALID_EXAMPLES += [
    Invalid(
        _js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: AUTH0_CLIENT_ID,
              responseType: 'token id_token',
              audience: 'https://' + AUTH0_DOMAIN + '/api/v2/',
              scope: 'openid read:current_user',
              redirectUri: window.location.href
            });

            webAuth.parseHash(function (err, authResult) {
              if (err || !authResult) return;
              var userId = authResult.idTokenPayload.sub;
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + userId, {
                headers: { Authorization: 'Bearer ' + authResult.idToken }
              }).then(function (res) { return res.json(); }).then(showProfile);
            });
            """
        ),
        line=14,
        column=31,
        message="authResult.idToken, line 14",
        note="auth0.js parseHash callback, fetch with a concatenated URL (the guide's implicit grant)",
        path="app.js",
        fixed=_js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: AUTH0_CLIENT_ID,
              responseType: 'token id_token',
              audience: 'https://' + AUTH0_DOMAIN + '/api/v2/',
              scope: 'openid read:current_user',
              redirectUri: window.location.href
            });

            webAuth.parseHash(function (err, authResult) {
              if (err || !authResult) return;
              var userId = authResult.idTokenPayload.sub;
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + userId, {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              }).then(function (res) { return res.json(); }).then(showProfile);
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            import axios from 'axios';

            export function loadProfile(domain, userId) {
              const token = localStorage.getItem('id_token');
              return axios.get(`https://${domain}/api/v2/users/${userId}`, {
                headers: { Authorization: `Bearer ${token}` },
              });
            }
            """
        ),
        line=6,
        column=31,
        note="axios.get, ID token read back from localStorage (written in another file)",
        path="src/profile.js",
        extra_files={
            "src/auth.js": _js(
                """
                export function handleAuthentication(webAuth) {
                  webAuth.parseHash((err, authResult) => {
                    if (authResult) {
                      localStorage.setItem('id_token', authResult.idToken);
                    }
                  });
                }
                """
            )
        },
    ),
    Invalid(
        _js(
            """
            import axios from 'axios';

            export function managementClient(domain, authResult) {
              return axios.create({
                baseURL: `https://${domain}/api/v2`,
                headers: { Authorization: `Bearer ${authResult.idToken}` },
              });
            }

            export function saveColor(domain, authResult, userId, color) {
              const api = managementClient(domain, authResult);
              return api.patch(`/users/${userId}`, { user_metadata: { color } });
            }
            """
        ),
        line=6,
        column=31,
        note="axios instance with baseURL and default headers, created by a helper",
        path="src/management.js",
        fixed=_js(
            """
            import axios from 'axios';

            export function managementClient(domain, authResult) {
              return axios.create({
                baseURL: `https://${domain}/api/v2`,
                headers: { Authorization: `Bearer ${authResult.accessToken}` },
              });
            }

            export function saveColor(domain, authResult, userId, color) {
              const api = managementClient(domain, authResult);
              return api.patch(`/users/${userId}`, { user_metadata: { color } });
            }
            """
        ),
    ),
    Invalid(
        _js(
            """
            const lock = new Auth0Lock(AUTH0_CLIENT_ID, AUTH0_DOMAIN, {
              auth: { responseType: 'token id_token', params: { scope: 'openid' } }
            });

            lock.on('authenticated', function (authResult) {
              axios.defaults.headers.common['Authorization'] = 'Bearer ' + authResult.idToken;
              axios.patch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                user_metadata: { theme: 'dark' }
              });
            });
            """
        ),
        line=6,
        column=52,
        note="Lock's authenticated event, axios default Authorization header",
        path="static/js/lock.js",
        fixed=_js(
            """
            const lock = new Auth0Lock(AUTH0_CLIENT_ID, AUTH0_DOMAIN, {
              auth: { responseType: 'token id_token', params: { scope: 'openid update:current_user_metadata' }, audience: `https://${AUTH0_DOMAIN}/api/v2/` }
            });

            lock.on('authenticated', function (authResult) {
              axios.defaults.headers.common['Authorization'] = 'Bearer ' + authResult.accessToken;
              axios.patch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                user_metadata: { theme: 'dark' }
              });
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            function updateMetadata(userId, metadata) {
              $.ajax({
                url: 'https://example.auth0.com/api/v2/users/' + userId,
                type: 'PATCH',
                contentType: 'application/json',
                data: JSON.stringify({ user_metadata: metadata }),
                headers: { 'Authorization': 'Bearer ' + localStorage.getItem('idToken') }
              });
            }
            """
        ),
        line=7,
        column=33,
        note="jQuery $.ajax with headers, literal Auth0 host, type: PATCH",
        path="static/js/settings.js",
    ),
    Invalid(
        _js(
            """
            $.ajaxSetup({
              headers: { Authorization: 'Bearer ' + sessionStorage.getItem('id_token') }
            });

            $.get('https://' + window.AUTH0_DOMAIN + '/api/v2/users/' + userId, function (user) {
              render(user);
            });
            """
        ),
        line=2,
        column=29,
        note="$.ajaxSetup headers apply to a later $.get",
        path="static/js/page.js",
    ),
    Invalid(
        _js(
            """
            function linkAccount(primaryId, secondaryIdToken, primaryIdToken) {
              $.ajax({
                url: `https://${AUTH0_DOMAIN}/api/v2/users/${primaryId}/identities`,
                method: 'POST',
                data: JSON.stringify({ link_with: secondaryIdToken }),
                beforeSend: function (xhr) {
                  xhr.setRequestHeader('Authorization', 'Bearer ' + primaryIdToken);
                }
              });
            }

            webAuth.checkSession({}, function (err, authResult) {
              linkAccount(authResult.idTokenPayload.sub, pendingSecondaryToken, authResult.idToken);
            });
            var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: 'id_token' });
            """
        ),
        line=7,
        column=45,
        note="jQuery beforeSend setRequestHeader, primary ID token passed through a function parameter (account linking)",
        path="static/js/link.js",
        fixed=_js(
            """
            function linkAccount(primaryId, secondaryIdToken, primaryIdToken) {
              $.ajax({
                url: `https://${AUTH0_DOMAIN}/api/v2/users/${primaryId}/identities`,
                method: 'POST',
                data: JSON.stringify({ link_with: secondaryIdToken }),
                beforeSend: function (xhr) {
                  xhr.setRequestHeader('Authorization', 'Bearer ' + primaryIdToken);
                }
              });
            }

            webAuth.checkSession({}, function (err, authResult) {
              linkAccount(authResult.idTokenPayload.sub, pendingSecondaryToken, authResult.accessToken);
            });
            var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: 'token id_token', audience: `https://${AUTH0_DOMAIN}/api/v2/`, scope: 'openid update:current_user_identities' });
            """
        ),
    ),
    Invalid(
        _js(
            """
            function deleteMfa(userId, provider, authResult) {
              var xhr = new XMLHttpRequest();
              xhr.open('DELETE', 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + userId + '/multifactor/' + provider);
              xhr.setRequestHeader('Authorization', 'Bearer ' + authResult.idToken);
              xhr.send();
            }

            webAuth.parseHash(function (err, authResult) {
              deleteMfa(authResult.idTokenPayload.sub, 'guardian', authResult);
            });
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: CLIENT_ID,
              responseType: 'token id_token',
              audience: `https://${AUTH0_DOMAIN}/api/v2/`,
              scope: 'openid delete:current_user_metadata'
            });
            """
        ),
        line=4,
        column=41,
        note="XMLHttpRequest open + setRequestHeader",
        path="static/js/mfa.js",
        fixed=_js(
            """
            function deleteMfa(userId, provider, authResult) {
              var xhr = new XMLHttpRequest();
              xhr.open('DELETE', 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + userId + '/multifactor/' + provider);
              xhr.setRequestHeader('Authorization', 'Bearer ' + authResult.accessToken);
              xhr.send();
            }

            webAuth.parseHash(function (err, authResult) {
              deleteMfa(authResult.idTokenPayload.sub, 'guardian', authResult);
            });
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: CLIENT_ID,
              responseType: 'token id_token',
              audience: `https://${AUTH0_DOMAIN}/api/v2/`,
              scope: 'openid delete:current_user_metadata'
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            var webAuth = new auth0.WebAuth({
              domain: 'example.auth0.com',
              clientID: 'YOUR_CLIENT_ID',
              responseType: 'id_token',
              scope: 'openid',
              redirectUri: 'https://app.example.com/callback'
            });

            webAuth.parseHash({ hash: window.location.hash }, function (err, authResult) {
              var auth0Manage = new auth0.Management({
                domain: 'example.auth0.com',
                token: authResult.idToken
              });
              auth0Manage.getUser(authResult.idTokenPayload.sub, function (err, user) {
                console.log(user);
              });
            });
            """
        ),
        line=12,
        column=12,
        message="GET /api/v2/users/{id}",
        note="the guide's legacy example: auth0.js Management client built with the ID token",
        path="index.js",
        fixed=_js(
            """
            var webAuth = new auth0.WebAuth({
              domain: 'example.auth0.com',
              clientID: 'YOUR_CLIENT_ID',
              responseType: 'token id_token',
              scope: 'openid read:current_user',
              redirectUri: 'https://app.example.com/callback',
              audience: 'https://example.auth0.com/api/v2/'
            });

            webAuth.parseHash({ hash: window.location.hash }, function (err, authResult) {
              var auth0Manage = new auth0.Management({
                domain: 'example.auth0.com',
                token: authResult.accessToken
              });
              auth0Manage.getUser(authResult.idTokenPayload.sub, function (err, user) {
                console.log(user);
              });
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            import { createAuth0Client } from '@auth0/auth0-spa-js';

            interface User { user_id: string; user_metadata?: Record<string, unknown> }

            export async function currentUser(domain: string): Promise<User> {
              const client = await createAuth0Client({
                domain,
                clientId: 'abc123',
                authorizationParams: { redirect_uri: window.location.origin },
              });
              const claims = await client.getIdTokenClaims();
              const response = await fetch(`https://${domain}/api/v2/users/${claims!.sub}`, {
                headers: { Authorization: `Bearer ${claims!.__raw}` },
              });
              return (await response.json()) as User;
            }
            """
        ),
        line=13,
        column=31,
        note="auth0-spa-js getIdTokenClaims().__raw in TypeScript",
        path="src/profile.ts",
    ),
    Invalid(
        _js(
            """
            type AuthResult = { idToken?: string; accessToken?: string };

            async function fetchEnrollments(domain: string, userId: string, result: AuthResult): Promise<unknown[]> {
              const idToken = result.idToken as string;
              const res = await fetch(`https://${domain}/api/v2/users/${userId}/enrollments`, {
                method: 'GET',
                headers: { Authorization: 'Bearer ' + idToken },
              });
              return res.json();
            }

            webAuth.popup.authorize({ redirectUri: CALLBACK }, (err: Error | null, result: AuthResult) => {
              fetchEnrollments(DOMAIN, USER_ID, result);
            });
            const webAuth = new WebAuth({ domain: DOMAIN, clientID: CLIENT_ID, responseType: 'token id_token', scope: 'openid' });
            """
        ),
        line=7,
        column=31,
        note="TypeScript with type annotations and `as`, popup.authorize result passed to a function",
        path="src/enrollments.ts",
        fixed=_js(
            """
            type AuthResult = { idToken?: string; accessToken?: string };

            async function fetchEnrollments(domain: string, userId: string, result: AuthResult): Promise<unknown[]> {
              const idToken = result.accessToken as string;
              const res = await fetch(`https://${domain}/api/v2/users/${userId}/enrollments`, {
                method: 'GET',
                headers: { Authorization: 'Bearer ' + idToken },
              });
              return res.json();
            }

            webAuth.popup.authorize({ redirectUri: CALLBACK }, (err: Error | null, result: AuthResult) => {
              fetchEnrollments(DOMAIN, USER_ID, result);
            });
            const webAuth = new WebAuth({ domain: DOMAIN, clientID: CLIENT_ID, responseType: 'token id_token', scope: 'openid read:current_user', audience: `https://${DOMAIN}/api/v2/` });
            """
        ),
    ),
    Invalid(
        _js(
            """
            {% extends "base.html" %}
            {% block scripts %}
            <script src="https://cdn.auth0.com/js/auth0/9.23.0/auth0.min.js"></script>
            <script>
              var webAuth = new auth0.WebAuth({
                domain: '{{ auth0_domain }}',
                clientID: '{{ auth0_client_id }}',
                responseType: 'token id_token',
                scope: 'openid profile'
              });
              webAuth.checkSession({}, function (err, authResult) {
                fetch('https://{{ auth0_domain }}/api/v2/users/{{ user_id }}', {
                  headers: { Authorization: 'Bearer ' + authResult.idToken }
                }).then(function (r) { return r.json(); }).then(renderProfile);
              });
            </script>
            {% endblock %}
            """
        ),
        line=13,
        column=33,
        note="Jinja template: the domain and user id are filled in by the template engine",
        path="templates/profile.html",
        fixed=_js(
            """
            {% extends "base.html" %}
            {% block scripts %}
            <script src="https://cdn.auth0.com/js/auth0/9.23.0/auth0.min.js"></script>
            <script>
              var webAuth = new auth0.WebAuth({
                domain: '{{ auth0_domain }}',
                clientID: '{{ auth0_client_id }}',
                responseType: 'token id_token',
                scope: 'openid profile read:current_user',
                audience: 'https://{{ auth0_domain }}/api/v2/'
              });
              webAuth.checkSession({}, function (err, authResult) {
                fetch('https://{{ auth0_domain }}/api/v2/users/{{ user_id }}', {
                  headers: { Authorization: 'Bearer ' + authResult.accessToken }
                }).then(function (r) { return r.json(); }).then(renderProfile);
              });
            </script>
            {% endblock %}
            """
        ),
    ),
    Invalid(
        _js(
            """
            {% load static %}
            <button id="save">Save</button>
            <script>
              document.getElementById('save').addEventListener('click', function () {
                var token = localStorage.getItem('id_token');
                $.ajax({
                  url: 'https://{{ AUTH0_DOMAIN }}/api/v2/users/{{ request.user.username|urlencode }}',
                  method: 'PATCH',
                  data: JSON.stringify({ user_metadata: { newsletter: true } }),
                  headers: { Authorization: 'Bearer ' + token, 'X-CSRFToken': '{{ csrf_token }}' }
                });
              });
            </script>
            """
        ),
        line=10,
        column=33,
        note="Django template: {% %} and {{ }} tags inside the script",
        path="templates/accounts/settings.html",
    ),
    Invalid(
        _js(
            """
            async function login(domain, username, password) {
              const response = await fetch(`https://${domain}/oauth/token`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({
                  grant_type: 'password',
                  username,
                  password,
                  client_id: CLIENT_ID,
                  scope: 'openid',
                }),
              });
              const tokens = await response.json();
              return fetch(`https://${domain}/api/v2/users/${encodeURIComponent(username)}`, {
                headers: { Authorization: `Bearer ${tokens.id_token}` },
              });
            }
            """
        ),
        line=15,
        column=31,
        note="password grant POSTed with fetch, then the response's id_token",
        path="src/login.mjs",
        fixed=_js(
            """
            async function login(domain, username, password) {
              const response = await fetch(`https://${domain}/oauth/token`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({
                  grant_type: 'password',
                  username,
                  password,
                  client_id: CLIENT_ID,
                  scope: 'openid read:current_user',
                  audience: `https://${domain}/api/v2/`,
                }),
              });
              const tokens = await response.json();
              return fetch(`https://${domain}/api/v2/users/${encodeURIComponent(username)}`, {
                headers: { Authorization: `Bearer ${tokens.access_token}` },
              });
            }
            """
        ),
    ),
    Invalid(
        _js(
            """
            const auth = new auth0.WebAuth({ domain: DOMAIN, clientID: CLIENT_ID, responseType: 'id_token' });

            auth.parseHash((err, result) => {
              const { idToken, idTokenPayload } = result;
              fetch(`https://${DOMAIN}/api/v2/device-credentials`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${idToken}` },
                body: JSON.stringify({ device_name: 'phone', type: 'public_key', value: KEY, device_id: ID }),
              });
            });
            """
        ),
        line=7,
        column=67,
        note="destructured idToken, POST device-credentials",
        path="app.jsx",
    ),
    Invalid(
        _js(
            """
            const auth0 = require('auth0-js');
            const { Management } = require('auth0-js');

            const webAuth = new auth0.WebAuth({
              domain: process.env.AUTH0_DOMAIN,
              clientID: process.env.AUTH0_CLIENT_ID,
              responseType: 'token id_token',
              audience: `https://${process.env.AUTH0_DOMAIN}/api/v2/`,
              scope: 'openid read:current_user',
            });

            webAuth.parseHash((err, result) => {
              new Management({ domain: process.env.AUTH0_DOMAIN, token: result.idToken })
                .getUser(result.idTokenPayload.sub, (error, user) => console.log(user));
            });
            """
        ),
        line=13,
        column=61,
        note="CommonJS require of auth0-js, Management destructured from the module",
        path="src/bundle-entry.cjs",
        fixed=_js(
            """
            const auth0 = require('auth0-js');
            const { Management } = require('auth0-js');

            const webAuth = new auth0.WebAuth({
              domain: process.env.AUTH0_DOMAIN,
              clientID: process.env.AUTH0_CLIENT_ID,
              responseType: 'token id_token',
              audience: `https://${process.env.AUTH0_DOMAIN}/api/v2/`,
              scope: 'openid read:current_user',
            });

            webAuth.parseHash((err, result) => {
              new Management({ domain: process.env.AUTH0_DOMAIN, token: result.accessToken })
                .getUser(result.idTokenPayload.sub, (error, user) => console.log(user));
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            function savePreferences(authResult, userId, preferences) {
              var headers = { 'Content-Type': 'application/json' };
              headers.Authorization = 'Bearer ' + authResult.idToken;
              var options = { method: 'PATCH', headers: new Headers(headers) };
              options.body = JSON.stringify({ user_metadata: preferences });
              return fetch('https://acme.eu.auth0.com/api/v2/users/' + encodeURIComponent(userId), options);
            }
            """
        ),
        line=3,
        column=27,
        message="PATCH /api/v2/users/{id}",
        note="headers object filled in after it is built, fetch options in a variable, new Headers(...)",
        path="static/js/preferences.js",
        fixed=_js(
            """
            function savePreferences(authResult, userId, preferences) {
              var headers = { 'Content-Type': 'application/json' };
              headers.Authorization = 'Bearer ' + authResult.accessToken;
              var options = { method: 'PATCH', headers: new Headers(headers) };
              options.body = JSON.stringify({ user_metadata: preferences });
              return fetch('https://acme.eu.auth0.com/api/v2/users/' + encodeURIComponent(userId), options);
            }
            """
        ),
    ),
    Invalid(
        _js(
            """
            var lock = newLock({ auth: { responseType: 'token id_token' } });

            function newLock(opts) {
              return new Auth0Lock(AUTH0_CLIENT_ID, AUTH0_DOMAIN, opts);
            }

            function unlinkAccount(secondaryProvider, secondaryUserId) {
              var primaryUserId = localStorage.getItem('user_id');
              var primaryJWT = localStorage.getItem('id_token');
              $.ajax({
                type: 'DELETE',
                url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + primaryUserId +
                  '/identities/' + secondaryProvider + '/' + secondaryUserId,
                headers: { Authorization: 'Bearer ' + primaryJWT }
              }).then(showLinkedAccounts);
            }

            function lockAuthenticated(authResult) {
              localStorage.setItem('access_token', authResult.accessToken);
              localStorage.setItem('id_token', authResult.idToken);
            }

            $(document).ready(function () {
              lock.on('authenticated', lockAuthenticated);
            });
            """
        ),
        line=14,
        column=31,
        message="authResult.idToken, line 20",
        note="the account-linking SPA sample's shape: Lock built by a helper, a named authenticated handler, the ID token stored and read back",
        path="app.js",
        fixed=_js(
            """
            var lock = newLock({ auth: { responseType: 'token id_token', audience: `https://${AUTH0_DOMAIN}/api/v2/` } });

            function newLock(opts) {
              return new Auth0Lock(AUTH0_CLIENT_ID, AUTH0_DOMAIN, opts);
            }

            function unlinkAccount(secondaryProvider, secondaryUserId) {
              var primaryUserId = localStorage.getItem('user_id');
              var primaryJWT = localStorage.getItem('id_token');
              $.ajax({
                type: 'DELETE',
                url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + primaryUserId +
                  '/identities/' + secondaryProvider + '/' + secondaryUserId,
                headers: { Authorization: 'Bearer ' + primaryJWT }
              }).then(showLinkedAccounts);
            }

            function lockAuthenticated(authResult) {
              localStorage.setItem('access_token', authResult.accessToken);
              localStorage.setItem('id_token', authResult.accessToken);
            }

            $(document).ready(function () {
              lock.on('authenticated', lockAuthenticated);
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            import Auth0Lock from 'auth0-lock';

            export default class AuthService {
              constructor(clientId, domain) {
                this.domain = domain;
                this.lock = new Auth0Lock(clientId, domain, {
                  auth: { redirectUrl: `${window.location.origin}/login`, responseType: 'token' },
                });
                this.lock.on('authenticated', this._doAuthentication.bind(this));
              }

              _doAuthentication(authResult) {
                this.setToken(authResult.idToken);
              }

              setToken(idToken) {
                localStorage.setItem('id_token', idToken);
              }

              getToken() {
                return localStorage.getItem('id_token');
              }

              updateProfile(userId, data) {
                const headers = {
                  'Content-Type': 'application/json',
                  Authorization: 'Bearer ' + this.getToken(),
                };
                return fetch(`https://${this.domain}/api/v2/users/${userId}`, {
                  method: 'PATCH',
                  headers,
                  body: JSON.stringify(data),
                }).then((response) => response.json());
              }
            }
            """
        ),
        line=27,
        column=22,
        message="authResult.idToken, line 13",
        note="the React samples' AuthService class: Lock in the constructor, this.setToken/this.getToken, this.domain",
        path="src/utils/AuthService.js",
        fixed=_js(
            """
            import Auth0Lock from 'auth0-lock';

            export default class AuthService {
              constructor(clientId, domain) {
                this.domain = domain;
                this.lock = new Auth0Lock(clientId, domain, {
                  auth: { redirectUrl: `${window.location.origin}/login`, responseType: 'token', audience: `https://${domain}/api/v2/` },
                });
                this.lock.on('authenticated', this._doAuthentication.bind(this));
              }

              _doAuthentication(authResult) {
                this.setToken(authResult.accessToken);
              }

              setToken(idToken) {
                localStorage.setItem('id_token', idToken);
              }

              getToken() {
                return localStorage.getItem('id_token');
              }

              updateProfile(userId, data) {
                const headers = {
                  'Content-Type': 'application/json',
                  Authorization: 'Bearer ' + this.getToken(),
                };
                return fetch(`https://${this.domain}/api/v2/users/${userId}`, {
                  method: 'PATCH',
                  headers,
                  body: JSON.stringify(data),
                }).then((response) => response.json());
              }
            }
            """
        ),
    ),
    Invalid(
        _js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: AUTH0_CLIENT_ID,
              scope: 'openid'
            });

            document.getElementById('login').addEventListener('submit', function (event) {
              event.preventDefault();
              webAuth.client.login({
                realm: 'Username-Password-Authentication',
                username: document.getElementById('email').value,
                password: document.getElementById('password').value
              }, function (err, authResult) {
                if (err) return showError(err);
                $.ajax({
                  url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub + '/enrollments',
                  headers: { Authorization: 'Bearer ' + authResult.idToken }
                }).done(showEnrollments);
              });
            });
            """
        ),
        line=17,
        column=33,
        note="auth0.js client.login (password-realm grant from a custom form), its result's ID token",
        path="static/js/login.js",
        fixed=_js(
            """
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN,
              clientID: AUTH0_CLIENT_ID,
              scope: 'openid read:current_user',
              audience: `https://${AUTH0_DOMAIN}/api/v2/`
            });

            document.getElementById('login').addEventListener('submit', function (event) {
              event.preventDefault();
              webAuth.client.login({
                realm: 'Username-Password-Authentication',
                username: document.getElementById('email').value,
                password: document.getElementById('password').value
              }, function (err, authResult) {
                if (err) return showError(err);
                $.ajax({
                  url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub + '/enrollments',
                  headers: { Authorization: 'Bearer ' + authResult.accessToken }
                }).done(showEnrollments);
              });
            });
            """
        ),
    ),
    Invalid(
        _js(
            """
            var lock = new Auth0Lock('YOUR_CLIENT_ID', 'example.auth0.com');

            document.getElementById('btn-login').addEventListener('click', function () {
              lock.show(function (err, profile, id_token) {
                if (err) return alert(err.message);
                $.ajax({
                  url: 'https://example.auth0.com/api/v2/users/' + profile.user_id,
                  method: 'PATCH',
                  data: JSON.stringify({ user_metadata: { hobby: 'surf' } }),
                  headers: { Authorization: 'Bearer ' + id_token }
                });
              });
            });
            """
        ),
        line=10,
        column=33,
        message="parameter id_token",
        note="Lock 9's show callback hands over the ID token as a parameter named id_token",
        path="static/js/lock9.js",
    ),
    Invalid(
        _js(
            """
            angular.module('app').controller('ProfileCtrl', ['$scope', '$http', 'auth', function ($scope, $http, auth) {
              $scope.save = function () {
                $http({
                  method: 'PATCH',
                  url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + auth.profile.user_id,
                  data: { user_metadata: $scope.metadata },
                  headers: { Authorization: 'Bearer ' + auth.idToken }
                }).then(function () { $scope.saved = true; });
              };
            }]);
            """
        ),
        line=7,
        column=33,
        note="AngularJS controller: $http injected by name, auth0-angular's auth.idToken",
        path="app/profile/profile.controller.js",
        fixed=_js(
            """
            angular.module('app').controller('ProfileCtrl', ['$scope', '$http', 'auth', function ($scope, $http, auth) {
              $scope.save = function () {
                $http({
                  method: 'PATCH',
                  url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + auth.profile.user_id,
                  data: { user_metadata: $scope.metadata },
                  headers: { Authorization: 'Bearer ' + auth.accessToken }
                }).then(function () { $scope.saved = true; });
              };
            }]);
            """
        ),
    ),
    Invalid(
        _js(
            """
            import { useAuth0 } from '@auth0/auth0-react';

            export function LinkButton({ secondaryIdToken }: { secondaryIdToken: string }) {
              const { user, getIdTokenClaims } = useAuth0();
              const link = async () => {
                const claims = await getIdTokenClaims();
                await fetch(`https://${import.meta.env.VITE_AUTH0_DOMAIN}/api/v2/users/${user!.sub}/identities`, {
                  method: 'POST',
                  headers: { Authorization: `Bearer ${claims!.__raw}`, 'Content-Type': 'application/json' },
                  body: JSON.stringify({ link_with: secondaryIdToken }),
                });
              };
              return <button onClick={link}>Link account</button>;
            }
            """
        ),
        line=9,
        column=33,
        message="claims!.__raw",
        note="auth0-react in TSX: getIdTokenClaims() taken off useAuth0(), its __raw as Bearer",
        path="src/components/LinkButton.tsx",
    ),
]

VALID_EXAMPLES += [
    Valid(
        _js(
            """
            webAuth.parseHash(function (err, authResult) {
              fetch('/api/profile', {
                headers: { Authorization: 'Bearer ' + authResult.idToken }
              });
            });
            var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: 'id_token' });
            """
        ),
        note="ID token sent to the application's own backend",
        path="app.js",
    ),
    Valid(
        _js(
            """
            webAuth.parseHash(function (err, authResult) {
              fetch('https://' + AUTH0_DOMAIN + '/userinfo', {
                headers: { Authorization: 'Bearer ' + authResult.accessToken }
              });
            });
            var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: 'token id_token' });
            """
        ),
        note="access token without audience used only for /userinfo",
        path="app.js",
    ),
    Valid(
        _js(
            """
            import jwtDecode from 'jwt-decode';

            webAuth.parseHash((err, authResult) => {
              const profile = jwtDecode(authResult.idToken);
              document.getElementById('name').textContent = profile.name;
            });
            const webAuth = new auth0.WebAuth({ domain: DOMAIN, clientID: CLIENT_ID, responseType: 'id_token' });
            """
        ),
        note="ID token decoded in the browser for the profile",
        path="src/callback.js",
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
        note="the migrated guide example: access token for the Management API",
        path="app.js",
    ),
    Valid(
        _js(
            """
            export function load(apiUrl, authResult) {
              return fetch(apiUrl, { headers: { Authorization: `Bearer ${authResult.idToken}` } });
            }
            """
        ),
        note="a URL that is not known at all: say nothing",
        path="src/api.js",
    ),
    Valid(
        _js(
            """
            webAuth.parseHash(function (err, authResult) {
              axios.get('https://api.partner.example/api/v2/users/' + authResult.idTokenPayload.sub, {
                headers: { Authorization: 'Bearer ' + authResult.idToken }
              });
            });
            var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: 'id_token' });
            """
        ),
        note="another service with /api/v2/users paths on a literal non-Auth0 host",
        path="app.js",
    ),
    Valid(
        _js(
            """
            // Legacy: we used to send authResult.idToken to https://tenant.auth0.com/api/v2/users/
            const help = 'Do not send the idToken to /api/v2/ endpoints; use the accessToken.';
            export default help;
            """
        ),
        note="comments and strings that mention idToken and /api/v2/",
        path="src/help.js",
    ),
    Valid(
        _js(
            """
            import { createAuth0Client } from '@auth0/auth0-spa-js';

            const client = await createAuth0Client({
              domain: DOMAIN,
              clientId: CLIENT_ID,
              authorizationParams: { audience: `https://${DOMAIN}/api/v2/`, scope: 'openid read:current_user' },
            });
            const token = await client.getTokenSilently();
            const user = await (await fetch(`https://${DOMAIN}/api/v2/users/${USER_ID}`, {
              headers: { Authorization: `Bearer ${token}` },
            })).json();
            """
        ),
        note="auth0-spa-js access token from getTokenSilently to the Management API",
        path="src/main.ts",
    ),
    Valid(
        _js(
            """
            lock.on('authenticated', function (authResult) {
              localStorage.setItem('access_token', authResult.accessToken);
              localStorage.setItem('id_token', authResult.idToken);
            });
            function profile(userId) {
              return $.ajax({
                url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + userId,
                headers: { Authorization: 'Bearer ' + localStorage.getItem('access_token') }
              });
            }
            var lock = new Auth0Lock(CLIENT_ID, AUTH0_DOMAIN, {
              auth: { audience: 'https://' + AUTH0_DOMAIN + '/api/v2/', params: { scope: 'openid read:current_user' } }
            });
            """
        ),
        note="both tokens stored; the access token is the one read back for the Management API",
        path="static/js/app.js",
    ),
    Valid(
        _js(
            """
            webAuth.parseHash(function (err, authResult) {
              var idToken = authResult.accessToken;
              fetch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + authResult.idTokenPayload.sub, {
                headers: { Authorization: 'Bearer ' + idToken }
              });
            });
            var webAuth = new auth0.WebAuth({
              domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: 'token id_token',
              audience: 'https://' + AUTH0_DOMAIN + '/api/v2/', scope: 'openid read:current_user'
            });
            """
        ),
        note="a variable named idToken that holds the access token: follow the data, not the name",
        path="app.js",
    ),
    Valid(
        _js(
            """
            <script>
              webAuth.parseHash(function (err, authResult) {
                fetch('https://firestore.googleapis.com/v1/projects/{{ project }}/databases', {
                  headers: { Authorization: 'Bearer ' + authResult.idToken }
                });
                fetch('{{ url_for("api.profile") }}', {
                  method: 'POST',
                  headers: { Authorization: 'Bearer ' + authResult.idToken }
                });
              });
              var webAuth = new auth0.WebAuth({ domain: '{{ domain }}', clientID: '{{ client_id }}', responseType: 'id_token' });
            </script>
            """
        ),
        note="template: ID token sent to another vendor and to the app's own backend",
        path="templates/index.html",
    ),
    Valid(
        _js(
            """
            const manage = new auth0.Management({ domain: DOMAIN, token: authResult.accessToken });
            manage.patchUserMetadata(USER_ID, { theme: 'dark' }, done);
            webAuth.parseHash((err, authResult) => {});
            const webAuth = new auth0.WebAuth({ domain: DOMAIN, clientID: CLIENT_ID, responseType: 'token id_token' });
            """
        ),
        note="auth0.js Management client built with the access token",
        path="src/manage.js",
    ),
    Valid(
        _js(
            """
            function verify(authResult) {
              var xhr = new XMLHttpRequest();
              xhr.open('GET', 'https://' + AUTH0_DOMAIN + '/tokeninfo?id_token=' + authResult.idToken);
              xhr.setRequestHeader('Authorization', 'Bearer ' + authResult.idToken);
              xhr.send();
            }
            """
        ),
        note="the legacy /tokeninfo endpoint takes an ID token by design",
        path="static/js/legacy.js",
    ),
    Valid(
        _js(
            """
            webAuth.parseHash(function (err, authResult) {
              // send the secondary account's ID token in link_with, with the access token as credential
              $.ajax({
                url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + primaryUserId + '/identities',
                type: 'POST',
                data: JSON.stringify({ link_with: authResult.idToken }),
                headers: { Authorization: 'Bearer ' + localStorage.getItem('access_token') }
              });
            });
            var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: 'token id_token' });
            """
        ),
        note="account linking: the ID token in link_with is correct",
        path="static/js/link.js",
    ),
    Valid(
        _js(
            """
            function savePreferences(authResult, userId, preferences) {
              var headers = { 'Content-Type': 'application/json' };
              headers.Authorization = 'Bearer ' + authResult.accessToken;
              headers['X-Id-Token'] = authResult.idToken;
              return fetch('https://acme.eu.auth0.com/api/v2/users/' + userId, { method: 'PATCH', headers: headers });
            }
            """
        ),
        note="the ID token in another header, the access token as Bearer credential",
        path="static/js/preferences.js",
    ),
    Valid(
        _js(
            """
            export default class AuthService {
              constructor(clientId, domain) {
                this.domain = domain;
                this.lock = new Auth0Lock(clientId, domain, {
                  auth: { audience: `https://${domain}/api/v2/`, params: { scope: 'openid update:current_user_metadata' } },
                });
                this.lock.on('authenticated', (authResult) => {
                  localStorage.setItem('access_token', authResult.accessToken);
                  localStorage.setItem('id_token', authResult.idToken);
                });
              }

              getToken() {
                return localStorage.getItem('access_token');
              }

              updateProfile(userId, data) {
                return fetch(`https://${this.domain}/api/v2/users/${userId}`, {
                  method: 'PATCH',
                  headers: { Authorization: 'Bearer ' + this.getToken() },
                  body: JSON.stringify(data),
                });
              }
            }
            """
        ),
        note="the migrated AuthService: the access token is stored and sent",
        path="src/utils/AuthService.js",
    ),
    Valid(
        _js(
            """
            webAuth.parseHash(function (err, authResult) {
              // the app's own API happens to be versioned /api/v2/ too
              $.ajax({ url: '/api/v2/users/' + authResult.idTokenPayload.sub, headers: { Authorization: 'Bearer ' + authResult.idToken } });
              fetch(`/api/v2/users/${authResult.idTokenPayload.sub}/enrollments`, { headers: { Authorization: `Bearer ${authResult.idToken}` } });
            });
            var webAuth = new auth0.WebAuth({ domain: AUTH0_DOMAIN, clientID: CLIENT_ID, responseType: 'id_token' });
            """
        ),
        note="a path without host goes to the page's own origin (the app's backend), never to Auth0",
        path="static/js/app.js",
    ),
    Valid(
        _js(
            """
            function callApi(id_token, userId) {
              return fetch('https://example.auth0.com/api/v2/users/' + userId, {
                headers: { Authorization: 'Bearer ' + id_token }
              });
            }
            webAuth.checkSession({}, function (err, authResult) {
              callApi(authResult.accessToken, authResult.idTokenPayload.sub);
            });
            var webAuth = new auth0.WebAuth({
              domain: 'example.auth0.com', clientID: CLIENT_ID, responseType: 'token id_token',
              audience: 'https://example.auth0.com/api/v2/', scope: 'openid read:current_user'
            });
            """
        ),
        note="a parameter named id_token that every caller passes the access token: the calls win over the name",
        path="static/js/api.js",
    ),
    Valid(
        _js(
            """
            angular.module('app').controller('ProfileCtrl', function ($scope, $http, auth) {
              $http.get('/api/profile', { headers: { Authorization: 'Bearer ' + auth.idToken } });
              $http.patch('https://' + AUTH0_DOMAIN + '/api/v2/users/' + auth.profile.user_id, { user_metadata: {} },
                { headers: { Authorization: 'Bearer ' + auth.accessToken } });
            });
            """
        ),
        note="AngularJS: the ID token to the app's own API, the access token to the Management API",
        path="app/profile/profile.controller.js",
    ),
    Valid(
        _js(
            """
            import { Auth0Provider, useAuth0 } from '@auth0/auth0-react';

            function Profile() {
              const { user, getAccessTokenSilently } = useAuth0();
              const load = async () => {
                const token = await getAccessTokenSilently();
                return fetch(`https://acme.auth0.com/api/v2/users/${user.sub}`, { headers: { Authorization: `Bearer ${token}` } });
              };
              return <button onClick={load}>Load</button>;
            }

            export const Root = () => (
              <Auth0Provider
                domain="acme.auth0.com"
                clientId="abc"
                authorizationParams={{ audience: 'https://acme.auth0.com/api/v2/', scope: 'openid read:current_user' }}
              >
                <Profile />
              </Auth0Provider>
            );
            """
        ),
        note="auth0-react: the access token from getAccessTokenSilently, the provider asks for the audience",
        path="src/Root.jsx",
    ),
]
