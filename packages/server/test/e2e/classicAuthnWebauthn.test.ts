import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { authenticator } from 'otplib';
import { oktaAuth } from '../support/oktaAuth.js';
import { authnError } from '../support/authn.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg, passwordAndAnotherPolicy } from '../support/testOrg.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import type { Json } from '../support/idx.js';

/**
 * Okta's Classic WebAuthn factor (factorType `webauthn`, provider `FIDO`) through /api/v1/authn, with
 * @okta/okta-auth-js's authn transaction API and a software authenticator: enrolled (MFA_ENROLL →
 * MFA_ENROLL_ACTIVATE → SUCCESS), verified by factorId and by factorType, refused as Okta refuses,
 * and the same credential used through IDX and the other way round.
 */

const DASHBOARD = 'latchkey.dashboard';
const TWO_FACTOR_APP = 'spa-2fa';
const PEOPLE = {
  enroll: 'kim@example.com', activation: 'abe@example.com', refusals: 'rex@example.com', authnToIdx: 'ari@example.com', idxToAuthn: 'ivan@example.com',
  twoKeys: 'tess@example.com', totpOnly: 'tom@example.com',
};
const TOTP_SECRET = authenticator.generateSecret(20);

// Keys made before the server starts, imported through the org file (as moved from another instance).
let keys: { first: SoftAuthenticator; second: SoftAuthenticator };
const imported = (key: SoftAuthenticator) => ({ key: 'webauthn', profile: { credentialId: key.credentialId.toString('base64url'), publicKey: key.publicKey().toString('base64url') } });

function webauthnFactorsOrg() {
  const base = testOrg();
  const person = (login: string, groups: string[], extra: Record<string, unknown> = {}) =>
    ({ login, profile: { firstName: 'Kay', lastName: 'Fido' }, password: TEST.password, groups: ['Engineering', ...groups], emailVerified: false, ...extra });
  return {
    ...base,
    groups: [...base.groups, { name: 'Keys' }, { name: 'Two factors' }],
    apps: [...base.apps, { clientId: TWO_FACTOR_APP, label: TWO_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] }],
    authenticators: [{ key: 'webauthn', settings: { userVerification: 'PREFERRED' } }],
    users: [
      ...base.users,
      ...[PEOPLE.enroll, PEOPLE.activation, PEOPLE.refusals, PEOPLE.authnToIdx, PEOPLE.idxToAuthn].map((login) => person(login, ['Keys'])),
      // A verified email: else the default enrollment policy offers the email once the key is verified.
      person(PEOPLE.twoKeys, ['Two factors'], { emailVerified: true, authenticatorEnrollments: [imported(keys.first), imported(keys.second)] }),
      person(PEOPLE.totpOnly, ['Two factors'], { authenticatorEnrollments: [{ key: 'google_otp', secret: TOTP_SECRET }] }),
    ],
    policies: [
      {
        type: 'ACCESS_POLICY', name: 'Dashboard', priority: 1, conditions: { apps: { include: [DASHBOARD] } },
        rules: [
          { name: 'Two factors', priority: 1, conditions: { people: { groups: { include: ['Keys', 'Two factors'] } } }, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] } } } },
          { name: 'Password', priority: 2, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] } } } },
        ],
      },
      { ...passwordAndAnotherPolicy([TWO_FACTOR_APP]), priority: 2 },
      {
        type: 'MFA_ENROLL', name: 'Keys required', priority: 1, conditions: { people: { groups: { include: ['Keys'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'webauthn', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}

let server: TestServer;
before(async () => {
  // Made before the server listens, for its host; their assertions name its origin (see signed).
  keys = { first: new SoftAuthenticator('http://127.0.0.1'), second: new SoftAuthenticator('http://127.0.0.1') };
  server = await startTestServer({ org: webauthnFactorsOrg() });
});
after(() => server.stop());

// okta-auth-js's authn transactions carry every link as a function; its types name only some.
type Txn = Record<string, any>;
const client = () => oktaAuth({ issuer: server.url, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'] });
const signIn = async (login: string): Promise<Txn> => (await client().signInWithCredentials({ username: login, password: TEST.password })) as unknown as Txn;
const webauthnFactor = (t: Txn): Txn => (t.factors as Txn[]).find((f) => f.factorType === 'webauthn')!;
const post = async (path: string, body: unknown) =>
  fetch(`${server.url}/api/v1/authn${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
const signed = (key: SoftAuthenticator, challenge: string): Json => key.assert(challenge, { origin: server.url });
const idToken = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** The fields as Okta's widget sends them: standard base64 (btoa), not base64url. */
const asWidgetSends = (fields: Json): Json => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, k === 'transports' ? v : Buffer.from(v as string, 'base64url').toString('base64')]));

/** Signs in, enrolls a new key through authn (MFA_ENROLL → MFA_ENROLL_ACTIVATE → SUCCESS) and answers it. */
async function enrolledThroughAuthn(login: string): Promise<SoftAuthenticator> {
  const key = new SoftAuthenticator(server.url);
  const activate = (await webauthnFactor(await signIn(login)).enroll()) as Txn;
  const done = (await activate.activate(key.register(activate.factor.activation))) as Txn;
  assert.equal(done.status, 'SUCCESS');
  return key;
}

/** Signs in and chooses the person's only WebAuthn factor: MFA_CHALLENGE. */
async function challenged(login: string): Promise<Txn> {
  const challenge = (await webauthnFactor(await signIn(login)).verify()) as Txn;
  assert.equal(challenge.status, 'MFA_CHALLENGE');
  return challenge;
}

describe('enrolling a security key through authn', () => {
  it('MFA_ENROLL offers webauthn/FIDO; enroll answers the creation options; activate with the attestation signs in; the key then verifies by factorId', async () => {
    const enroll = await signIn(PEOPLE.enroll);
    assert.equal(enroll.status, 'MFA_ENROLL');
    const offered = webauthnFactor(enroll);
    assert.deepEqual([offered.provider, offered.vendorName, offered.status, offered.enrollment], ['FIDO', 'FIDO', 'NOT_SETUP', 'REQUIRED']);

    const activate = (await offered.enroll()) as Txn;
    assert.equal(activate.status, 'MFA_ENROLL_ACTIVATE');
    assert.deepEqual([activate.factor.factorType, activate.factor.provider, activate.factor.vendorName], ['webauthn', 'FIDO', 'FIDO']);
    assert.match(activate.data._links.next.href, new RegExp(`/api/v1/authn/factors/${activate.factor.id}/lifecycle/activate$`));
    assert.equal(activate.data._links.next.name, 'activate');
    assert.ok(activate.data._links.prev && activate.data._links.cancel);
    const { activation } = activate.factor;
    assert.deepEqual(activation.rp, { name: 'Test Org', id: '127.0.0.1' });
    assert.deepEqual(activation.user, { id: enroll.user.id, name: PEOPLE.enroll, displayName: 'Kay Fido' });
    assert.deepEqual(activation.pubKeyCredParams, [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }]);
    assert.equal(activation.attestation, 'direct');
    assert.equal(activation.authenticatorSelection.userVerification, 'preferred');
    assert.equal(activation.authenticatorSelection.requireResidentKey, false);
    assert.deepEqual(activation.excludeCredentials, []);
    assert.match(activation.challenge, /^[A-Za-z0-9_-]{43}$/);

    const key = new SoftAuthenticator(server.url);
    const done = (await activate.activate(asWidgetSends(key.register(activation)))) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.ok(done.sessionToken);

    const required = await signIn(PEOPLE.enroll);
    assert.equal(required.status, 'MFA_REQUIRED');
    const factor = webauthnFactor(required);
    assert.deepEqual([factor.provider, factor.vendorName, factor.profile], ['FIDO', 'FIDO', { credentialId: key.credentialId.toString('base64url') }]);
    assert.equal(required.factorTypes, undefined, 'one key: verified by its factorId');
    const challenge = (await factor.verify()) as Txn;
    assert.equal(challenge.status, 'MFA_CHALLENGE');
    assert.equal(challenge.factorResult, 'CHALLENGE');
    assert.equal(challenge.challengeType, 'FACTOR');
    assert.equal(challenge.factor.id, factor.id);
    assert.deepEqual(challenge.factor.profile, { credentialId: key.credentialId.toString('base64url') });
    assert.deepEqual(Object.keys(challenge.factor.challenge).sort(), ['challenge', 'extensions', 'userVerification']);
    assert.equal(challenge.factor.challenge.userVerification, 'preferred');
    assert.equal(challenge.data._links.next.href, `${server.url}/api/v1/authn/factors/${factor.id}/verify`);
    const signedIn = (await challenge.verify(asWidgetSends(key.assert(challenge.factor.challenge.challenge)))) as Txn;
    assert.equal(signedIn.status, 'SUCCESS');
    assert.ok(signedIn.sessionToken);
  });

  it('a bad attestation is E0000068 (a new try may follow), a missing one E0000001; previous goes back to MFA_ENROLL with a new challenge', async () => {
    const activate = (await webauthnFactor(await signIn(PEOPLE.activation)).enroll()) as Txn;
    const { activation } = activate.factor;
    const key = new SoftAuthenticator(server.url);
    const phished = await authnError(activate.activate(key.register(activation, { origin: 'https://phish.example' })));
    assert.equal(phished.errorCode, 'E0000068');
    assert.equal(phished.errorSummary, 'Invalid Passcode/Answer');
    const wrongChallenge = await authnError(activate.activate(key.register({ ...activation, challenge: 'bm90LXRoZS1jaGFsbGVuZ2U' })));
    assert.equal(wrongChallenge.errorCode, 'E0000068');
    const missing = await authnError(activate.activate({}));
    assert.equal(missing.errorCode, 'E0000001');
    assert.deepEqual(missing.errorCauses, [{ errorSummary: 'attestation: The field cannot be left blank' }]);
    for (const garbage of [{ attestation: 42, clientData: ['x'] }, { attestation: '%%%', clientData: '***' }, { attestation: 'AAAA', clientData: 'AAAA' }]) {
      const r = await post(`/factors/${activate.factor.id}/lifecycle/activate`, { stateToken: activate.data.stateToken, ...garbage });
      assert.ok(r.status === 403 || r.status === 400, `${r.status} for ${JSON.stringify(garbage)}`);
    }

    const back = (await activate.prev()) as Txn;
    assert.equal(back.status, 'MFA_ENROLL');
    const again = (await webauthnFactor(back).enroll()) as Txn;
    assert.notEqual(again.factor.activation.challenge, activation.challenge);
    const done = (await again.activate(key.register(again.factor.activation))) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });
});

describe('verifying a security key through authn: refusals', () => {
  it('wrong origin, wrong challenge, another key and garbage are E0000068, never a 500; each answer spends the challenge; a used assertion never works again', async () => {
    const key = await enrolledThroughAuthn(PEOPLE.refusals);
    let challenge = await challenged(PEOPLE.refusals);
    const refused = async (fields: Json) => {
      const error = await authnError(challenge.verify(fields));
      assert.equal(error.errorCode, 'E0000068');
      assert.equal(error.xhr?.status, 403);
      // Verify without an answer shows the challenge again: a new one, the refused answer spent the last.
      const next = (await challenge.verify()) as Txn;
      assert.equal(next.status, 'MFA_CHALLENGE');
      assert.notEqual(next.factor.challenge.challenge, challenge.factor.challenge.challenge);
      challenge = next;
    };
    await refused(key.assert(challenge.factor.challenge.challenge, { origin: 'https://phish.example' }));
    await refused(key.assert('bm90LXRoZS1jaGFsbGVuZ2U'));
    await refused(new SoftAuthenticator(server.url).assert(challenge.factor.challenge.challenge));
    await refused({ clientData: 'AAAA', authenticatorData: 'AAAA', signatureData: 'AAAA' });
    // The good signature of a challenge spent by a refused answer fails too.
    const spent = challenge.factor.challenge.challenge;
    await refused(key.assert('bm90LXRoZS1jaGFsbGVuZ2U'));
    await refused(key.assert(spent));

    const stateToken = challenge.data.stateToken;
    const verifyUrl = `/factors/${challenge.factor.id}/verify`;
    for (const garbage of [{ clientData: 42, authenticatorData: null, signatureData: ['x'] }, { clientData: '%%%', authenticatorData: '***', signatureData: '!!!' }, { signatureData: {} }, { passCode: '123456' }]) {
      const r = await post(verifyUrl, { stateToken, ...garbage });
      assert.ok(r.status < 500, `${r.status} for ${JSON.stringify(garbage)}`);
    }

    const current = (await (await post(verifyUrl, { stateToken })).json()) as Json;
    const good = key.assert(current._embedded.factor._embedded.challenge.challenge);
    const done = (await (await post(verifyUrl, { stateToken, ...good })).json()) as Json;
    assert.equal(done.status, 'SUCCESS');
    // The ended transaction refuses it (E0000011), and a new transaction's challenge is not its.
    const ended = await post(verifyUrl, { stateToken, ...good });
    assert.equal(ended.status, 401);
    assert.equal(((await ended.json()) as Json).errorCode, 'E0000011');
    const fresh = await challenged(PEOPLE.refusals);
    assert.equal((await authnError(fresh.verify(good))).errorCode, 'E0000068');
  });

  it('verify by factorType without a WebAuthn factor is E0000007; an unknown factor id too', async () => {
    const required = await signIn(PEOPLE.totpOnly);
    assert.equal(required.status, 'MFA_REQUIRED');
    const byType = await post('/factors/webauthn/verify', { stateToken: required.data.stateToken });
    assert.equal(byType.status, 404);
    assert.equal(((await byType.json()) as Json).errorCode, 'E0000007');
    const unknown = await post('/factors/fwfNoSuchFactor0000/verify', { stateToken: required.data.stateToken });
    assert.equal(unknown.status, 404);
  });
});

describe('several security keys: verified by factorType', () => {
  it('MFA_REQUIRED lists each key and the webauthn factorType; its verify challenges them all, and any key signs in', async () => {
    const required = await signIn(PEOPLE.twoKeys);
    assert.equal(required.status, 'MFA_REQUIRED');
    const listed = (required.factors as Txn[]).filter((f) => f.factorType === 'webauthn');
    // Imported together, the keys are listed in no particular order.
    assert.deepEqual(listed.map((f) => f.profile.credentialId).sort(), [keys.first, keys.second].map((k) => k.credentialId.toString('base64url')).sort());
    assert.equal(required.data._embedded.factorTypes.length, 1);
    assert.equal(required.data._embedded.factorTypes[0].factorType, 'webauthn');
    assert.deepEqual(required.data._embedded.factorTypes[0]._links.next, { name: 'verify', href: `${server.url}/api/v1/authn/factors/webauthn/verify`, hints: { allow: ['POST'] } });

    const challenge = (await required.factorTypes[0].verify()) as Txn;
    assert.equal(challenge.status, 'MFA_CHALLENGE');
    assert.equal(challenge.challengeType, 'FACTOR_TYPE');
    assert.equal(challenge.factorType, 'webauthn');
    assert.equal(challenge.factor, undefined);
    assert.deepEqual(challenge.factors.map((f: Txn) => f.id), listed.map((f) => f.id));
    assert.deepEqual(challenge.factors.map((f: Txn) => f.profile.credentialId), listed.map((f) => f.profile.credentialId));
    assert.equal(challenge.data._links.next.href, `${server.url}/api/v1/authn/factors/webauthn/verify`);
    assert.ok(challenge.data._links.prev);

    const wrong = await authnError(challenge.verify(new SoftAuthenticator(server.url).assert(challenge.challenge.challenge)));
    assert.equal(wrong.errorCode, 'E0000068');
    for (const garbage of [{ clientData: 42, authenticatorData: [], signatureData: {} }, { clientData: '%%%', authenticatorData: 'AAAA', signatureData: '!!' }]) {
      const r = await post('/factors/webauthn/verify', { stateToken: challenge.data.stateToken, ...garbage });
      assert.ok(r.status < 500, `${r.status} for ${JSON.stringify(garbage)}`);
    }
    const noToken = await post('/factors/webauthn/verify', {});
    assert.equal(noToken.status, 401);
    assert.equal(((await noToken.json()) as Json).errorCode, 'E0000011');
    const renewed = (await challenge.verify()) as Txn;
    assert.equal(renewed.challengeType, 'FACTOR_TYPE');
    assert.notEqual(renewed.challenge.challenge, challenge.challenge.challenge);
    const done = (await renewed.verify(signed(keys.second, renewed.challenge.challenge))) as Txn;
    assert.equal(done.status, 'SUCCESS');

    // A key's own factorId verifies it as well.
    const byId = await signIn(PEOPLE.twoKeys);
    const firstKey = listed.find((f) => f.profile.credentialId === keys.first.credentialId.toString('base64url'))!;
    const first = (await (byId.factors as Txn[]).find((f) => f.id === firstKey.id)!.verify()) as Txn;
    assert.equal(first.challengeType, 'FACTOR');
    assert.deepEqual(first.factor.profile, firstKey.profile);
    assert.equal(((await first.verify(signed(keys.first, first.factor.challenge.challenge))) as Txn).status, 'SUCCESS');
  });
});

describe('one credential for authn and IDX', () => {
  it('a key enrolled through authn signs in through IDX (okta-auth-js idx.authenticate)', async () => {
    const key = await enrolledThroughAuthn(PEOPLE.authnToIdx);
    const auth = oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'] });
    const asked = await auth.idx.authenticate({ username: PEOPLE.authnToIdx, password: TEST.password });
    assert.equal(asked.nextStep?.name, 'challenge-authenticator', JSON.stringify(asked.messages));
    assert.equal(asked.nextStep?.authenticator?.key, 'webauthn');
    const { challengeData } = asked.nextStep!.authenticator!.contextualData as { challengeData: Json };
    const done = await auth.idx.proceed(key.assert(challengeData.challenge));
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(idToken(done.tokens!.idToken!.idToken).amr.includes('hwk'));
  });

  it('a key enrolled through IDX is the webauthn factor of authn, with the same id, and verifies there', async () => {
    const key = new SoftAuthenticator(server.url);
    const auth = oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'] });
    const enrolling = await auth.idx.authenticate({ username: PEOPLE.idxToAuthn, password: TEST.password });
    assert.equal(enrolling.nextStep?.name, 'enroll-authenticator', JSON.stringify(enrolling.messages));
    const { activationData } = enrolling.nextStep!.authenticator!.contextualData as { activationData: Json };
    const enrolled = await auth.idx.proceed(key.register(activationData));
    assert.equal(enrolled.status, IdxStatus.SUCCESS, JSON.stringify(enrolled.messages));

    const again = oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'] });
    const inIdx = await again.idx.authenticate({ username: PEOPLE.idxToAuthn, password: TEST.password });
    const idxEnrollmentId = (inIdx.rawIdxState as Json).authenticatorEnrollments.value.find((e: Json) => e.key === 'webauthn').id;

    const challenge = await challenged(PEOPLE.idxToAuthn);
    assert.equal(challenge.factor.id, idxEnrollmentId);
    assert.equal(challenge.factor.profile.credentialId, key.credentialId.toString('base64url'));
    const done = (await challenge.verify(key.assert(challenge.factor.challenge.challenge))) as Txn;
    assert.equal(done.status, 'SUCCESS');
  });
});
