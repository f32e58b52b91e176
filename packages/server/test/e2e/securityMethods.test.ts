import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authenticator } from 'otplib';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { hostedStateToken, interact, interactionCodeOf, introspect, messageKeys, redeem, remediationNames, submit, type Json } from '../support/idx.js';
import { capturingLogger } from '../support/logs.js';

/**
 * The end user's security methods over HTTP: enrolling outside sign-in (prompt=enroll_authenticator,
 * by /interact and by okta-auth-js's enrollAuthenticator through /authorize), the landing page's list
 * and its rename and remove forms, and the MyAccount authenticators API, each change needing a
 * recent verification and a request from our own page.
 */
const PEOPLE = { interact: 'ivy@example.com', sdk: 'sid@example.com', page: 'pam@example.com', required: 'rex@example.com', api: 'abe@example.com' };
const STEP_MS = 30_000;

function org() {
  const base = testOrg();
  const person = (login: string, group: string) => ({ login, password: TEST.password, groups: ['Engineering', group], emailVerified: false });
  return {
    ...base,
    groups: [...base.groups, { name: 'TOTP optional' }, { name: 'TOTP required' }],
    users: [...base.users, ...[PEOPLE.interact, PEOPLE.sdk, PEOPLE.page, PEOPLE.api].map((l) => person(l, 'TOTP optional')), person(PEOPLE.required, 'TOTP required')],
    policies: [
      ...((base as { policies?: unknown[] }).policies ?? []),
      {
        type: 'MFA_ENROLL', name: 'TOTP required', priority: 1, conditions: { people: { groups: { include: ['TOTP required'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'google_otp', enroll: { self: 'REQUIRED' } }] },
      },
      {
        type: 'MFA_ENROLL', name: 'TOTP optional', priority: 2, conditions: { people: { groups: { include: ['TOTP optional'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'google_otp', enroll: { self: 'OPTIONAL' } }] },
      },
    ],
  };
}

const clock = new TestClock();
const log = capturingLogger();
let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: org(), clock, logger: log.logger });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const codeFor = (secret: string) => authenticator.clone({ epoch: clock.now() }).generate(secret);

/** A browser: cookies kept, redirects not followed. */
class Browser {
  readonly cookies = new CookieJar();
  async fetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const r = await fetch(new URL(path, server.url), { redirect: 'manual', ...init, headers: { ...init.headers, cookie: this.cookies.header() } });
    this.cookies.remember(r.headers.getSetCookie());
    return r;
  }
  /** An IDX form submitted from this browser (its session cookie comes back with a sign-in's success). */
  async submit(state: Json, name: string, values: Record<string, unknown> = {}): Promise<Json> {
    const form = state.remediation.value.find((r: Json) => r.name === name);
    const handle = form.value.find((f: Json) => f.name === 'stateHandle').value;
    const r = await this.fetch(form.href, { method: 'POST', body: JSON.stringify({ ...values, stateHandle: handle }), headers: { 'content-type': 'application/json', accept: 'application/json; okta-version=1.0.0' } });
    return { status: r.status, json: await r.json() };
  }
  /** A form of the landing page posted as the page does: from our origin, with its token unless told otherwise. */
  async post(path: string, fields: Record<string, string>, origin: string | null = server.url): Promise<Response> {
    return this.fetch(path, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin && { origin }) } });
  }
  async page(): Promise<string> {
    return (await this.fetch('/')).text();
  }
  async api(path: string, init: { method?: string; body?: unknown; origin?: string } = {}): Promise<{ status: number; json: Json }> {
    const r = await this.fetch(`/idp/myaccount/authenticators${path}`, {
      method: init.method ?? 'GET', ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      headers: { accept: 'application/json; okta-version=1.0.0', ...(init.body !== undefined && { 'content-type': 'application/merge-patch+json; okta-version=1.0.0' }), ...(init.origin && { origin: init.origin }) },
    });
    return { status: r.status, json: r.status === 204 ? undefined : await r.json() };
  }
}

/** The hosted flow from an authorize URL: identify, password, then (if asked) enroll google_otp; answers the final redirect and the secret. */
async function hostedFlow(browser: Browser, url: string, login: string): Promise<{ location: URL; secret?: string; states: Json[] }> {
  const page = await browser.fetch(url);
  assert.equal(page.status, 200, await page.clone().text());
  let state = (await introspect(server.url, { stateToken: hostedStateToken(await page.text()) })).json;
  const states = [state];
  state = (await browser.submit(state, 'identify', { identifier: login })).json;
  state = (await browser.submit(state, 'challenge-authenticator', { credentials: { passcode: TEST.password } })).json;
  states.push(state);
  // A first sign-in offers the optional google_otp: not now.
  if (remediationNames(state).includes('skip')) state = (await browser.submit(state, 'skip')).json;
  let secret: string | undefined;
  if (state.currentAuthenticator) {
    secret = state.currentAuthenticator.value.contextualData.sharedSecret;
    state = (await browser.submit(state, 'enroll-authenticator', { credentials: { passcode: codeFor(secret!) } })).json;
  }
  assert.ok(state.success, JSON.stringify(state));
  const finish = await browser.fetch(state.success.href);
  assert.equal(finish.status, 302);
  return { location: new URL(finish.headers.get('location')!), secret, states };
}

/** Signs in on the landing page's dashboard (enrolling google_otp when the policy requires it). */
async function signedIn(login: string): Promise<{ browser: Browser; secret?: string }> {
  const browser = new Browser();
  const href = /href="(\/oauth2\/v1\/authorize[^"]+)"/.exec(await browser.page())![1].replaceAll('&#38;', '&');
  const { location, secret } = await hostedFlow(browser, href, login);
  assert.equal(location.pathname, '/login/callback');
  return { browser, secret };
}

/** The Add link of the page for google_otp, followed through the enrollment. */
async function addTotp(browser: Browser, login: string): Promise<string> {
  const href = /<a class="button" href="([^"]+)">Add Google Authenticator<\/a>/.exec(await browser.page())![1].replaceAll('&#38;', '&');
  const { location, secret, states } = await hostedFlow(browser, href, login);
  assert.equal(states[0].intent, 'CREDENTIAL_ENROLLMENT');
  assert.equal(location.pathname, '/login/callback');
  assert.equal(location.searchParams.get('code'), null, 'response_type=none: no code');
  assert.equal((await browser.fetch(location.toString())).headers.get('location'), '/');
  return secret!;
}

const items = (html: string) => [...html.matchAll(/<li data-enrollment-id="([^"]+)"><strong class="kind">([^<]+)<\/strong>(.*?)<\/li>/g)].map((m) => ({ id: m[1], kind: m[2], rest: m[3] }));
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1];

describe('enrolling outside sign-in (prompt=enroll_authenticator)', () => {
  it('/interact: the person authenticates, then is offered only the authenticator asked for, then gets the interaction code', async () => {
    const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { prompt: 'enroll_authenticator', enroll_amr_values: 'otp', max_age: '0' } });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
    assert.equal(first.json.intent, 'CREDENTIAL_ENROLLMENT');
    assert.deepEqual(remediationNames(first.json), ['identify']);
    const identified = await submit(first.json, 'identify', { identifier: PEOPLE.interact });
    const enrolling = await submit(identified.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } });
    assert.deepEqual(remediationNames(enrolling.json), ['enroll-authenticator', 'select-authenticator-enroll']);
    assert.deepEqual(enrolling.json.authenticators.value.map((a: Json) => a.key), ['google_otp']);
    assert.equal(enrolling.json.intent, 'CREDENTIAL_ENROLLMENT');
    const secret = enrolling.json.currentAuthenticator.value.contextualData.sharedSecret;
    const done = await submit(enrolling.json, 'enroll-authenticator', { credentials: { passcode: codeFor(secret) } });
    const interactionCode = interactionCodeOf(done.json);
    assert.ok(interactionCode, JSON.stringify(done.json));
    const tokens = await redeem(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, interactionCode, verifier: started.pkce.verifier });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    assert.deepEqual(JSON.parse(Buffer.from(tokens.json.id_token.split('.')[1], 'base64url').toString()).amr.sort(), ['mfa', 'otp', 'pwd']);

    // Enrolled now: asking again, after authenticating, finds nothing this person may enroll; the transaction ends.
    clock.advance(STEP_MS);
    const again = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { prompt: 'enroll_authenticator', enroll_amr_values: 'otp' } });
    const id2 = await submit((await introspect(server.url, { interactionHandle: again.json.interaction_handle })).json, 'identify', { identifier: PEOPLE.interact });
    const refused = await submit(id2.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } });
    assert.equal(refused.status, 403, JSON.stringify(refused.json));
    assert.deepEqual(messageKeys(refused.json), ['idx.authenticator.invalid']);
    assert.deepEqual(remediationNames(refused.json), []);
  });

  it('/interact refuses enroll_amr_values that name nothing enrollable', async () => {
    for (const amr of ['', 'face']) {
      const r = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, override: { prompt: 'enroll_authenticator', enroll_amr_values: amr } });
      assert.equal(r.status, 400, JSON.stringify(r.json));
      assert.equal(r.json.error, 'invalid_request');
    }
  });

  it('okta-auth-js enrollAuthenticator: /authorize with response_type=none and no scope, the hosted page, back to the app with its state and no code', async () => {
    let location = '';
    const auth = oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], setLocation: (url) => (location = url) });
    auth.endpoints.authorize.enrollAuthenticator({ enrollAmrValues: ['otp'], acrValues: 'urn:okta:2fa:any:ifpossible' });
    const sent = new URL(location);
    assert.equal(sent.searchParams.get('prompt'), 'enroll_authenticator');
    assert.equal(sent.searchParams.get('response_type'), 'none');
    assert.equal(sent.searchParams.get('scope'), null);
    const browser = new Browser();
    const { location: back, secret, states } = await hostedFlow(browser, location, PEOPLE.sdk);
    assert.ok(secret);
    assert.equal(states[0].intent, 'CREDENTIAL_ENROLLMENT');
    assert.equal(`${back.origin}${back.pathname}`, TEST.redirectUri);
    assert.equal(back.searchParams.get('state'), sent.searchParams.get('state'));
    assert.equal(back.searchParams.get('code'), null);
    // The sign-in it made counts as a recent verification: the new enrollment can be named at once.
    const [totp] = (await browser.api('?expand=enrollments')).json.find((a: Json) => a.key === 'google_otp')._embedded.enrollments;
    assert.ok(totp.created);
  });

  it('/authorize refuses prompt=enroll_authenticator with a code flow, or without enroll_amr_values', async () => {
    const base = { client_id: TEST.spa.clientId, redirect_uri: TEST.redirectUri, prompt: 'enroll_authenticator', state: 's' };
    for (const extra of [{ response_type: 'code', enroll_amr_values: 'otp' }, { response_type: 'none' } as Record<string, string>, { response_type: 'none', enroll_amr_values: 'otp', prompt: 'enroll_authenticator login' }]) {
      const r = await fetch(`${issuer}/v1/authorize?${new URLSearchParams({ ...base, ...extra })}`, { redirect: 'manual' });
      assert.equal(r.status, 302);
      const to = new URL(r.headers.get('location')!);
      assert.ok(to.searchParams.get('error'), to.toString());
    }
  });
});

describe('the landing page\'s security methods', () => {
  it('lists the methods; adds google_otp through prompt=enroll_authenticator; renames it; removes it, which is logged', async () => {
    const { browser } = await signedIn(PEOPLE.page);
    let html = await browser.page();
    assert.match(html, /<h2>Security methods<\/h2>/);
    assert.deepEqual(items(html).map((i) => i.kind), ['Password']);
    assert.doesNotMatch(items(html)[0].rest, /<form/, 'the password cannot be renamed or removed here');

    await addTotp(browser, PEOPLE.page);
    html = await browser.page();
    const totp = items(html).find((i) => i.kind === 'Google Authenticator')!;
    assert.ok(totp, html);
    const today = new Date(clock.now()).toISOString().slice(0, 10);
    assert.match(totp.rest, new RegExp(`Enrolled ${today}, last used ${today}`));
    assert.doesNotMatch(html, /Add Google Authenticator/, 'enrolled: not offered again');

    const renamed = await browser.post(`/enduser/authenticators/${totp.id}/nickname`, { nickname: 'My phone <b>', csrf: csrfOf(html) });
    assert.equal(renamed.status, 303);
    assert.equal(renamed.headers.get('location'), '/');
    html = await browser.page();
    assert.match(html, /<span class="nickname">“My phone &#60;b&#62;”<\/span>/);

    const removed = await browser.post(`/enduser/authenticators/${totp.id}/remove`, { csrf: csrfOf(html) });
    assert.equal(removed.status, 303);
    assert.deepEqual(items(await browser.page()).map((i) => i.kind), ['Password']);
    const event = log.events().find((e) => e.eventType === 'user.mfa.factor.deactivate');
    assert.ok(event, 'user.mfa.factor.deactivate logged');
    assert.deepEqual(event.target?.[1], { id: totp.id, type: 'AuthenticatorEnrollment', alternateId: 'google_otp' });
    assert.match(await browser.page(), /Signed in as/, 'removal ends no session');
  });

  it('the last google_otp the policy requires cannot be removed; without a recent verification a change goes through a sign-in again (max_age=0)', async () => {
    const { browser, secret } = await signedIn(PEOPLE.required);
    assert.ok(secret, 'the policy had them enroll google_otp');
    const html = await browser.page();
    const totp = items(html).find((i) => i.kind === 'Google Authenticator')!;
    const refused = await browser.post(`/enduser/authenticators/${totp.id}/remove`, { csrf: csrfOf(html) });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /data-i18n-key="errors.E0000001">Api validation failed: your organization requires this security method. Add another one before you remove it./);
    assert.ok(items(await browser.page()).some((i) => i.id === totp.id));

    clock.advance(6 * 60_000);
    const r = await browser.post(`/enduser/authenticators/${totp.id}/nickname`, { nickname: 'Stale', csrf: csrfOf(html) });
    assert.equal(r.status, 303);
    const to = new URL(r.headers.get('location')!, server.url);
    assert.equal(to.pathname, '/oauth2/v1/authorize');
    assert.equal(to.searchParams.get('max_age'), '0');
    assert.equal(to.searchParams.get('login_hint'), PEOPLE.required);
    assert.doesNotMatch(await browser.page(), /Stale/);
  });

  it('a form from another site, with no Origin, or without the page\'s token changes nothing', async () => {
    const { browser } = await signedIn(PEOPLE.page);
    await addTotp(browser, PEOPLE.page);
    const html = await browser.page();
    const totp = items(html).find((i) => i.kind === 'Google Authenticator')!;
    for (const [fields, origin] of [[{ csrf: csrfOf(html) }, 'https://evil.example'], [{ csrf: csrfOf(html) }, null], [{}, server.url], [{ csrf: 'forged' }, server.url]] as const) {
      const r = await browser.post(`/enduser/authenticators/${totp.id}/remove`, fields as Record<string, string>, origin);
      assert.equal(r.status, 403);
    }
    assert.ok(items(await browser.page()).some((i) => i.id === totp.id));
  });
});

describe('the MyAccount authenticators API (session cookie)', () => {
  it('lists authenticators and enrollments as Okta does; renames; refuses what it must with Okta errors; removes', async () => {
    assert.deepEqual((await new Browser().api('')).json.errorCode, 'E0000005', 'no session: 401 Invalid session');
    const { browser } = await signedIn(PEOPLE.api);
    await addTotp(browser, PEOPLE.api);
    const listed = await browser.api('?expand=enrollments');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json.map((a: Json) => [a.key, a.name, a.enrollable, a._embedded.enrollments.length]), [['okta_password', 'Password', false, 1], ['google_otp', 'Google Authenticator', false, 1]]);
    const [password] = listed.json[0]._embedded.enrollments;
    assert.equal(password.canUnenroll, false);
    const totp = listed.json[1]._embedded.enrollments[0];
    assert.equal(totp.canUnenroll, true);
    assert.equal(totp.name, 'Google Authenticator');
    assert.match(totp.created, /^\d{4}-\d\d-\d\dT/);
    const self = new URL(totp._links.self.href).pathname.replace('/idp/myaccount/authenticators', '');
    assert.deepEqual(totp._links.self.hints.allow, ['GET', 'PATCH', 'DELETE']);
    assert.deepEqual((await browser.api(self)).json, totp);
    assert.equal((await browser.api(`/${listed.json[1].id}/enrollments`)).json.length, 1);
    const missing = await browser.api(`/${listed.json[1].id}/enrollments/paeNope`);
    assert.deepEqual([missing.status, missing.json.errorCode], [404, 'E0000007']);

    const named = await browser.api(self, { method: 'PATCH', body: { nickname: 'Work phone' }, origin: server.url });
    assert.equal(named.status, 200, JSON.stringify(named.json));
    assert.equal(named.json.nickname, 'Work phone');
    const crossSite = await browser.api(self, { method: 'PATCH', body: { nickname: 'x' }, origin: 'https://evil.example' });
    assert.deepEqual([crossSite.status, crossSite.json.errorCode], [403, 'E0000006']);
    const malformed = await browser.api(self, { method: 'PATCH', body: { nickname: 5 }, origin: server.url });
    assert.deepEqual([malformed.status, malformed.json.errorCode], [400, 'E0000001']);
    const unnamed = await browser.api(self, { method: 'PATCH', body: { nickname: null }, origin: server.url });
    assert.equal(unnamed.json.nickname, undefined);
    const passwordSelf = new URL(password._links.self.href).pathname.replace('/idp/myaccount/authenticators', '');
    const fixed = await browser.api(passwordSelf, { method: 'DELETE', origin: server.url });
    assert.deepEqual([fixed.status, fixed.json.errorCode], [400, 'E0000060']);

    clock.advance(6 * 60_000);
    for (const method of ['PATCH', 'DELETE']) {
      const stale = await browser.api(self, { method, ...(method === 'PATCH' && { body: { nickname: 'late' } }), origin: server.url });
      assert.deepEqual([stale.status, stale.json.errorCode], [403, 'E0000092'], method);
    }

    const { browser: again } = await signedIn(PEOPLE.api);
    const removed = await again.api(self, { method: 'DELETE', origin: server.url });
    assert.equal(removed.status, 204);
    const after = await again.api('?expand=enrollments');
    assert.deepEqual(after.json.map((a: Json) => [a.key, a.enrollable, a._embedded.enrollments.length]), [['okta_password', false, 1], ['google_otp', true, 0]]);
    assert.match(after.json[1]._links.enroll.href, /prompt=enroll_authenticator&enroll_amr_values=otp/);
  });
});

