/* global OktaAuth, spaConfig */
// The redirect flow with okta-auth-js: sign in on Latchkey's hosted page, come back with a code
// that the SDK exchanges (PKCE), show who signed in, sign out through Latchkey.
const authClient = new OktaAuth({
  issuer: spaConfig.issuer,
  clientId: spaConfig.clientId,
  redirectUri: `${location.origin}/login/callback`,
  postLogoutRedirectUri: location.origin,
  scopes: ['openid', 'profile', 'email'],
});

const element = (id) => document.getElementById(id);

async function main() {
  // The SDK's services; among them, forgetting the tokens a sign-out marked for removal.
  await authClient.start();
  if (authClient.isLoginRedirect()) {
    // Exchanges the code, keeps the tokens, then goes back to the page that started the sign-in.
    await authClient.handleRedirect();
    return;
  }
  const idToken = await authClient.tokenManager.get('idToken');
  element('signed-in').hidden = !idToken;
  element('signed-out').hidden = Boolean(idToken);
  if (idToken) element('user-name').textContent = idToken.claims.name;
}

const showError = (error) => {
  element('error').textContent = error.message;
};
element('sign-in').addEventListener('click', () => authClient.signInWithRedirect({ originalUri: '/' }).catch(showError));
// Revokes the tokens, then ends the Latchkey session and comes back to postLogoutRedirectUri.
element('sign-out').addEventListener('click', () => authClient.signOut().catch(showError));
main().catch(showError);
