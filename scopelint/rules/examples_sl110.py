"""VALID and INVALID examples of SL110 multi-audience (run by tests/test_rule_examples.py).

Every `code` is a complete module; line 1 of the string is line 1 of the module. An INVALID's
line:column (1-based) is the start of the scope value (string, list or tuple) of a request
that asks for the Management API audience and `openid` together; for a scope written inside
an /authorize query string, the start of the (outermost) URL expression. The request is
reported whether or not its token reaches a Management API call.
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

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(username: str, password: str) -> dict:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                        "scope": "openid profile read:current_user",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        17,
        22,
        message="openid",
        note="password grant (json=) with the Management API audience and openid, token not (yet) used",
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
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid read:current_user",
                    },
                )
                response.raise_for_status()
                users = Users(DOMAIN, response.json()["access_token"])
                print(users.get(user_id))


            if __name__ == "__main__":
                main(*sys.argv[1:4])
            """
        ),
        20,
        22,
        message="openid",
        note="CLI: httpx data= password-realm grant with openid and the Management API audience",
    ),
    # ------------------------------------------------------------------ /authorize URLs
    Invalid(
        _py(
            """
            import os

            from flask import Flask, redirect, url_for

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.get("/login")
            def login():
                callback = url_for("callback", _external=True)
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=token%20id_token&client_id={CLIENT_ID}"
                    f"&redirect_uri={callback}&audience=https://{DOMAIN}/api/v2/"
                    "&scope=openid%20read:current_user&response_mode=form_post&nonce=n-0S6_WzA2Mj"
                )
            """
        ),
        14,
        9,
        message="openid",
        note="migrated implicit grant: /authorize f-string query with audience and scope=openid ...",
    ),
    Invalid(
        _py(
            """
            import os

            from flask import Flask, redirect, url_for

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.get("/login")
            def login():
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=token%20id_token&client_id={CLIENT_ID}"
                    f"&redirect_uri={url_for('callback', _external=True)}&nonce=n-0S6_WzA2Mj"
                    f"&audience=https%3A%2F%2F{DOMAIN}%2Fapi%2Fv2%2F&scope=openid%20read%3Acurrent_user"
                )
            """
        ),
        13,
        9,
        message="openid",
        note="/authorize f-string query with the audience percent-encoded around the domain, and openid",
    ),
    Invalid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            from django.http import HttpResponseRedirect

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(request):
                params = {
                    "response_type": "code",
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": request.build_absolute_uri("/callback/"),
                    "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                    "scope": "openid profile email read:current_user update:current_user_metadata",
                    "state": request.session["oauth_state"],
                }
                return HttpResponseRedirect(f"https://{AUTH0_DOMAIN}/authorize?" + urlencode(params))
            """
        ),
        15,
        18,
        message="openid",
        note="Django: urlencode(params) /authorize with openid in the scope: reported at the dict value",
    ),
    Invalid(
        _py(
            """
            import os

            import requests
            from flask import Flask, redirect, url_for

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.get("/login")
            def login():
                prepared = requests.Request(
                    "GET",
                    f"https://{DOMAIN}/authorize",
                    params={
                        "response_type": "code",
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "redirect_uri": url_for("callback", _external=True),
                        "audience": f"https://{DOMAIN}/api/v2/",
                        "scope": "openid read:current_user",
                    },
                ).prepare()
                return redirect(prepared.url)
            """
        ),
        20,
        22,
        message="openid",
        note="requests.Request('GET', .../authorize, params=) with openid and the Management API audience",
    ),
    Invalid(
        _py(
            """
            from flask import Flask

            app = Flask(__name__)


            @app.get("/")
            def index():
                return (
                    "<h1>ACME portal</h1>"
                    '<a href="https://acme.eu.auth0.com/authorize?response_type=token%20id_token'
                    "&client_id=Xv3kq0PnsLbT&audience=https://acme.eu.auth0.com/api/v2/"
                    "&scope=openid%20read:current_user&nonce=8d1f2c"
                    '&redirect_uri=https://portal.acme.io/implicit-callback">Sign in</a>'
                )
            """
        ),
        9,
        9,
        message="openid",
        note="HTML link to /authorize with a literal Management API audience and openid",
    ),
    # ------------------------------------------------------------------ auth0-python GetToken
    Invalid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(username, password):
                return GetToken(DOMAIN).login(
                    os.environ["AUTH0_CLIENT_ID"],
                    os.environ["AUTH0_CLIENT_SECRET"],
                    username,
                    password,
                    "openid update:current_user_metadata",
                    "Username-Password-Authentication",
                    "https://" + DOMAIN + "/api/v2/",
                )
            """
        ),
        14,
        9,
        message="openid",
        note="auth0-python 3.x login positional: scope (5th) with openid, audience (7th) of the Management API",
    ),
    Invalid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            gt = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])


            def link(username, password, primary_id, secondary_id_token):
                tokens = gt.login(
                    username=username,
                    password=password,
                    scope="openid update:current_user_identities",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.link_user_account(primary_id, {"link_with": secondary_id_token})
            """
        ),
        14,
        15,
        message="openid",
        note="auth0-python 4.x login keywords with openid and the Management API audience, token used for linking",
    ),
    # ------------------------------------------------------------------ Authlib
    Invalid(
        _py(
            """
            import os

            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
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
                session["user"] = oauth.auth0.authorize_access_token()
                return redirect(url_for("index"))
            """
        ),
        14,
        29,
        message="openid",
        note="Authlib Flask register: client_kwargs scope with openid, authorize_params audience",
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
                    scope=["openid", "profile", "read:current_user"],
                    redirect_uri="http://localhost:8765/callback",
                )
                url, _ = auth0.authorization_url(f"https://{DOMAIN}/authorize", audience=f"https://{DOMAIN}/api/v2/")
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
        11,
        15,
        message="openid",
        note="requests-oauthlib: scope list with openid, authorization_url(audience=Management API)",
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
                    "scope": "openid profile read:current_user",
                },
            )
            """
        ),
        19,
        18,
        message="openid",
        note="auth0-server-python ServerClient authorization_params with openid and the Management API audience",
    ),
    # ------------------------------------------------------------------ cross-module
    Invalid(
        _py(
            """
            import os

            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ("openid", "profile", "email", "read:current_user")
            """
        ),
        6,
        28,
        message="openid",
        note="cross-module python-social-auth: scope tuple in settings/base.py (reported at its first element: the "
        "parentheses only group), audience in settings/production.py",
        path="settings/base.py",
        extra_files={
            "settings/production.py": _py(
                """
                from .base import *  # noqa: F403

                SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {
                    "audience": "https://acme.us.auth0.com/api/v2/",
                }
                """
            )
        },
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
                client_kwargs={"scope": "openid profile read:current_user"},
                server_metadata_url=f"https://{os.environ['AUTH0_DOMAIN']}/.well-known/openid-configuration",
            )
            """
        ),
        10,
        29,
        message="openid",
        note="cross-module Authlib Starlette: scope in oauth_client.py, audience on authorize_redirect in routes.py",
        path="oauth_client.py",
        extra_files={
            "routes.py": _py(
                """
                import os

                from starlette.requests import Request

                from .oauth_client import oauth

                DOMAIN = os.environ["AUTH0_DOMAIN"]


                async def login(request: Request):
                    return await oauth.auth0.authorize_redirect(
                        request, request.url_for("callback"), audience=f"https://{DOMAIN}/api/v2/"
                    )


                async def callback(request: Request):
                    request.session["user"] = await oauth.auth0.authorize_access_token(request)
                    return {"ok": True}
                """
            )
        },
    ),
    Invalid(
        _py(
            """
            import os

            from authlib.integrations.django_client import OAuth
            from django.conf import settings

            oauth = OAuth()
            oauth.register(
                "auth0",
                client_id=settings.AUTH0_CLIENT_ID,
                client_secret=settings.AUTH0_CLIENT_SECRET,
                client_kwargs={"scope": ["openid", "email", "update:current_user_metadata"]},
                server_metadata_url=f"https://{settings.AUTH0_DOMAIN}/.well-known/openid-configuration",
            )
            """
        ),
        11,
        29,
        message="openid",
        note="cross-module Authlib Django: scope list in auth0client.py, audience on authorize_redirect in views.py",
        path="auth0client.py",
        extra_files={
            "views.py": _py(
                """
                from django.conf import settings
                from django.urls import reverse

                from .auth0client import oauth


                def login(request):
                    return oauth.auth0.authorize_redirect(
                        request,
                        request.build_absolute_uri(reverse("callback")),
                        audience=f"https://{settings.AUTH0_DOMAIN}/api/v2/",
                    )
                """
            )
        },
    ),
]

VALID_EXAMPLES: list[Valid] = [
    # ------------------------------------------------------------------ twins: the Management API audience without openid
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(username: str, password: str) -> dict:
                resp = requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": f"https://{AUTH0_DOMAIN}/api/v2/",
                        "scope": "read:current_user",
                    },
                    timeout=10,
                )
                resp.raise_for_status()
                return resp.json()
            """
        ),
        note="twin: password grant with the Management API audience, no openid",
    ),
    Valid(
        _py(
            """
            import os

            from flask import Flask, redirect, url_for

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]
            CLIENT_ID = os.environ["AUTH0_CLIENT_ID"]


            @app.get("/login")
            def login():
                callback = url_for("callback", _external=True)
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=token&client_id={CLIENT_ID}"
                    f"&redirect_uri={callback}&audience=https://{DOMAIN}/api/v2/"
                    "&scope=read:current_user&response_mode=form_post"
                )
            """
        ),
        note="twin: /authorize f-string with the Management API audience, no openid",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import Auth0

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            gt = GetToken(DOMAIN, os.environ["AUTH0_CLIENT_ID"], client_secret=os.environ["AUTH0_CLIENT_SECRET"])


            def link(username, password, primary_id, secondary_id_token):
                tokens = gt.login(
                    username=username,
                    password=password,
                    scope="update:current_user_identities",
                    realm="Username-Password-Authentication",
                    audience=f"https://{DOMAIN}/api/v2/",
                )
                auth0 = Auth0(DOMAIN, tokens["access_token"])
                return auth0.users.link_user_account(primary_id, {"link_with": secondary_id_token})
            """
        ),
        note="twin: auth0-python 4.x login with the Management API audience, no openid",
    ),
    Valid(
        _py(
            """
            import os

            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]

            oauth = OAuth(app)
            oauth.register(
                "auth0",
                client_id=os.environ["AUTH0_CLIENT_ID"],
                client_secret=os.environ["AUTH0_CLIENT_SECRET"],
                client_kwargs={"scope": "read:current_user"},
                authorize_params={"audience": f"https://{AUTH0_DOMAIN}/api/v2/"},
                server_metadata_url=f"https://{AUTH0_DOMAIN}/.well-known/openid-configuration",
            )


            @app.route("/callback")
            def callback():
                session["user"] = oauth.auth0.authorize_access_token()
                return redirect(url_for("index"))
            """
        ),
        note="twin: Authlib register with the Management API audience, no openid",
    ),
    Valid(
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
                url, _ = auth0.authorization_url(f"https://{DOMAIN}/authorize", audience=f"https://{DOMAIN}/api/v2/")
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
        note="twin: requests-oauthlib scope list without openid",
    ),
    Valid(
        _py(
            """
            import os

            SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
            SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
            SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
            SOCIAL_AUTH_AUTH0_SCOPE = ("profile", "email", "read:current_user")
            """
        ),
        note="twin, cross-module: social-auth scope tuple without openid, audience in production settings",
        path="settings/base.py",
        extra_files={
            "settings/production.py": _py(
                """
                from .base import *  # noqa: F403

                SOCIAL_AUTH_AUTH0_AUTH_EXTRA_ARGUMENTS = {
                    "audience": "https://acme.us.auth0.com/api/v2/",
                }
                """
            )
        },
    ),
    Valid(
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
                    "scope": "profile read:current_user",
                },
            )
            """
        ),
        note="twin: ServerClient with the Management API audience, no openid",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.authentication import GetToken
            from auth0.management import ManagementClient

            DOMAIN = os.environ["AUTH0_DOMAIN"]


            def management() -> ManagementClient:
                gt = GetToken(DOMAIN, os.environ["AUTH0_M2M_CLIENT_ID"], client_secret=os.environ["AUTH0_M2M_CLIENT_SECRET"])
                token = gt.client_credentials(f"https://{DOMAIN}/api/v2/")
                return ManagementClient(domain=DOMAIN, token=token["access_token"])
            """
        ),
        note="client_credentials with the Management API audience and no scope",
    ),
    # ------------------------------------------------------------------ openid without the Management API audience
    Valid(
        _py(
            """
            import os

            from authlib.integrations.flask_client import OAuth
            from flask import Flask, redirect, session, url_for

            app = Flask(__name__)
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
                session["user"] = oauth.auth0.authorize_access_token()
                return redirect(url_for("index"))
            """
        ),
        note="the quickstart login: openid without any audience",
    ),
    Valid(
        _py(
            """
            import os
            from urllib.parse import urlencode

            from django.http import HttpResponseRedirect

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(request):
                params = {
                    "response_type": "code",
                    "client_id": os.environ["AUTH0_CLIENT_ID"],
                    "redirect_uri": request.build_absolute_uri("/callback/"),
                    "audience": "https://api.acme-shop.com/",
                    "scope": "openid profile email read:orders",
                    "state": request.session["oauth_state"],
                }
                return HttpResponseRedirect(f"https://{AUTH0_DOMAIN}/authorize?" + urlencode(params))
            """
        ),
        note="openid with the app's own API audience (not the Management API)",
    ),
    Valid(
        _py(
            """
            import os

            import requests

            AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]


            def login(username: str, password: str) -> dict:
                return requests.post(
                    f"https://{AUTH0_DOMAIN}/oauth/token",
                    json={
                        "grant_type": "password",
                        "username": username,
                        "password": password,
                        "client_id": os.environ["AUTH0_CLIENT_ID"],
                        "audience": os.environ["AUTH0_AUDIENCE"],
                        "scope": "openid read:current_user",
                    },
                    timeout=10,
                ).json()
            """
        ),
        note="audience from the environment: not statically known",
    ),
    Valid(
        _py(
            """
            import os

            from auth0.v3.authentication import GetToken

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            SCOPE = os.environ.get("AUTH0_SCOPE")


            def login(username, password):
                return GetToken(DOMAIN).login(
                    os.environ["AUTH0_CLIENT_ID"],
                    os.environ["AUTH0_CLIENT_SECRET"],
                    username,
                    password,
                    SCOPE,
                    "Username-Password-Authentication",
                    f"https://{DOMAIN}/api/v2/",
                )
            """
        ),
        note="scope from the environment: not statically known",
    ),
    Valid(
        _py(
            """
            import os

            from requests_oauthlib import OAuth2Session

            DOMAIN = os.environ["AUTH0_DOMAIN"]
            EXTRA_SCOPES = os.environ.get("EXTRA_SCOPES", "").split()


            def session_for(redirect_uri: str) -> OAuth2Session:
                return OAuth2Session(
                    os.environ["AUTH0_CLIENT_ID"],
                    scope=["read:current_user", *EXTRA_SCOPES],
                    redirect_uri=redirect_uri,
                )


            def authorization_url(redirect_uri: str) -> str:
                auth0 = session_for(redirect_uri)
                url, _ = auth0.authorization_url(f"https://{DOMAIN}/authorize", audience=f"https://{DOMAIN}/api/v2/")
                return url
            """
        ),
        note="scope list extended from the environment: not statically known",
    ),
    Valid(
        _py(
            """
            import os

            from flask import Flask, redirect

            app = Flask(__name__)
            DOMAIN = os.environ["AUTH0_DOMAIN"]


            @app.get("/login")
            def login():
                return redirect(
                    f"https://{DOMAIN}/authorize?response_type=code&client_id={os.environ['AUTH0_CLIENT_ID']}"
                    "&scope=openid%20profile&redirect_uri=https://app.example.com/callback"
                )
            """
        ),
        note="/authorize with openid and no audience",
    ),
]
