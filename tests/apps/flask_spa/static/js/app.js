import { createAuth0Client } from '@auth0/auth0-spa-js';

const DOMAIN = window.AUTH0_DOMAIN;

const auth0Client = await createAuth0Client({
  domain: DOMAIN,
  clientId: window.AUTH0_CLIENT_ID,
  authorizationParams: {
    redirect_uri: window.location.origin,
    audience: `https://${DOMAIN}/api/v2/`,
    scope: 'openid profile',
  },
});

export async function saveTheme(theme) {
  const token = await auth0Client.getTokenSilently();
  const user = await auth0Client.getUser();
  return fetch(`https://${DOMAIN}/api/v2/users/${encodeURIComponent(user.sub)}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_metadata: { theme } }),
  });
}

export async function linkAccount(primaryUserId) {
  const claims = await auth0Client.getIdTokenClaims();
  return fetch(`https://${DOMAIN}/api/v2/users/${primaryUserId}/identities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${claims.__raw}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ link_with: secondaryIdToken }),
  });
}
