import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { RedirectingBrowser } from '../support/redirectingBrowser.js';
import { interact, introspect, remediation, remediationNames, type Json } from '../support/idx.js';
import { capturingLogger } from '../support/logs.js';
import { codeIn } from '../support/outbox.js';

/**
 * The redirect flow over HTTP, as a browser goes through it: /v1/authorize shows the hosted sign-in
 * page (its widget config carries the IDX state handle), the IDX calls the widget makes, the IDX
 * success link, and the redirect back to the app with a code that openid-client redeems. Browser
 * tests of the same flow drive the page itself.
 */
/** The test org; the `web-static` app asks the password and another factor (the email). */
function redirectOrg() {
  return {
    ...testOrg(),
    policies: [{
      type: 'ACCESS_POLICY', name: 'Static app needs two factors', priority: 1, conditions: { apps: { include: [TEST.static.clientId] } },
      rules: [{ name: 'Two', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] } } } }],
    }],
  };
}

const clock = new TestClock();
const log = capturingLogger();
let server: TestServer;
let issuer: string;
let config: oidc.Configuration;
before(async () => {
  server = await startTestServer({ org: redirectOrg(), clock, logger: log.logger });
  issuer = `${server.url}/oauth2/default`;
  config = await oidc.discovery(new URL(issuer), TEST.web.clientId, TEST.web.secret, undefined, { execute: [oidc.allowInsecureRequests] });
});
after(() => server.stop());

/** A browser that also posts to IDX, as the hosted page's widget does. */
class Browser extends RedirectingBrowser {
  async idx(url: string, body: Json): Promise<Json> {
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/ion+json; okta-version=1.0.0', cookie: this.cookies.header() }, body: JSON.stringify(body) });
    this.cookies.remember(r.headers.getSetCookie());
    return { status: r.status, json: await r.json() };
  }
}

/** The authorize URL openid-client builds, with PKCE, state and nonce. */
function authorizeUrl(extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const challenge = createChallenge(verifier);
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: TEST.redirectUri, scope: 'openid profile', state, nonce, code_challenge: challenge, code_challenge_method: 'S256', ...extra,
  });
  return { url: url.toString(), verifier, state, nonce };
}
const createChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** The state handle in the hosted page's widget configuration. */
function stateTokenOf(html: string): string {
  const match = /getSignInWidgetConfig: function \(\) \{ return (\{.*?\}); \}/.exec(html);
  assert.ok(match, 'the page carries the widget configuration');
  return JSON.parse(match[1]).stateToken;
}

/** The widget's part: introspect the state handle, identify, answer the password; answers the success link. */
async function signInOnPage(browser: Browser, html: string, login: string = TEST.user): Promise<string> {
  const stateHandle = stateTokenOf(html);
  const first = await browser.idx(`${server.url}/idp/idx/introspect`, { stateToken: stateHandle });
  assert.equal(first.status, 200, JSON.stringify(first.json));
  const identified = await browser.idx(remediation(first.json, 'identify').href, { identifier: login, stateHandle });
  const done = await browser.idx(remediation(identified.json, 'challenge-authenticator').href, { credentials: { passcode: TEST.password }, stateHandle });
  assert.equal(done.status, 200, JSON.stringify(done.json));
  assert.equal(done.json.success?.name, 'success-redirect');
  assert.equal(done.json.successWithInteractionCode, undefined, 'the redirect flow ends with a link, not an interaction code');
  return done.json.success.href;
}

/** The session cookie a browser holds. */
const sessionOf = (browser: Browser): string | undefined => /(?:^|; )idx=([^;]*)/.exec(browser.cookies.header())?.[1];

/** What a new interaction of another app answers first with only this session cookie: SSO (no remediation) or identify. */
async function ssoWith(session: string): Promise<string[]> {
  const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri });
  const r = await fetch(`${server.url}/idp/idx/introspect`, {
    method: 'POST', headers: { 'Content-Type': 'application/ion+json; okta-version=1.0.0', Accept: 'application/ion+json; okta-version=1.0.0', cookie: `idx=${session}` },
    body: JSON.stringify({ interactionHandle: started.json.interaction_handle }),
  });
  assert.equal(r.status, 200);
  return remediationNames(await r.json());
}

const sessionEvents = (type: string) => log.events().filter((e) => e.eventType === type);

describe('redirect flow: /v1/authorize, the hosted sign-in page, back to the app', () => {
  it('signs in on the hosted page; the app gets a code that openid-client exchanges for tokens', async () => {
    const browser = new Browser();
    const request = authorizeUrl();
    const page = await browser.get(request.url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'nonce-[^']+'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const html = await page.text();
    assert.doesNotMatch(html, new RegExp(TEST.web.secret), 'no secret in the page');
    assert.match(html, /\/widget\/latchkey-widget\.js/);

    const successLink = await signInOnPage(browser, html);
    const back = await browser.get(successLink);
    assert.equal(back.status, 302);
    const callback = new URL(back.headers.get('location')!);
    assert.equal(`${callback.origin}${callback.pathname}`, TEST.redirectUri);
    assert.equal(callback.searchParams.get('state'), request.state);

    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
    assert.equal(tokens.claims()!.sub !== undefined, true);
    assert.deepEqual(tokens.claims()!.amr, ['pwd']);

    const again = await browser.get(successLink);
    assert.equal(again.status, 400, 'the success link works once');
    await assert.rejects(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state }), 'the code works once');
  });

  it('single sign-on: with the session, /authorize answers the code without a page; prompt=login shows the page again', async () => {
    const browser = new Browser();
    const first = await browser.get(authorizeUrl().url);
    await browser.get(await signInOnPage(browser, await first.text()));

    const sso = authorizeUrl();
    const direct = await browser.get(sso.url);
    assert.equal(direct.status, 302, 'no sign-in page');
    const back = await browser.get(direct.headers.get('location')!);
    const callback = new URL(back.headers.get('location')!);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: sso.verifier, expectedState: sso.state, expectedNonce: sso.nonce });
    assert.ok(tokens.access_token);

    const forced = await browser.get(authorizeUrl({ prompt: 'login' }).url);
    assert.equal(forced.status, 200, 'prompt=login: the page again');
    assert.ok(stateTokenOf(await forced.text()));

    clock.advance(120_000);
    const tooOld = await browser.get(authorizeUrl({ max_age: '60' }).url);
    assert.equal(tooOld.status, 200, 'max_age older than the authentication: the page again');
    const recentEnough = await browser.get(authorizeUrl({ max_age: '3600' }).url);
    assert.equal(recentEnough.status, 302);
  });

  it('a session that is not enough for the app (step-up): prompt=none answers login_required and nothing is sent; the page begins the email challenge', async () => {
    const browser = new Browser();
    await browser.get(await signInOnPage(browser, await (await browser.get(authorizeUrl().url)).text())); // a password session
    const emailsTo = async () => (await server.lk.store.outbox.list({ to: TEST.user, limit: 1000 })).length;
    const before = await emailsTo();
    const url = (extra: Record<string, string>) => {
      const u = new URL(authorizeUrl(extra).url);
      u.searchParams.set('client_id', TEST.static.clientId);
      return u.toString();
    };
    const none = await browser.get(url({ prompt: 'none' }));
    assert.equal(new URL(none.headers.get('location')!).searchParams.get('error'), 'login_required');
    const page = await browser.get(url({}));
    assert.equal(page.status, 200);
    assert.equal(await emailsTo(), before, 'nothing is sent before the person is on the page');
    const stateHandle = stateTokenOf(await page.text());
    const shown = await browser.idx(`${server.url}/idp/idx/introspect`, { stateToken: stateHandle });
    assert.equal(shown.json.currentAuthenticatorEnrollment?.value?.key, 'okta_email', 'the session\'s password counts; the email is asked');
    assert.equal(await emailsTo(), before + 1);
  });

  it('a user the authorization server\'s access policy refuses: back to the app with access_denied, no code', async () => {
    const browser = new Browser();
    const request = authorizeUrl();
    const page = await browser.get(request.url);
    const back = await browser.get(await signInOnPage(browser, await page.text(), TEST.otherUser)); // bob is not in Engineering
    const callback = new URL(back.headers.get('location')!);
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), request.state);
    assert.equal(callback.searchParams.get('code'), null);
  });

  it('prompt=none without a session: login_required back to the app, with the state', async () => {
    const request = authorizeUrl({ prompt: 'none' });
    const r = await new Browser().get(request.url);
    assert.equal(r.status, 302);
    const location = new URL(r.headers.get('location')!);
    assert.equal(location.searchParams.get('error'), 'login_required');
    assert.equal(location.searchParams.get('state'), request.state);
  });

  it('response_mode fragment and form_post carry the code the way they say', async () => {
    const browser = new Browser();
    await browser.get(await signInOnPage(browser, await (await browser.get(authorizeUrl().url)).text()));

    const fragment = await browser.get((await browser.get(authorizeUrl({ response_mode: 'fragment' }).url)).headers.get('location')!);
    const hash = new URLSearchParams(new URL(fragment.headers.get('location')!).hash.slice(1));
    assert.ok(hash.get('code'));

    const formPost = await browser.get((await browser.get(authorizeUrl({ response_mode: 'form_post' }).url)).headers.get('location')!);
    assert.equal(formPost.status, 200);
    const form = await formPost.text();
    assert.match(form, new RegExp(`<form method="post" action="${TEST.redirectUri}">`));
    assert.match(form, /name="code" value="[^"]+"/);

    const posted = await browser.get((await browser.get(authorizeUrl({ response_mode: 'okta_post_message', state: 'pm-state' }).url)).headers.get('location')!);
    const page = await posted.text();
    const nonce = /script-src 'nonce-([^']+)'/.exec(posted.headers.get('content-security-policy')!)![1];
    const script = new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}">window\\.parent\\.postMessage\\((\\{.*\\}), "http://localhost:3000"\\)</script>`).exec(page);
    assert.ok(script, page);
    const message = JSON.parse(script[1]);
    assert.ok(message.code);
    assert.equal(message.state, 'pm-state');
  });

  it('every authorization response carries iss (RFC 9207) in every response mode, success and error; openid-client checks it', async () => {
    assert.equal(config.serverMetadata().authorization_response_iss_parameter_supported, true);
    const browser = new Browser();
    const first = authorizeUrl();
    const back = await browser.get(await signInOnPage(browser, await (await browser.get(first.url)).text()));
    const callback = new URL(back.headers.get('location')!);
    assert.equal(callback.searchParams.get('iss'), issuer);
    const forged = new URL(callback);
    forged.searchParams.set('iss', 'https://attacker.example');
    await assert.rejects(oidc.authorizationCodeGrant(config, forged, { pkceCodeVerifier: first.verifier, expectedState: first.state }),
      (e: Error) => /"iss"/.test(String((e.cause as Error)?.message)), 'openid-client refuses another issuer');
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: first.verifier, expectedState: first.state, expectedNonce: first.nonce });
    assert.ok(tokens.access_token);

    /** The authorization response of /authorize with the session, in `mode`, as name → value. */
    const respond = async (mode: string, extra: Record<string, string> = {}, by = browser): Promise<Record<string, string>> => {
      let r = await by.get(authorizeUrl({ response_mode: mode, ...extra }).url);
      if (r.status === 302 && new URL(r.headers.get('location')!).origin === server.url) r = await by.get(r.headers.get('location')!);
      if (mode === 'query') return Object.fromEntries(new URL(r.headers.get('location')!).searchParams);
      if (mode === 'fragment') return Object.fromEntries(new URLSearchParams(new URL(r.headers.get('location')!).hash.slice(1)));
      const page = await r.text();
      if (mode === 'form_post') return Object.fromEntries([...page.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return JSON.parse(/postMessage\((\{.*\}), /.exec(page)![1]);
    };
    for (const mode of ['query', 'fragment', 'form_post', 'okta_post_message']) {
      const success = await respond(mode);
      assert.ok(success.code, mode);
      assert.equal(success.iss, issuer, `${mode} success`);
      const error = await respond(mode, { prompt: 'none' }, new Browser());
      assert.equal(error.error, 'login_required', mode);
      assert.equal(error.iss, issuer, `${mode} error`);
    }
    // The org authorization server names itself: its issuer is the base URL.
    const org = new URL(authorizeUrl({ prompt: 'none' }).url.replace('/oauth2/default/', '/oauth2/'));
    const orgError = new URL((await new Browser().get(org.toString())).headers.get('location')!);
    assert.equal(orgError.searchParams.get('error'), 'login_required');
    assert.equal(orgError.searchParams.get('iss'), server.url);
  });

  it('only the okta_post_message page may be framed, and only by the redirect URI\'s origin (silent renewal in a hidden iframe)', async () => {
    const browser = new Browser();
    await browser.get(await signInOnPage(browser, await (await browser.get(authorizeUrl().url)).text()));
    const final = async (mode: string) => browser.get((await browser.get(authorizeUrl({ response_mode: mode }).url)).headers.get('location')!);
    const posted = await final('okta_post_message');
    assert.equal(posted.status, 200);
    assert.match(posted.headers.get('content-security-policy')!, /(^|; )frame-ancestors http:\/\/localhost:3000(;|$)/);
    assert.equal(posted.headers.get('x-frame-options'), null);
    const formPost = await final('form_post');
    assert.match(formPost.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
    assert.equal(formPost.headers.get('x-frame-options'), 'DENY');
    const page = await browser.get(authorizeUrl({ prompt: 'login' }).url);
    assert.equal(page.headers.get('x-frame-options'), 'DENY', 'the sign-in page is never framed');
  });

  it('errors: unknown client or unregistered redirect URI on an error page; the others back to the app', async () => {
    const browser = new Browser();
    const base = new URL(authorizeUrl().url);
    const variant = (change: Record<string, string | null>) => {
      const u = new URL(base);
      for (const [k, v] of Object.entries(change)) if (v === null) u.searchParams.delete(k); else u.searchParams.set(k, v);
      return u.toString();
    };
    const notRedirectable: Array<Record<string, string>> = [{ client_id: 'nobody' }, { redirect_uri: 'https://evil.example/callback' }, { redirect_uri: `${TEST.redirectUri}/` }];
    for (const change of notRedirectable) {
      const r = await browser.get(variant(change));
      assert.equal(r.status, 400, JSON.stringify(change));
      assert.equal(r.headers.get('location'), null, 'never redirected');
      assert.match(await r.text(), /role="alert"/);
    }
    const cases: Array<[Record<string, string | null>, string]> = [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'openid nonsense' }, 'invalid_scope'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ prompt: 'none login' }, 'invalid_request'],
      [{ max_age: '-1' }, 'invalid_request'],
    ];
    for (const [change, error] of cases) {
      const r = await browser.get(variant(change));
      assert.equal(r.status, 302, JSON.stringify(change));
      assert.equal(new URL(r.headers.get('location')!).searchParams.get('error'), error, JSON.stringify(change));
    }
  });

  it('re-authentication (prompt=login, max_age, step-up) sets a new session cookie and ends the old session; SSO alone keeps it', async () => {
    const browser = new Browser();
    await browser.get(await signInOnPage(browser, await (await browser.get(authorizeUrl().url)).text()));
    const a = sessionOf(browser)!;
    assert.ok(a);
    const [starts, ends] = [sessionEvents('user.session.start').length, sessionEvents('user.session.end').length];

    const sso = await browser.get(authorizeUrl().url);
    assert.equal(sso.status, 302, 'single sign-on');
    assert.doesNotMatch(sso.headers.getSetCookie().join('\n'), /idx=/, 'SSO with nothing verified anew keeps the session');

    await browser.get(await signInOnPage(browser, await (await browser.get(authorizeUrl({ prompt: 'login' }).url)).text()));
    const b = sessionOf(browser)!;
    assert.notEqual(b, a, 'prompt=login: a new session cookie');
    assert.deepEqual(await ssoWith(a), ['identify'], 'the old session no longer signs anyone in');
    assert.deepEqual(await ssoWith(b), [], 'the new one does');

    clock.advance(120_000);
    await browser.get(await signInOnPage(browser, await (await browser.get(authorizeUrl({ max_age: '60' }).url)).text()));
    const c = sessionOf(browser)!;
    assert.notEqual(c, b, 'max_age: a new session cookie');
    assert.deepEqual(await ssoWith(b), ['identify']);

    // Step-up: the two-factor app asks the email on top of the session's password.
    const u = new URL(authorizeUrl().url);
    u.searchParams.set('client_id', TEST.static.clientId);
    const stateHandle = stateTokenOf(await (await browser.get(u.toString())).text());
    const challenge = await browser.idx(`${server.url}/idp/idx/introspect`, { stateToken: stateHandle });
    assert.equal(challenge.json.currentAuthenticatorEnrollment?.value?.key, 'okta_email');
    const code = codeIn((await server.lk.store.outbox.latest(TEST.user))!.text);
    const done = await browser.idx(remediation(challenge.json, 'challenge-authenticator').href, { credentials: { passcode: code }, stateHandle });
    assert.equal(done.status, 200, JSON.stringify(done.json));
    const d = sessionOf(browser)!;
    assert.notEqual(d, c, 'step-up: a new session cookie');
    assert.deepEqual(await ssoWith(c), ['identify']);
    assert.deepEqual(await ssoWith(d), []);

    const started = sessionEvents('user.session.start').slice(starts);
    const ended = sessionEvents('user.session.end').slice(ends);
    assert.equal(started.length, 3, JSON.stringify(started));
    assert.equal(ended.length, 3, JSON.stringify(ended));
    for (const e of [...started, ...ended]) {
      assert.equal(e.client?.ipAddress, '127.0.0.1');
      assert.equal(e.actor?.type, 'User');
    }
    assert.equal(started[0].actor?.alternateId, TEST.user);
  });

  it('sign-out: /v1/logout with id_token_hint ends the session and returns to the registered URI with the state', async () => {
    const browser = new Browser();
    const request = authorizeUrl();
    const page = await browser.get(request.url);
    const back = await browser.get(await signInOnPage(browser, await page.text()));
    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.headers.get('location')!), { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
    clock.advance(61 * 60_000); // the ID token has expired (the session has not): it still names who signs out

    const logoutUrl = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: TEST.postLogoutRedirectUri, state: 'after-logout' });
    const ends = sessionEvents('user.session.end').length;
    const out = await browser.get(logoutUrl.toString());
    assert.equal(out.status, 302);
    assert.equal(sessionEvents('user.session.end').length, ends + 1, 'sign-out is logged');
    assert.equal(out.headers.get('location'), `${TEST.postLogoutRedirectUri}?state=after-logout`);
    assert.match(out.headers.getSetCookie().join('\n'), /idx=;.*Max-Age=0/);

    const afterwards = await browser.get(authorizeUrl({ prompt: 'none' }).url);
    assert.equal(new URL(afterwards.headers.get('location')!).searchParams.get('error'), 'login_required', 'the session is over');

    const refusals: Array<Record<string, string>> = [
      { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://evil.example/' },
      { id_token_hint: `${tokens.id_token!.slice(0, -4)}AAAA` },
      { id_token_hint: 'not-a-token' },
    ];
    for (const bad of refusals) {
      const refused = await browser.get(oidc.buildEndSessionUrl(config, bad).toString());
      assert.equal(refused.status, 400, JSON.stringify(bad).slice(0, 80));
      assert.equal(refused.headers.get('location'), null);
    }
  });

  it('a public client (SPA) must send PKCE', async () => {
    const u = new URL(`${issuer}/v1/authorize`);
    for (const [k, v] of Object.entries({ client_id: TEST.spa.clientId, redirect_uri: TEST.redirectUri, response_type: 'code', scope: 'openid', state: 's1' })) u.searchParams.set(k, v);
    const r = await new Browser().get(u.toString());
    assert.equal(new URL(r.headers.get('location')!).searchParams.get('error'), 'invalid_request');
  });
});
