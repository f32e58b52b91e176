import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { interact, interactionCodeOf, introspect, remediation, remediationNames, submit, type Json } from '../support/idx.js';

/** The password policy over HTTP: the common-password check, the NIST preset, and NFKC-normalised passwords. */

const PEOPLE = {
  blocklist: 'bea@example.com', // no password yet; her policy refuses common passwords
  nist: 'nils@example.com', // no password yet; her policy is the NIST_800_63B preset
  composed: 'cora@example.com', // password set from the org file with precomposed letters
  imported: 'ivo@example.com', // bcrypt hash imported from a system that hashed the decomposed form as typed
};
const COMPOSED = 'Caf\u00e9-Cr\u00e8me-2024'; // "Café-Crème-2024", é and è one code point each
const DECOMPOSED = 'Cafe\u0301-Cre\u0300me-2024'; // the same typed as letter + combining accent (macOS input, some keyboards)
/** People without a password sign in here with the emailed code (any one factor), and are asked to set one. */
const ANY_FACTOR_APP = 'spa-any';

let server: TestServer;
let issuer: string;
before(async () => {
  const base = testOrg();
  const person = (login: string, group: string) => ({ login, groups: ['Engineering', group] });
  server = await startTestServer({
    org: {
      ...base,
      groups: [...base.groups, { name: 'Blocklist' }, { name: 'NIST' }],
      apps: [...base.apps, { clientId: ANY_FACTOR_APP, label: ANY_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['interaction_code'] }],
      users: [
        ...base.users,
        person(PEOPLE.blocklist, 'Blocklist'),
        person(PEOPLE.nist, 'NIST'),
        { login: PEOPLE.composed, password: COMPOSED, groups: ['Engineering'] },
        { login: PEOPLE.imported, passwordHash: await bcryptHash(DECOMPOSED, 4), groups: ['Engineering'] },
      ],
      policies: [
        {
          type: 'ACCESS_POLICY', name: 'Any factor', priority: 1, conditions: { apps: { include: [ANY_FACTOR_APP] } },
          rules: [{ name: 'Any one', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA' } } } }],
        },
        {
          type: 'PASSWORD', name: 'Common passwords refused', priority: 1, conditions: { people: { groups: { include: ['Blocklist'] } } },
          settings: { password: { complexity: { dictionary: { common: { exclude: true } } } } },
        },
        { type: 'PASSWORD', name: 'NIST', priority: 2, conditions: { people: { groups: { include: ['NIST'] } } }, settings: { password: { preset: 'NIST_800_63B' } } },
      ],
    },
  });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

/** Identify at the SPA (a password is its one factor); with `password`, answer the password challenge. */
async function signIn(login: string, password?: string, clientId = TEST.spa.clientId) {
  const started = await interact(issuer, { clientId, redirectUri: TEST.redirectUri });
  const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
  const identified = await submit(first.json, 'identify', { identifier: login });
  if (password === undefined) return identified;
  return submit(identified.json, 'challenge-authenticator', { credentials: { passcode: password } });
}

/** A person without a password proves who they are by the emailed code and is asked to set one. */
async function passwordEnrollmentFor(login: string): Promise<Json> {
  const challenged = await signIn(login, undefined, ANY_FACTOR_APP);
  const verified = await submit(challenged.json, 'challenge-authenticator', { credentials: { passcode: codeIn(await latestEmailText(server.url, login)) } });
  assert.deepEqual(remediationNames(verified.json), ['enroll-authenticator', 'select-authenticator-enroll']);
  assert.equal(verified.json.currentAuthenticator.value.key, 'okta_password');
  return verified.json;
}

const passcodeMessages = (answer: Json): Json[] => remediation(answer, 'enroll-authenticator').value[0].form.value[0].messages.value;

describe('common-password check (complexity.dictionary.common.exclude: true)', () => {
  it('a common password, in any case or Unicode width, is refused with Okta\'s password.common; another is set and signs in', async () => {
    const state = await passwordEnrollmentFor(PEOPLE.blocklist);
    for (const common of ['Password1', 'Qwerty123', 'ILoveYou1', '\uff30\uff41\uff53\uff53\uff57\uff4f\uff52\uff44\uff11' /* fullwidth Password1 */]) {
      const refused = await submit(state, 'enroll-authenticator', { credentials: { passcode: common } });
      assert.equal(refused.status, 400, common);
      assert.deepEqual(passcodeMessages(refused.json), [{
        message: 'This password was found in a list of commonly used passwords. Please try another password.',
        i18n: { key: 'password.common', params: [''] },
        class: 'ERROR',
      }], common);
    }
    assert.equal((await server.lk.store.users.findByLogin(PEOPLE.blocklist))!.passwordHash, null, 'nothing is stored');

    const done = await submit(state, 'enroll-authenticator', { credentials: { passcode: 'Quiet-Lantern-42' } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
    assert.ok(interactionCodeOf((await signIn(PEOPLE.blocklist, 'Quiet-Lantern-42')).json), 'the new password signs in');
  });
});

describe('the NIST_800_63B preset', () => {
  it('sends no composition rules; refuses 14 characters and accepts 15 without upper case, digits or symbols', async () => {
    const state = await passwordEnrollmentFor(PEOPLE.nist);
    assert.deepEqual(state.currentAuthenticator.value.settings.complexity, {
      minLength: 15, minLowerCase: 0, minUpperCase: 0, minNumber: 0, minSymbol: 0, excludeUsername: true, excludeAttributes: [],
    });
    const short = await submit(state, 'enroll-authenticator', { credentials: { passcode: 'quietlanternxy' } });
    assert.equal(short.status, 400);
    assert.equal(passcodeMessages(short.json)[0].i18n.key, 'password.passwordRequirementsNotMet');
    assert.match(passcodeMessages(short.json)[0].message, /Password requirements: at least 15 characters, no parts of your username\.$/);
    const common = await submit(state, 'enroll-authenticator', { credentials: { passcode: 'PasswordPassword' } });
    assert.equal(passcodeMessages(common.json)[0]?.i18n.key, 'password.common', 'the blocklist is on');

    const done = await submit(state, 'enroll-authenticator', { credentials: { passcode: 'quietlanternxyz' } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
    assert.ok(interactionCodeOf((await signIn(PEOPLE.nist, 'quietlanternxyz')).json), 'the new password signs in');
  });
});

describe('Unicode normalisation (NFKC)', () => {
  it('a password set with precomposed letters signs in when typed decomposed', async () => {
    const answered = await signIn(PEOPLE.composed, DECOMPOSED);
    assert.equal(answered.status, 200, JSON.stringify(answered.json));
    assert.ok(interactionCodeOf(answered.json));
  });

  it('a hash imported from a system that did not normalise still verifies the password as it was typed there', async () => {
    const answered = await signIn(PEOPLE.imported, DECOMPOSED);
    assert.equal(answered.status, 200, JSON.stringify(answered.json));
    assert.ok(interactionCodeOf(answered.json));
  });

  it('a wrong password is still wrong', async () => {
    const answered = await signIn(PEOPLE.composed, 'Cafe-Creme-2024');
    assert.equal(answered.status, 401);
  });
});
