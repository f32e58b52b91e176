import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client, type User } from '@okta/okta-sdk-nodejs';
import { IdxStatus, type IdxTransaction } from '@okta/okta-auth-js';
import { createApiToken } from '../../src/org/apiTokens.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { latestEmailText } from '../support/outbox.js';
import { all, refusal } from '../support/oktaSdk.js';
import { capturingLogger } from '../support/logs.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

/*
 * Okta's Users API through Okta's own Node SDK (@okta/okta-sdk-nodejs): create (with a password, a
 * recovery question, groups; STAGED, PROVISIONED with an activation email, ACTIVE), list (paged
 * across Link headers, q, filter, search), update and replace the profile, delete (deactivate, then
 * remove), and the lifecycle operations activate, reactivate, unlock and expire_password. People
 * made here sign in with okta-auth-js; refusals arrive as the SDK's OktaApiError with Okta's codes.
 */

/** A password the default policy takes and the NIST group's (15 characters at least) does not. */
const PASSWORD = 'Fresh-Horse-42';
const LONG_PASSWORD = 'correct horse battery staple';
const PARTIAL = 'partial@example.com';
const clock = new TestClock();
const log = capturingLogger();
let server: TestServer;
let issuer: string;
let client: Client;
let groupIds: { engineering: string; nist: string };

before(async () => {
  const base = testOrg();
  const org = {
    ...base,
    // Imported without a last name, which Okta's profile requires.
    users: [...base.users, { login: PARTIAL, profile: { firstName: 'Pat' }, password: TEST.password }],
    groups: [{ name: 'Engineering' }, { name: 'NIST' }],
    userSchema: { properties: { employeeCode: { title: 'Employee code', type: 'string', pattern: 'E[0-9]{4}' } } },
    policies: [{ type: 'PASSWORD', name: 'NIST', priority: 1, conditions: { people: { groups: { include: ['NIST'] } } }, settings: { password: { preset: 'NIST_800_63B' } } }],
  };
  server = await startTestServer({ org, clock, logger: log.logger });
  issuer = `${server.url}/oauth2/default`;
  const { token } = await createApiToken(server.lk.store, 'users admin', clock.now());
  // No cache: the tests read users again after changes made by sign-ins and other calls.
  client = new Client({ orgUrl: server.url, token, cacheMiddleware: null });
  const idOf = async (name: string) => (await server.lk.store.groups.findByName(name))!.id;
  groupIds = { engineering: await idOf('Engineering'), nist: await idOf('NIST') };
});
after(() => server.stop());

const person = (login: string, extra: Record<string, unknown> = {}) => ({ login, email: login, firstName: 'Test', lastName: 'Person', ...extra });

const create = (login: string, options: { password?: string; activate?: boolean; groupIds?: string[]; profile?: Record<string, unknown> } = {}) =>
  client.userApi.createUser({
    body: { profile: person(login, options.profile), ...(options.password && { credentials: { password: { value: options.password } } }), groupIds: options.groupIds ?? [groupIds.engineering] },
    activate: options.activate ?? true,
  });

/** okta-auth-js for the SPA; the tests' clock runs ahead of the real one (a lockout's hour), which its ID token checks allow for. */
const signInClient = (cookies?: CookieJar) =>
  oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], ...(cookies && { cookies }), maxClockSkew: 2 * 3600 });

/** A user created here has no verified email: the default enrollment policy offers the email authenticator, which they skip. */
const skippingEmail = (auth: ReturnType<typeof oktaAuth>, tx: IdxTransaction) =>
  (tx.nextStep?.name === 'select-authenticator-enroll' && tx.nextStep.canSkip ? auth.idx.proceed({ skip: true }) : tx);

/** An IDX sign-in with okta-auth-js (the session cookie kept in `browser`). */
async function signIn(login: string, password: string, browser = new CookieJar()) {
  const auth = signInClient(browser);
  return skippingEmail(auth, await auth.idx.authenticate({ username: login, password }));
}

/** Whether the browser's session still signs its person in (single sign-on through IDX). */
async function sessionSignsIn(browser: CookieJar): Promise<boolean> {
  const auth = signInClient(browser);
  return (await auth.idx.authenticate()).status === IdxStatus.SUCCESS;
}

/** An activation token's first sign-in with okta-auth-js (`idx.register({ activationToken })`): a first password, then signed in. */
async function activateWithToken(activationToken: string, password: string) {
  const auth = signInClient();
  const first = await auth.idx.register({ activationToken });
  assert.equal(first.nextStep?.authenticator?.key, 'okta_password', JSON.stringify(first.messages));
  return skippingEmail(auth, await auth.idx.proceed({ password }));
}

describe('userApi.createUser', () => {
  it('creates an ACTIVE user with a password under their groups\' password policy, who signs in', async () => {
    const login = 'new.hire@example.com';
    const weak = await refusal(create(login, { password: PASSWORD, groupIds: [groupIds.nist] }));
    assert.equal(weak.status, 400);
    assert.equal(weak.errorCode, 'E0000001');
    assert.equal(weak.errorSummary, 'Api validation failed: password');
    assert.match(weak.causes[0], /^password: Password requirements were not met\. Password requirements: at least 15 characters/);

    const before = log.events().length;
    const user = await create(login, { password: LONG_PASSWORD, groupIds: [groupIds.nist, groupIds.engineering], profile: { employeeCode: 'E1234', department: 'R&D' } });
    assert.equal(user.status, 'ACTIVE');
    assert.match(user.id!, /^00u/);
    assert.equal(user.profile?.login, login);
    assert.equal(user.profile?.department, 'R&D');
    assert.equal((user.profile as Record<string, unknown>).employeeCode, 'E1234', 'a custom attribute of the org\'s schema');
    assert.ok(user.created instanceof Date && user.passwordChanged instanceof Date);
    assert.deepEqual(await server.lk.store.groups.groupNamesOf(user.id!), ['Engineering', 'NIST']);
    const stored = (await server.lk.store.users.findById(user.id!))!;
    assert.match(stored.passwordHash!, /^\$argon2id\$/, 'the password is hashed at rest');
    assert.deepEqual(log.events().slice(before).map((e) => e.eventType), ['user.lifecycle.create', 'user.lifecycle.activate']);
    assert.equal((await signIn(login, LONG_PASSWORD)).status, IdxStatus.SUCCESS, 'the new user signs in');
  });

  it('refuses a login taken (in any case), a profile the schema refuses, an unknown group, as Okta words them', async () => {
    const taken = await refusal(create(TEST.user.toUpperCase(), { password: PASSWORD }));
    assert.deepEqual(taken, {
      status: 400, errorCode: 'E0000001', errorSummary: 'Api validation failed: login',
      causes: ['login: An object with this field already exists in the current organization'],
    });
    const noName = await refusal(client.userApi.createUser({ body: { profile: { login: 'nameless@example.com', email: 'nameless@example.com' } } }));
    assert.equal(noName.errorSummary, 'Api validation failed: firstName');
    assert.deepEqual(noName.causes, ['firstName: This field cannot be left blank', 'lastName: This field cannot be left blank']);
    const badCode = await refusal(create('coded@example.com', { profile: { employeeCode: 'X1' } }));
    assert.equal(badCode.errorSummary, 'Api validation failed: employeeCode');
    const badEmail = await refusal(create('mail@example.com', { profile: { email: 'not-an-address' } }));
    assert.equal(badEmail.errorSummary, 'Api validation failed: email');
    const unknownGroup = await refusal(create('grouped@example.com', { groupIds: ['00gnothere'] }));
    assert.deepEqual(unknownGroup.causes, ['groupIds: Group 00gnothere does not exist']);
    const hashed = await refusal(client.http.http(`${server.url}/api/v1/users`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ profile: person('hash@example.com'), credentials: { password: { hash: { algorithm: 'BCRYPT' } } } }),
    } as never));
    assert.equal(hashed.errorCode, 'E0000001', 'an imported hash is not taken silently');
    for (const login of ['nameless@example.com', 'coded@example.com', 'mail@example.com', 'grouped@example.com', 'hash@example.com']) {
      assert.equal(await server.lk.store.users.findByLogin(login), undefined, `${login} was not created`);
    }
  });

  it('a recovery question becomes the user\'s security question, its answer hashed and sealed', async () => {
    const short = await refusal(client.userApi.createUser({
      body: { profile: person('quizzed@example.com'), credentials: { password: { value: PASSWORD }, recovery_question: { question: 'Who is my hero?', answer: 'Al' } } },
    }));
    assert.deepEqual(short.causes, ['answer: The security question answer must be at least 4 characters in length']);
    const user = await client.userApi.createUser({
      body: { profile: person('quizzed@example.com'), credentials: { password: { value: PASSWORD }, recovery_question: { question: 'Who is my hero?', answer: 'Ada Lovelace' } } },
    });
    const [enrollment] = await server.lk.store.authenticatorEnrollments.listOf(user.id!);
    assert.equal(enrollment.authenticatorKey, 'security_question');
    assert.deepEqual(enrollment.profile, { questionKey: 'custom', question: 'Who is my hero?' });
    assert.ok(enrollment.sealedSecret && !enrollment.sealedSecret.includes('Lovelace') && !enrollment.sealedSecret.startsWith('$argon2'));
  });

  it('activate=false makes a STAGED user; activate with sendEmail=false answers the activation link, whose token sets the first password', async () => {
    const login = 'staged.hire@example.com';
    const staged = await create(login, { activate: false });
    assert.equal(staged.status, 'STAGED');
    assert.equal(((await client.http.getJson(`${server.url}/api/v1/users/${staged.id}`)) as { _links: Record<string, { href: string }> })._links.activate.href,
      `${server.url}/api/v1/users/${staged.id}/lifecycle/activate`);
    assert.equal((await signIn(login, PASSWORD)).status !== IdxStatus.SUCCESS, true, 'a STAGED user cannot sign in');

    const link = await client.userApi.activateUser({ userId: staged.id!, sendEmail: false });
    assert.equal(link.activationUrl, `${server.url}/welcome/${link.activationToken}`);
    assert.equal((await client.userApi.getUser({ userId: staged.id! })).status, 'PROVISIONED');
    const again = await refusal(client.userApi.activateUser({ userId: staged.id!, sendEmail: false }));
    assert.deepEqual(again, { status: 403, errorCode: 'E0000016', errorSummary: 'Activation failed because the user is already active', causes: [] });

    const done = await activateWithToken(link.activationToken!, PASSWORD);
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.equal((await client.userApi.getUser({ userId: staged.id! })).status, 'ACTIVE');
  });

  it('activate=true without a password makes a PROVISIONED user and emails the activation link; reactivate answers a new one', async () => {
    const login = 'invited.hire@example.com';
    const invited = await create(login);
    assert.equal(invited.status, 'PROVISIONED');
    const emailed = /\/welcome\/(\S+)/.exec(await latestEmailText(server.url, login))?.[1];
    assert.ok(emailed, 'an activation link was emailed');

    const fresh = await client.userApi.reactivateUser({ userId: invited.id!, sendEmail: false });
    assert.notEqual(fresh.activationToken, decodeURIComponent(emailed));
    assert.equal((await refusal(client.userApi.reactivateUser({ userId: TEST.user }))).errorCode, 'E0000038');
    const done = await activateWithToken(fresh.activationToken!, PASSWORD);
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.equal((await signIn(login, PASSWORD)).status, IdxStatus.SUCCESS);
  });
});

describe('userApi.listUsers', () => {
  it('pages through Link headers (the SDK\'s collection follows rel="next"), in a stable order', async () => {
    for (const n of [1, 2, 3, 4, 5]) await create(`pager${n}@example.com`, { profile: { lastName: 'Pager' } });
    const requests: string[] = [];
    client.requestExecutor.on('request', (request: { url: string }) => requests.push(request.url));
    const paged = await all(await client.userApi.listUsers({ q: 'pager', limit: 2 }));
    client.requestExecutor.removeAllListeners('request');
    assert.deepEqual(paged.map((u) => u.profile?.login), [1, 2, 3, 4, 5].map((n) => `pager${n}@example.com`), 'every page, in the order they were made');
    assert.equal(requests.length, 3, requests.join(' '));
    assert.ok(requests.slice(1).every((url) => /[?&]after=00u/.test(url) && /[?&]q=pager/.test(url)), requests.join(' '));

    const raw = await client.http.http(`${server.url}/api/v1/users?q=pager&limit=2`, { headers: { Accept: 'application/json' } } as never);
    const links = raw.headers.get('link')!;
    assert.match(links, /<[^>]+\/api\/v1\/users\?q=pager&limit=2>; rel="self"/);
    assert.match(links, /<[^>]+\/api\/v1\/users\?q=pager&limit=2&after=00u\w+>; rel="next"/);
    const everyone = await all(await client.userApi.listUsers({}));
    assert.ok(everyone.length >= 10 && everyone.some((u) => u.profile?.login === TEST.user));
    assert.deepEqual(await refusal(client.http.getJson(`${server.url}/api/v1/users?limit=201`)).then((r) => r.errorSummary), 'Api validation failed: limit');
  });

  it('q finds by the start of first name, last name, email or login, in any case', async () => {
    const logins = async (q: string) => (await all(await client.userApi.listUsers({ q }))).map((u) => u.profile?.login).sort();
    assert.deepEqual(await logins('LOVE'), [TEST.user], 'last name');
    assert.deepEqual(await logins('bo'), [TEST.otherUser], 'first name and login');
    assert.deepEqual(await logins('ovelace'), [], 'the start only');
  });

  it('filter: status, profile.login, lastUpdated, with and/or; search: sw, co, any profile attribute; a bad expression is 400 E0000031', async () => {
    const logins = async (request: { filter?: string; search?: string }) => (await all(await client.userApi.listUsers(request))).map((u) => u.profile?.login);
    const staged = await create('filtered.staged@example.com', { activate: false, profile: { department: 'Engineering East' } });
    assert.deepEqual(await logins({ filter: 'status eq "STAGED"' }), ['filtered.staged@example.com']);
    assert.deepEqual(await logins({ filter: `profile.login eq "${TEST.user.toUpperCase()}"` }), [TEST.user]);
    clock.advance(1000);
    const since = new Date(clock.now()).toISOString();
    clock.advance(1000);
    await client.userApi.updateUser({ userId: staged.id!, user: { profile: { nickName: 'Fil' } } });
    assert.deepEqual(await logins({ filter: `lastUpdated gt "${since}"` }), ['filtered.staged@example.com']);
    assert.deepEqual(await logins({ filter: `lastUpdated gt "${since}" and status eq "ACTIVE"` }), []);
    assert.deepEqual((await logins({ filter: `(profile.login eq "${TEST.user}" or profile.login eq "${TEST.otherUser}") and status eq "ACTIVE"` })).sort(), [TEST.user, TEST.otherUser]);
    assert.deepEqual(await logins({ search: 'profile.department sw "engineering"' }), ['filtered.staged@example.com']);
    assert.deepEqual(await logins({ search: 'profile.firstName co "ob" and status eq "ACTIVE"' }), [TEST.otherUser]);

    for (const [name, expression] of [['filter', 'status eq ACTIVE'], ['filter', 'profile.department eq "x"'], ['filter', 'status ne "ACTIVE"'], ['search', 'profile.department co "x"'],
      ['search', '(status eq "ACTIVE"'], ['filter', 'lastUpdated gt "yesterday"']] as const) {
      const refused = await refusal(client.http.getJson(`${server.url}/api/v1/users?${name}=${encodeURIComponent(expression)}`));
      assert.equal(refused.status, 400, expression);
      assert.equal(refused.errorCode, 'E0000031', expression);
      assert.equal(refused.errorSummary, 'Invalid search criteria.');
    }
  });
});

describe('userApi.updateUser and replaceUser', () => {
  it('a partial update changes the given attributes only; a replace leaves out the others; both checked as on create; a password set', async () => {
    const user = await create('changing@example.com', { password: PASSWORD, profile: { title: 'Engineer', employeeCode: 'E0001' } });
    clock.advance(1000);
    const updated = await client.userApi.updateUser({ userId: user.id!, user: { profile: { firstName: 'Changed', title: null } as never } });
    assert.equal(updated.profile?.firstName, 'Changed');
    assert.equal(updated.profile?.lastName, 'Person', 'kept');
    assert.equal(updated.profile?.title, undefined, 'null clears an attribute');
    assert.ok(updated.lastUpdated!.getTime() > user.lastUpdated!.getTime());

    const replaced = await client.userApi.replaceUser({ userId: 'changing@example.com', user: { profile: { login: 'changed@example.com', email: 'changed@example.com', firstName: 'Re', lastName: 'Placed' } } });
    assert.equal(replaced.profile?.login, 'changed@example.com', 'the login changes with the profile');
    assert.equal((replaced.profile as Record<string, unknown>).employeeCode, undefined, 'left out of a replace: gone');
    assert.equal((await signIn('changed@example.com', PASSWORD)).status, IdxStatus.SUCCESS, 'signs in with the new login');

    assert.deepEqual((await refusal(client.userApi.updateUser({ userId: user.id!, user: { profile: { login: TEST.user } } }))).causes,
      ['login: An object with this field already exists in the current organization']);
    assert.equal((await refusal(client.userApi.updateUser({ userId: user.id!, user: { profile: { email: 'nope' } } }))).errorSummary, 'Api validation failed: email');
    assert.equal((await refusal(client.userApi.replaceUser({ userId: user.id!, user: { profile: { login: 'changed@example.com' } } }))).errorSummary, 'Api validation failed: email');
    assert.equal((await refusal(client.userApi.updateUser({ userId: '00unobody', user: { profile: {} } }))).status, 404);

    // An imported profile without a last name: an update need not add one, but may not clear the first name.
    assert.equal((await client.userApi.updateUser({ userId: PARTIAL, user: { profile: { nickName: 'Pat' } } })).profile?.nickName, 'Pat');
    assert.deepEqual((await refusal(client.userApi.updateUser({ userId: PARTIAL, user: { profile: { firstName: null } as never } }))).causes, ['firstName: This field cannot be left blank']);

    // A user as read, changed and sent back whole: its read-only properties are ignored.
    const read = await client.http.getJson(`${server.url}/api/v1/users/${user.id}`) as { profile: Record<string, unknown> };
    const sentBack = await client.http.http(`${server.url}/api/v1/users/${user.id}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...read, profile: { ...read.profile, nickName: 'Echo' } }),
    } as never);
    assert.equal(((await sentBack.json()) as { profile: { nickName: string } }).profile.nickName, 'Echo');

    const weak = await refusal(client.userApi.updateUser({ userId: user.id!, user: { credentials: { password: { value: 'short' } } } }));
    assert.match(weak.causes[0], /^password: Password requirements were not met/);
    await client.userApi.updateUser({ userId: user.id!, user: { credentials: { password: { value: 'Another-Horse-77' } } } });
    assert.equal((await signIn('changed@example.com', 'Another-Horse-77')).status, IdxStatus.SUCCESS, 'the password an administrator set');
    assert.notEqual((await signIn('changed@example.com', PASSWORD)).status, IdxStatus.SUCCESS, 'the old one no longer');
  });
});

describe('userApi.deleteUser', () => {
  it('deactivates first (the session ends), then removes the user and all they hold: 404 after, and they cannot sign in', async () => {
    const login = 'leaving@example.com';
    const user = await client.userApi.createUser({
      body: { profile: person(login), credentials: { password: { value: PASSWORD }, recovery_question: { question: 'Where do I go?', answer: 'Far away' } }, groupIds: [groupIds.engineering] },
    });
    const browser = new CookieJar();
    assert.equal((await signIn(login, PASSWORD, browser)).status, IdxStatus.SUCCESS);

    await client.userApi.deleteUser({ userId: user.id! });
    assert.equal((await client.userApi.getUser({ userId: user.id! })).status, 'DEPROVISIONED');
    assert.equal(await sessionSignsIn(browser), false, 'the session ended');
    assert.notEqual((await signIn(login, PASSWORD)).status, IdxStatus.SUCCESS);
    assert.ok(!(await all(await client.userApi.listUsers({}))).some((u) => u.id === user.id), 'not listed by default');
    assert.deepEqual(await all(await client.userApi.listUsers({ filter: `status eq "DEPROVISIONED" and profile.login eq "${login}"` })).then((u) => u.map((x) => x.id)), [user.id]);

    const before = log.events().length;
    await client.userApi.deleteUser({ userId: login });
    assert.deepEqual(log.events().slice(before).map((e) => e.eventType), ['user.lifecycle.delete.completed']);
    assert.deepEqual(await refusal(client.userApi.getUser({ userId: user.id! })),
      { status: 404, errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${user.id} (User)`, causes: [] });
    assert.equal((await refusal(client.userApi.deleteUser({ userId: user.id! }))).status, 404);
    const { db } = server.lk.store;
    for (const table of ['sessions', 'authenticator_enrollments', 'group_members', 'idx_transactions', 'token_families'] as const) {
      const rows = await db.selectFrom(table).select('user_id').where('user_id', '=', user.id!).execute();
      assert.equal(rows.length, 0, `nothing of theirs is left in ${table}`);
    }
    const result = await signIn(login, PASSWORD);
    assert.notEqual(result.status, IdxStatus.SUCCESS, 'a deleted user cannot sign in');
    assert.equal((await create(login, { password: PASSWORD })).status, 'ACTIVE', 'the login is free again');
  });
});

describe('userApi lifecycle: unlock, expirePassword', () => {
  it('unlock lifts a lockout; expire_password (and nextLogin=changePassword on create) asks for a new password at the next sign-in', async () => {
    const login = 'locked.out@example.com';
    const user = await create(login, { password: PASSWORD });
    assert.deepEqual(await refusal(client.userApi.unlockUser({ userId: user.id! })),
      { status: 403, errorCode: 'E0000032', errorSummary: 'Unlock is not allowed for this user.', causes: [] });
    await server.lk.store.users.lockOut(user.id!, clock.now() + 3600_000, clock.now());
    assert.equal((await client.userApi.getUser({ userId: user.id! })).status, 'LOCKED_OUT');
    assert.notEqual((await signIn(login, PASSWORD)).status, IdxStatus.SUCCESS);
    await client.userApi.unlockUser({ userId: user.id! });
    assert.equal((await client.userApi.getUser({ userId: user.id! })).status, 'ACTIVE');
    assert.equal((await signIn(login, PASSWORD)).status, IdxStatus.SUCCESS);

    const expired: User = await client.userApi.expirePassword({ userId: user.id! });
    assert.equal(expired.status, 'PASSWORD_EXPIRED');
    const next = await signIn(login, PASSWORD);
    assert.equal(next.nextStep?.name, 'reenroll-authenticator');
    assert.equal((await refusal(client.userApi.expirePassword({ userId: user.id! }))).errorCode, 'E0000038');

    const mustChange = await client.userApi.createUser({ body: { profile: person('must.change@example.com'), credentials: { password: { value: PASSWORD } } }, nextLogin: 'changePassword' });
    assert.equal(mustChange.status, 'PASSWORD_EXPIRED', 'nextLogin=changePassword');
    assert.equal((await signIn('must.change@example.com', PASSWORD)).nextStep?.name, 'reenroll-authenticator');
    const odd = await refusal(client.http.http(`${server.url}/api/v1/users?nextLogin=later`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ profile: person('odd@example.com') }),
    } as never));
    assert.equal(odd.errorSummary, 'Api validation failed: nextLogin');
  });
});

/** Runs `step` a second after the one before on the server's clock: answers the span it ran in (epoch ms). */
async function span(step: () => Promise<unknown>): Promise<[number, number]> {
  clock.advance(1000);
  const from = clock.now();
  await step();
  return [from, clock.now()];
}

/** The SDK's date (it makes Date objects of Okta's ISO strings) lies in `[from, to]`. */
function within(date: Date | null | undefined, [from, to]: [number, number], what: string) {
  assert.ok(date instanceof Date && date.getTime() >= from && date.getTime() <= to, `${what}: ${date?.toISOString()} not in [${new Date(from).toISOString()}, ${new Date(to).toISOString()}]`);
}

describe('the user\'s dates and type', () => {
  it('statusChanged moves with every change of status (activation and its link, lockout and its end, lifecycle calls, password expiry) and only then; activated when first ACTIVE', async () => {
    const login = 'dated.hire@example.com';
    const NEW_PASSWORD = 'Fresh-Horse-43';
    let id = '';
    const read = () => client.userApi.getUser({ userId: id });
    const wrongPasswords = async () => { for (let n = 0; n < 10; n++) await signIn(login, 'Not-The-Password-1'); };

    const made = await span(async () => { id = (await create(login, { activate: false })).id!; });
    let user = await read();
    within(user.created, made, 'created');
    assert.deepEqual([user.status, user.statusChanged ?? null, user.activated ?? null], ['STAGED', null, null]);

    const updated = await span(() => client.userApi.updateUser({ userId: id, user: { profile: { nickName: 'Dee' } } }));
    user = await read();
    within(user.lastUpdated, updated, 'lastUpdated after a profile update');
    assert.equal(user.statusChanged ?? null, null, 'a profile update is no change of status');

    let link = { activationToken: '' };
    const provisioned = await span(async () => { link = (await client.userApi.activateUser({ userId: id, sendEmail: false })) as typeof link; });
    user = await read();
    assert.equal(user.status, 'PROVISIONED');
    within(user.statusChanged, provisioned, 'statusChanged when PROVISIONED');
    assert.equal(user.activated ?? null, null, 'not ACTIVE yet');

    const activated = await span(async () => assert.equal((await activateWithToken(link.activationToken, PASSWORD)).status, IdxStatus.SUCCESS));
    user = await read();
    assert.equal(user.status, 'ACTIVE');
    for (const [name, date] of Object.entries({ statusChanged: user.statusChanged, activated: user.activated, passwordChanged: user.passwordChanged, lastLogin: user.lastLogin })) {
      within(date, activated, `${name} through the activation link`);
    }
    const activatedAt = user.activated!.getTime();

    const locked = await span(wrongPasswords);
    user = await read();
    assert.equal(user.status, 'LOCKED_OUT');
    within(user.statusChanged, locked, 'statusChanged when locked out');

    clock.advance(61 * 60_000); // the default policy's lock lasts an hour
    const lockEnded = await span(async () => assert.equal((await signIn(login, PASSWORD)).status, IdxStatus.SUCCESS));
    user = await read();
    assert.equal(user.status, 'ACTIVE');
    within(user.statusChanged, lockEnded, 'statusChanged when the sign-in finds the lock over');
    within(user.lastLogin, lockEnded, 'lastLogin');

    const signedIn = await span(async () => assert.equal((await signIn(login, PASSWORD)).status, IdxStatus.SUCCESS));
    const before = user;
    user = await read();
    within(user.lastLogin, signedIn, 'lastLogin of the next sign-in');
    assert.deepEqual(user.statusChanged, before.statusChanged, 'a sign-in of an active user changes no status');
    assert.deepEqual(user.lastUpdated, before.lastUpdated, 'nor the user');

    for (const [operation, status] of [['suspendUser', 'SUSPENDED'], ['unsuspendUser', 'ACTIVE']] as const) {
      const changed = await span(() => client.userApi[operation]({ userId: id }));
      user = await read();
      assert.equal(user.status, status);
      within(user.statusChanged, changed, `statusChanged by ${operation}`);
      within(user.lastUpdated, changed, `lastUpdated by ${operation}`);
    }

    const expired = await span(() => client.userApi.expirePassword({ userId: id }));
    user = await read();
    assert.equal(user.status, 'PASSWORD_EXPIRED');
    within(user.statusChanged, expired, 'statusChanged by expirePassword');
    const renewed = await span(async () => {
      const auth = signInClient();
      assert.equal((await auth.idx.authenticate({ username: login, password: PASSWORD })).nextStep?.name, 'reenroll-authenticator');
      assert.equal((await skippingEmail(auth, await auth.idx.proceed({ newPassword: NEW_PASSWORD }))).status, IdxStatus.SUCCESS);
    });
    user = await read();
    assert.equal(user.status, 'ACTIVE');
    within(user.statusChanged, renewed, 'statusChanged by the new password');
    within(user.passwordChanged, renewed, 'passwordChanged by the new password');

    await wrongPasswords();
    assert.equal((await read()).status, 'LOCKED_OUT');
    const unlocked = await span(() => client.userApi.unlockUser({ userId: id }));
    user = await read();
    assert.equal(user.status, 'ACTIVE');
    within(user.statusChanged, unlocked, 'statusChanged by unlockUser');
    const sinceUnlock = new Date(unlocked[0]).toISOString();
    assert.deepEqual((await all(await client.userApi.listUsers({ search: `statusChanged ge "${sinceUnlock}"` }))).map((u) => u.profile?.login), [login]);

    const deactivated = await span(() => client.userApi.deactivateUser({ userId: id }));
    user = await read();
    assert.equal(user.status, 'DEPROVISIONED');
    within(user.statusChanged, deactivated, 'statusChanged by deactivateUser');
    assert.equal(user.activated?.getTime(), activatedAt, 'activated stays the first activation');
    within(user.created, made, 'created never moves');
  });

  it('a user made ACTIVE or PROVISIONED changed status when made; every user has Okta\'s default user type, linked', async () => {
    let active: User | undefined;
    let invited: User | undefined;
    const made = await span(async () => {
      active = await create('made.active@example.com', { password: PASSWORD });
      invited = await create('made.invited@example.com');
    });
    for (const date of [active!.created, active!.statusChanged, active!.activated, active!.lastUpdated, active!.passwordChanged, invited!.created, invited!.statusChanged]) within(date, made, 'made');
    assert.equal(active!.statusChanged!.getTime(), active!.created!.getTime());
    assert.equal(active!.activated!.getTime(), active!.created!.getTime());
    assert.deepEqual([invited!.status, invited!.activated ?? null, invited!.lastLogin ?? null], ['PROVISIONED', null, null]);

    const typeId = active!.type?.id;
    assert.match(typeId ?? '', /^oty[0-9A-Za-z]{17}$/);
    const listed = await all(await client.userApi.listUsers({}));
    assert.ok(listed.length > 2);
    for (const user of [invited!, await client.userApi.getUser({ userId: TEST.user }), ...listed]) {
      assert.equal(user.type?.id, typeId, `${user.profile?.login}: one user type`);
      assert.equal(user._links?.type?.href, `${server.url}/api/v1/meta/types/user/${typeId}`);
    }
  });
});
