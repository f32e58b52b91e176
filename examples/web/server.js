// A server-rendered web app signing in with the redirect flow through openid-client: the code, the
// PKCE verifier and the client secret never reach the browser. Run: see examples/README.md.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as oidc from 'openid-client';

const SESSION_COOKIE = 'sample_web_session';
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function sendPage(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sample web app</title><link rel="icon" href="data:,"></head>' +
    `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><main><h1>Sample web app</h1>${body}</main></body></html>`);
}

const redirect = (res, location, headers = {}) => res.writeHead(302, { Location: location, ...headers }).end();

export async function startWebApp({ issuer, clientId, clientSecret, port, host = 'localhost' }) {
  const appUrl = `http://${host}:${port}`;
  const redirectUri = `${appUrl}/callback`;
  // Plain http is allowed only for a development issuer; a real one is https.
  const options = new URL(issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
  const config = await oidc.discovery(new URL(issuer), clientId, clientSecret, undefined, options);
  /** Sessions by the random id in the session cookie; in memory, as a sample can afford. */
  const sessions = new Map();

  function sessionOf(req, res) {
    const id = req.headers.cookie?.split(/;\s*/).find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.slice(SESSION_COOKIE.length + 1);
    if (sessions.has(id)) return { id, session: sessions.get(id) };
    const fresh = randomBytes(24).toString('base64url');
    sessions.set(fresh, {});
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return { id: fresh, session: sessions.get(fresh) };
  }

  const routes = {
    'GET /': (req, res, { session }) => sendPage(res, 200, session.user
      ? `<p>Signed in as <strong id="user-name">${escapeHtml(session.user.name)}</strong></p><form method="post" action="/logout"><button>Sign out</button></form>`
      : '<p>You are not signed in.</p><p><a href="/login">Sign in</a></p>'),

    'GET /login': async (req, res, { session }) => {
      const verifier = oidc.randomPKCECodeVerifier();
      session.pending = { verifier, state: oidc.randomState(), nonce: oidc.randomNonce() };
      redirect(res, oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: 'openid profile email', state: session.pending.state, nonce: session.pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      }).href);
    },

    'GET /callback': async (req, res, { session }) => {
      const pending = session.pending;
      delete session.pending;
      if (!pending) return sendPage(res, 400, '<p role="alert">No sign-in was in progress. <a href="/login">Sign in</a></p>');
      try {
        // Checks state, exchanges the code with the verifier and the secret, validates the ID token and its nonce.
        const tokens = await oidc.authorizationCodeGrant(config, new URL(req.url, appUrl), {
          pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
        });
        session.user = tokens.claims();
        session.idToken = tokens.id_token;
        redirect(res, '/');
      } catch (error) {
        sendPage(res, 400, `<p role="alert">Sign-in failed: ${escapeHtml(error.error_description ?? error.message)}</p>`);
      }
    },

    // A POST, so another site cannot sign people out (the SameSite=Lax cookie stays home).
    'POST /logout': (req, res, { id, session }) => {
      sessions.delete(id);
      const signedOut = { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0` };
      if (!session.idToken) return redirect(res, '/', signedOut);
      // Latchkey ends its own session too, then comes back here.
      redirect(res, oidc.buildEndSessionUrl(config, { id_token_hint: session.idToken, post_logout_redirect_uri: appUrl }).href, signedOut);
    },
  };

  const server = createServer((req, res) => {
    const route = routes[`${req.method} ${new URL(req.url, appUrl).pathname}`];
    if (!route) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    Promise.resolve(route(req, res, sessionOf(req, res))).catch((error) => sendPage(res, 500, `<p role="alert">${escapeHtml(error.message)}</p>`));
  });
  await new Promise((listening) => server.listen(port, host, listening));
  return {
    url: `${appUrl}/`,
    close: () => new Promise((closed) => server.close(closed).closeAllConnections()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The defaults are the app examples/web/org.yaml adds to the development org.
  const { ISSUER = 'http://localhost:8080/oauth2/default', CLIENT_ID = 'sample-web', CLIENT_SECRET = 'sample-web-secret-for-development', PORT = '3001' } = process.env;
  const web = await startWebApp({ issuer: ISSUER, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, port: Number(PORT) });
  console.log(`Sample web app at ${web.url}`);
}
