import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerChallenge, assertSignedIn, BUNDLES, identify, startWidgetRig, waitForView, withWidget, type OktaWidgetRig } from '../support/oktaWidget.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { scanPath } from '../../src/upgrade/scan/scan.js';

/**
 * An app written for the Classic Engine (the widget with useClassicEngine, dropped features flags)
 * goes through `upgrade scan --fix`; the page it leaves signs in against Latchkey with the real
 * Okta widget through the Interaction Code flow, with no other change.
 */
const dir = mkdtempSync(join(tmpdir(), 'latchkey-scan-app-'));
cpSync(new URL('../fixtures/classic-widget-app', import.meta.url).pathname, dir, { recursive: true });
const report = await scanPath(dir, { fix: true });
const fixed = readFileSync(join(dir, 'index.html'), 'utf8');

let rig: OktaWidgetRig;
before(async () => {
  rig = await startWidgetRig(testOrg(), BUNDLES.gen2, undefined, (latchkeyUrl, page) => fixed
    .replaceAll('%LATCHKEY_URL%', latchkeyUrl).replaceAll('%CLIENT_ID%', TEST.spa.clientId)
    .replaceAll('%REDIRECT_URI%', page.callbackUrl).replaceAll('%PAGE_ORIGIN%', page.origin));
});
after(async () => {
  await rig?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('upgrade scan --fix on a Classic widget app, then a sign-in in Chromium', () => {
  it('the fix leaves an Identity Engine configuration, and nothing to change by hand', () => {
    assert.deepEqual(report.fixed.map((f) => f.rule).sort(), ['widget.droppedOption', 'widget.droppedOption', 'widget.useClassicEngine', 'widget.useInteractionCodeFlow']);
    assert.deepEqual(report.findings, []);
    assert.doesNotMatch(fixed, /useClassicEngine|features|registration|rememberMe/);
    assert.match(fixed, /new OktaSignIn\(\{\n {6}useInteractionCodeFlow: true,\n {6}baseUrl:/);
  });

  it('the fixed page signs in with the real Okta widget (identify, password) and gets tokens', () => withWidget(rig, async (session) => {
    await identify(session, TEST.user);
    await waitForView(session, 'challenge-authenticator', 'okta_password');
    await answerChallenge(session, TEST.password);
    await assertSignedIn(rig, session, ['pwd']);
  }));
});
