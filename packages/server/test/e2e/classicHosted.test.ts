import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import { authenticator } from 'otplib';
import type { AuthnTransaction as AuthTransaction } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { RedirectingBrowser } from '../support/redirectingBrowser.js';
import { classicHostedOrg, CLASSIC_APP, CLASSIC_PASSWORD } from '../support/classicHostedOrg.js';
import { totpCodes } from '../support/totpCodes.js';
import { authnError } from '../support/authn.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';

/**
 * The hosted sign-in of a Classic org's redirect app, over HTTP as a browser and Okta's widget (v7,
 * Classic) go through it: /v1/authorize shows the page with a Classic stateToken; okta-auth-js's
 * authn transaction API finds it UNAUTHENTICATED, authenticates in it (and verifies a factor), and
 * its SUCCESS links back to the app: following the link sets the session and answers the code,
 * which openid-client redeems with PKCE. Then what authn refuses, and how.
 */
const PASSWORD = CLASSIC_PASSWORD;
const APP = CLASSIC_APP;
const REDIRECT_URI = 'http://localhost:3000/callback';
const PEOPLE = { ann: 'ann@example.com', mfa: 'mia@example.com', locked: 'lou@example.com', retry: 'rita@example.com', blocked: 'bea@example.com' };
const MAX_ATTEMPTS = 3;
const TOTP_SECRET = authenticator.generateSecret(20);
const UNAUTHENTICATED = JSON.parse(readFileSync(new URL('../../../../../shared/reference/okta-api-v1-authn/unauthenticated.json', import.meta.url), 'utf8'));

function classicOrgFile() {
  return classicHostedOrg({
    redirectUri: REDIRECT_URI,
    groups: [{ name: 'Blocked' }],
    users: [
      ...[PEOPLE.ann, PEOPLE.locked, PEOPLE.retry].map((login) => ({ login, password: PASSWORD })),
      { login: PEOPLE.blocked, password: PASSWORD, groups: ['Blocked'] },
      { login: PEOPLE.mfa, password: PASSWORD, groups: ['MFA'], authenticatorEnrollments: [{ key: 'google_otp', secret: TOTP_SECRET }] },
    ],
    policies: [
      {
        type: 'APP_SIGN_ON', name: 'Not for the blocked', priority: 1, conditions: { apps: { include: [APP] } },
        rules: [
          { name: 'Blocked', priority: 1, conditions: { people: { groups: { include: ['Blocked'] } } }, actions: { signon: { access: 'DENY' } } },
          { name: 'Others', priority: 2, conditions: {}, actions: { signon: { access: 'ALLOW', requireFactor: false } } },
        ],
      },
      {
        type: 'PASSWORD', name: 'Default Policy', priority: 1,
        settings: { password: { lockout: { maxAttempts: MAX_ATTEMPTS, autoUnlockMinutes: 60 } } },
        rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW' }, selfServiceUnlock: { access: 'DENY' } } }],
      },
    ],
  });
}

const clock = new TestClock();
let server: TestServer;
let config: oidc.Configuration;
before(async () => {
  server = await startTestServer({ org: classicOrgFile(), clock });
  config = await oidc.discovery(new URL(`${server.url}/oauth2/default`), APP, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
});
after(() => server.stop());


/** An authorization request as openid-client builds it (PKCE, state, nonce). */
function authorizeRequest() {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  return { verifier, state, nonce, url: async () => oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid profile', state, nonce, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).href };
}
type AuthorizeRequest = ReturnType<typeof authorizeRequest>;

/** The widget configuration the hosted page gives (OktaUtil.getSignInWidgetConfig()). */
function widgetConfig(html: string): Record<string, unknown> {
  const match = /getSignInWidgetConfig: function \(\) \{ return (\{.*?\}); \}, completeLogin/.exec(html);
  assert.ok(match, 'the page has OktaUtil.getSignInWidgetConfig()');
  return JSON.parse(match[1]);
}

/** Opens the hosted page of a new authorization request: its Classic stateToken. */
async function openPage(browser: RedirectingBrowser, request: AuthorizeRequest = authorizeRequest()): Promise<string> {
  const page = await browser.get(await request.url());
  assert.equal(page.status, 200);
  const widget = widgetConfig(await page.text());
  assert.equal(widget.useClassicEngine, true);
  assert.equal(widget.baseUrl, server.url);
  return widget.stateToken as string;
}

/** The app's okta-auth-js, as Okta's widget v7 (Classic) builds it for the page: the org is the issuer. */
const authClient = () => oktaAuth({ issuer: server.url, clientId: APP, redirectUri: REDIRECT_URI, scopes: ['openid'] });

/** The answer behind an okta-auth-js authn transaction (the SDK adds the response headers to it). */
function raw(t: AuthTransaction): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { headers: _headers, ...data } = (t as unknown as { data: Record<string, unknown> }).data;
  return data;
}

/** The transaction's `authenticate` link (UNAUTHENTICATED's next): primary authentication in it, as Okta's widget posts it. */
const authenticate = (t: AuthTransaction, username: string, password: string): Promise<AuthTransaction> =>
  (t as unknown as { authenticate(body: object): Promise<AuthTransaction> }).authenticate({ username, password, options: { warnBeforePasswordExpired: true, multiOptionalFactorEnroll: false } });

/** SUCCESS carries no sessionToken, only the `original` link (GET) back to the app. */
function originalLink(t: AuthTransaction): string {
  assert.equal(t.status, 'SUCCESS');
  const data = raw(t);
  assert.equal(data.sessionToken, undefined);
  assert.equal(data._links.next.name, 'original');
  assert.deepEqual(data._links.next.hints, { allow: ['GET'] });
  assert.ok(data._links.next.href.startsWith(`${server.url}/login/step-up/redirect?stateToken=`), data._links.next.href);
  return data._links.next.href;
}

/** Follows the link as the widget's `next()` does: the session cookie is set, the browser lands on the app with a code; the code gives tokens. */
async function finish(browser: RedirectingBrowser, link: string, request: AuthorizeRequest): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  const back = await browser.get(link);
  assert.equal(back.status, 302);
  assert.match(back.headers.getSetCookie().join('\n'), /idx=/);
  const callback = new URL(back.headers.get('location')!);
  assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT_URI);
  assert.equal(callback.searchParams.get('state'), request.state);
  return oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
}

/** TOTP codes, each of a step not used yet, on the server's clock. */
const totp = totpCodes(TOTP_SECRET, () => clock.now());

describe('the hosted sign-in of a Classic org (authn, UNAUTHENTICATED → SUCCESS → the app)', () => {
  it('the page carries a Classic stateToken; introspect and resume answer UNAUTHENTICATED as Okta does', async () => {
    const stateToken = await openPage(new RedirectingBrowser());
    assert.match(stateToken, /^00/, "Okta's widget runs its Classic pipeline only for a stateToken that starts with 00");
    const introspected = await authClient().tx.introspect({ stateToken });
    assert.equal(introspected.status, 'UNAUTHENTICATED');
    const { expiresAt, ...answer } = raw(introspected);
    assert.ok(Date.parse(expiresAt) > Date.now());
    assert.deepEqual(answer, { ...UNAUTHENTICATED, stateToken, _links: { next: { ...UNAUTHENTICATED._links.next, href: `${server.url}/api/v1/authn` } } });
    const resumed = await authClient().tx.resume({ stateToken });
    assert.deepEqual(raw(resumed), raw(introspected));
  });

  it('primary authentication in the transaction → SUCCESS; its link sets the session and sends the code; the session then signs in alone', async () => {
    const browser = new RedirectingBrowser();
    const request = authorizeRequest();
    const stateToken = await openPage(browser, request);
    const unauthenticated = await authClient().tx.introspect({ stateToken });
    const success = await authenticate(unauthenticated, PEOPLE.ann, PASSWORD);
    assert.equal(raw(success)._embedded.user.profile.login, PEOPLE.ann);
    assert.deepEqual(raw(success)._embedded.target, { type: 'APP', name: 'oidc_client', label: 'Classic Web', clientId: APP });
    const link = originalLink(success);
    const tokens = await finish(browser, link, request);
    assert.equal(tokens.claims()!.preferred_username, PEOPLE.ann);
    // `latchkey upgrade status` counts it as a Classic sign-in of the app.
    const counted = (await server.lk.store.engineSignIns.list()).find((c) => c.clientId === APP && c.engine === 'classic' && c.outcome === 'success');
    assert.ok(counted && counted.count >= 1, JSON.stringify(counted));

    const again = await new RedirectingBrowser().get(link);
    assert.equal(again.status, 400, 'the link works once');
    assert.equal((await authnError(authClient().tx.introspect({ stateToken }))).errorCode, 'E0000011', 'the transaction is over');

    // Single sign-on: the session the link made satisfies the next authorization request.
    const next = authorizeRequest();
    const sso = await browser.get(await next.url());
    assert.equal(sso.status, 302);
    const ssoLink = sso.headers.get('location')!;
    assert.ok(ssoLink.startsWith(`${server.url}/login/step-up/redirect?stateToken=00`), ssoLink);
    const back = await browser.get(ssoLink);
    const callback = new URL(back.headers.get('location')!);
    assert.equal(callback.searchParams.get('state'), next.state);
    assert.equal(back.headers.getSetCookie().length, 0, 'the session is kept, not replaced');
    const ssoTokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: next.verifier, expectedState: next.state, expectedNonce: next.nonce });
    assert.equal(ssoTokens.claims()!.preferred_username, PEOPLE.ann);
  });

  it('with MFA: MFA_REQUIRED, the TOTP factor verified in the same transaction, then SUCCESS and the code', async () => {
    const browser = new RedirectingBrowser();
    const request = authorizeRequest();
    const stateToken = await openPage(browser, request);
    const t = await authClient().tx.introspect({ stateToken });
    const required = await authenticate(t, PEOPLE.mfa, PASSWORD);
    assert.equal(required.status, 'MFA_REQUIRED');
    assert.equal(raw(required).stateToken, stateToken);
    const factor = required.factors!.find((f: { factorType?: string }) => f.factorType === 'token:software:totp')!;
    const wrong = await authnError(factor.verify!({ passCode: '000000' }));
    assert.equal(wrong.errorCode, 'E0000068');
    const success = await factor.verify!({ passCode: await totp() });
    const tokens = await finish(browser, originalLink(success), request);
    assert.equal(tokens.claims()!.preferred_username, PEOPLE.mfa);
    assert.deepEqual(tokens.claims()!.amr, ['pwd', 'otp', 'mfa']);
  });

  it('a wrong password and an unknown user are refused alike (E0000004), and the transaction stays UNAUTHENTICATED for another try', async () => {
    const browser = new RedirectingBrowser();
    const request = authorizeRequest();
    const stateToken = await openPage(browser, request);
    const t = await authClient().tx.introspect({ stateToken });
    const wrong = await authnError(authenticate(t, PEOPLE.retry, 'Wrong-Horse-1'));
    const unknown = await authnError(authenticate(t, 'nobody@example.com', PASSWORD));
    for (const e of [wrong, unknown]) {
      assert.equal(e.xhr?.status, 401);
      assert.deepEqual({ errorCode: e.errorCode, errorSummary: e.errorSummary, errorCauses: e.errorCauses }, { errorCode: 'E0000004', errorSummary: 'Authentication failed', errorCauses: [] });
    }
    assert.equal((await authClient().tx.introspect({ stateToken })).status, 'UNAUTHENTICATED');
    const success = await authenticate(t, PEOPLE.retry, PASSWORD);
    await finish(browser, originalLink(success), request);
  });

  it('too many wrong passwords lock the account: LOCKED_OUT, as authn answers it', async () => {
    const stateToken = await openPage(new RedirectingBrowser());
    const t = await authClient().tx.introspect({ stateToken });
    for (let i = 0; i < MAX_ATTEMPTS - 1; i++) await authnError(authenticate(t, PEOPLE.locked, 'Wrong-Horse-1'));
    const locked = await authenticate(t, PEOPLE.locked, 'Wrong-Horse-1');
    assert.deepEqual(raw(locked), { status: 'LOCKED_OUT', _links: {} });
    const stillLocked = await authenticate(t, PEOPLE.locked, PASSWORD);
    assert.equal(stillLocked.status, 'LOCKED_OUT');
  });

  it('refuses a stateToken of another kind (E0000011), and the link before success or of another transaction', async () => {
    const stateToken = await openPage(new RedirectingBrowser());
    const asIdx = stateToken.slice(2);
    for (const token of [asIdx, `${stateToken}x`, 'not-a-token']) {
      const e = await authnError(authClient().tx.introspect({ stateToken: token }));
      assert.deepEqual([e.xhr?.status, e.errorCode, e.errorSummary], [401, 'E0000011', 'Invalid token provided']);
      const primary = await authnError(authClient().signInWithCredentials({ username: PEOPLE.ann, password: PASSWORD, stateToken: token } as never));
      assert.equal(primary.errorCode, 'E0000011');
    }
    for (const token of [stateToken, asIdx]) {
      const early = await new RedirectingBrowser().get(`${server.url}/login/step-up/redirect?stateToken=${encodeURIComponent(token)}`);
      assert.equal(early.status, 400, 'nothing is sent back before the sign-in succeeded');
      assert.equal(early.headers.getSetCookie().length, 0);
    }
    // The stateToken of a plain authn sign-in (no app) is no way back to any app.
    const plain = await authClient().signInWithCredentials({ username: PEOPLE.mfa, password: PASSWORD });
    assert.equal(plain.status, 'MFA_REQUIRED');
    const success = await plain.factors!.find((f) => f.factorType === 'token:software:totp')!.verify!({ passCode: await totp() });
    assert.ok(success.sessionToken);
    const page = await new RedirectingBrowser().get(`${server.url}/login/step-up/redirect?stateToken=${encodeURIComponent(raw(plain).stateToken)}`);
    assert.equal(page.status, 400);
  });

  it('someone the app does not admit: refused like a wrong password, and another person signs in in the same transaction', async () => {
    const browser = new RedirectingBrowser();
    const request = authorizeRequest();
    const t = await authClient().tx.introspect({ stateToken: await openPage(browser, request) });
    const refused = await authnError(authenticate(t, PEOPLE.blocked, PASSWORD));
    assert.equal(refused.errorCode, 'E0000004');
    await finish(browser, originalLink(await authenticate(t, PEOPLE.ann, PASSWORD)), request);
  });

  it('a session the app does not admit: the page starts over UNAUTHENTICATED, for someone else to sign in', async () => {
    const browser = new RedirectingBrowser();
    // The blocked person's session, from a plain authn sign-in (the dashboard admits them).
    const { sessionToken } = await authClient().signInWithCredentials({ username: PEOPLE.blocked, password: PASSWORD });
    const traded = await browser.get(`${server.url}/login/sessionCookieRedirect?token=${sessionToken}&redirectUrl=${encodeURIComponent(`${server.url}/`)}`);
    assert.equal(traded.status, 302);
    const request = authorizeRequest();
    const stateToken = await openPage(browser, request);
    const t = await authClient().tx.introspect({ stateToken });
    assert.equal(t.status, 'UNAUTHENTICATED');
    const tokens = await finish(browser, originalLink(await authenticate(t, PEOPLE.ann, PASSWORD)), request);
    assert.equal(tokens.claims()!.preferred_username, PEOPLE.ann);
  });

  it("the org's start page signs in through the same Classic page (the dashboard is a Classic app of the org)", async () => {
    const browser = new RedirectingBrowser();
    const start = await (await browser.get(`${server.url}/`)).text();
    const signIn = /<a class="button" href="([^"]+)">Sign in<\/a>/.exec(start)![1].replace(/&#38;|&amp;/g, '&');
    const page = await browser.get(new URL(signIn, server.url).href);
    const widget = widgetConfig(await page.text());
    assert.equal(widget.useClassicEngine, true);
    const t = await authClient().tx.introspect({ stateToken: widget.stateToken as string });
    const back = await browser.get(originalLink(await authenticate(t, PEOPLE.ann, PASSWORD)));
    assert.equal(back.status, 302);
    const landing = await browser.get(new URL(back.headers.get('location')!, server.url).href);
    const home = await browser.get(new URL(landing.headers.get('location') ?? '/', server.url).href);
    assert.match(await home.text(), new RegExp(PEOPLE.ann));
  });

  it('the emailed reset and unlock links open the page in Classic mode with their recoveryToken (no stateToken)', async () => {
    for (const path of ['/signin/reset-password', '/signin/user-unlock']) {
      const page = await new RedirectingBrowser().get(`${server.url}${path}/a-token`);
      assert.equal(page.status, 200, path);
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      const widget = widgetConfig(await page.text());
      assert.deepEqual([widget.useClassicEngine, widget.recoveryToken, widget.stateToken], [true, 'a-token', undefined]);
    }
  });

  it('an expired stateToken: E0000011', async () => {
    const stateToken = await openPage(new RedirectingBrowser());
    clock.advance(11 * 60_000);
    const e = await authnError(authClient().tx.introspect({ stateToken }));
    assert.equal(e.errorCode, 'E0000011');
    const primary = await authnError(authClient().signInWithCredentials({ username: PEOPLE.ann, password: PASSWORD, stateToken } as never));
    assert.equal(primary.errorCode, 'E0000011');
  });
});
