"""scopelint: move Auth0 Management API v2 calls from ID tokens to access tokens."""

__version__ = "0.1.0"
