import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { interact, introspect as idxIntrospect, pkce, redeem } from '../support/idx.js';
import { introspect } from '../support/oktaWidget.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { checkState, fillAndSubmit, withWidget, startRig, waitForRender, widget, widgetResult, type Rig, type Session } from './widgetHarness.js';

/** People whose enrollment state the tests change; each test uses its own. */
const PEOPLE = { skips: 'otto@example.com', enrolls: 'olga@example.com', postpones: 'paul@example.com' };
/** Paul's group must verify the email, with three skips of grace. */
const GRACE_GROUP = 'Email by the third sign-in';

/**
 * The password on the identify form (global session policy primaryFactor PASSWORD_IDP), and two
 * people whose email is not verified yet: at their first sign-in the email is offered, optionally.
 */
function org() {
  const base = testOrg();
  const person = (login: string) => ({ login, profile: { firstName: login.split('@')[0], lastName: 'Tester' }, password: TEST.password, groups: ['Engineering'], emailVerified: false });
  return {
    ...base,
    groups: [...base.groups, { name: GRACE_GROUP }],
    users: [...base.users, person(PEOPLE.skips), person(PEOPLE.enrolls), { ...person(PEOPLE.postpones), groups: ['Engineering', GRACE_GROUP] }],
    policies: [{
      type: 'OKTA_SIGN_ON', name: 'Password first', priority: 1, conditions: {},
      rules: [{ name: 'Everyone', priority: 1, conditions: {}, actions: { signon: { access: 'ALLOW', primaryFactor: 'PASSWORD_IDP' } } }],
    }, {
      type: 'MFA_ENROLL', name: GRACE_GROUP, priority: 1, conditions: { people: { groups: { include: [GRACE_GROUP] } } },
      settings: { authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'okta_email', enroll: { self: 'REQUIRED', gracePeriod: { type: 'BY_SKIP_COUNT', skipCount: 3 } } }] },
    }],
  };
}

let rig: Rig;
before(async () => {
  rig = await startRig(org());
});
after(() => rig?.stop());

const issuer = () => `${rig.server.url}/oauth2/default`;

/** Username and password on the one identify form. */
const signIn = (session: Session, username: string) => fillAndSubmit(session, { Username: username, Password: TEST.password }, 'Sign in');

describe('Latchkey widget: identify with the password, and enrollment', () => {
  it('username and password on one form sign in with one request', async () => {
    await withWidget(rig, {}, async (session) => {
      await widget(session.page).getByLabel('Password', { exact: true }).waitFor();
      await checkState(session, 'identify-with-password');
      await signIn(session, TEST.user);
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, TEST.user);
      const renders = await session.page.evaluate(() => (window as any).widgetLog.renders.map((r: { formName: string }) => r.formName));
      assert.deepEqual(renders, ['identify']);
    });
  });

  it('an optional email at the first sign-in: the choices, and "Skip set up" signs in', async () => {
    await withWidget(rig, {}, async (session) => {
      await signIn(session, PEOPLE.skips);
      const choices = await waitForRender(session, 'select-authenticator-enroll');
      assert.equal(choices.controller, 'enroll-choices');
      await widget(session.page).getByRole('button', { name: 'Email' }).waitFor();
      await checkState(session, 'enroll-choices');
      await widget(session.page).getByRole('button', { name: 'Skip set up' }).click();
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, PEOPLE.skips);
    });
  });

  it('a required email within its grace period: the skips left beside it, and "Skip set up" signs in', async () => {
    await withWidget(rig, {}, async (session) => {
      await signIn(session, PEOPLE.postpones);
      await waitForRender(session, 'select-authenticator-enroll');
      const email = widget(session.page).getByRole('button', { name: /^Email/ });
      assert.equal(await email.textContent(), 'Email3 skips remaining');
      await widget(session.page).getByRole('button', { name: 'Skip set up' }).click();
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, PEOPLE.postpones);
    });
  });

  it('enrolling the email: choose Email, type the emailed code', async () => {
    await withWidget(rig, {}, async (session) => {
      await signIn(session, PEOPLE.enrolls);
      await waitForRender(session, 'select-authenticator-enroll');
      await widget(session.page).getByRole('button', { name: 'Email' }).click();
      const enroll = await waitForRender(session, 'enroll-authenticator', 'okta_email');
      assert.equal(enroll.controller, 'enroll-email');
      await widget(session.page).getByRole('heading', { name: 'Set up Email' }).waitFor();
      await widget(session.page).getByRole('button', { name: 'Skip set up' }).waitFor();
      await checkState(session, 'enroll-email');
      await fillAndSubmit(session, { 'Enter code': codeIn(await latestEmailText(rig.server.url, PEOPLE.enrolls)) }, 'Verify');
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, PEOPLE.enrolls);
    });
  });
});

describe('Latchkey widget: the app holds the PKCE verifier', () => {
  it('stateToken (the hosted page mode) resumes a transaction and hands back its interaction code', async () => {
    const pair = pkce();
    const started = await interact(issuer(), { clientId: TEST.spa.clientId, redirectUri: rig.page.callbackUrl, pkce: pair, state: 'hosted-state' });
    const { stateHandle } = (await idxIntrospect(rig.server.url, { interactionHandle: started.json.interaction_handle })).json;
    await withWidget(rig, { options: { stateToken: stateHandle, clientId: undefined, redirectUri: undefined } }, async (session) => {
      await signIn(session, TEST.user);
      const result = await widgetResult(session);
      assert.equal(typeof result.interaction_code, 'string');
      const tokens = await redeem(issuer(), { clientId: TEST.spa.clientId, redirectUri: rig.page.callbackUrl, interactionCode: result.interaction_code, verifier: pair.verifier });
      assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
      assert.equal((await introspect(rig.server, tokens.json.access_token)).sub, TEST.user);
    });
  });

  it('a stateToken the server does not know: its terminal message, and no way on but the app\'s own', async () => {
    await withWidget(rig, { options: { stateToken: 'not-a-state-handle', clientId: undefined, redirectUri: undefined }, firstForm: 'terminal' }, async (session) => {
      await widget(session.page).getByRole('alert').getByText('You have been logged out due to inactivity').waitFor();
      assert.equal(await widget(session.page).getByRole('button').count(), 0);
      await checkState(session, 'terminal-expired');
    });
  });

  it('codeChallenge: the widget interacts with the app\'s challenge and resolves { interaction_code, state }', async () => {
    const pair = pkce();
    await withWidget(rig, { options: { codeChallenge: pair.challenge, state: 'app-state' } }, async (session) => {
      await signIn(session, TEST.user);
      const result = await widgetResult(session);
      assert.equal(result.state, 'app-state');
      const tokens = await redeem(issuer(), { clientId: TEST.spa.clientId, redirectUri: rig.page.callbackUrl, interactionCode: result.interaction_code, verifier: pair.verifier });
      assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    });
  });
});
