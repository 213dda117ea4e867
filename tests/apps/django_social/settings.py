"""Django settings of an app that logs in with python-social-auth's Auth0 backend."""
import os

INSTALLED_APPS = ["django.contrib.auth", "social_django"]
AUTHENTICATION_BACKENDS = ["social_core.backends.auth0.Auth0OAuth2"]
SOCIAL_AUTH_AUTH0_DOMAIN = os.environ["AUTH0_DOMAIN"]
SOCIAL_AUTH_AUTH0_KEY = os.environ["AUTH0_CLIENT_ID"]
SOCIAL_AUTH_AUTH0_SECRET = os.environ["AUTH0_CLIENT_SECRET"]
SOCIAL_AUTH_AUTH0_SCOPE = ["openid", "profile", "email", "read:users"]
