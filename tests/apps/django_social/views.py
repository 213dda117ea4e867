"""Account page: reads the user's profile from the Management API."""
import requests
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse


@login_required
def account(request):
    social = request.user.social_auth.get(provider="auth0")
    access_token = social.extra_data["access_token"]
    response = requests.get(
        f"https://{settings.SOCIAL_AUTH_AUTH0_DOMAIN}/api/v2/users/{social.uid}",
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=10,
    )
    return JsonResponse(response.json())
