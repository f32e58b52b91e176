import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { introspect } from '../support/oktaWidget.js';
import { TEST, testOrg } from '../support/testOrg.js';
import {
  BRAND, checkState, fillAndSubmit, withWidget, startRig, waitForRender, widget, widgetResult, type Rig,
} from './widgetHarness.js';

let rig: Rig;
before(async () => {
  rig = await startRig(testOrg());
});
after(() => rig?.stop());

describe('Latchkey widget: password sign-in', () => {
  it('identify, password: showSignInToGetTokens() resolves okta-auth-js shaped tokens Latchkey vouches for', async () => {
    await withWidget(rig, {}, async (session) => {
      const first = await session.page.evaluate(() => (window as any).widgetLog);
      assert.equal(first.ready, 1);
      assert.deepEqual(first.renders[0], { controller: 'primary-auth', formName: 'identify' });
      assert.equal(await widget(session.page).getAttribute('lang'), 'en');
      assert.equal(await widget(session.page).evaluate((e) => getComputedStyle(e).getPropertyValue('--lk-brand').trim()), BRAND);
      await checkState(session, 'identify');

      await fillAndSubmit(session, { Username: TEST.user }, 'Next');
      const challenge = await waitForRender(session, 'challenge-authenticator', 'okta_password');
      assert.deepEqual(challenge, { controller: 'mfa-verify-password', formName: 'challenge-authenticator', authenticatorKey: 'okta_password', methodType: 'password' });
      await widget(session.page).getByText(TEST.user).waitFor();
      await checkState(session, 'password');

      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      const tokens = await widgetResult(session);
      await checkState(session, 'signing-in');

      const introspected = await introspect(rig.server, tokens.accessToken.accessToken);
      assert.equal(introspected.active, true);
      assert.equal(introspected.sub, TEST.user);
      assert.equal(introspected.client_id, TEST.spa.clientId);
      assert.equal(tokens.accessToken.tokenType, 'Bearer');
      assert.equal(tokens.accessToken.claims.sub, TEST.user);
      assert.ok(tokens.accessToken.expiresAt > Date.now() / 1000);
      assert.deepEqual(tokens.accessToken.scopes, ['openid', 'profile', 'email']);
      assert.equal(tokens.accessToken.userinfoUrl, `${rig.server.url}/oauth2/default/v1/userinfo`);
      assert.equal(tokens.idToken.claims.email, TEST.user);
      assert.deepEqual(tokens.idToken.claims.amr, ['pwd']);
      assert.equal(tokens.idToken.issuer, `${rig.server.url}/oauth2/default`);
      assert.equal(tokens.idToken.clientId, TEST.spa.clientId);
      const userinfo = await fetch(tokens.accessToken.userinfoUrl, { headers: { authorization: `Bearer ${tokens.accessToken.accessToken}` } });
      assert.equal(userinfo.status, 200);
      assert.equal((await userinfo.json()).email, TEST.user);
    });
  });

  it('a wrong password is shown in an alert that takes focus, reported to afterError; the right one then signs in', async () => {
    await withWidget(rig, {}, async (session) => {
      await fillAndSubmit(session, { Username: TEST.user }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { Password: 'Wrong-Horse-1' }, 'Verify');
      const alert = widget(session.page).getByRole('alert');
      await alert.getByText('Password is incorrect').waitFor();
      assert.equal(await alert.evaluate((e) => e === document.activeElement), true, 'focus moves to the error');
      const errors = await session.page.evaluate(() => (window as any).widgetLog.errors);
      assert.deepEqual(errors, [{ formName: 'challenge-authenticator', errorSummary: 'Password is incorrect', status: 401 }]);
      await checkState(session, 'error-wrong-password');

      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, TEST.user);
    });
  });

  it('an empty required field is flagged on the field (aria-invalid, described by its error) without asking the server', async () => {
    await withWidget(rig, {}, async (session) => {
      await widget(session.page).getByRole('button', { name: 'Next' }).click();
      const username = widget(session.page).getByLabel('Username', { exact: true });
      assert.equal(await username.getAttribute('aria-invalid'), 'true');
      const describedBy = await username.getAttribute('aria-describedby');
      assert.equal(await session.page.locator(`[id="${describedBy}"]`).textContent(), 'This field cannot be left blank');
      await widget(session.page).getByRole('alert').getByText('We found some errors').waitFor();
      assert.equal(await session.page.evaluate(() => (window as any).widgetLog.renders.length), 1, 'nothing was sent');
      await checkState(session, 'error-required-field');
    });
  });

  it('"Back to sign in" cancels the password challenge and shows identify again', async () => {
    await withWidget(rig, {}, async (session) => {
      await fillAndSubmit(session, { Username: TEST.user }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await widget(session.page).getByRole('button', { name: 'Back to sign in' }).click();
      await waitForRender(session, 'identify');
      assert.equal(await widget(session.page).getByLabel('Username', { exact: true }).inputValue(), '');
      await checkState(session, 'identify-after-cancel');

      await fillAndSubmit(session, { Username: TEST.otherUser }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await widget(session.page).getByText(TEST.otherUser).waitFor();
    });
  });

  it('a token request the server refuses is shown with its reason; "Back to sign in" starts a new interaction', async () => {
    await withWidget(rig, {}, async (session) => {
      // Bob is not in the group the authorization server's policy issues tokens to.
      await fillAndSubmit(session, { Username: TEST.otherUser }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      await widget(session.page).getByRole('alert').getByText('Policy evaluation failed').waitFor();
      const errors = await session.page.evaluate(() => (window as any).widgetLog.errors);
      assert.equal(errors.at(-1).status, 400);
      await checkState(session, 'error-token-refused');

      // Starting over is a new interaction; Bob's new session answers it at once, and the token is refused again.
      const interactions: string[] = [];
      session.page.on('request', (r) => r.url().endsWith('/v1/interact') && interactions.push(r.url()));
      await widget(session.page).getByRole('button', { name: 'Back to sign in' }).click();
      await session.page.waitForFunction(() => (window as any).widgetLog.errors.length === 2);
      assert.equal(interactions.length, 1);
      assert.equal(await session.page.evaluate(() => 'widgetFailure' in window), false, 'the promise waits for a sign-in that works');
    });
  });

  it("renderEl's success callback receives { status: 'SUCCESS', tokens }; remove() takes the widget out", async () => {
    await withWidget(rig, {}, async (session) => {
      await session.page.evaluate(() => {
        const w = window as any;
        w.widget.remove();
        const signIn = new w.OktaSignIn(w.appOptions);
        signIn.renderEl({ el: '#app' }, (result: unknown) => { w.rendered = result; signIn.remove(); });
      });
      // This widget has no event handlers: the page itself says where it is.
      await fillAndSubmit(session, { Username: TEST.user }, 'Next');
      await widget(session.page).getByRole('heading', { name: 'Verify with your password' }).waitFor();
      await fillAndSubmit(session, { Password: TEST.password }, 'Verify');
      await session.page.waitForFunction(() => 'rendered' in window);
      const result = await session.page.evaluate(() => (window as any).rendered);
      assert.equal(result.status, 'SUCCESS');
      assert.equal((await introspect(rig.server, result.tokens.accessToken.accessToken)).active, true);
      assert.equal(await widget(session.page).count(), 0);
    });
  });

  it('features.hideSignOutLinkInMFA hides "Back to sign in" on the challenge', async () => {
    await withWidget(rig, { options: { features: { hideSignOutLinkInMFA: true } } }, async (session) => {
      await fillAndSubmit(session, { Username: TEST.user }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      assert.equal(await widget(session.page).getByRole('button', { name: 'Back to sign in' }).count(), 0);
    });
  });

  it('keyboard only: type, Tab and Enter sign in, focus moving in reading order', async () => {
    await withWidget(rig, {}, async (session) => {
      const { page } = session;
      const focused = () => page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        return e.getAttribute('name') ?? e.textContent;
      });
      assert.equal(await focused(), 'identifier', 'the first field has focus');
      await page.keyboard.type(TEST.user);
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'rememberMe');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'Next');
      await page.keyboard.press('Enter');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      assert.equal(await focused(), 'credentials.passcode', 'focus moves to the new form');
      await page.keyboard.type(TEST.password);
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'Show password');
      await page.keyboard.press('Space');
      assert.equal(await widget(page).getByLabel('Password', { exact: true }).getAttribute('type'), 'text', 'the toggle shows the password');
      await checkState(session, 'password-shown');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'Verify');
      await page.keyboard.press('Enter');
      const tokens = await widgetResult(session);
      assert.equal((await introspect(rig.server, tokens.accessToken.accessToken)).sub, TEST.user);
    });
  });

  it('at 320 px wide every state fits without horizontal scrolling', async () => {
    await withWidget(rig, { context: { viewport: { width: 320, height: 640 } } }, async (session) => {
      const overflow = () => session.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(await overflow(), 0);
      await checkState(session, 'identify-320px');
      await fillAndSubmit(session, { Username: 'a.very.long.username.that.keeps.going@subdomain.example.com' }, 'Next');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { Password: 'Wrong-Horse-1' }, 'Verify');
      await widget(session.page).getByRole('alert').getByText('Password is incorrect').waitFor();
      assert.equal(await overflow(), 0);
      await checkState(session, 'error-320px');
    });
  });
});

describe('Latchkey widget: languages and options', () => {
  it("language: 'fr' speaks French, the server's messages included (by their i18n keys)", async () => {
    await withWidget(rig, { options: { language: 'fr' } }, async (session) => {
      assert.equal(await widget(session.page).getAttribute('lang'), 'fr');
      await widget(session.page).getByRole('heading', { name: 'Connexion' }).waitFor();
      await checkState(session, 'identify-fr');
      await fillAndSubmit(session, { "Nom d'utilisateur": TEST.user }, 'Suivant');
      await waitForRender(session, 'challenge-authenticator', 'okta_password');
      await fillAndSubmit(session, { 'Mot de passe': 'Wrong-Horse-1' }, 'Vérifier');
      await widget(session.page).getByRole('alert').getByText('Le mot de passe est incorrect').waitFor();
      await widget(session.page).getByRole('button', { name: 'Retour à la connexion' }).waitFor();
      await checkState(session, 'error-wrong-password-fr');
    });
  });

  it("German from the browser's language; the app's i18n overrides win", async () => {
    const overrides = { i18n: { de: { 'primaryauth.title': 'Bei Acme anmelden' } } };
    await withWidget(rig, { options: overrides, context: { locale: 'de-DE' } }, async (session) => {
      assert.equal(await widget(session.page).getAttribute('lang'), 'de');
      await widget(session.page).getByRole('heading', { name: 'Bei Acme anmelden' }).waitFor();
      await widget(session.page).getByLabel('Benutzername', { exact: true }).waitFor();
      await checkState(session, 'identify-de');
    });
  });

  it('options the Identity Engine dropped are accepted with one warning each, naming what replaces them', async () => {
    const dropped = { features: { rememberMe: true, registration: true }, idps: [{ type: 'GOOGLE', id: '0oa1' }] };
    await withWidget(rig, { options: dropped }, async (session) => {
      await session.page.evaluate((extra) => (window as any).startWidget(extra), dropped); // a second widget on the page warns no more
      const expected = [
        ['features.rememberMe', 'session policy'],
        ['features.registration', 'profile enrollment policy'],
        ['idps', 'routing rules'],
      ];
      assert.equal(session.warnings.length, expected.length, session.warnings.join('\n'));
      for (const [option, replacement] of expected) {
        const lines = session.warnings.filter((w) => w.includes(`"${option}"`));
        assert.equal(lines.length, 1, `one warning for ${option}`);
        assert.match(lines[0], new RegExp(replacement));
      }
    });
  });
});
