"""VALID and INVALID examples of SL109 hardcoded-token (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is where the credential enters the Management API call: the start of
the "Authorization" header value expression, or of the token argument of an auth0-python
client. The message shows the token masked (its first 6 characters and "…"); the tokens
below are fake (base64url of made-up claims and a made-up signature).
"""

import textwrap

from scopelint.rules.base import Invalid, Valid


def _py(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


INVALID_EXAMPLES: list[Invalid] = [
    # ------------------------------------------------------------------ Authorization headers
    Invalid(
        _py(
            """
            import requests

            AUTH0_DOMAIN = "acme-dev.us.auth0.com"


            def get_user(user_id):
                resp = requests.get(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        9,
        35,
        message="eyJhbG…",
        note="a JWT pasted into the header literal of requests.get (GET /users/{id})",
    ),
    Invalid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ.get("AUTH0_DOMAIN", "acme-dev.us.auth0.com")
            # Copied from the dashboard's API Explorer tab.
            MGMT_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"


            def tag_user(user_id, plan):
                requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    json={"app_metadata": {"plan": plan}},
                    headers={"Authorization": f"Bearer {MGMT_TOKEN}"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        14,
        35,
        message="eyJhbG…",
        note="a module constant MGMT_TOKEN = 'eyJ...' used in an f-string header (PATCH /users/{id})",
    ),
    Invalid(
        _py(
            """
            import requests
            from flask import Flask, session

            app = Flask(__name__)
            HEADERS = {
                "Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU",
                "Content-Type": "application/json",
            }


            @app.post("/mfa/reset")
            def reset_mfa():
                requests.delete(
                    f"https://acme.eu.auth0.com/api/v2/users/{session['user_id']}/multifactor/guardian",
                    headers=HEADERS,
                    timeout=10,
                ).raise_for_status()
                return "", 204
            """
        ),
        6,
        22,
        message="eyJ0eX…",
        note="a module-level headers dict with the token, DELETE /users/{id}/multifactor/{provider} on a literal Auth0 host",
    ),
    Invalid(
        _py(
            """
            import requests

            DOMAIN = "acme.us.auth0.com"


            def revoke_device(credential_id: str) -> None:
                resp = requests.delete(
                    f"https://{DOMAIN}/api/v2/device-credentials/{credential_id}",
                    headers={"Authorization": "Bearer 6f1c9a2e7b4d8c03f5a1e9b27d6c4a08e3f1b5d9"},
                    timeout=10,
                )
                resp.raise_for_status()
            """
        ),
        9,
        35,
        message="6f1c9a…",
        note="a long non-JWT bearer string in the header (DELETE /device-credentials/{id})",
    ),
    Invalid(
        _py(
            """
            import httpx

            TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZha2Uta2lkLTAwMDEifQ.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6ImF1dGgwfGZha2UwMDAxIiwiYXVkIjoiaHR0cHM6Ly9hY21lLmV1LmF1dGgwLmNvbS9hcGkvdjIvIiwiZXhwIjoxNzAwMDAzNjAwLCJzY29wZSI6InJlYWQ6Y3VycmVudF91c2VyIn0.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU"
            client = httpx.Client(
                base_url="https://acme.eu.auth0.com/api/v2",
                headers={"Authorization": "Bearer " + TOKEN},
                timeout=10,
            )


            def enrollments(user_id: str) -> list:
                resp = client.get(f"/users/{user_id}/enrollments")
                resp.raise_for_status()
                return resp.json()
            """
        ),
        6,
        31,
        message="eyJhbG…",
        note="httpx.Client(base_url=..., headers=...) with 'Bearer ' + a constant, GET /users/{id}/enrollments",
    ),
    Invalid(
        _py(
            """
            import requests

            API = "https://acme-dev.us.auth0.com/api/v2"
            # split over several lines to keep the file readable
            MGMT_API_TOKEN = (
                "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
                "eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9."
                "ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"
            )

            session = requests.Session()
            session.headers.update({"Authorization": f"Bearer {MGMT_API_TOKEN}", "Accept": "application/json"})


            def link(primary_id, provider, secondary_id):
                resp = session.post(f"{API}/users/{primary_id}/identities", json={"provider": provider, "user_id": secondary_id})
                resp.raise_for_status()
                return resp.json()
            """
        ),
        12,
        42,
        message="eyJhbG…",
        note="a JWT split into implicitly concatenated strings, requests.Session headers.update, POST /users/{id}/identities",
    ),
    Invalid(
        _py(
            """
            import json
            import urllib.request

            TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"


            def set_locale(user_id: str, locale: str) -> None:
                req = urllib.request.Request(
                    f"https://acme-dev.us.auth0.com/api/v2/users/{user_id}",
                    data=json.dumps({"user_metadata": {"locale": locale}}).encode(),
                    method="PATCH",
                )
                req.add_header("Content-Type", "application/json")
                req.add_header("Authorization", "Bearer %s" % TOKEN)
                urllib.request.urlopen(req).close()
            """
        ),
        14,
        37,
        message="eyJhbG…",
        note="urllib.request.Request + add_header('Authorization', 'Bearer %s' % TOKEN)",
    ),
    Invalid(
        _py(
            """
            import aiohttp

            AUTH0 = "https://acme.eu.auth0.com"
            ADMIN_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZha2Uta2lkLTAwMDEifQ.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6ImF1dGgwfGZha2UwMDAxIiwiYXVkIjoiaHR0cHM6Ly9hY21lLmV1LmF1dGgwLmNvbS9hcGkvdjIvIiwiZXhwIjoxNzAwMDAzNjAwLCJzY29wZSI6InJlYWQ6Y3VycmVudF91c2VyIn0.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU"


            async def fetch_user(user_id: str) -> dict:
                async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as http:
                    async with http.get(f"{AUTH0}/api/v2/users/{user_id}") as resp:
                        return await resp.json()
            """
        ),
        8,
        64,
        message="eyJhbG…",
        note="aiohttp.ClientSession(headers=...) with a constant token",
    ),
    Invalid(
        _py(
            """
            import http.client
            import json


            def user_profile(user_id: str) -> dict:
                conn = http.client.HTTPSConnection("acme.us.auth0.com")
                conn.request(
                    "GET",
                    f"/api/v2/users/{user_id}",
                    headers={"Authorization": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU"},
                )
                return json.loads(conn.getresponse().read())
            """
        ),
        10,
        35,
        message="eyJ0eX…",
        note="http.client.HTTPSConnection(host).request('GET', path, headers=...)",
    ),
    # ------------------------------------------------------------------ auth0-python clients
    Invalid(
        _py(
            """
            from auth0.v3.management import Auth0

            DOMAIN = "acme-dev.us.auth0.com"
            auth0 = Auth0(DOMAIN, "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg")


            def deactivate(user_id):
                auth0.users.update(user_id, {"blocked": True})
            """
        ),
        4,
        23,
        message="eyJhbG…",
        note="auth0-python 3.x Auth0(domain, 'eyJ...') with the token literal positional",
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.management import ManagementClient

            client = ManagementClient(
                domain=os.environ["AUTH0_DOMAIN"],
                token="eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZha2Uta2lkLTAwMDEifQ.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6ImF1dGgwfGZha2UwMDAxIiwiYXVkIjoiaHR0cHM6Ly9hY21lLmV1LmF1dGgwLmNvbS9hcGkvdjIvIiwiZXhwIjoxNzAwMDAzNjAwLCJzY29wZSI6InJlYWQ6Y3VycmVudF91c2VyIn0.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU",
            )


            def user_enrollments(user_id: str):
                return client.users.enrollments.get(user_id)
            """
        ),
        7,
        11,
        message="eyJhbG…",
        note="auth0-python 5.x ManagementClient(domain=..., token='eyJ...')",
    ),
    Invalid(
        _py(
            """
            from auth0.management import Users

            AUTH0_DOMAIN = "acme.eu.auth0.com"
            AUTH0_MGMT_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU"


            def get_user(user_id: str) -> dict:
                users = Users(AUTH0_DOMAIN, AUTH0_MGMT_TOKEN)
                return users.get(user_id)
            """
        ),
        8,
        33,
        message="eyJ0eX…",
        note="auth0-python 4.x Users(domain, CONSTANT): reported at the token argument",
    ),
    Invalid(
        _py(
            """
            from auth0.management import Auth0

            auth0 = Auth0(domain="acme.us.auth0.com", token="kq3T9vXw2LpZ8mRn5YbC7dHf4GjE1sUa")


            def remove_device(credential_id):
                auth0.device_credentials.delete(credential_id)
            """
        ),
        3,
        49,
        message="kq3T9v…",
        note="a long non-JWT token literal as the token= of auth0-python 4.x Auth0 (DELETE /device-credentials/{id})",
    ),
    Invalid(
        _py(
            """
            from auth0.v3.management import DeviceCredentials

            TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"


            def register_key(user_id: str, device_name: str, public_key: str):
                creds = DeviceCredentials("acme-dev.us.auth0.com", TOKEN)
                return creds.create(
                    {"device_name": device_name, "type": "public_key", "value": public_key, "device_id": user_id}
                )
            """
        ),
        7,
        56,
        message="eyJhbG…",
        note="auth0-python 3.x DeviceCredentials(domain, TOKEN constant), create",
    ),
    Invalid(
        _py(
            """
            from auth0.rest import RestClient

            rest = RestClient(jwt="eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZha2Uta2lkLTAwMDEifQ.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6ImF1dGgwfGZha2UwMDAxIiwiYXVkIjoiaHR0cHM6Ly9hY21lLmV1LmF1dGgwLmNvbS9hcGkvdjIvIiwiZXhwIjoxNzAwMDAzNjAwLCJzY29wZSI6InJlYWQ6Y3VycmVudF91c2VyIn0.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU", telemetry=False)


            def unlink(user_id: str, provider: str, secondary_id: str):
                return rest.delete(f"https://acme.eu.auth0.com/api/v2/users/{user_id}/identities/{provider}/{secondary_id}")
            """
        ),
        3,
        23,
        message="eyJhbG…",
        note="auth0-python RestClient(jwt='eyJ...')",
    ),
    # ------------------------------------------------------------------ across modules
    Invalid(
        _py(
            """
            import requests
            from flask import Blueprint, abort, session

            bp = Blueprint("admin", __name__, url_prefix="/admin")
            # TODO: replace with client credentials before launch
            ADMIN_MGMT_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"


            @bp.post("/users/<user_id>/block")
            def block_user(user_id):
                if not session.get("user", {}).get("userinfo", {}).get("is_admin"):
                    abort(403)
                requests.patch(
                    f"https://acme-dev.us.auth0.com/api/v2/users/{user_id}",
                    headers={"Authorization": "Bearer " + ADMIN_MGMT_TOKEN},
                    json={"blocked": True},
                    timeout=10,
                ).raise_for_status()
                return "", 204
            """
        ),
        15,
        35,
        message="eyJhbG…",
        note="an app whose login (auth.py, Authlib) is correct, but whose admin view uses a pasted token",
        path="admin.py",
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
                    client_kwargs={"scope": "openid profile email"},
                    server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
                )


                @bp.route("/callback")
                def callback():
                    session["user"] = oauth.auth0.authorize_access_token()
                    return redirect("/")
                """
            ),
        },
    ),
    Invalid(
        _py(
            """
            from auth0.management import Auth0

            DOMAIN = "acme.eu.auth0.com"
            _auth0 = Auth0(DOMAIN, "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZha2Uta2lkLTAwMDEifQ.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6ImF1dGgwfGZha2UwMDAxIiwiYXVkIjoiaHR0cHM6Ly9hY21lLmV1LmF1dGgwLmNvbS9hcGkvdjIvIiwiZXhwIjoxNzAwMDAzNjAwLCJzY29wZSI6InJlYWQ6Y3VycmVudF91c2VyIn0.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU")


            def get_user(user_id):
                return _auth0.users.get(user_id)


            def delete_mfa(user_id, provider):
                _auth0.users.delete_multifactor(user_id, provider)
            """
        ),
        4,
        24,
        message="eyJhbG…",
        note="the module holding the pasted token (mgmt.py) is reported, not the views that import its helpers",
        path="mgmt.py",
        extra_files={
            "views.py": _py(
                """
                from flask import Flask, jsonify, session

                from mgmt import delete_mfa, get_user

                app = Flask(__name__)


                @app.get("/users/me")
                def me():
                    return jsonify(get_user(session["user_id"]))


                @app.post("/users/me/mfa/<provider>/remove")
                def remove_mfa(provider):
                    delete_mfa(session["user_id"], provider)
                    return "", 204
                """
            ),
        },
    ),
]

VALID_EXAMPLES: list[Valid] = [
    # ------------------------------------------------------------------ tokens from the environment, settings, secret stores, run time
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            MGMT_TOKEN = os.environ["AUTH0_MGMT_TOKEN"]


            def tag_user(user_id, plan):
                requests.patch(
                    f"https://{AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    json={"app_metadata": {"plan": plan}},
                    headers={"Authorization": f"Bearer {MGMT_TOKEN}"},
                    timeout=10,
                ).raise_for_status()
            """
        ),
        note="twin: the token constant comes from an environment variable",
    ),
    Valid(
        _py(
            """
            import requests
            from django.conf import settings


            def get_user(user_id):
                resp = requests.get(
                    f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {settings.AUTH0_MGMT_TOKEN}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="a token read from Django settings",
    ),
    Valid(
        _py(
            """
            import json

            import boto3
            from auth0.management import ManagementClient


            def management_client() -> ManagementClient:
                secret = boto3.client("secretsmanager").get_secret_value(SecretId="prod/auth0/management")
                values = json.loads(secret["SecretString"])
                return ManagementClient(domain=values["domain"], token=values["token"])
            """
        ),
        note="a token from AWS Secrets Manager",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def management():
                get_token = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])
                token = get_token.client_credentials(f"https://{DOMAIN}/api/v2/")
                return Auth0(DOMAIN, token["access_token"])
            """
        ),
        note="twin: the token is requested at run time (client credentials)",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.management import ManagementClient

            client = ManagementClient(
                domain=os.environ["AUTH0_DOMAIN"],
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
            )
            """
        ),
        note="twin: ManagementClient with client credentials from the environment",
    ),
    Valid(
        _py(
            """
            from pathlib import Path

            import httpx

            TOKEN_FILE = Path("~/.config/acme/auth0-token").expanduser()


            def get_user(domain: str, user_id: str) -> dict:
                token = TOKEN_FILE.read_text().strip()
                resp = httpx.get(f"https://{domain}/api/v2/users/{user_id}", headers={"Authorization": "Bearer " + token})
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="a token read from a file at run time",
    ),
    # ------------------------------------------------------------------ token literals that never reach the Management API
    Valid(
        _py(
            """
            import pytest

            from myapp import create_app

            # A fake, unsigned-looking ID token for the app's own API tests.
            FAKE_ID_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6Imdvb2dsZS1vYXV0aDJ8ZmFrZTAwMDIiLCJhdWQiOiJmYWtlQ2xpZW50SWQwMDAxIiwiZXhwIjoxNzAwMDAzNjAwLCJub25jZSI6Im4tMFM2In0.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"


            @pytest.fixture
            def client():
                app = create_app(testing=True)
                return app.test_client()


            def test_profile_requires_a_token(client):
                assert client.get("/api/profile").status_code == 401
                resp = client.get("/api/profile", headers={"Authorization": f"Bearer {FAKE_ID_TOKEN}"})
                assert resp.status_code == 200
            """
        ),
        note="a JWT fixture sent to the app's own test client, never to the Management API",
        path="tests/test_profile.py",
    ),
    Valid(
        _py(
            """
            import requests

            CRM_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FjbWUtZGV2LnVzLmF1dGgwLmNvbS8iLCJzdWIiOiJmYWtlLW0ybUBjbGllbnRzIiwiYXVkIjoiaHR0cHM6Ly9hY21lLWRldi51cy5hdXRoMC5jb20vYXBpL3YyLyIsImV4cCI6MTcwMDA4NjQwMCwic2NvcGUiOiJyZWFkOnVzZXJzIHVwZGF0ZTp1c2VycyJ9.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU"


            def crm_user(user_id):
                resp = requests.get(
                    f"https://api.example-crm.com/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {CRM_TOKEN}"},
                    timeout=10,
                )
                return resp.json()
            """
        ),
        note="a JWT literal sent to another vendor's /api/v2/users/{id} (the host tells; not this rule's business)",
    ),
    Valid(
        _py(
            """
            import json

            import jwt

            SAMPLE = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6Imdvb2dsZS1vYXV0aDJ8ZmFrZTAwMDIiLCJhdWQiOiJmYWtlQ2xpZW50SWQwMDAxIiwiZXhwIjoxNzAwMDAzNjAwLCJub25jZSI6Im4tMFM2In0.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"

            if __name__ == "__main__":
                claims = jwt.decode(SAMPLE, options={"verify_signature": False})
                print(json.dumps(claims, indent=2))
            """
        ),
        note="jwt.decode of a literal (inspecting a sample token)",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            SAMPLE_ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZha2Uta2lkLTAwMDEifQ.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6ImF1dGgwfGZha2UwMDAxIiwiYXVkIjoiaHR0cHM6Ly9hY21lLmV1LmF1dGgwLmNvbS9hcGkvdjIvIiwiZXhwIjoxNzAwMDAzNjAwLCJzY29wZSI6InJlYWQ6Y3VycmVudF91c2VyIn0.YW5vdGhlci1mYWtlLXNpZ25hdHVyZS1ub3QtdmFsaWQtYW55d2hlcmU"


            def whoami():
                return requests.get(f"https://{DOMAIN}/userinfo", headers={"Authorization": f"Bearer {SAMPLE_ACCESS_TOKEN}"}).json()
            """
        ),
        note="a token literal sent to /userinfo, which is not the Management API",
    ),
    Valid(
        _py(
            """
            import os

            import responses
            import requests

            MGMT = "https://acme-dev.us.auth0.com/api/v2"


            @responses.activate
            def test_link_with_secondary_id_token():
                responses.add(responses.POST, f"{MGMT}/users/auth0|1/identities", json=[], status=201)
                resp = requests.post(
                    f"{MGMT}/users/auth0|1/identities",
                    headers={"Authorization": f"Bearer {os.environ.get('TEST_MGMT_TOKEN', '')}"},
                    json={"link_with": "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6Imdvb2dsZS1vYXV0aDJ8ZmFrZTAwMDIiLCJhdWQiOiJmYWtlQ2xpZW50SWQwMDAxIiwiZXhwIjoxNzAwMDAzNjAwLCJub25jZSI6Im4tMFM2In0.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"},
                )
                assert resp.status_code == 201
            """
        ),
        note="a fixture ID token in the link_with body (not the credential); the credential comes from the environment",
        path="tests/test_linking.py",
    ),
    Valid(
        _py(
            """
            import requests
            import responses

            USERS = "https://acme-dev.us.auth0.com/api/v2/users"


            @responses.activate
            def test_get_user_is_mocked():
                responses.add(responses.GET, f"{USERS}/auth0|1", json={"user_id": "auth0|1"})
                resp = requests.get(f"{USERS}/auth0|1", headers={"Authorization": "Bearer test-token"})
                assert resp.json()["user_id"] == "auth0|1"
            """
        ),
        note="a short placeholder bearer ('test-token') in a mocked test is not a token",
        path="tests/test_users.py",
    ),
    Valid(
        _py(
            """
            \"\"\"Call the Management API with a token from the environment.

            Example token (expired, for the docs): eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl
            \"\"\"
            import os

            import requests


            def get_user(user_id):
                # never write the token here: export AUTH0_MGMT_TOKEN=eyJ...
                token = os.environ["AUTH0_MGMT_TOKEN"]
                return requests.get(
                    f"https://{os.environ['AUTH0_DOMAIN']}/api/v2/users/{user_id}",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=10,
                ).json()
            """
        ),
        note="a JWT only in a docstring and a comment; the credential comes from the environment",
    ),
    # ------------------------------------------------------------------ across modules
    Valid(
        _py(
            """
            import requests
            from django.conf import settings

            from .config import AUTH0_MGMT_TOKEN


            def user_enrollments(user_id):
                resp = requests.get(
                    f"https://{settings.AUTH0_DOMAIN}/api/v2/users/{user_id}/enrollments",
                    headers={"Authorization": f"Bearer {AUTH0_MGMT_TOKEN}"},
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="cross-module twin: config.py reads the token from the environment",
        path="accounts/mfa.py",
        extra_files={
            "accounts/config.py": _py(
                """
                import os

                AUTH0_MGMT_TOKEN = os.environ["AUTH0_MGMT_TOKEN"]
                """
            ),
        },
    ),
    Valid(
        _py(
            """
            from myapp.views import app


            def test_me(fake_id_token):
                client = app.test_client()
                resp = client.get("/me", headers={"Authorization": f"Bearer {fake_id_token}"})
                assert resp.status_code == 200
            """
        ),
        note="cross-module: a JWT fixture in tests/conftest.py used against the app's own test client",
        path="tests/test_me.py",
        extra_files={
            "tests/conftest.py": _py(
                """
                import pytest


                @pytest.fixture
                def fake_id_token():
                    return "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUuZXUuYXV0aDAuY29tLyIsInN1YiI6Imdvb2dsZS1vYXV0aDJ8ZmFrZTAwMDIiLCJhdWQiOiJmYWtlQ2xpZW50SWQwMDAxIiwiZXhwIjoxNzAwMDAzNjAwLCJub25jZSI6Im4tMFM2In0.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg"
                """
            ),
        },
    ),
    Valid(
        _py(
            """
            import requests
            from flask import Blueprint, session

            from .tokens import management_token

            bp = Blueprint("admin", __name__)


            @bp.post("/admin/users/<user_id>/block")
            def block_user(user_id):
                requests.patch(
                    f"https://acme-dev.us.auth0.com/api/v2/users/{user_id}",
                    headers={"Authorization": "Bearer " + management_token()},
                    json={"blocked": True},
                    timeout=10,
                ).raise_for_status()
                return "", 204
            """
        ),
        note="cross-module twin: the admin view gets its token from tokens.py (client credentials at run time)",
        path="app/admin.py",
        extra_files={
            "app/tokens.py": _py(
                """
                import os

                import requests


                def management_token():
                    return requests.post(
                        "https://acme-dev.us.auth0.com/oauth/token",
                        json={
                            "grant_type": "client_credentials",
                            "client_id": os.environ["AUTH0_M2M_CLIENT_ID"],
                            "client_secret": os.environ["AUTH0_M2M_CLIENT_SECRET"],
                            "audience": "https://acme-dev.us.auth0.com/api/v2/",
                        },
                        timeout=10,
                    ).json()["access_token"]
                """
            ),
        },
    ),
]


# ---------------------------------------------------------------------------------------
# JavaScript, TypeScript and templates: the line:column is where the literal enters the
# request (the Authorization value, or the token option of auth0.js's Management client).

_js = _py
# a made-up JWT (header {"alg":"RS256","typ":"JWT"}, payload {"iss":"https://acme.auth0.com/"})
_JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUuYXV0aDAuY29tLyJ9.c2lnbmF0dXJl"

INVALID_EXAMPLES += [
    Invalid(
        _js(
            f"""
            const MANAGEMENT_TOKEN = '{_JWT}';

            export function getUser(domain, id) {{
              return fetch(`https://${{domain}}/api/v2/users/${{id}}`, {{
                headers: {{ Authorization: `Bearer ${{MANAGEMENT_TOKEN}}` }},
              }});
            }}
            """
        ),
        line=5,
        column=31,
        message="hard-coded token Bearer eyJhbG…",
        note="a JWT constant in browser code, sent with fetch",
        path="src/admin.js",
    ),
    Invalid(
        _js(
            f"""
            <script>
              var manage = new auth0.Management({{ domain: 'acme.auth0.com', token: '{_JWT}' }});
              manage.patchUserMetadata('{{{{ user_id }}}}', {{ plan: 'pro' }}, function () {{}});
            </script>
            """
        ),
        line=2,
        column=72,
        message="PATCH /api/v2/users/{id}",
        note="template: auth0.js Management client built with a pasted token",
        path="templates/upgrade.html",
    ),
]

VALID_EXAMPLES += [
    Valid(
        _js(
            """
            export async function getUser(client, domain, id) {
              const token = await client.getTokenSilently();
              return fetch(`https://${domain}/api/v2/users/${id}`, { headers: { Authorization: `Bearer ${token}` } });
            }
            """
        ),
        note="the token is requested at run time",
        path="src/admin.js",
    ),
    Valid(
        _js(
            f"""
            const DEMO_TOKEN = '{_JWT}';
            fetch('https://api.example.com/v1/demo', {{ headers: {{ Authorization: 'Bearer ' + DEMO_TOKEN }} }});
            """
        ),
        note="a token literal sent to another service",
        path="src/demo.js",
    ),
]
