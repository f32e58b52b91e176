import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: testOrg() });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

/** A fresh client; v8 defaults to step mode (each proceed names its step), `legacy` is v7's auto-remediating mode. */
const client = (legacy = true) => oktaAuth({
  issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'email', 'offline_access'], legacy,
});

describe('IDX password sign-in with @okta/okta-auth-js', () => {
  it('idx.authenticate({ username, password }) reaches SUCCESS with tokens @okta/jwt-verifier accepts', async () => {
    const auth = client();
    const tx = await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
    assert.equal(tx.status, IdxStatus.SUCCESS, JSON.stringify(tx.messages ?? tx));
    assert.ok(tx.tokens?.accessToken && tx.tokens.idToken && tx.tokens.refreshToken);
    const verifier = new OktaJwtVerifier({ issuer, assertClaims: { cid: TEST.spa.clientId }, testing: { disableHttpsCheck: true } });
    const at = await verifier.verifyAccessToken(tx.tokens.accessToken.accessToken, 'api://default');
    assert.equal(at.claims.sub, TEST.user);
    const id = tx.tokens.idToken.claims;
    assert.deepEqual(id.amr, ['pwd']);
    assert.equal(typeof id.auth_time, 'number');
    assert.ok(id.idp);
  });

  it('step mode: identify, then challenge-authenticator with the password', async () => {
    const auth = client(false);
    const start = await auth.idx.start();
    assert.deepEqual(start.availableSteps?.map((s) => s.name), ['identify', 'cancel']);
    const identified = await auth.idx.proceed({ step: 'identify', username: TEST.user });
    assert.equal(identified.status, IdxStatus.PENDING);
    assert.equal(identified.nextStep?.name, 'challenge-authenticator');
    assert.equal(identified.nextStep?.relatesTo?.value?.key, 'okta_password');
    const done = await auth.idx.proceed({ step: 'challenge-authenticator', credentials: { passcode: TEST.password } });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(done.tokens?.accessToken);
  });

  it('a wrong password answers "Password is incorrect" and lets the user try again', async () => {
    const auth = client();
    const tx = await auth.idx.authenticate({ username: TEST.user, password: 'wrong-password-1' });
    assert.equal(tx.status, IdxStatus.PENDING);
    assert.equal(tx.messages?.[0]?.message, 'Password is incorrect');
    assert.equal(tx.messages?.[0]?.i18n?.key, 'incorrectPassword');
    const retry = await auth.idx.proceed({ password: TEST.password });
    assert.equal(retry.status, IdxStatus.SUCCESS);
  });

  it('an unknown user gets exactly what a wrong password gets', async () => {
    const tx = await client().idx.authenticate({ username: 'nobody@example.com', password: 'whatever-1' });
    assert.equal(tx.status, IdxStatus.PENDING);
    assert.equal(tx.messages?.[0]?.i18n?.key, 'incorrectPassword');
  });
});
