import { verifyRegistrationResponse } from '@simplewebauthn/server';
import type { Enrollment, VerifyOutcome } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import type { Field } from '../../vocabulary/fields.js';
import { newId } from '../../platform/ids.js';
import { ORG_SETTINGS } from '../../org/configCache.js';
import { base64urlField, expectedOrigins, newChallenge, rpIdOf, webauthnSettings, WEBAUTHN_KEY, type UserVerification } from './relyingParty.js';
import { credentialsOf, transportsOf, type CredentialProfile } from './credentials.js';

/** What enrolling remembers in the transaction. */
interface Pending {
  challenge: string;
  userVerification: UserVerification;
}

const hidden = (name: string, label: string): Field => ({ name, label, visible: false, required: true });

/** ES256 and RS256, as Okta offers them (every platform and security key signs with one of them). */
const PUBLIC_KEY_ALGORITHMS = [-7, -257];

const refused = (): VerifyOutcome => ({ ok: false, error: new EngineError(400, [Messages.webauthnEnrollFailed], false) });

/**
 * Registering a security key or passkey: the creation options go to the client as Okta's
 * activationData; the attestation it answers is verified against the challenge, the org's RP ID
 * and origins, and the credential (public key, counter, flags) is stored as an enrollment of its own.
 */
export const webauthnEnrollment: Enrollment = {
  possibleFor: () => true,
  fields: () => [hidden('clientData', 'Client Data'), hidden('attestation', 'Attestation'), hidden('transports', 'Transports'), hidden('clientExtensions', 'clientExtensions')],

  async start(ctx) {
    return { challenge: newChallenge(), userVerification: (await webauthnSettings(ctx)).userVerification } satisfies Pending;
  },

  async contextualData(ctx, data) {
    const { challenge, userVerification } = data as unknown as Pending;
    const user = ctx.user!;
    const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
    const existing = credentialsOf(await ctx.enrollments());
    return {
      activationData: {
        rp: { name: (await ctx.store.settings.get(ORG_SETTINGS.name)) ?? 'Latchkey', id: rpIdOf(ctx) },
        // Okta's user ids are base64 as they stand (20 characters of its alphabet): the user handle is the id.
        user: { id: user.id, name: user.login, displayName: name || user.login },
        pubKeyCredParams: PUBLIC_KEY_ALGORITHMS.map((alg) => ({ type: 'public-key', alg })),
        challenge,
        attestation: 'direct',
        // A discoverable credential when the authenticator can keep one: it can then sign in without a username.
        authenticatorSelection: { userVerification, residentKey: 'preferred', requireResidentKey: false },
        excludeCredentials: existing.map((c) => ({ type: 'public-key', id: c.credentialId, ...(c.transports.length > 0 && { transports: c.transports }) })),
      },
    };
  },

  async complete(ctx, credentials, data) {
    const { challenge, userVerification } = data as unknown as Pending;
    const clientDataJSON = base64urlField(credentials, 'clientData');
    const attestationObject = base64urlField(credentials, 'attestation');
    if (!clientDataJSON || !attestationObject) return refused();
    const transports = transportsOf(credentials.transports);
    let info;
    try {
      const result = await verifyRegistrationResponse({
        // The credential id is read from the attestation itself; Okta's clients do not send it apart.
        response: { id: 'attested', rawId: 'attested', type: 'public-key', response: { clientDataJSON, attestationObject, transports }, clientExtensionResults: {} },
        expectedChallenge: challenge, expectedOrigin: await expectedOrigins(ctx), expectedRPID: rpIdOf(ctx),
        requireUserVerification: userVerification === 'required',
      });
      info = result.verified ? result.registrationInfo : undefined;
    } catch {
      info = undefined;
    }
    if (!info || (await ctx.store.authenticatorEnrollments.findByCredentialId(info.credential.id))) return refused();
    const now = ctx.clock.now();
    const profile: CredentialProfile = {
      transports, aaguid: info.aaguid, attestationFormat: info.fmt, userVerified: info.userVerified,
      backupEligible: info.credentialDeviceType === 'multiDevice', backedUp: info.credentialBackedUp,
    };
    await ctx.store.authenticatorEnrollments.insert({
      id: newId('authenticatorEnrollment'), userId: ctx.user!.id, authenticatorKey: WEBAUTHN_KEY, status: 'ACTIVE', profile: { ...profile },
      sealedSecret: null, createdAt: now, lastUsedAt: now, lastStep: info.credential.counter,
      credentialId: info.credential.id, publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    });
    return { ok: true };
  },
};
