"""Settings of the account portal, read from the environment (with demo defaults)."""

import os

AUTH0_DOMAIN = os.environ.get("AUTH0_DOMAIN", "acme-demo.us.auth0.com")
AUTH0_CLIENT_ID = os.environ.get("AUTH0_CLIENT_ID", "")
AUTH0_CLIENT_SECRET = os.environ.get("AUTH0_CLIENT_SECRET", "")
SECRET_KEY = os.environ.get("FLASK_SECRET_KEY", "dev-only-not-secret")

# Our own orders service; it accepts the portal's ID token (it is not the Management API).
ORDERS_API_URL = os.environ.get("ORDERS_API_URL", "http://localhost:8081")
