import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { importOrg } from '../../src/org/orgFile/import.js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';
import { TEST } from '../support/testOrg.js';
import { webauthnOrg } from '../support/webauthnOrg.js';
import { interact, interactionCodeOf, introspect, messageKeys, postIdx, redeem, remediation, remediationNames, submit, type Json } from '../support/idx.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';

/** Each test signs in its own person, all of whom the enrollment policy makes enroll a security key after the password. */
const PEOPLE = { sdk: 'wendy@example.com', refusals: 'rex@example.com', passkey: 'pia@example.com', verified: 'vic@example.com', inherence: 'ines@example.com' };
const TWO_FACTOR_APP = 'spa-2fa';
const FAILED = 'authfactor.webauthn.error.assertion_validation_failure';

const clock = new TestClock();
let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: webauthnOrg(Object.values(PEOPLE), TWO_FACTOR_APP), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

async function started(clientId = TWO_FACTOR_APP): Promise<Json> {
  const begun = await interact(issuer, { clientId, redirectUri: TEST.redirectUri });
  return (await introspect(server.url, { interactionHandle: begun.json.interaction_handle })).json;
}

/** interact → introspect → identify → password, over plain HTTP. */
async function passwordDone(login: string): Promise<Json> {
  const identified = await submit(await started(), 'identify', { identifier: login });
  const answered = await submit(identified.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } });
  assert.equal(answered.status, 200, JSON.stringify(answered.json));
  return answered.json;
}

/** Enrolls a new software key for the person (after the password) and answers the tokens' state. */
async function enrolled(login: string): Promise<SoftAuthenticator> {
  const key = new SoftAuthenticator(server.url);
  const enrolling = await passwordDone(login);
  const done = await submit(enrolling, 'enroll-authenticator', { credentials: key.register(enrolling.currentAuthenticator.value.contextualData.activationData) });
  assert.equal(done.status, 200, JSON.stringify(done.json));
  assert.ok(done.json.successWithInteractionCode);
  return key;
}

const challengeOf = (state: Json): string => state.currentAuthenticatorEnrollment.value.contextualData.challengeData.challenge;

describe('webauthn with @okta/okta-auth-js', () => {
  it('enrolls a security key after the password from Okta\'s activationData, then signs in with it as the second factor (amr hwk, mfa)', async () => {
    const key = new SoftAuthenticator(server.url);
    const auth = oktaAuth({ issuer, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'], legacy: true });
    const first = await auth.idx.authenticate({ username: PEOPLE.sdk, password: TEST.password });
    assert.equal(first.status, IdxStatus.PENDING, JSON.stringify(first.messages));
    assert.equal(first.nextStep?.name, 'enroll-authenticator');
    assert.equal(first.nextStep?.authenticator?.key, 'webauthn');
    const { activationData } = first.nextStep!.authenticator!.contextualData as { activationData: Json };
    assert.deepEqual(activationData.rp, { name: 'Test Org', id: '127.0.0.1' });
    assert.equal(activationData.user.name, PEOPLE.sdk);
    assert.equal(activationData.user.displayName, 'Web Authn');
    assert.deepEqual(activationData.pubKeyCredParams, [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }]);
    assert.deepEqual(activationData.authenticatorSelection, { userVerification: 'preferred', residentKey: 'preferred', requireResidentKey: false });
    assert.deepEqual(activationData.excludeCredentials, []);

    const done = await auth.idx.proceed(key.register(activationData));
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.deepEqual([...claimsOf(done.tokens!.idToken!.idToken).amr].sort(), ['hwk', 'mfa', 'pwd']);

    const again = oktaAuth({ issuer, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid'], legacy: true });
    const challenged = await again.idx.authenticate({ username: PEOPLE.sdk, password: TEST.password });
    assert.equal(challenged.nextStep?.name, 'challenge-authenticator');
    const { challengeData } = challenged.nextStep!.authenticator!.contextualData as { challengeData: Json };
    assert.equal(challengeData.userVerification, 'preferred');
    const signedIn = await again.idx.proceed(key.assert(challengeData.challenge));
    assert.equal(signedIn.status, IdxStatus.SUCCESS, JSON.stringify(signedIn.messages));
    assert.deepEqual([...claimsOf(signedIn.tokens!.idToken!.idToken).amr].sort(), ['hwk', 'mfa', 'pwd']);
  });
});

describe('webauthn refusals, over HTTP', () => {
  it('lists each credential for allowCredentials; a replayed, wrong-origin, wrong-challenge or unknown-key assertion gets Okta\'s failure (400), never a 500', async () => {
    const key = await enrolled(PEOPLE.refusals);
    const state = await passwordDone(PEOPLE.refusals);
    assert.deepEqual(remediationNames(state), ['challenge-authenticator', 'select-authenticator-authenticate']);
    const listed = state.authenticatorEnrollments.value.filter((e: Json) => e.key === 'webauthn');
    assert.deepEqual(listed.map((e: Json) => [e.credentialId, e.transports]), [[key.credentialId.toString('base64url'), ['usb']]]);

    const refusedWith = async (current: Json, credentials: Json) => {
      const answer = await submit(current, 'challenge-authenticator', { credentials });
      assert.equal(answer.status, 400, JSON.stringify(answer.json));
      assert.deepEqual(messageKeys(answer.json), [FAILED]);
      assert.notEqual(challengeOf(answer.json), challengeOf(current), 'a challenge is answered once: a new one after a failure');
      return answer.json;
    };
    let current = await refusedWith(state, key.assert(challengeOf(state), { origin: 'https://phish.example' }));
    current = await refusedWith(current, key.assert('not-the-challenge'));
    current = await refusedWith(current, new SoftAuthenticator(server.url).assert(challengeOf(current)));
    current = await refusedWith(current, { clientData: 42, authenticatorData: '%%%', signatureData: null });
    const good = key.assert(challengeOf(current));
    const signedIn = await submit(current, 'challenge-authenticator', { credentials: good });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.json));
    assert.ok(signedIn.json.successWithInteractionCode);

    // The same assertion in a new sign-in: its challenge is not this one's.
    const next = await refusedWith(await passwordDone(PEOPLE.refusals), good);
    // A signature counter that does not grow (a cloned key) is refused, though the signature is good.
    key.counter = 0;
    await refusedWith(next, key.assert(challengeOf(next)));
  });

});

describe('passkey sign-in without a username, over HTTP', () => {
  it('the identify step carries Okta\'s webauthnAutofillUIChallenge; the passkey\'s user handle names the user; unknown handles and replays fail alike', async () => {
    const key = await enrolled(PEOPLE.passkey);
    const state = await started();
    assert.deepEqual(remediationNames(state), ['identify', 'launch-passkeys-authenticator', 'challenge-webauthn-autofillui-authenticator']);
    const form = remediation(state, 'launch-passkeys-authenticator');
    assert.equal(form.href, `${server.url}/idp/idx/challenge/answer/webauthn-autofillui`);
    assert.deepEqual(form.relatesTo, ['webauthnAutofillUIChallenge']);
    const { challenge, userVerification } = state.webauthnAutofillUIChallenge.value.challengeData;
    assert.equal(userVerification, 'preferred');

    const stranger = new SoftAuthenticator(server.url);
    stranger.register({ rp: { id: '127.0.0.1' }, user: { id: '00uNobodyAtAll000000' }, challenge: 'x' });
    const unknown = await submit(state, 'launch-passkeys-authenticator', { credentials: stranger.assert(challenge) });
    assert.equal(unknown.status, 400, JSON.stringify(unknown.json));
    assert.deepEqual(messageKeys(unknown.json), [FAILED]);
    assert.equal(unknown.json.user, undefined, 'still not identified');

    const fresh = unknown.json.webauthnAutofillUIChallenge.value.challengeData.challenge;
    assert.notEqual(fresh, challenge, 'each challenge is answered once');
    const answer = key.assert(fresh);
    const signedIn = await submit(unknown.json, 'challenge-webauthn-autofillui-authenticator', { credentials: answer });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.json));
    assert.equal(signedIn.json.user.value.identifier, PEOPLE.passkey);
    // The app asks the password besides: the passkey was the factor of possession.
    assert.deepEqual(remediationNames(signedIn.json), ['challenge-authenticator', 'select-authenticator-authenticate']);
    const done = await submit(signedIn.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } });
    assert.ok(done.json.successWithInteractionCode, JSON.stringify(done.json));

    const passkeyAnswer = `${server.url}/idp/idx/challenge/answer/webauthn-autofillui`;
    const replay = await postIdx(passkeyAnswer, { stateHandle: (await started()).stateHandle, credentials: answer });
    assert.equal(replay.status, 400, JSON.stringify(replay.json));
    assert.deepEqual(messageKeys(replay.json), [FAILED]);
    const empty = await postIdx(passkeyAnswer, { stateHandle: (await started()).stateHandle, credentials: 'nothing' });
    assert.equal(empty.status, 400, JSON.stringify(empty.json));
    assert.deepEqual(messageKeys(empty.json), [FAILED]);
    // Once identified, the passkey form is gone: posting to it is a bad request.
    const identified = await submit(await started(), 'identify', { identifier: PEOPLE.passkey });
    const late = await postIdx(passkeyAnswer, { stateHandle: identified.json.stateHandle, credentials: key.assert(challenge) });
    assert.equal(late.status, 400, JSON.stringify(late.json));
    assert.deepEqual(messageKeys(late.json), ['E0000020']);
  });
});

describe('user verification as the org file sets it', () => {
  it('REQUIRED: challengeData asks it, and an assertion whose authenticator did not verify the person is refused', async () => {
    const key = await enrolled(PEOPLE.verified);
    const org = webauthnOrg(Object.values(PEOPLE), TWO_FACTOR_APP);
    org.authenticators = [{ key: 'webauthn', settings: { userVerification: 'REQUIRED', passkeySignIn: true } }];
    await importOrg(server.lk.store, parseOrgFile(JSON.stringify(org), 'org.json'), clock.now());
    clock.advance(1500); // past the configuration cache

    const state = await passwordDone(PEOPLE.verified);
    assert.equal(state.currentAuthenticatorEnrollment.value.contextualData.challengeData.userVerification, 'required');
    const present = await submit(state, 'challenge-authenticator', { credentials: key.assert(challengeOf(state), { userVerified: false }) });
    assert.equal(present.status, 400, JSON.stringify(present.json));
    assert.deepEqual(messageKeys(present.json), [FAILED]);
    const verified = await submit(present.json, 'challenge-authenticator', { credentials: key.assert(challengeOf(present.json)) });
    assert.equal(verified.status, 200, JSON.stringify(verified.json));
    assert.ok(verified.json.successWithInteractionCode);
  });
});

describe('inherence: a key that verified the person is two factor types', () => {
  it('under "any 2 factor types" without the password, a passkey whose authenticator verified the person signs in alone (amr hwk, mfa); one that did not is asked another factor', async () => {
    const key = await enrolled(PEOPLE.inherence);
    const org = webauthnOrg(Object.values(PEOPLE), TWO_FACTOR_APP);
    org.policies[0] = {
      type: 'ACCESS_POLICY', name: 'Any two factor types', priority: 1, conditions: { apps: { include: [TWO_FACTOR_APP] } },
      rules: [{ name: 'Two types', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [] } } } }],
    } as never;
    await importOrg(server.lk.store, parseOrgFile(JSON.stringify(org), 'org.json'), clock.now());
    clock.advance(1500); // past the configuration cache

    const passkey = async (userVerified: boolean) => {
      const begun = await interact(issuer, { clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri });
      const state = (await introspect(server.url, { interactionHandle: begun.json.interaction_handle })).json;
      const { challenge } = state.webauthnAutofillUIChallenge.value.challengeData;
      return { ...(await submit(state, 'challenge-webauthn-autofillui-authenticator', { credentials: key.assert(challenge, { userVerified }) })), verifier: begun.pkce.verifier };
    };
    /** The ID token's amr of a finished sign-in. */
    const amrOf = async (done: Json, verifier: string) => {
      const tokens = await redeem(issuer, { clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, interactionCode: interactionCodeOf(done)!, verifier });
      assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
      return [...claimsOf(tokens.json.id_token).amr].sort();
    };
    const verified = await passkey(true);
    assert.equal(verified.status, 200, JSON.stringify(verified.json));
    assert.ok(verified.json.successWithInteractionCode, `possession and inherence: ${JSON.stringify(remediationNames(verified.json))}`);
    // As Okta classes WebAuthn (possession and inherence), the passkey that verified the person is MFA by itself.
    assert.deepEqual(await amrOf(verified.json, verified.verifier), ['hwk', 'mfa']);

    const present = await passkey(false);
    assert.equal(present.status, 200, JSON.stringify(present.json));
    assert.equal(present.json.successWithInteractionCode, undefined);
    assert.deepEqual(remediationNames(present.json), ['challenge-authenticator', 'select-authenticator-authenticate']);
    assert.equal(present.json.currentAuthenticatorEnrollment.value.key, 'okta_password');
    const withPassword = await submit(present.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } });
    assert.deepEqual(await amrOf(withPassword.json, present.verifier), ['hwk', 'mfa', 'pwd'], 'MFA by the password beside the key');
  });
});
