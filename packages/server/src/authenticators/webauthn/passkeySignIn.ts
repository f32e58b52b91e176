import type { SignInWithoutIdentifier } from '../authenticator.js';
import { assertionFields, assertionRefused, challengeData, newAssertionChallenge, verifyAssertion, type AssertionChallenge } from './assertions.js';
import { credentialsOf } from './credentials.js';
import { base64urlField, webauthnSettings } from './relyingParty.js';

/** Okta's names: the object the forms relate to, and the two forms (the browser's autofill, and a "Sign in with a passkey" button). */
const CONTEXT = 'webauthnAutofillUIChallenge';
const FORMS = ['launch-passkeys-authenticator', 'challenge-webauthn-autofillui-authenticator'];

/** The user a passkey names: its user handle is the user id, which is base64 as it stands (see the enrollment's activationData). */
function userIdOf(credentials: Record<string, unknown>): string | undefined {
  const handle = base64urlField(credentials, 'userHandle');
  return handle && Buffer.from(handle, 'base64url').toString('base64').replace(/=+$/, '');
}

/**
 * Signing in with a passkey from the identify step, as Okta's widget v7 does: the step carries a
 * challenge for discoverable credentials; the browser picks one and answers with its user handle,
 * which names the user; the assertion is then verified against that user's credentials.
 */
export const passkeySignIn: SignInWithoutIdentifier = {
  path: '/idp/idx/challenge/answer/webauthn-autofillui',
  offered: async (ctx) => (await webauthnSettings(ctx)).passkeySignIn,
  start: async (ctx) => ({ ...newAssertionChallenge((await webauthnSettings(ctx)).userVerification) }),

  present: (data) => ({
    forms: FORMS.map((name) => ({ name, fields: [{ name: 'credentials', type: 'object', form: assertionFields(true), required: true }], relatesTo: CONTEXT })),
    context: { [CONTEXT]: { challengeData: challengeData(data as unknown as AssertionChallenge) } },
  }),

  async verify(ctx, credentials, data, usable) {
    const userId = userIdOf(credentials);
    const user = userId ? await ctx.store.users.findById(userId) : undefined;
    const candidates = user && usable(user) ? credentialsOf(await ctx.store.authenticatorEnrollments.listOf(user.id)) : [];
    // Verified (or refused) the same way whether or not the handle named anyone.
    const used = await verifyAssertion(ctx, credentials, data as unknown as AssertionChallenge, candidates);
    return used && user ? { ok: true, user, userVerified: used.userVerified } : assertionRefused();
  },
};
