import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AuthApiError, IdxStatus } from '@okta/okta-auth-js';
import { authenticator } from 'otplib';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, writeOrgFile, type TestServer } from '../support/server.js';
import { CODE_FLOW_SERVER } from '../support/classicHostedOrg.js';
import { sqliteTestDatabase } from '../support/databases.js';
import { runCli } from '../support/process.js';
import { totpCodes } from '../support/totpCodes.js';

/**
 * The whole Classic → Identity Engine path on one org, with the CLI and the management API an admin
 * uses and the apps' own okta-auth-js: a Classic org (two apps, Classic policies, users with Classic
 * factors) signs in through authn; `upgrade check`, `upgrade org --dry-run`, `upgrade org`; app 1
 * moves for half its users, then all; a copy of the store rolls back to the Classic org, byte for
 * byte in export.
 */
const PASSWORD = 'Correct-Horse-9';
const APP1 = 'classic-app-1';
const APP2 = 'classic-app-2';
/** Each app on its own origin: a session cookie redirect back to one names its app. */
const REDIRECTS: Record<string, string> = { [APP1]: 'http://localhost:3000/callback', [APP2]: 'http://localhost:3002/callback' };
/** Enough people that a 50% rollout puts some on each side, whatever ids the import gives them. */
const PEOPLE = Array.from({ length: 16 }, (_, i) => `user${String(i).padStart(2, '0')}@example.com`);
const MFA = 'mfa@example.com';
const TOTP_SECRET = authenticator.generateSecret(20);

function classicOrgFile() {
  return {
    version: 1,
    org: { name: 'Classic Co', engine: 'classic', classicFeatures: { securityImage: true, rememberMe: false } },
    groups: [{ name: 'MFA' }],
    users: [
      ...PEOPLE.map((login) => ({ login, password: PASSWORD })),
      { login: MFA, password: PASSWORD, groups: ['MFA'], authenticatorEnrollments: [{ key: 'google_otp', secret: TOTP_SECRET }] },
    ],
    apps: [APP1, APP2].map((clientId, i) => ({ clientId, label: `App ${i + 1}`, type: 'browser', redirectUris: [REDIRECTS[clientId]], grantTypes: ['authorization_code'] })),
    trustedOrigins: [{ name: 'App 1', origin: new URL(REDIRECTS[APP1]).origin, scopes: ['REDIRECT'] }],
    authorizationServers: [CODE_FLOW_SERVER],
    policies: [
      {
        type: 'OKTA_SIGN_ON', name: 'Default Policy', priority: 1,
        rules: [
          { name: 'MFA group', priority: 1, conditions: { people: { groups: { include: ['MFA'] } } }, actions: { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'SESSION', session: { maxSessionIdleMinutes: 120 } } } },
          { name: 'Everyone', priority: 2, conditions: {}, actions: { signon: { access: 'ALLOW', requireFactor: false, session: { maxSessionIdleMinutes: 120 } } } },
        ],
      },
      {
        type: 'APP_SIGN_ON', name: 'App 2 sign-on', priority: 1, conditions: { apps: { include: [APP2] } },
        rules: [{ name: 'Password', priority: 1, conditions: {}, actions: { signon: { access: 'ALLOW', requireFactor: false } } }],
      },
      {
        type: 'MFA_ENROLL', name: 'Default Policy', priority: 1,
        settings: { type: 'FACTORS', factors: { google_otp: { enroll: { self: 'OPTIONAL' } }, okta_email: { enroll: { self: 'OPTIONAL' } }, okta_sms: { enroll: { self: 'NOT_ALLOWED' } } } },
        rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { enroll: { self: 'CHALLENGE' } } }],
      },
      {
        type: 'PASSWORD', name: 'Default Policy', priority: 1,
        settings: { recovery: { factors: { okta_email: { status: 'ACTIVE' }, okta_sms: { status: 'ACTIVE' }, recovery_question: { status: 'ACTIVE' } } } },
        rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { selfServicePasswordReset: { access: 'ALLOW' }, selfServiceUnlock: { access: 'DENY' } } }],
      },
      {
        type: 'SELF_SERVICE_REGISTRATION', name: 'Registration', priority: 1,
        settings: {
          profileAttributes: [{ name: 'email', label: 'Email', required: true }, { name: 'firstName', label: 'First name', required: true }],
          targetGroups: [], activation: { requireEmailVerification: true }, defaultRedirect: 'DASHBOARD',
        },
      },
    ],
  };
}

const database = sqliteTestDatabase();
let server: TestServer;
before(async () => {
  server = await startTestServer({ org: classicOrgFile(), database });
});
after(() => server.stop());

const cli = async (args: string[], url = database.url) => {
  const r = await runCli([...args, '--database-url', url]);
  return { ...r, text: r.stdout };
};
const exportOrg = async (url = database.url) => {
  const r = await cli(['org', 'export'], url);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};
/** The server re-reads its configuration within a second of a change (another process wrote it). */
const configSettles = () => new Promise((resolve) => setTimeout(resolve, 1100));

const classicClient = () => oktaAuth({ issuer: server.url, clientId: APP1, redirectUri: REDIRECTS[APP1], scopes: ['openid'] });
const idxClient = (clientId = APP1) => oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId, redirectUri: REDIRECTS[clientId], scopes: ['openid'] });
/** A code of a time step not used yet (each step's code is accepted once, within a step of now): waits for one when needed. */
const totp = totpCodes(TOTP_SECRET);

/** Classic sign-in as the app's code does it; an optional factor offered on a first sign-in is skipped. */
async function signInClassic(login: string): Promise<string> {
  let t = await classicClient().signInWithCredentials({ username: login, password: PASSWORD });
  if (t.status === 'MFA_ENROLL') t = await t.skip!();
  if (t.status === 'MFA_REQUIRED') {
    const factor = t.factors!.find((f) => f.factorType === 'token:software:totp')!;
    t = await factor.verify!({ passCode: await totp() });
  }
  assert.equal(t.status, 'SUCCESS', `${login}: ${t.status}`);
  return t.sessionToken!;
}

/** Identity Engine sign-in as the moved app's code does it (okta-auth-js idx.authenticate). */
async function signInIdx(login: string, clientId = APP1): Promise<void> {
  const auth = idxClient(clientId);
  let t = await auth.idx.authenticate({ username: login, password: PASSWORD });
  if (t.status === IdxStatus.PENDING && t.nextStep?.name === 'select-authenticator-authenticate') t = await auth.idx.proceed({ authenticator: 'google_otp' });
  if (t.status === IdxStatus.PENDING && t.nextStep?.name === 'challenge-authenticator') t = await auth.idx.proceed({ verificationCode: await totp() });
  assert.equal(t.status, IdxStatus.SUCCESS, `${login}: ${JSON.stringify(t.messages ?? t.nextStep)}`);
  assert.ok(t.tokens?.idToken);
}

const route = async (login: string, clientId = APP1) => {
  const r = await fetch(`${server.url}/api/v1/upgrade/route?${new URLSearchParams({ client_id: clientId, login })}`);
  assert.equal(r.status, 200);
  return ((await r.json()) as { engine: string }).engine;
};

const interact = (clientId = APP1) => fetch(`${server.url}/oauth2/default/v1/interact`, {
  method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ client_id: clientId, scope: 'openid', redirect_uri: REDIRECTS[clientId], code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', state: 's' }),
});
/** The app trades a Classic sessionToken at /authorize (where okta-auth-js signInWithRedirect({ sessionToken }) sends the browser). */
async function redeemAtAuthorize(sessionToken: string, clientId = APP1): Promise<void> {
  const query = new URLSearchParams({
    client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: REDIRECTS[clientId], state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', sessionToken,
  });
  assert.equal((await fetch(`${server.url}/oauth2/default/v1/authorize?${query}`, { redirect: 'manual' })).status, 302);
}
/** The app trades it with a session cookie redirect back to its own page (okta-auth-js session.setCookieAndRedirect). */
async function redeemByCookieRedirect(sessionToken: string, clientId = APP1): Promise<void> {
  const query = new URLSearchParams({ token: sessionToken, redirectUrl: REDIRECTS[clientId] });
  assert.equal((await fetch(`${server.url}/login/sessionCookieRedirect?${query}`, { redirect: 'manual' })).status, 302);
}

/** The management API with the admin's API token (Authorization: SSWS), as okta-sdk-nodejs sends it. */
let apiToken = '';
async function api(method: string, path: string, body?: unknown, token = apiToken): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- answers read by their documented keys
  const r = await fetch(`${server.url}${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Accept: 'application/json', ...(token && { Authorization: `SSWS ${token}` }), ...(body !== undefined && { 'Content-Type': 'application/json' }) },
  });
  return { status: r.status, body: await r.json() };
}
const INVALID_TOKEN = { errorCode: 'E0000011', errorSummary: 'Invalid token provided' };
const errorOf = (r: { body: { errorCode: string; errorSummary: string } }) => ({ errorCode: r.body.errorCode, errorSummary: r.body.errorSummary });

const FEATURE_OFF = { error: 'access_denied', error_description: 'The requested feature is not enabled in this environment.' };

let classicExport = '';
let sessionCookie = '';
const sessionAlive = async () => (await fetch(`${server.url}/api/v1/sessions/me`, { headers: { cookie: `idx=${sessionCookie}` } })).status === 200;

describe('a Classic org moves to the Identity Engine, app by app, and back', () => {
  it('as a Classic org: authn signs in (with the TOTP factor where the sign-on policy asks one), IDX is off', async () => {
    for (const login of [...PEOPLE, MFA]) await signInClassic(login);
    const required = await classicClient().signInWithCredentials({ username: MFA, password: PASSWORD });
    assert.equal(required.status, 'MFA_REQUIRED', 'the Classic sign-on rule of the MFA group asks a second factor');
    // A session made from a sessionToken: it must outlive the upgrade.
    const trade = await fetch(`${server.url}/login/sessionCookieRedirect?token=${await signInClassic(PEOPLE[0])}&redirectUrl=${encodeURIComponent(`${server.url}/`)}`, { redirect: 'manual' });
    assert.equal(trade.status, 302);
    sessionCookie = /idx=([^;]*)/.exec(trade.headers.getSetCookie().join('\n'))![1];
    assert.ok(await sessionAlive());

    const off = await interact();
    assert.equal(off.status, 400);
    assert.deepEqual(await off.json(), FEATURE_OFF);
    const introspect = await fetch(`${server.url}/idp/idx/introspect`, { method: 'POST', headers: { 'Content-Type': 'application/ion+json; okta-version=1.0.0' }, body: JSON.stringify({ stateHandle: 'x' }) });
    assert.equal(introspect.status, 400);
    assert.deepEqual(await introspect.json(), FEATURE_OFF);
    await assert.rejects(idxClient().idx.authenticate({ username: PEOPLE[0], password: PASSWORD }), (e: AuthApiError) => /not enabled in this environment/.test(String(e.errorSummary ?? e.message)));
    assert.equal(await route(PEOPLE[0]), 'classic');
    classicExport = await exportOrg();
    assert.match(classicExport, /engine: classic/);
  });

  it('upgrade check: what the Identity Engine drops or changes, none blocking here; the same through the management API, with an API token only', async () => {
    const r = await cli(['upgrade', 'check', '--json']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const report = JSON.parse(r.stdout) as { ready: boolean; findings: Array<{ feature: string; blocks: boolean }> };
    const created = await cli(['admin', 'api-token', 'create', '--name', 'upgrade']);
    assert.equal(created.code, 0, created.stderr);
    apiToken = created.stdout.trim();
    const viaApi = await api('GET', '/api/v1/upgrade/check');
    assert.equal(viaApi.status, 200);
    assert.deepEqual(viaApi.body, report, 'the API answers what --json prints');
    for (const token of ['', `${apiToken}x`, 'not-a-token']) {
      const refused = await api('GET', '/api/v1/upgrade/check', undefined, token);
      assert.equal(refused.status, 401);
      assert.deepEqual(errorOf(refused), INVALID_TOKEN);
    }
    assert.equal(report.ready, true);
    assert.deepEqual(report.findings.map((f) => f.feature).sort(), ['SMS recovery', 'email enrollment optional', 'security image', 'security question recovery']);
    const text = await cli(['upgrade', 'check']);
    assert.match(text.stdout, /changes {2}security image\n {4}in use: {6}org\.classicFeatures\.securityImage/);
    assert.match(text.stdout, /ready: nothing blocks the upgrade/);
  });

  it('upgrade org --dry-run prints the diff and writes nothing (the API answers the same diff)', async () => {
    const r = await cli(['upgrade', 'org', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    const viaApi = await api('POST', '/api/v1/upgrade/org', { dryRun: true });
    assert.equal(viaApi.status, 200);
    assert.deepEqual({ ...viaApi.body, diff: '' }, { dryRun: true, diff: '', classicPolicies: 5, identityEnginePolicies: 6, blockers: [] });
    assert.equal(r.stdout, `${viaApi.body.diff}dry run: nothing written\n`);
    assert.match(r.stdout, /^- {3}engine: classic$/m);
    assert.match(r.stdout, /^\+ {3}engine: identity_engine$/m);
    assert.match(r.stdout, /^- +- type: APP_SIGN_ON$/m);
    assert.match(r.stdout, /^\+ +- type: ACCESS_POLICY$/m);
    assert.match(r.stdout, /^- +- type: SELF_SERVICE_REGISTRATION$/m);
    assert.match(r.stdout, /^\+ +- type: PROFILE_ENROLLMENT$/m);
    assert.match(r.stdout, /^- +okta_sms:$/m);
    assert.match(r.stdout, /^\+ +- key: phone_number$/m, 'okta_sms becomes the phone authenticator');
    assert.match(r.stdout, /dry run: nothing written/);
    assert.equal(await exportOrg(), classicExport);
  });

  it('upgrade org: Identity Engine policies; sign-in decides as before; IDX still off for apps without interaction_code', async () => {
    const r = await cli(['upgrade', 'org']);
    assert.equal(r.code, 0, r.stderr);
    const upgraded = await exportOrg();
    assert.match(upgraded, /engine: identity_engine/);
    assert.doesNotMatch(upgraded, /APP_SIGN_ON|SELF_SERVICE_REGISTRATION|classicFeatures/);
    await configSettles();
    await signInClassic(PEOPLE[1]);
    const required = await classicClient().signInWithCredentials({ username: MFA, password: PASSWORD });
    assert.equal(required.status, 'MFA_REQUIRED', 'the translated policy still asks the MFA group a second factor');
    await signInClassic(MFA);
    const off = await interact();
    assert.equal(off.status, 400);
    assert.deepEqual(await off.json(), FEATURE_OFF);
    assert.ok(await sessionAlive(), 'the session made in Classic survives the upgrade');
  });

  it('app 1 at 50% (through the API): a deterministic half signs in through IDX, the other half through authn; all succeed; counts shown per app', async () => {
    for (const [body, field] of [[{ percent: 101 }, 'percent'], [{ percent: 12.5 }, 'percent'], [{ percent: '50' }, 'percent'], [{ percent: 50, groups: ['Nobody'] }, 'groups']] as const) {
      const refused = await api('PUT', `/api/v1/upgrade/apps/${APP1}`, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.errorCode, 'E0000001');
      assert.match(refused.body.errorCauses[0].errorSummary, new RegExp(`^${field}: `));
    }
    const unknown = await api('PUT', '/api/v1/upgrade/apps/nope', { percent: 50 });
    assert.equal(unknown.status, 404);
    assert.deepEqual(errorOf(unknown), { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nope (AppInstance)' });
    const moved = await api('PUT', `/api/v1/upgrade/apps/${APP1}`, { percent: 50 });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual(moved.body, { clientId: APP1, engine: 'identity_engine', rollout: { percent: 50, groups: [] }, summary: 'identity_engine for 50% of users, classic for the others' });
    assert.match(await exportOrg(), new RegExp(`clientId: ${APP1}[\\s\\S]*?grantTypes:\\n\\s+- authorization_code\\n\\s+- interaction_code[\\s\\S]*?engine: identity_engine\\n\\s+rollout:\\n\\s+percent: 50`), 'the org file holds the move');
    await configSettles();
    const engines = new Map<string, string>();
    for (const login of PEOPLE) engines.set(login, await route(login));
    for (const login of PEOPLE) assert.equal(await route(login), engines.get(login), 'the same answer every time');
    const ie = PEOPLE.filter((l) => engines.get(l) === 'identity_engine');
    const classic = PEOPLE.filter((l) => engines.get(l) === 'classic');
    assert.ok(ie.length > 0 && classic.length > 0, `both engines get people: ${ie.length} IDX, ${classic.length} authn`);
    assert.equal(await route(PEOPLE[0], APP2), 'classic', 'app 2 has not moved');
    // A login that matches nobody gets an answer of the same shape (placed like an account would be).
    assert.match(await route('nobody@example.com'), /^(classic|identity_engine)$/);
    const noClient = await fetch(`${server.url}/api/v1/upgrade/route?login=${PEOPLE[0]}`);
    assert.equal(noClient.status, 400);
    assert.equal(((await noClient.json()) as { errorCode: string }).errorCode, 'E0000001');
    const unknownApp = await fetch(`${server.url}/api/v1/upgrade/route?client_id=nope&login=${PEOPLE[0]}`);
    assert.equal(unknownApp.status, 404);
    assert.equal(((await unknownApp.json()) as { errorCode: string }).errorCode, 'E0000007');

    const before = await status();
    for (const login of ie) await signInIdx(login);
    // The app redeems each Classic sessionToken, one way or the other; the MFA user's is never redeemed.
    for (const [i, login] of classic.entries()) await (i % 2 ? redeemByCookieRedirect : redeemAtAuthorize)(await signInClassic(login));
    await signInIdx(MFA);
    await signInClassic(MFA);
    const after = await status();
    const added = (engine: string, clientId: string, outcome = 'success') => count(after, engine, clientId, outcome) - count(before, engine, clientId, outcome);
    assert.equal(added('identity_engine', APP1), ie.length + 1);
    assert.equal(added('classic', APP1), classic.length, 'Classic sign-ins count against the app that redeemed their sessionToken');
    assert.equal(added('classic', ''), 1, 'one not yet redeemed by an app');
    assert.equal(added('classic', APP2), 0);
    assert.equal(count(after, 'identity_engine', APP1, 'failure'), 0);

    // Refused sign-ins count as failures of their engine.
    const wrongIdx = await idxClient().idx.authenticate({ username: ie[0], password: 'wrong-password' });
    assert.equal(wrongIdx.status, IdxStatus.PENDING);
    await assert.rejects(classicClient().signInWithCredentials({ username: classic[0], password: 'wrong-password' }));
    const failed = await status();
    assert.equal(count(failed, 'identity_engine', APP1, 'failure'), 1);
    assert.equal(count(failed, 'classic', '', 'failure') - count(after, 'classic', '', 'failure'), 1);

    await assert.rejects(signInIdx(PEOPLE[0], APP2), 'app 2 is still Classic');
    const text = await cli(['upgrade', 'status']);
    assert.match(text.stdout, new RegExp(`${APP1} {2}identity_engine for 50% of users`));
    assert.match(text.stdout, new RegExp(`${APP2} {2}classic`));
    assert.match(text.stdout, new RegExp(`identity_engine {2}${APP1} {2}${count(after, 'identity_engine', APP1, 'success')} {2}1`));
    assert.match(text.stdout, new RegExp(`classic {2}${APP1} {2}${classic.length} {2}0`));
    const json = await cli(['upgrade', 'status', '--json']);
    assert.deepEqual(JSON.parse(json.stdout), await status(), 'the API answers what --json prints');
  });

  it('app 1 at 100%: everyone signs in through IDX; nobody lost a password, a factor or a session', async () => {
    assert.equal((await cli(['upgrade', 'app', APP1, '--percent', '100'])).code, 0);
    await configSettles();
    for (const login of [...PEOPLE, MFA]) {
      assert.equal(await route(login), 'identity_engine');
      await signInIdx(login);
    }
    assert.ok(await sessionAlive());
  });

  it('rollback on a copy: refused while app 1 has moved; after moving it back, the Classic org exactly (export byte for byte)', async () => {
    const copy = `sqlite:${join(database.url.slice('sqlite:'.length), '..', 'copy.sqlite')}`;
    const source = new Database(database.url.slice('sqlite:'.length), { readonly: true });
    await source.backup(copy.slice('sqlite:'.length));
    source.close();

    const refused = await cli(['upgrade', 'rollback'], copy);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`apps have moved to the Identity Engine: ${APP1}; move them back first`));
    const refusedViaApi = await api('POST', '/api/v1/upgrade/rollback');
    assert.equal(refusedViaApi.status, 409);
    assert.equal(refusedViaApi.body.errorCode, 'E0000001');
    assert.match(refusedViaApi.body.errorSummary, /^Api validation failed: apps have moved to the Identity Engine/);
    assert.deepEqual(refusedViaApi.body.errorCauses, [{ errorSummary: APP1 }]);
    assert.equal((await cli(['upgrade', 'app', APP1, '--back'], copy)).code, 0);
    const rolledBack = await cli(['upgrade', 'rollback'], copy);
    assert.equal(rolledBack.code, 0, rolledBack.stderr);
    assert.equal(await exportOrg(copy), classicExport);
    // The original stays upgraded.
    assert.match(await exportOrg(), /engine: identity_engine/);
  });
});

describe('an app pinned to the Classic Engine in the org file', () => {
  it('is off IDX even with the interaction_code grant, and routed to authn', async () => {
    const pinned = { version: 1, apps: [{ clientId: APP2, label: 'App 2', type: 'browser', redirectUris: [REDIRECTS[APP2]], grantTypes: ['authorization_code', 'interaction_code'], engine: 'classic' }] };
    const file = writeOrgFile(pinned);
    try {
      const imported = await cli(['org', 'import', file.path]);
      assert.equal(imported.code, 0, imported.stderr);
    } finally {
      file.remove();
    }
    await configSettles();
    const off = await interact(APP2);
    assert.equal(off.status, 400);
    assert.deepEqual(await off.json(), FEATURE_OFF);
    assert.equal(await route(PEOPLE[0], APP2), 'classic');
    await signInClassic(PEOPLE[0]);
  });
});

type Status = { signIns: Array<{ clientId: string; engine: string; outcome: string; count: number }> };
async function status(): Promise<Status> {
  const r = await api('GET', '/api/v1/upgrade/status');
  assert.equal(r.status, 200);
  return r.body as Status;
}
const count = (s: Status, engine: string, clientId: string, outcome: string) =>
  s.signIns.find((c) => c.engine === engine && c.clientId === clientId && c.outcome === outcome)?.count ?? 0;
