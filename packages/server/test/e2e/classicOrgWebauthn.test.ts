import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oktaAuth } from '../support/oktaAuth.js';
import { authnError } from '../support/authn.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { postgresTestDatabase, sqliteTestDatabase } from '../support/databases.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';

/**
 * A Classic Engine org (`org.engine: classic`) on PostgreSQL (SQLite when none answers): its MFA
 * enrollment policy's `fido_webauthn` factor makes authn offer `webauthn`/`FIDO`, the Okta sign-on
 * policy's requireFactor asks it; the key is enrolled and then verified through /api/v1/authn with
 * okta-auth-js, its counter kept in the store (a cloned key's replayed counter is refused).
 */
const PASSWORD = 'Correct-Horse-9';
const APP = 'classic-app';
const REDIRECT = 'http://localhost:3000/callback';
const PERSON = 'fido@example.com';

function classicOrgFile() {
  return {
    version: 1,
    org: { name: 'Classic Co', engine: 'classic' },
    groups: [{ name: 'MFA' }],
    // No verified email: the key is their only factor besides the password.
    users: [{ login: PERSON, password: PASSWORD, profile: { firstName: 'Fi', lastName: 'Do' }, groups: ['MFA'], emailVerified: false }],
    apps: [{ clientId: APP, label: 'App', type: 'browser', redirectUris: [REDIRECT], grantTypes: ['authorization_code'] }],
    authorizationServers: [],
    policies: [
      {
        type: 'OKTA_SIGN_ON', name: 'Default Policy', priority: 1,
        rules: [{ name: 'MFA group', priority: 1, conditions: { people: { groups: { include: ['MFA'] } } }, actions: { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'ALWAYS' } } }],
      },
      {
        type: 'MFA_ENROLL', name: 'Default Policy', priority: 1,
        settings: { type: 'FACTORS', factors: { fido_webauthn: { enroll: { self: 'REQUIRED' } }, okta_sms: { enroll: { self: 'NOT_ALLOWED' } } } },
        rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { enroll: { self: 'CHALLENGE' } } }],
      },
    ],
  };
}

let server: TestServer;
before(async () => {
  server = await startTestServer({ org: classicOrgFile(), database: (await postgresTestDatabase()) ?? sqliteTestDatabase() });
});
after(() => server.stop());

// okta-auth-js's authn transactions carry every link as a function; its types name only some.
type Txn = Record<string, any>;
const signIn = async (): Promise<Txn> =>
  (await oktaAuth({ issuer: server.url, clientId: APP, redirectUri: REDIRECT, scopes: ['openid'] }).signInWithCredentials({ username: PERSON, password: PASSWORD })) as unknown as Txn;
const webauthnFactor = (t: Txn): Txn => (t.factors as Txn[]).find((f) => f.factorType === 'webauthn')!;

describe('a Classic org\'s fido_webauthn factor through authn (on PostgreSQL when one answers, else SQLite)', () => {
  it('MFA_ENROLL offers webauthn/FIDO, REQUIRED; enrolled with the attestation, it is then asked at every sign-in and verifies', async () => {
    const enroll = await signIn();
    assert.equal(enroll.status, 'MFA_ENROLL');
    assert.deepEqual((enroll.factors as Txn[]).map((f) => [f.factorType, f.provider, f.status, f.enrollment]), [['webauthn', 'FIDO', 'NOT_SETUP', 'REQUIRED']]);
    const activate = (await webauthnFactor(enroll).enroll()) as Txn;
    assert.equal(activate.status, 'MFA_ENROLL_ACTIVATE');
    assert.deepEqual(activate.factor.activation.rp, { name: 'Classic Co', id: '127.0.0.1' });
    const key = new SoftAuthenticator(server.url);
    assert.equal(((await activate.activate(key.register(activate.factor.activation))) as Txn).status, 'SUCCESS');

    for (let i = 0; i < 2; i++) {
      const required = await signIn();
      assert.equal(required.status, 'MFA_REQUIRED');
      const challenge = (await webauthnFactor(required).verify()) as Txn;
      assert.equal(challenge.factor.profile.credentialId, key.credentialId.toString('base64url'));
      const done = (await challenge.verify(key.assert(challenge.factor.challenge.challenge))) as Txn;
      assert.equal(done.status, 'SUCCESS');
      assert.ok(done.sessionToken);
    }

    // A clone of the key starts its counter over: the stored counter refuses it, though the signature is good.
    key.counter = 0;
    const cloned = (await webauthnFactor(await signIn()).verify()) as Txn;
    assert.equal((await authnError(cloned.verify(key.assert(cloned.factor.challenge.challenge)))).errorCode, 'E0000068');
  });
});
