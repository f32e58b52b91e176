import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg, passwordAndAnotherPolicy } from '../support/testOrg.js';
import {
  interact, interactionCodeOf, introspect, messageKeys, redeem, relatesToPaths, remediation, remediationNames, resolveJsonPath, submit, type Json,
} from '../support/idx.js';

/** People whose enrollment state the tests depend on; each test uses its own. */
const PEOPLE = {
  verifyEmail: 'vera@example.com', // must verify her email (required) to reach a two-factor app
  verifyByLink: 'lina@example.com', // the same, through the link
  optional: 'otto@example.com', // first sign-in: the email is optional, offered with skip
  optionalEnroll: 'olga@example.com', // the same, and she enrolls it
  noPassword: 'nora@example.com', // verified email, no password: the default policy makes her set one
  weakPassword: 'walt@example.com', // the same, for the complexity rules
  sdk: 'sam@example.com', // enrolls the email through okta-auth-js
  refusals: 'rita@example.com', // must verify her email; tries what is not offered
};
const TWO_FACTOR_APP = 'spa-2fa';
const ANY_FACTOR_APP = 'spa-any';

function enrollmentOrg() {
  const base = testOrg();
  const spa = (clientId: string) => ({ clientId, label: clientId, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] });
  const person = (login: string, extra: Record<string, unknown> = {}) => ({ login, password: TEST.password, groups: ['Engineering'], ...extra });
  return {
    ...base,
    groups: [...base.groups, { name: 'Email required' }],
    users: [
      ...base.users,
      person(PEOPLE.verifyEmail, { emailVerified: false, groups: ['Engineering', 'Email required'] }),
      person(PEOPLE.verifyByLink, { emailVerified: false, groups: ['Engineering', 'Email required'] }),
      person(PEOPLE.sdk, { emailVerified: false, groups: ['Engineering', 'Email required'] }),
      person(PEOPLE.refusals, { emailVerified: false, groups: ['Engineering', 'Email required'] }),
      person(PEOPLE.optional, { emailVerified: false }),
      person(PEOPLE.optionalEnroll, { emailVerified: false }),
      { login: PEOPLE.noPassword, groups: ['Engineering'] },
      { login: PEOPLE.weakPassword, groups: ['Engineering'] },
    ],
    apps: [...base.apps, spa(TWO_FACTOR_APP), spa(ANY_FACTOR_APP)],
    policies: [
      passwordAndAnotherPolicy([TWO_FACTOR_APP]),
      {
        type: 'ACCESS_POLICY', name: 'Any factor', priority: 2, conditions: { apps: { include: [ANY_FACTOR_APP] } },
        rules: [{ name: 'Any one', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA' } } } }],
      },
      {
        type: 'MFA_ENROLL', name: 'Email required', priority: 1, conditions: { people: { groups: { include: ['Email required'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'okta_email', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}

let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: enrollmentOrg() });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

async function latestEmail(to: string): Promise<string> {
  const r = await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(to)}&limit=1`);
  const { messages } = await r.json();
  assert.ok(messages.length > 0, `no email to ${to}`);
  return messages[0].text as string;
}
const codeIn = (text: string) => /code is (\d{6})/.exec(text)![1];
const linkIn = (text: string) => /(http\S+\/email\/verify\/\S+)/.exec(text)![1];

/** interact → introspect → identify; answers the password challenge when `password` is given. */
async function signInAs(login: string, clientId: string, password?: string) {
  const started = await interact(issuer, { clientId, redirectUri: TEST.redirectUri });
  const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
  let state = (await submit(first.json, 'identify', { identifier: login })).json;
  if (password !== undefined) {
    const answered = await submit(state, 'challenge-authenticator', { credentials: { passcode: password } });
    assert.equal(answered.status, 200, JSON.stringify(answered.json));
    state = answered.json;
  }
  return { pkce: started.pkce, state, clientId };
}

/** Every relatesTo of an answer names something in it (okta-auth-js fails on one that does not). */
function assertRelatesToResolve(json: Json) {
  for (const path of relatesToPaths(json)) assert.notEqual(resolveJsonPath(json, path), undefined, `relatesTo ${path} resolves`);
}

async function assertRedeems(flow: { pkce: { verifier: string }; clientId: string }, done: Json) {
  const code = interactionCodeOf(done);
  assert.ok(code, `success: ${JSON.stringify(remediationNames(done))}`);
  const tokens = await redeem(issuer, { clientId: flow.clientId, redirectUri: TEST.redirectUri, interactionCode: code, verifier: flow.pkce.verifier });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
  return tokens.json;
}

describe('required enrollment: a two-factor app, a user whose email is not verified yet', () => {
  it('after the password the email enrollment starts by itself; the emailed code enrolls it and finishes the sign-in', async () => {
    const flow = await signInAs(PEOPLE.verifyEmail, TWO_FACTOR_APP, TEST.password);
    assert.deepEqual(remediationNames(flow.state), ['enroll-authenticator', 'select-authenticator-enroll']);
    assert.equal(flow.state.currentAuthenticator?.value?.key, 'okta_email');
    assert.equal(flow.state.currentAuthenticatorEnrollment, undefined);
    assert.deepEqual(flow.state.authenticators.value.map((a: Json) => a.key), ['okta_email']);
    assert.equal(remediation(flow.state, 'skip'), undefined, 'a required enrollment cannot be skipped');
    assert.ok(flow.state.currentAuthenticator.value.resend, 'a new code can be asked for');
    assertRelatesToResolve(flow.state);

    const text = await latestEmail(PEOPLE.verifyEmail);
    assert.match(text, /verification code/);
    const wrong = await submit(flow.state, 'enroll-authenticator', { credentials: { passcode: codeIn(text) === '000000' ? '111111' : '000000' } });
    assert.equal(wrong.status, 401);
    const passcode = remediation(wrong.json, 'enroll-authenticator').value[0].form.value[0];
    assert.equal(passcode.messages.value[0].i18n.key, 'api.authn.error.PASSCODE_INVALID');

    const done = await submit(wrong.json, 'enroll-authenticator', { credentials: { passcode: codeIn(text) } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
    const tokens = await assertRedeems(flow, done.json);
    const idClaims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString());
    assert.deepEqual(idClaims.amr, ['pwd', 'email', 'mfa']);

    const user = await server.lk.store.users.findByLogin(PEOPLE.verifyEmail);
    assert.ok(user!.emailVerifiedAt, 'the address is verified now');
    const again = await signInAs(PEOPLE.verifyEmail, TWO_FACTOR_APP, TEST.password);
    assert.deepEqual(remediationNames(again.state), ['challenge-authenticator', 'select-authenticator-authenticate'], 'the next sign-in verifies, not enrolls');
    assert.equal(again.state.currentAuthenticatorEnrollment.value.key, 'okta_email');
  });

  it('the link in the enrollment email, opened anywhere, enrolls the email and the waiting sign-in finishes on its next poll', async () => {
    const flow = await signInAs(PEOPLE.verifyByLink, TWO_FACTOR_APP, TEST.password);
    const page = await fetch(linkIn(await latestEmail(PEOPLE.verifyByLink)));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /idx.return.to.original.tab/);
    const polled = await submit({ poll: flow.state.currentAuthenticator.value.poll }, 'poll');
    assert.equal(polled.status, 200, JSON.stringify(polled.json));
    await assertRedeems(flow, polled.json);
    assert.ok((await server.lk.store.users.findByLogin(PEOPLE.verifyByLink))!.emailVerifiedAt);
  });

  it('with @okta/okta-auth-js: password, then the enroll-authenticator step with the emailed code: SUCCESS', async () => {
    const auth = oktaAuth({ issuer, clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile'], legacy: true });
    const first = await auth.idx.authenticate({ username: PEOPLE.sdk, password: TEST.password });
    assert.equal(first.status, IdxStatus.PENDING, JSON.stringify(first.messages));
    assert.equal(first.nextStep?.name, 'enroll-authenticator');
    assert.equal(first.nextStep?.authenticator?.key, 'okta_email');
    const done = await auth.idx.proceed({ verificationCode: codeIn(await latestEmail(PEOPLE.sdk)) });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(done.tokens?.accessToken?.accessToken);
  });
});

describe('optional enrollment (Okta default policy: email optional) at the first sign-in', () => {
  it('is offered with skip; skip finishes the sign-in and the next sign-in does not offer it again', async () => {
    const flow = await signInAs(PEOPLE.optional, TEST.spa.clientId, TEST.password);
    assert.deepEqual(remediationNames(flow.state), ['select-authenticator-enroll', 'skip']);
    assertRelatesToResolve(flow.state);
    const option = remediation(flow.state, 'select-authenticator-enroll').value[0].options[0];
    assert.equal(resolveJsonPath(flow.state, option.relatesTo).key, 'okta_email');

    const skipped = await submit(flow.state, 'skip');
    assert.equal(skipped.status, 200, JSON.stringify(skipped.json));
    await assertRedeems(flow, skipped.json);

    const next = await signInAs(PEOPLE.optional, TEST.spa.clientId, TEST.password);
    assert.ok(interactionCodeOf(next.state), 'not offered after the first sign-in');
  });

  it('choosing the email enrolls it with the emailed code', async () => {
    const flow = await signInAs(PEOPLE.optionalEnroll, TEST.spa.clientId, TEST.password);
    const option = remediation(flow.state, 'select-authenticator-enroll').value[0].options[0];
    const id = option.value.form.value.find((f: Json) => f.name === 'id').value;
    const chosen = await submit(flow.state, 'select-authenticator-enroll', { authenticator: { id } });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.json));
    assert.deepEqual(remediationNames(chosen.json), ['enroll-authenticator', 'select-authenticator-enroll', 'skip']);
    const done = await submit(chosen.json, 'enroll-authenticator', { credentials: { passcode: codeIn(await latestEmail(PEOPLE.optionalEnroll)) } });
    await assertRedeems(flow, done.json);
    assert.ok((await server.lk.store.users.findByLogin(PEOPLE.optionalEnroll))!.emailVerifiedAt);
  });

  it('skip where nothing may be skipped, or an authenticator not offered: an IDX error, the state unchanged', async () => {
    const flow = await signInAs(PEOPLE.refusals, TWO_FACTOR_APP, TEST.password);
    const refused = await submit(flow.state, 'select-authenticator-enroll', { authenticator: { id: 'autNotOffered' } });
    assert.equal(refused.status, 400);
    assert.deepEqual(messageKeys(refused.json), ['idx.authenticator.invalid']);
    const skip = await submit({ ...flow.state, remediation: { value: [{ ...remediation(flow.state, 'select-authenticator-enroll'), name: 'skip', href: `${server.url}/idp/idx/skip` }] } }, 'skip');
    assert.equal(skip.status, 400);
    assert.deepEqual(remediationNames(skip.json), ['enroll-authenticator', 'select-authenticator-enroll']);
  });
});

describe('password enrollment: a user with a verified email and no password (the default policy requires one)', () => {
  it('verifies the email first, then sets a password that meets the rules, then signs in with it', async () => {
    const flow = await signInAs(PEOPLE.noPassword, ANY_FACTOR_APP);
    assert.deepEqual(remediationNames(flow.state), ['challenge-authenticator', 'select-authenticator-authenticate']);
    assert.equal(flow.state.currentAuthenticatorEnrollment.value.key, 'okta_email', 'nothing may be enrolled before the person proves who they are');
    const verified = await submit(flow.state, 'challenge-authenticator', { credentials: { passcode: codeIn(await latestEmail(PEOPLE.noPassword)) } });
    assert.deepEqual(remediationNames(verified.json), ['enroll-authenticator', 'select-authenticator-enroll']);
    const current = verified.json.currentAuthenticator.value;
    assert.equal(current.key, 'okta_password');
    assert.equal(current.settings.complexity.minLength, 8);
    assertRelatesToResolve(verified.json);

    const done = await submit(verified.json, 'enroll-authenticator', { credentials: { passcode: 'Brand-New-Secret-7' } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
    await assertRedeems(flow, done.json);
    const withPassword = await signInAs(PEOPLE.noPassword, TEST.spa.clientId, 'Brand-New-Secret-7');
    assert.ok(interactionCodeOf(withPassword.state), 'the new password signs in');
  });

  it('a password that breaks the rules is refused on its field with Okta\'s message, and nothing is stored', async () => {
    const flow = await signInAs(PEOPLE.weakPassword, ANY_FACTOR_APP);
    const verified = await submit(flow.state, 'challenge-authenticator', { credentials: { passcode: codeIn(await latestEmail(PEOPLE.weakPassword)) } });
    for (const weak of ['short1A', 'alllowercase1', 'Walt-Password-1']) {
      const refused = await submit(verified.json, 'enroll-authenticator', { credentials: { passcode: weak } });
      assert.equal(refused.status, 400, weak);
      const field = remediation(refused.json, 'enroll-authenticator').value[0].form.value[0];
      assert.equal(field.messages.value[0].i18n.key, 'password.passwordRequirementsNotMet', weak);
      assert.match(field.messages.value[0].message, /at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of your username/);
    }
    assert.equal((await server.lk.store.users.findByLogin(PEOPLE.weakPassword))!.passwordHash, null);
  });
});
