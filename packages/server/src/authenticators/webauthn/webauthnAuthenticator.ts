import { webauthnTransfer } from './webauthnTransfer.js';
import type { Authenticator, AuthenticatorContext } from '../authenticator.js';
import { assertionFields, assertionRefused, challengeData, newAssertionChallenge, verifyAssertion, type AssertionChallenge } from './assertions.js';
import { credentialsOf, type CredentialProfile, type StoredCredential } from './credentials.js';
import { passkeySignIn } from './passkeySignIn.js';
import { webauthnSettings, WEBAUTHN_KEY } from './relyingParty.js';
import { webauthnEnrollment } from './webauthnEnrollment.js';

/** The credentials a challenge may be answered with: all the user's, as Okta (its clients do not say which one signs). */
const enrollmentsOf = async (ctx: AuthenticatorContext): Promise<StoredCredential[]> => credentialsOf(await ctx.enrollments());

/**
 * Security keys and passkeys (WebAuthn), each credential an enrollment of its own. A challenge is a
 * random value signed by one of the user's credentials, bound to the org's origin (phishing-resistant).
 */
export const webauthnAuthenticator: Authenticator = {
  key: WEBAUTHN_KEY,
  type: 'security_key',
  displayName: 'Security Key or Biometric',
  factorClass: 'possession',
  amr: 'hwk',
  methodType: 'webauthn',
  classicFactor: { factorType: 'webauthn', provider: 'FIDO' },
  enrolledByFew: true,
  isEnrolled: (_user, enrollments) => credentialsOf(enrollments).length > 0,
  answerFields: () => assertionFields(),
  challenge: async (ctx) => ({ ...newAssertionChallenge((await webauthnSettings(ctx)).userVerification) }),

  async verify(ctx, credentials, challenge) {
    const used = ctx.user && (await verifyAssertion(ctx, credentials, challenge as unknown as AssertionChallenge, await enrollmentsOf(ctx)));
    return used ? { ok: true, userVerified: used.userVerified } : assertionRefused();
  },
  presentation: (_user, _identifier, challenge) => (challenge?.challenge ? { contextualData: { challengeData: challengeData(challenge as unknown as AssertionChallenge) } } : {}),
  // Clients list each credential in allowCredentials (and excludeCredentials) from these.
  enrollmentDetails: (enrollment) => credentialsOf([enrollment]).map((c) => ({ credentialId: c.credentialId, ...(c.transports.length > 0 && { transports: c.transports }) }))[0] ?? {},
  characteristics: {
    phishingResistant: true,
    // A passkey that may be synced leaves the device; user verification as the authenticator reported it at registration.
    of: (e) => {
      const profile = e.profile as Partial<CredentialProfile>;
      return { hardwareProtected: profile.backupEligible === false, userVerifying: profile.userVerified === true };
    },
  },
  signInWithoutIdentifier: passkeySignIn,
  enrollment: webauthnEnrollment,
  enrollmentTransfer: webauthnTransfer,
};
