import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { ACCOUNT, accountOrg } from '../support/accountOrg.js';
import { codeIn, latestEmailText } from '../support/outbox.js';

/**
 * Password expiry with @okta/okta-auth-js: the password policy's `age.maxAgeDays` and
 * `expireWarnDays`, counted from each user's `passwordChanged` (set in the org file as an import
 * from Okta would), and an administrator's expiry (status PASSWORD_EXPIRED).
 */

const DAY = 24 * 3600_000;
const NEW_PASSWORD = 'Brand-New-Horse-7';
const PEOPLE = { expired: 'olga@example.com', expiring: 'sam@example.com', changesEarly: 'cara@example.com', adminExpired: 'adam@example.com' };

let server: TestServer;
let issuer: string;

before(async () => {
  const org = accountOrg({ age: { maxAgeDays: 30, expireWarnDays: 5 } });
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  const person = (login: string, extra: Record<string, unknown>) => ({ login, profile: { firstName: 'Pat' }, password: TEST.password, groups: ['Engineering'], ...extra });
  org.users.push(
    person(PEOPLE.expired, { passwordChanged: ago(40) }) as never,
    person(PEOPLE.expiring, { passwordChanged: ago(27) }) as never,
    person(PEOPLE.changesEarly, { passwordChanged: ago(27) }) as never,
    person(PEOPLE.adminExpired, { status: 'PASSWORD_EXPIRED' }) as never,
  );
  server = await startTestServer({ org });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const client = (clientId: string = TEST.spa.clientId) => oktaAuth({ issuer, clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email'] });

describe('expired password with @okta/okta-auth-js', () => {
  it('older than maxAgeDays: reenroll-authenticator after the password; a weak one is refused, a good one signs in', async () => {
    const auth = client();
    const expired = await auth.idx.authenticate({ username: PEOPLE.expired, password: TEST.password });
    assert.equal(expired.status, IdxStatus.PENDING, JSON.stringify(expired.messages));
    assert.equal(expired.nextStep?.name, 'reenroll-authenticator');
    assert.equal(expired.nextStep?.authenticator?.key, 'okta_password');
    assert.equal((expired.nextStep?.authenticator?.settings?.complexity as { minLength?: number } | undefined)?.minLength, 8);
    const weak = await auth.idx.proceed({ newPassword: 'short' });
    assert.equal(weak.nextStep?.name, 'reenroll-authenticator');
    assert.match(JSON.stringify(weak.messages ?? weak.nextStep), /password\.passwordRequirementsNotMet/);
    const done = await auth.idx.proceed({ newPassword: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(done.tokens?.accessToken);

    const old = await client().idx.authenticate({ username: PEOPLE.expired, password: TEST.password });
    assert.equal(old.messages?.[0]?.i18n?.key, 'incorrectPassword', 'the expired password no longer works');
    const fresh = await client().idx.authenticate({ username: PEOPLE.expired, password: NEW_PASSWORD });
    assert.equal(fresh.status, IdxStatus.SUCCESS, 'the new password is current: no prompt');
  });

  it('expired by an administrator (PASSWORD_EXPIRED): the same, and the user is ACTIVE after', async () => {
    const auth = client();
    const expired = await auth.idx.authenticate({ username: PEOPLE.adminExpired, password: TEST.password });
    assert.equal(expired.nextStep?.name, 'reenroll-authenticator');
    const done = await auth.idx.proceed({ newPassword: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.equal((await server.lk.store.users.findByLogin(PEOPLE.adminExpired))?.status, 'ACTIVE');
  });

  it('a wrong password never reaches the new-password form', async () => {
    const wrong = await client().idx.authenticate({ username: PEOPLE.expired, password: ACCOUNT.wrongPassword });
    assert.equal(wrong.messages?.[0]?.i18n?.key, 'incorrectPassword');
    assert.notEqual(wrong.nextStep?.name, 'reenroll-authenticator');
  });

  it('with two factors the new password is asked once both are verified', async () => {
    const auth = client(ACCOUNT.twoFactorSpa);
    await server.lk.store.users.update((await server.lk.store.users.findByLogin(PEOPLE.adminExpired))!.id, { status: 'PASSWORD_EXPIRED' }, Date.now());
    const email = await auth.idx.authenticate({ username: PEOPLE.adminExpired, password: NEW_PASSWORD });
    assert.equal(email.nextStep?.authenticator?.key, 'okta_email', JSON.stringify(email.nextStep));
    const expired = await auth.idx.proceed({ verificationCode: codeIn(await latestEmailText(server.url, PEOPLE.adminExpired)) });
    assert.equal(expired.nextStep?.name, 'reenroll-authenticator');
    const done = await auth.idx.proceed({ newPassword: 'Another-New-Horse-8' });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.deepEqual(done.tokens?.idToken?.claims.amr, ['pwd', 'email', 'mfa']);
  });
});

describe('password expiry warning with @okta/okta-auth-js', () => {
  it('within expireWarnDays: reenroll-authenticator-warning with the days left and the message; skip signs in, and warns again next time', async () => {
    const auth = client();
    const warned = await auth.idx.authenticate({ username: PEOPLE.expiring, password: TEST.password });
    assert.equal(warned.status, IdxStatus.PENDING, JSON.stringify(warned.messages));
    assert.equal(warned.nextStep?.name, 'reenroll-authenticator-warning');
    assert.equal(warned.nextStep?.canSkip, true);
    assert.equal((warned.nextStep?.authenticator?.settings as { daysToExpiry?: number } | undefined)?.daysToExpiry, 3);
    assert.deepEqual(warned.messages?.map((m) => [m.i18n?.key, m.i18n?.params]), [['idx.password.expiring.message', ['Test Org']]]);
    const done = await auth.idx.proceed({ skip: true });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    const again = await client().idx.authenticate({ username: PEOPLE.expiring, password: TEST.password });
    assert.equal(again.nextStep?.name, 'reenroll-authenticator-warning');
  });

  it('changing it from the warning signs in; the new password is current', async () => {
    const auth = client();
    await auth.idx.authenticate({ username: PEOPLE.changesEarly, password: TEST.password });
    const done = await auth.idx.proceed({ newPassword: NEW_PASSWORD });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    const next = await client().idx.authenticate({ username: PEOPLE.changesEarly, password: NEW_PASSWORD });
    assert.equal(next.status, IdxStatus.SUCCESS, 'no warning any more');
  });

  it('a young password: no prompt at all', async () => {
    const done = await client().idx.authenticate({ username: TEST.user, password: TEST.password });
    assert.equal(done.status, IdxStatus.SUCCESS);
  });
});
