import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST } from '../support/testOrg.js';
import { virtualAuthenticator } from '../support/virtualAuthenticator.js';
import { BrowserReport } from '../support/oktaWidget.js';
import { STEP_UP, stepUpOrg } from '../support/stepUpOrg.js';
import { interact, introspect, pkce, redeem } from '../support/idx.js';
import { fillAndSubmit, startRig, waitForRender, widget, widgetResult, withWidget, type Rig, type Session } from './widgetHarness.js';

const PERSON = 'stan@example.com';
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

let rig: Rig;
/** The passkey the first test enrolls, for the step-up test's browser. */
let credentials: any[] = [];
before(async () => {
  rig = await startRig(stepUpOrg([PERSON]), 'localhost');
});
after(() => rig.stop());

const issuer = () => `${rig.server.url}/oauth2/default`;

/** App B's sign-in begun by the app (its PKCE verifier kept here): the widget continues it from its state handle. */
async function appBTransaction() {
  const pair = pkce();
  const started = await interact(issuer(), { clientId: STEP_UP.appB, redirectUri: TEST.redirectUri, pkce: pair });
  const { stateHandle } = (await introspect(rig.server.url, { interactionHandle: started.json.interaction_handle })).json;
  return { stateHandle, tokensFor: (code: string) => redeem(issuer(), { clientId: STEP_UP.appB, redirectUri: TEST.redirectUri, interactionCode: code, verifier: pair.verifier }) };
}
const fromStateHandle = (stateToken: string) => ({ stateToken, clientId: undefined, redirectUri: undefined });

it('app B in a new browser: username, password, then only a security key to set up (phishing-resistant); signs in', async () => {
  const b = await appBTransaction();
  await withWidget(rig, { options: fromStateHandle(b.stateHandle) }, async (session) => {
    const { cdp, authenticatorId } = await virtualAuthenticator(session.page);
    await fillAndSubmit(session, { Username: PERSON }, 'Next');
    await waitForRender(session, 'challenge-authenticator', 'okta_password');
    await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
    await waitForRender(session, 'enroll-authenticator', 'webauthn');
    await widget(session.page).getByRole('button', { name: 'Set up' }).click();
    const tokens = await b.tokensFor((await widgetResult(session)).interaction_code);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    credentials = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  });
});

it('step-up in Chromium: signed in to app A with the password, app B in the same browser asks only for the security key', async () => {
  assert.equal(credentials.length, 1, 'the enrollment test ran');
  await withWidget(rig, {}, async (session) => {
    await virtualAuthenticator(session.page, credentials);
    // App A (the test page's app; no policy of its own): the password.
    await fillAndSubmit(session, { Username: PERSON }, 'Next');
    await waitForRender(session, 'challenge-authenticator', 'okta_password');
    await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
    assert.deepEqual((await widgetResult(session)).idToken.claims.amr, ['pwd']);

    // App B on another page of the same browser: the session's password counts, the key is asked at once.
    const b = await appBTransaction();
    const page = await session.page.context().newPage();
    const second: Session = { page, report: new BrowserReport(page), warnings: [] };
    await virtualAuthenticator(page, credentials);
    await page.goto(rig.page.url);
    await page.evaluate((extra) => (window as any).startWidget(extra), fromStateHandle(b.stateHandle));
    const first = await waitForRender(second, 'challenge-authenticator', 'webauthn');
    assert.equal(first.controller, 'mfa-verify-webauthn');
    assert.deepEqual(await page.evaluate(() => (window as any).widgetLog.renders.map((r: any) => r.formName)), ['challenge-authenticator'], 'no identify, no password');
    await widget(page).getByRole('button', { name: 'Verify' }).click();
    const tokens = await b.tokensFor((await widgetResult(second)).interaction_code);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.json));
    assert.deepEqual([...claimsOf(tokens.json.id_token).amr].sort(), ['hwk', 'mfa', 'pwd']);
    second.report.assertClean();
  });
});
