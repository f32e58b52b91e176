import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { CookieJar, oktaAuth } from '../support/oktaAuth.js';
import { codeIn, latestEmailText } from '../support/outbox.js';

type Json = any;

/**
 * The global session policy asks MFA (the email) of the Always group at every sign-in
 * (factorPromptMode ALWAYS) and of everyone else once per session (SESSION).
 */
function alwaysOrg() {
  const base = testOrg();
  const signon = (factorPromptMode: string) => ({ signon: { access: 'ALLOW', requireFactor: true, factorPromptMode } });
  return {
    ...base,
    groups: [...base.groups, { name: 'Always' }],
    users: base.users.map((u) => ({ ...u, groups: u.login === TEST.user ? ['Engineering', 'Always'] : ['Engineering'] })),
    policies: [{
      type: 'OKTA_SIGN_ON', name: 'Global', priority: 1, conditions: {},
      rules: [
        { name: 'MFA at every sign-in', priority: 1, conditions: { people: { groups: { include: ['Always'] } } }, actions: signon('ALWAYS') },
        { name: 'MFA once per session', priority: 2, conditions: {}, actions: signon('SESSION') },
      ],
    }],
  };
}

let server: TestServer;
before(async () => {
  server = await startTestServer({ org: alwaysOrg() });
});
after(() => server.stop());

const client = (browser: CookieJar) => oktaAuth({ issuer: `${server.url}/oauth2/default`, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid'], cookies: browser });

/** A sign-in with okta-auth-js in `browser`: answers what it asked (the password, the email code), and the amr of its ID token. */
async function signIn(browser: CookieJar, username: string): Promise<{ asked: string[]; amr: string[] }> {
  const auth = client(browser);
  const asked: string[] = [];
  let tx = await auth.idx.authenticate({ username });
  while (tx.status === IdxStatus.PENDING) {
    const key = (tx.nextStep as Json)?.authenticator?.key as string;
    asked.push(key);
    tx = key === 'okta_password'
      ? await auth.idx.proceed({ password: TEST.password })
      : await auth.idx.proceed({ verificationCode: codeIn(await latestEmailText(server.url, username)) });
  }
  assert.equal(tx.status, IdxStatus.SUCCESS, JSON.stringify(tx.messages ?? tx.nextStep));
  return { asked, amr: [...(tx.tokens!.idToken!.claims.amr as string[])].sort() };
}

it('ALWAYS: a second sign-in in the same browser session asks the email again (not the password)', async () => {
  const browser = new CookieJar();
  assert.deepEqual(await signIn(browser, TEST.user), { asked: ['okta_password', 'okta_email'], amr: ['email', 'mfa', 'pwd'] });
  assert.deepEqual(await signIn(browser, TEST.user), { asked: ['okta_email'], amr: ['email', 'mfa', 'pwd'] }, 'the session\'s MFA does not let the new sign-in off');
});

it('SESSION: the second sign-in continues the session without asking anything', async () => {
  const browser = new CookieJar();
  assert.deepEqual((await signIn(browser, TEST.otherUser)).asked, ['okta_password', 'okta_email']);
  assert.deepEqual((await signIn(browser, TEST.otherUser)).asked, []);
});
