"""Demo account portal for scopelint: a Flask app that still calls the Auth0 Management API with ID tokens."""
