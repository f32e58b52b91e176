import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus, type IdxTransaction } from '@okta/okta-auth-js';
import { authenticator } from 'otplib';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg, passwordAndAnotherPolicy } from '../support/testOrg.js';
import { messageKeys, remediationNames, submit, type Json, passwordAnswered } from '../support/idx.js';
import { authenticatorIdOf } from '../../src/engine/engine.js';
import { totpAuthenticator } from '../../src/authenticators/totp/totpAuthenticator.js';

const DAY_MS = 24 * 60 * 60_000;
/** Each test signs in its own person; each group has its own enrollment policy. */
const PEOPLE = { skips: 'sky@example.com', date: 'dana@example.com', disabled: 'dirk@example.com' };
const TWO_FACTOR_APP = 'spa-2fa';
const SECRET = authenticator.generateSecret(20);

const clock = new TestClock();
const graceEnds = clock.now() + 3 * DAY_MS;

/** google_otp required: by skip count for one group, by end date for another; disabled for a third, whose person has it enrolled. */
function graceOrg() {
  const base = testOrg();
  const person = (login: string, group: string, extra = {}) => ({ login, password: TEST.password, groups: ['Engineering', group], ...extra });
  const enrollPolicy = (name: string, priority: number, google: Json) => ({
    type: 'MFA_ENROLL', name, priority, conditions: { people: { groups: { include: [name] } } },
    settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'okta_email', enroll: { self: 'OPTIONAL' } }, { key: 'google_otp', enroll: google }] },
  });
  return {
    ...base,
    groups: [...base.groups, { name: 'By skips' }, { name: 'By date' }, { name: 'Disabled' }],
    users: [
      ...base.users,
      person(PEOPLE.skips, 'By skips'),
      person(PEOPLE.date, 'By date'),
      person(PEOPLE.disabled, 'Disabled', { authenticatorEnrollments: [{ key: 'google_otp', secret: SECRET }] }),
    ],
    apps: [...base.apps, { clientId: TWO_FACTOR_APP, label: TWO_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] }],
    policies: [
      passwordAndAnotherPolicy([TWO_FACTOR_APP]),
      enrollPolicy('By skips', 1, { self: 'REQUIRED', gracePeriod: { type: 'BY_SKIP_COUNT', skipCount: 2 } }),
      enrollPolicy('By date', 2, { self: 'REQUIRED', gracePeriod: { type: 'BY_DATE_TIME', expiry: new Date(graceEnds).toISOString() } }),
      enrollPolicy('Disabled', 3, { self: 'NOT_ALLOWED' }),
    ],
  };
}

let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: graceOrg(), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

/** A sign-in with password through okta-auth-js, up to what the enrollment policy asks. */
async function signIn(login: string, clientId = TEST.spa.clientId): Promise<{ auth: ReturnType<typeof oktaAuth>; tx: IdxTransaction }> {
  // The server's clock runs days ahead of this one: the SDK must not take its tokens for issued in the future.
  const auth = oktaAuth({ issuer, clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], legacy: true, maxClockSkew: 30 * DAY_MS / 1000 });
  return { auth, tx: await auth.idx.authenticate({ username: login, password: TEST.password }) };
}

/** The grace period the response gives the offered google_otp. */
const graceOf = (tx: IdxTransaction) => ((tx.rawIdxState as Json).authenticators?.value as Json[] | undefined)?.find((a) => a.key === 'google_otp')?.gracePeriod;
const offered = (tx: IdxTransaction) => tx.nextStep?.inputs?.[0]?.options?.map((o) => o.value);

/** A response offering only a form the server did not offer (what a tampering client would post). */
const forged = (state: Json, name: string, path: string): Json => ({
  ...state, remediation: { value: [{ name, href: `${server.url}${path}`, method: 'POST', value: [{ name: 'stateHandle', value: state.stateHandle, mutable: false }] }] },
});

/** interact → identify → password over plain HTTP: the step after the password. */
const passwordDone = (login: string, clientId: string): Promise<Json> =>
  passwordAnswered(issuer, server.url, { clientId, redirectUri: TEST.redirectUri, login, password: TEST.password });

// One at a time: each moves the server's clock.
describe('a required authenticator with a grace period, through @okta/okta-auth-js', { concurrency: 1 }, () => {
  it('by skip count: offered with skip and the skips left, asked once a day, then enrolling is forced', async () => {
    const first = await signIn(PEOPLE.skips);
    assert.equal(first.tx.status, IdxStatus.PENDING, JSON.stringify(first.tx.messages));
    assert.equal(first.tx.nextStep?.name, 'select-authenticator-enroll');
    assert.equal(first.tx.nextStep?.canSkip, true);
    assert.deepEqual(offered(first.tx), ['google_otp']);
    assert.deepEqual(graceOf(first.tx), { type: 'BY_SKIP_COUNT', remainingSkips: 2 });
    const skipped = await first.auth.idx.proceed({ skip: true });
    assert.equal(skipped.status, IdxStatus.SUCCESS, JSON.stringify(skipped.messages));

    const sameDay = await signIn(PEOPLE.skips);
    assert.equal(sameDay.tx.status, IdxStatus.SUCCESS, `skipped less than a day ago: not asked again (${JSON.stringify([sameDay.tx.nextStep, sameDay.tx.messages])})`);

    clock.advance(DAY_MS);
    const nextDay = await signIn(PEOPLE.skips);
    assert.deepEqual(graceOf(nextDay.tx), { type: 'BY_SKIP_COUNT', remainingSkips: 1 });
    assert.equal((await nextDay.auth.idx.proceed({ skip: true })).status, IdxStatus.SUCCESS);

    clock.advance(DAY_MS);
    const forced = await signIn(PEOPLE.skips);
    assert.equal(forced.tx.nextStep?.name, 'enroll-authenticator', 'no skip left: the only required one is started at once');
    assert.equal(forced.tx.nextStep?.authenticator?.key, 'google_otp');
    assert.equal(forced.tx.nextStep?.canSkip, undefined);
    assert.equal(graceOf(forced.tx), undefined);
    const secret = (forced.tx.nextStep?.authenticator?.contextualData as { sharedSecret: string }).sharedSecret;
    const enrolled = await forced.auth.idx.proceed({ verificationCode: authenticator.clone({ epoch: clock.now() }).generate(secret) });
    assert.equal(enrolled.status, IdxStatus.SUCCESS, JSON.stringify(enrolled.messages));
  });

  it('by end date: offered with skip until the date; after it, forced; skip then is an IDX error', async () => {
    const first = await signIn(PEOPLE.date);
    assert.equal(first.tx.nextStep?.canSkip, true);
    assert.deepEqual(graceOf(first.tx), { type: 'BY_DATE_TIME', expiry: new Date(graceEnds).toISOString() });
    assert.equal((await first.auth.idx.proceed({ skip: true })).status, IdxStatus.SUCCESS);

    clock.advance(graceEnds - clock.now());
    // Over HTTP: skip posted after the end date is refused.
    const forced = await passwordDone(PEOPLE.date, TEST.spa.clientId);
    assert.deepEqual(remediationNames(forced), ['enroll-authenticator', 'select-authenticator-enroll']);
    const skip = await submit(forged(forced, 'skip', '/idp/idx/skip'), 'skip');
    assert.equal(skip.status, 400, JSON.stringify(skip.json));
    assert.deepEqual(remediationNames(skip.json), ['enroll-authenticator', 'select-authenticator-enroll'], 'the state is unchanged');
  });
});

describe('an authenticator the enrollment policy disables', () => {
  it('is neither offered to enroll nor to verify, though enrolled (imported from the org file); choosing it anyway is refused', async () => {
    const { tx } = await signIn(PEOPLE.disabled, TWO_FACTOR_APP);
    assert.equal(tx.status, IdxStatus.PENDING, JSON.stringify(tx.messages));
    // The email is the only second factor left: it is challenged at once, google_otp is not listed.
    assert.equal(tx.nextStep?.authenticator?.key, 'okta_email');
    const listed = ((tx.rawIdxState as Json).authenticatorEnrollments.value as Json[]).map((a) => a.key);
    assert.deepEqual(listed, ['okta_email']);

    const second = await passwordDone(PEOPLE.disabled, TWO_FACTOR_APP);
    const choose = forged(second, 'select-authenticator-authenticate', '/idp/idx/challenge');
    const chosen = await submit(choose, 'select-authenticator-authenticate', { authenticator: { id: authenticatorIdOf(totpAuthenticator), methodType: 'otp' } });
    assert.equal(chosen.status, 400, JSON.stringify(chosen.json));
    assert.deepEqual(messageKeys(chosen.json), ['idx.authenticator.invalid']);
  });
});
