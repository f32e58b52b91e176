import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';

let server: TestServer;
before(async () => {
  const org = testOrg();
  org.apps.push({ clientId: 'inactive', label: 'Retired app', type: 'browser', status: 'INACTIVE', redirectUris: ['https://retired.example/cb'] } as never);
  server = await startTestServer({ org });
});
after(() => server.stop());

/** A browser signed in over IDX (okta-auth-js through an app): its cookie jar holds the Latchkey session. */
async function signedInBrowser(): Promise<CookieJar> {
  const jar = new CookieJar();
  const client = oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], cookies: jar });
  assert.equal((await client.idx.authenticate({ username: TEST.user, password: TEST.password })).status, IdxStatus.SUCCESS);
  return jar;
}

const landing = (jar?: CookieJar) => fetch(`${server.url}/`, { headers: jar ? { cookie: jar.header() } : {} });
const signOut = (jar: CookieJar, origin: string | undefined) => fetch(`${server.url}/login/signout`, {
  method: 'POST', redirect: 'manual', body: '',
  headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded', ...(origin && { origin }) },
});

it('anonymous: the org URL is a page with a Sign in link to the dashboard\'s authorization request, under a strict CSP', async () => {
  const r = await landing();
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(r.headers.get('content-security-policy') ?? '', /^default-src 'none'; style-src 'nonce-[\w-]+'; form-action 'self'; frame-ancestors 'none'$/);
  const html = await r.text();
  assert.match(html, /<h1>Test Org<\/h1>/);
  assert.doesNotMatch(html, /<script/);
  assert.match(html, /<meta name="referrer" content="same-origin">/, 'so that browsers name our origin when the sign-out form posts');
  const href = /<a class="button" href="([^"]+)">Sign in<\/a>/.exec(html)?.[1];
  assert.ok(href, html);
  const url = new URL(href.replaceAll('&#38;', '&'), server.url);
  assert.equal(url.pathname, '/oauth2/v1/authorize');
  assert.equal(url.searchParams.get('redirect_uri'), `${server.url}/login/callback`);
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  const page = await fetch(url);
  assert.equal(page.status, 200, 'the hosted sign-in page');
  assert.match(await page.text(), /okta-login-container/);
});

it('signed in: names the user and the apps they can open, with a sign-out form; the dashboard sign-in comes back to / at once', async () => {
  const jar = await signedInBrowser();
  const html = await (await landing(jar)).text();
  assert.match(html, /Signed in as <strong id="user-name">Ada Lovelace<\/strong> \(<span id="user-login">ada@example\.com<\/span>\)/);
  assert.match(html, new RegExp(`<a href="${new URL(TEST.redirectUri).origin}">SPA</a>`));
  assert.doesNotMatch(html, />Service</, 'service apps have no page to open');
  assert.doesNotMatch(html, /Retired app/);
  assert.match(html, /<form method="post" action="\/login\/signout"><button type="submit">Sign out<\/button><\/form>/);

  const href = /href="(\/oauth2\/v1\/authorize[^"]+)"/.exec(await (await landing()).text())![1].replaceAll('&#38;', '&');
  const authorize = await fetch(new URL(href, server.url), { headers: { cookie: jar.header() }, redirect: 'manual' });
  assert.equal(authorize.status, 302);
  const finish = await fetch(authorize.headers.get('location')!, { headers: { cookie: jar.header() }, redirect: 'manual' });
  assert.equal(finish.status, 302);
  const callback = new URL(finish.headers.get('location')!);
  assert.equal(`${callback.origin}${callback.pathname}`, `${server.url}/login/callback`);
  assert.ok(callback.searchParams.get('code'));
  const back = await fetch(callback, { headers: { cookie: jar.header() }, redirect: 'manual' });
  assert.equal(back.status, 303);
  assert.equal(back.headers.get('location'), '/');
});

it('sign-out from another origin, or with no Origin, is refused and the session lives on', async () => {
  const jar = await signedInBrowser();
  for (const origin of ['https://evil.example', undefined]) {
    const r = await signOut(jar, origin);
    assert.equal(r.status, 403);
    assert.match(await (await landing(jar)).text(), /Signed in as/);
  }
});

it('sign-out ends the session: the cookie is removed and the old cookie no longer signs anyone in', async () => {
  const jar = await signedInBrowser();
  const r = await signOut(jar, server.url);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  assert.match(r.headers.getSetCookie()[0] ?? '', /^idx=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
  const html = await (await landing(jar)).text();
  assert.match(html, /You are not signed in/);
  const again = await oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], cookies: jar }).idx.authenticate();
  assert.equal(again.nextStep?.name, 'identify', 'the session is over for apps too');
});

it('a sign-in that came back with an error says so on a page of ours, without echoing what the URL says', async () => {
  const r = await fetch(`${server.url}/login/callback?error=access_denied&error_description=${encodeURIComponent('Call +1 555 0100 now')}`, { redirect: 'manual' });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /Signing in did not finish/);
  assert.doesNotMatch(html, /555/);
});
