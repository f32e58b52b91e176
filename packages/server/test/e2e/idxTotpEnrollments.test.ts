/**
 * Several google_otp enrollments of one user, as Okta allows (an app on two phones): each is listed
 * and chosen on its own (by `enrollmentId`), and a code counts only for the enrollment chosen. Also
 * what enrolling adds around it: the enrollments already had, listed while enrolling, and the
 * security event of an enrollment completed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { authenticator } from 'otplib';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg, passwordAndAnotherPolicy } from '../support/testOrg.js';
import { capturingLogger } from '../support/logs.js';
import { addTotpEnrollment } from '../support/totpEnrollments.js';
import { remediationNames, submit, type Json, passwordAnswered } from '../support/idx.js';

/** `raw` and `sdk` get two google_otp enrollments from the test; `enrolling` must enroll one (the enrollment policy). */
const PEOPLE = { raw: 'tess@example.com', sdk: 'theo@example.com', enrolling: 'ella@example.com' };
const TWO_FACTOR_APP = 'spa-2fa';
const STEP_MS = 30_000;

function org() {
  const base = testOrg();
  // No verified email: after the password, google_otp is the only second factor.
  const person = (login: string, groups: string[] = []) => ({ login, password: TEST.password, groups: ['Engineering', ...groups], emailVerified: false });
  return {
    ...base,
    groups: [...base.groups, { name: 'TOTP required' }],
    users: [...base.users, person(PEOPLE.raw), person(PEOPLE.sdk), person(PEOPLE.enrolling, ['TOTP required'])],
    apps: [...base.apps, { clientId: TWO_FACTOR_APP, label: TWO_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['interaction_code'] }],
    policies: [
      passwordAndAnotherPolicy([TWO_FACTOR_APP]),
      {
        type: 'MFA_ENROLL', name: 'TOTP required', priority: 1, conditions: { people: { groups: { include: ['TOTP required'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'google_otp', enroll: { self: 'REQUIRED' } }] },
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

/** interact → introspect → identify → password, over plain HTTP. */
const passwordDone = (login: string): Promise<Json> =>
  passwordAnswered(issuer, server.url, { clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, login, password: TEST.password });

/** The options of select-authenticator-authenticate, each with its form's values by name and the item it relates to. */
function selectOptions(state: Json): Array<{ values: Record<string, unknown>; item: Json }> {
  const select = state.remediation.value.find((r: Json) => r.name === 'select-authenticator-authenticate');
  return select.value[0].options.map((o: Json) => ({
    values: Object.fromEntries(o.value.form.value.map((f: Json) => [f.name, f.value])),
    item: state.authenticatorEnrollments.value[Number(/\[(\d+)\]$/.exec(o.relatesTo)![1])],
  }));
}

describe('two google_otp enrollments, over raw IDX', () => {
  it('both are listed, one option each naming its enrollment; B chosen, a code of A is refused and B\'s signs in; an unknown enrollmentId is refused', async () => {
    const a = await addTotpEnrollment(server, PEOPLE.raw);
    const b = await addTotpEnrollment(server, PEOPLE.raw);
    const state = await passwordDone(PEOPLE.raw);
    assert.deepEqual(remediationNames(state), ['select-authenticator-authenticate'], 'two to choose from: nothing is challenged by itself');
    const options = selectOptions(state);
    assert.deepEqual(options.map((o) => o.values.enrollmentId), [a.id, b.id]);
    assert.deepEqual(options.map((o) => o.item.id), [a.id, b.id], 'each relates to its own enrollment');
    assert.ok(options.every((o) => o.item.key === 'google_otp' && o.values.id === options[0].values.id), 'one authenticator');

    const unknown = await submit(state, 'select-authenticator-authenticate', { authenticator: { id: options[0].values.id, enrollmentId: 'paeNoSuchEnrollment0' } });
    assert.equal(unknown.status, 400, JSON.stringify(unknown.json));
    assert.deepEqual(unknown.json.messages.value.map((m: Json) => m.i18n.key), ['idx.authenticator.invalid']);

    const chosen = await submit(state, 'select-authenticator-authenticate', { authenticator: { id: options[1].values.id, enrollmentId: b.id } });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.json));
    assert.equal(chosen.json.currentAuthenticatorEnrollment.value.id, b.id);
    assert.deepEqual(remediationNames(chosen.json), ['challenge-authenticator', 'select-authenticator-authenticate']);
    const codeOfA = await submit(chosen.json, 'challenge-authenticator', { credentials: { passcode: codeFor(a.secret) } });
    assert.equal(codeOfA.status, 401, JSON.stringify(codeOfA.json));
    const verified = await submit(chosen.json, 'challenge-authenticator', { credentials: { passcode: codeFor(b.secret) } });
    assert.equal(verified.status, 200, JSON.stringify(verified.json));
    // Signed in, but for the email Okta's default enrollment policy offers at a first sign-in (optional).
    const signedIn = await submit(verified.json, 'skip');
    assert.ok(signedIn.json.successWithInteractionCode, JSON.stringify(remediationNames(signedIn.json)));
  });
});

describe('two google_otp enrollments, with @okta/okta-auth-js', () => {
  it('the choice names the enrollment ({id, enrollmentId}); its code signs in, the other\'s does not', async () => {
    const a = await addTotpEnrollment(server, PEOPLE.sdk);
    const b = await addTotpEnrollment(server, PEOPLE.sdk);
    const auth = oktaAuth({ issuer, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'], legacy: true });
    const select = await auth.idx.authenticate({ username: PEOPLE.sdk, password: TEST.password });
    assert.equal(select.status, IdxStatus.PENDING, JSON.stringify(select.messages));
    assert.equal(select.nextStep?.name, 'select-authenticator-authenticate');
    assert.deepEqual(select.nextStep?.inputs?.[0].options?.map((o) => o.value), ['google_otp', 'google_otp'], 'one option per enrollment');
    const listed = select.context?.authenticatorEnrollments.value ?? [];
    assert.deepEqual(listed.filter((e) => e.key === 'google_otp').map((e) => e.id), [a.id, b.id]);

    const option: Json = (select.neededToProceed[0].value![0].options as Json[])[0];
    const totpId: string = option.value.form.value.find((f: Json) => f.name === 'id').value;
    // okta-auth-js posts an authenticator given with an id as it is: the app names the enrollment it listed.
    const challenged = await auth.idx.proceed({ authenticator: { id: totpId, enrollmentId: a.id } as { id: string } });
    assert.equal(challenged.nextStep?.name, 'challenge-authenticator', JSON.stringify(challenged.messages));
    assert.equal(challenged.nextStep?.authenticator?.id, a.id);
    const refused = await auth.idx.proceed({ verificationCode: codeFor(b.secret) });
    assert.equal(refused.nextStep?.name, 'challenge-authenticator');
    assert.deepEqual(refused.messages?.map((m) => m.i18n?.key), ['authfactor.challenge.soft_token.invalid_passcode']);
    const verified = await auth.idx.proceed({ verificationCode: codeFor(a.secret) });
    assert.equal(verified.nextStep?.name, 'select-authenticator-enroll', 'the email offered at a first sign-in (optional)');
    const done = await auth.idx.proceed({ skip: true });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
  });
});

describe('enrolling google_otp', () => {
  it('lists the enrollments the user already has (the password), and its completion is the security event user.mfa.factor.activate', async () => {
    const enrolling = await passwordDone(PEOPLE.enrolling);
    assert.deepEqual(remediationNames(enrolling), ['enroll-authenticator', 'select-authenticator-enroll']);
    assert.deepEqual(enrolling.authenticatorEnrollments.value.map((e: Json) => e.key), ['okta_password']);
    const before = log.events().length;
    clock.advance(STEP_MS);
    const secret: string = enrolling.currentAuthenticator.value.contextualData.sharedSecret;
    const enrolled = await submit(enrolling, 'enroll-authenticator', { credentials: { passcode: codeFor(secret) } });
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.json));
    const user = (await server.lk.store.users.findByLogin(PEOPLE.enrolling))!;
    const activated = log.events().slice(before).filter((e) => e.eventType === 'user.mfa.factor.activate');
    assert.equal(activated.length, 1);
    assert.deepEqual(activated[0].outcome, { result: 'SUCCESS' });
    assert.equal(activated[0].actor?.id, user.id);
    assert.deepEqual(activated[0].target?.map((t) => [t.type, t.id === user.id ? 'user' : t.alternateId]), [['User', 'user'], ['Authenticator', 'google_otp']]);
    assert.ok(!JSON.stringify(activated[0]).includes(secret), 'no secret in the log');
  });
});
