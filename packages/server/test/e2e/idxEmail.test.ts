import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, twoFactorOrg } from '../support/testOrg.js';

let server: TestServer;
let issuer: string;

before(async () => {
  server = await startTestServer({ org: twoFactorOrg() });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const client = () => oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email'] });

/** The newest message to an address, read through the development outbox endpoint. */
async function latestEmail(to: string): Promise<{ text: string; createdAt: string }> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(to)}&limit=1`);
  const { messages } = await r.json();
  assert.ok(messages.length > 0, `no email to ${to}`);
  return messages[0];
}
const codeIn = (text: string) => /code is (\d{6})/.exec(text)![1];
const linkIn = (text: string) => /(http\S+\/email\/verify\/\S+)/.exec(text)![1];

describe('password + email with @okta/okta-auth-js', () => {
  it('password, then the emailed code: SUCCESS with amr pwd, email, mfa', async () => {
    const auth = client();
    const first = await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
    assert.equal(first.status, IdxStatus.PENDING);
    assert.equal(first.nextStep?.name, 'challenge-authenticator');
    assert.equal(first.nextStep?.authenticator?.key, 'okta_email');
    const { text } = await latestEmail(TEST.user);
    const done = await auth.idx.proceed({ verificationCode: codeIn(text) });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    const verifier = new OktaJwtVerifier({ issuer, testing: { disableHttpsCheck: true } });
    await verifier.verifyAccessToken(done.tokens!.accessToken!.accessToken, 'api://default');
    assert.deepEqual(done.tokens!.idToken!.claims.amr, ['pwd', 'email', 'mfa']);
  });

  it('a wrong code is refused and the right one still works; a used code does not work twice', async () => {
    const auth = client();
    await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
    const code = codeIn((await latestEmail(TEST.user)).text);
    const wrong = await auth.idx.proceed({ verificationCode: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, IdxStatus.PENDING);
    assert.equal(wrong.messages?.[0]?.i18n?.key, 'api.authn.error.PASSCODE_INVALID');
    const done = await auth.idx.proceed({ verificationCode: code });
    assert.equal(done.status, IdxStatus.SUCCESS);

    const again = client();
    await again.idx.authenticate({ username: TEST.user, password: TEST.password });
    const fresh = codeIn((await latestEmail(TEST.user)).text);
    if (fresh !== code) {
      const reused = await again.idx.proceed({ verificationCode: code });
      assert.equal(reused.messages?.[0]?.i18n?.key, 'api.authn.error.PASSCODE_INVALID', 'a code belongs to its own challenge');
    }
  });

  it('magic link: opened by a plain HTTP client, the waiting transaction then completes', async () => {
    const auth = client();
    const first = await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
    const email = first.nextStep;
    assert.equal(email?.authenticator?.key, 'okta_email');
    const link = linkIn((await latestEmail(TEST.user)).text);
    const page = await fetch(link);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /idx\.return\.to\.original\.tab/);
    // The waiting client polls (the `poll` action of the current authenticator, as the widget does) and finds the sign-in done.
    const done = await auth.idx.proceed({ actions: ['currentAuthenticatorEnrollment-poll'] });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(done.tokens?.accessToken);
    const replay = await fetch(link);
    assert.match(await replay.text(), /idx\.return\.link\.expired/, 'a link works once');
  });

  it('resend sends a new code; the previous one stops working', async () => {
    const auth = client();
    await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
    const firstCode = codeIn((await latestEmail(TEST.user)).text);
    const resent = await auth.idx.proceed({ resend: true });
    assert.equal(resent.status, IdxStatus.PENDING);
    const secondCode = codeIn((await latestEmail(TEST.user)).text);
    if (firstCode !== secondCode) {
      const old = await auth.idx.proceed({ verificationCode: firstCode });
      assert.equal(old.messages?.[0]?.i18n?.key, 'api.authn.error.PASSCODE_INVALID');
    }
    const done = await auth.idx.proceed({ verificationCode: secondCode });
    assert.equal(done.status, IdxStatus.SUCCESS);
  });
});
