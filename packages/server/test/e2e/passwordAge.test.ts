import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { interact, introspect, remediation, submit } from '../support/idx.js';

/** A password policy with history and a minimum age: what enrolling a password is told, over HTTP. */

const PERSON = 'hugo@example.com'; // no password yet; his group's policy keeps a history of 4 and a minimum age of 2 hours
const ANY_FACTOR_APP = 'spa-any';

let server: TestServer;
let issuer: string;
before(async () => {
  const base = testOrg();
  server = await startTestServer({
    org: {
      ...base,
      groups: [...base.groups, { name: 'History' }],
      apps: [...base.apps, { clientId: ANY_FACTOR_APP, label: ANY_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['interaction_code'] }],
      users: [...base.users, { login: PERSON, groups: ['Engineering', 'History'] }],
      policies: [
        {
          type: 'ACCESS_POLICY', name: 'Any factor', priority: 1, conditions: { apps: { include: [ANY_FACTOR_APP] } },
          rules: [{ name: 'Any one', priority: 1, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA' } } } }],
        },
        {
          type: 'PASSWORD', name: 'History', priority: 1, conditions: { people: { groups: { include: ['History'] } } },
          settings: { password: { age: { historyCount: 4, minAgeMinutes: 120 } } },
        },
      ],
    },
  });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

it('enrolling a password: the age rules come with the complexity ones, in Okta\'s shape, and a refusal lists them', async () => {
  const started = await interact(issuer, { clientId: ANY_FACTOR_APP, redirectUri: TEST.redirectUri });
  const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
  const challenged = await submit(first.json, 'identify', { identifier: PERSON });
  const enrolling = await submit(challenged.json, 'challenge-authenticator', { credentials: { passcode: codeIn(await latestEmailText(server.url, PERSON)) } });
  assert.equal(enrolling.json.currentAuthenticator.value.key, 'okta_password');
  assert.deepEqual(enrolling.json.currentAuthenticator.value.settings.age, { historyCount: 4, minAgeMinutes: 120 });

  const refused = await submit(enrolling.json, 'enroll-authenticator', { credentials: { passcode: 'short' } });
  assert.equal(refused.status, 400);
  const [message] = remediation(refused.json, 'enroll-authenticator').value[0].form.value[0].messages.value;
  assert.equal(message.i18n.key, 'password.passwordRequirementsNotMet');
  assert.match(message.message, / Your password cannot be any of your last 4 password\(s\)\. At least 120 minute\(s\) must have elapsed since you last changed your password\.$/);

  // A first password is not a change: the minimum age does not hold it back.
  const done = await submit(refused.json, 'enroll-authenticator', { credentials: { passcode: 'Quiet-Lantern-42' } });
  assert.equal(done.status, 200, JSON.stringify(done.json));
  assert.ok(done.json.successWithInteractionCode);
});
