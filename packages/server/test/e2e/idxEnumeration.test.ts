import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { capturingLogger } from '../support/logs.js';
import { interact, introspect, messageKeys, remediation, remediationNames, resolveJsonPath, submit, type HttpAnswer, type Json } from '../support/idx.js';
import { importOrg } from '../../src/org/orgFile/import.js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';

/**
 * User enumeration prevention (the org default) over HTTP: an identifier that matches no account
 * must be answered exactly as an account is, across transactions too: the same stable ids (shaped
 * like real ones), the same lockout after the password policy's failures, the same auto-unlock.
 */

const REAL = 'eve@example.com';
const UNKNOWN = 'ghost@example.com';
/** Never typed before the last test (the others leave failures counted for UNKNOWN). */
const UNKNOWN_FRESH = 'phantom@example.com';
const WRONG = 'Wrong-Password-1';
const ONE_FACTOR_SPA = 'spa-any-factor';

/** testOrg() plus Eve; everyone locks after 3 wrong passwords for a minute; a SPA any one factor opens (email or password). */
function enumerationOrg(primaryFactor: 'PASSWORD_IDP_ANY_FACTOR' | 'PASSWORD_IDP' = 'PASSWORD_IDP_ANY_FACTOR') {
  const base = testOrg();
  return {
    ...base,
    users: [...base.users, { login: REAL, profile: { firstName: 'Eve' }, password: TEST.password, groups: ['Engineering'] }],
    apps: [...base.apps, { clientId: ONE_FACTOR_SPA, label: 'Any factor', type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['interaction_code'] }],
    policies: [
      { type: 'PASSWORD', name: 'Everyone', priority: 1, conditions: {}, settings: { password: { lockout: { maxAttempts: 3, autoUnlockMinutes: 1 } } } },
      {
        type: 'ACCESS_POLICY', name: 'Any one factor', priority: 1, conditions: { apps: { include: [ONE_FACTOR_SPA] } },
        rules: [{ name: 'One', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA' } } } }],
      },
      {
        type: 'OKTA_SIGN_ON', name: 'Global session policy', priority: 1, conditions: {},
        rules: [{ name: 'Everyone', priority: 1, conditions: {}, actions: { signon: { access: 'ALLOW', primaryFactor } } }],
      },
    ],
  };
}

const clock = new TestClock();
const log = capturingLogger();
let server: TestServer;
before(async () => {
  server = await startTestServer({ org: enumerationOrg(), clock, logger: log.logger });
});
after(() => server.stop());

/** A new transaction (interact + introspect) at its identify form. */
async function begin(clientId: string = TEST.spa.clientId): Promise<Json> {
  const started = await interact(`${server.url}/oauth2/default`, { clientId, redirectUri: TEST.redirectUri });
  const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
  assert.deepEqual(remediationNames(first.json), ['identify']);
  return first.json;
}

async function identified(login: string, clientId?: string): Promise<HttpAnswer> {
  const answer = await submit(await begin(clientId), 'identify', { identifier: login });
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  return answer;
}

const answerPassword = (state: Json, passcode: string) => submit(state, 'challenge-authenticator', { credentials: { passcode } });

const USER_ID = /^00u[0-9A-Za-z]{17}$/;
const ENROLLMENT_ID = /^pae[0-9A-Za-z]{17}$/;

/** The ids a response shows the identified person: the user's and each enrollment's (by authenticator key). */
function idsOf(json: Json): { user: string; enrollments: Record<string, string> } {
  const enrollments = Object.fromEntries((json.authenticatorEnrollments?.value ?? []).map((e: Json) => [e.key, e.id]));
  return { user: json.user?.value?.id, enrollments };
}

/**
 * The response with what legitimately differs between two people replaced by placeholders: the
 * handles, times, the identifier, its masked address and the ids (checked apart). What is left must be equal.
 */
function normalised(json: Json, identifier: string): string {
  let text = JSON.stringify(json);
  const masked: string[] = (json.authenticatorEnrollments?.value ?? []).flatMap((e: Json) => (e.profile?.email ? [e.profile.email] : []));
  const { user, enrollments } = idsOf(json);
  const swaps: Array<[string | undefined, string]> = [
    [json.stateHandle, '<stateHandle>'], [json.expiresAt, '<expiresAt>'], [user, '<userId>'], [identifier, '<identifier>'],
    ...masked.map((m): [string, string] => [m, '<masked>']), ...Object.entries(enrollments).map(([k, id]): [string, string] => [id, `<${k}>`]),
  ];
  for (const [from, to] of swaps) if (from) text = text.split(from).join(to);
  return text;
}

it('an account and an unknown identifier each keep one user id and enrollment ids across transactions, shaped like real ids, in equal answers', async () => {
  const [real1, real2, unknown1, unknown2] = [await identified(REAL), await identified(REAL), await identified(UNKNOWN), await identified(UNKNOWN)];
  const realIds = idsOf(real1.json);
  const unknownIds = idsOf(unknown1.json);
  assert.deepEqual(idsOf(real2.json), realIds, 'the account: stable');
  assert.deepEqual(idsOf(unknown2.json), unknownIds, 'the unknown identifier: stable too');
  assert.equal(realIds.user, (await server.lk.store.users.findByLogin(REAL))!.id);
  for (const ids of [realIds, unknownIds]) {
    assert.match(ids.user, USER_ID);
    assert.deepEqual(Object.keys(ids.enrollments), ['okta_password']);
    for (const id of Object.values(ids.enrollments)) assert.match(id, ENROLLMENT_ID);
  }
  assert.notEqual(unknownIds.user, realIds.user);
  assert.notEqual(idsOf((await identified('other-ghost@example.com')).json).user, unknownIds.user, 'each unknown identifier its own id');
  // Case and spaces do not make another identifier, as they do not make another account.
  assert.deepEqual(idsOf((await identified(` ${UNKNOWN.toUpperCase()} `)).json).user, unknownIds.user);
  assert.equal(normalised(unknown1.json, UNKNOWN), normalised(real1.json, REAL));

  // Passwordless-capable app: the choice of authenticator, then the email challenge, look alike too.
  const [realChoice, unknownChoice] = [await identified(REAL, ONE_FACTOR_SPA), await identified(UNKNOWN, ONE_FACTOR_SPA)];
  assert.deepEqual(remediationNames(realChoice.json), ['select-authenticator-authenticate']);
  assert.deepEqual(idsOf(unknownChoice.json).user, unknownIds.user);
  assert.equal(idsOf(unknownChoice.json).enrollments.okta_password, unknownIds.enrollments.okta_password);
  for (const choice of [realChoice, unknownChoice]) assert.deepEqual(Object.keys(idsOf(choice.json).enrollments), ['okta_password', 'okta_email']);
  assert.equal(normalised(unknownChoice.json, UNKNOWN), normalised(realChoice.json, REAL));
  const emailOption = (state: Json) => {
    const option = remediation(state, 'select-authenticator-authenticate').value[0].options.find((o: Json) => resolveJsonPath(state, o.relatesTo)?.key === 'okta_email');
    return { authenticator: Object.fromEntries(option.value.form.value.map((f: Json) => [f.name, f.value])) };
  };
  const [realEmail, unknownEmail] = [
    await submit(realChoice.json, 'select-authenticator-authenticate', emailOption(realChoice.json)),
    await submit(unknownChoice.json, 'select-authenticator-authenticate', emailOption(unknownChoice.json)),
  ];
  assert.equal(realEmail.json.currentAuthenticatorEnrollment?.value?.key, 'okta_email', JSON.stringify(realEmail.json));
  assert.equal(normalised(unknownEmail.json, UNKNOWN), normalised(realEmail.json, REAL));
});

it('after the policy\'s wrong passwords both lock out with the same answer, in any new transaction, and both unlock after its minute', async () => {
  const failedBefore = log.events().length;
  const lockOut = async (login: string) => {
    let state = (await identified(login)).json;
    const answers: HttpAnswer[] = [];
    for (let i = 1; i <= 3; i++) {
      const a = await answerPassword(state, WRONG);
      answers.push(a);
      state = a.json;
    }
    return answers;
  };
  const [real, unknown] = [await lockOut(REAL), await lockOut(UNKNOWN)];
  for (const answers of [real, unknown]) {
    assert.deepEqual(answers.map((a) => a.status), [401, 401, 403]);
    assert.deepEqual(answers.map((a) => messageKeys(a.json)[0]), ['incorrectPassword', 'incorrectPassword', 'authfactor.challenge.suspended_factor']);
  }
  assert.equal(normalised(unknown[2].json, UNKNOWN), normalised(real[2].json, REAL));

  // Locked, whatever is typed and in a new transaction.
  const [realAgain, unknownAgain] = [await answerPassword((await identified(REAL)).json, TEST.password), await answerPassword((await identified(UNKNOWN)).json, TEST.password)];
  assert.equal(realAgain.status, 403);
  assert.equal(unknownAgain.status, 403);
  assert.equal(normalised(unknownAgain.json, UNKNOWN), normalised(realAgain.json, REAL));

  clock.advance(61_000);
  const [realUnlocked, unknownUnlocked] = [await answerPassword((await identified(REAL)).json, WRONG), await answerPassword((await identified(UNKNOWN)).json, WRONG)];
  assert.deepEqual([realUnlocked.status, unknownUnlocked.status], [401, 401], 'after auto-unlock a wrong password is only wrong, for both');
  assert.equal(normalised(unknownUnlocked.json, UNKNOWN), normalised(realUnlocked.json, REAL));
  assert.equal((await answerPassword(realUnlocked.json, TEST.password)).status, 200);

  // The System Log: every wrong answer, and both locks; the unknown identifier under its typed name.
  const events = log.events().slice(failedBefore);
  const failures = (login: string) => events.filter((e) => e.eventType === 'user.authentication.auth_failed' && e.actor?.alternateId === login);
  for (const login of [REAL, UNKNOWN]) {
    assert.deepEqual(failures(login).map((e) => e.outcome?.reason), [
      'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'LOCKED_OUT', 'LOCKED_OUT', 'INVALID_CREDENTIALS',
    ]);
    assert.ok(failures(login).every((e) => e.outcome?.result === 'FAILURE' && e.client?.ipAddress === '127.0.0.1'));
    const locks = events.filter((e) => e.eventType === 'user.account.lock' && e.actor?.alternateId === login);
    assert.equal(locks.length, 1, login);
  }
  assert.equal(failures(UNKNOWN)[0].actor?.id, 'unknown');
  assert.equal(failures(REAL)[0].actor?.id, (await server.lk.store.users.findByLogin(REAL))!.id);
});

it('wrong passwords a day apart do not add up, for an account as for an unknown identifier: neither locks, then both lock alike', async () => {
  const wrongAnswers = async (login: string, count: number) => {
    let state = (await identified(login)).json;
    const answers: HttpAnswer[] = [];
    for (let i = 0; i < count; i++) {
      const a = await answerPassword(state, WRONG);
      answers.push(a);
      state = a.json;
    }
    return answers;
  };
  const unknown = 'wanderer@example.com';
  // Two of the policy's three, for both; a day later only two more count, and one more locks both.
  for (const login of [REAL, unknown]) await wrongAnswers(login, 2);
  clock.advance(24 * 3600_000 + 60_000);
  const [real, other] = [await wrongAnswers(REAL, 3), await wrongAnswers(unknown, 3)];
  for (const answers of [real, other]) assert.deepEqual(answers.map((a) => a.status), [401, 401, 403]);
  assert.equal(normalised(other[2].json, unknown), normalised(real[2].json, REAL));
  clock.advance(61_000); // the lock's minute, so the next test finds Eve unlocked
  assert.equal((await answerPassword((await identified(REAL)).json, TEST.password)).status, 200);
});

it('identify with the password on the form (primaryFactor PASSWORD_IDP): the same ids and answers for an account and an unknown identifier', async () => {
  await importOrg(server.lk.store, parseOrgFile(JSON.stringify(enumerationOrg('PASSWORD_IDP')), 'org.json'), clock.now());
  clock.advance(1500); // the configuration cache sees the new policy
  const attempt = async (login: string) => submit(await begin(), 'identify', { identifier: login, credentials: { passcode: WRONG } });
  const [real1, real2, unknown1, unknown2] = [await attempt(REAL), await attempt(REAL), await attempt(UNKNOWN_FRESH), await attempt(UNKNOWN_FRESH)];
  assert.equal(real1.status, 401, JSON.stringify(real1.json));
  assert.deepEqual(messageKeys(unknown1.json), messageKeys(real1.json));
  assert.deepEqual(idsOf(real2.json), idsOf(real1.json));
  assert.deepEqual(idsOf(unknown2.json), idsOf(unknown1.json));
  assert.match(idsOf(unknown1.json).user, USER_ID);
  assert.equal(normalised(unknown2.json, UNKNOWN_FRESH), normalised(real2.json, REAL));
});
