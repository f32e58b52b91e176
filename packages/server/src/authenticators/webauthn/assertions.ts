import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { AuthenticatorContext, VerifyOutcome } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import type { Field } from '../../vocabulary/fields.js';
import { base64urlField, expectedOrigins, newChallenge, rpIdOf, type UserVerification } from './relyingParty.js';
import type { StoredCredential } from './credentials.js';

/** What a challenge remembers: the challenge, answered at most once, and the user verification asked. */
export interface AssertionChallenge {
  challenge: string;
  userVerification: UserVerification;
}

export const newAssertionChallenge = (userVerification: UserVerification): AssertionChallenge => ({ challenge: newChallenge(), userVerification });

/** Okta's challengeData: what navigator.credentials.get needs besides the credentials allowed. */
export const challengeData = (c: AssertionChallenge): Record<string, unknown> => ({ challenge: c.challenge, userVerification: c.userVerification, extensions: {} });

const hidden = (name: string, label: string, required = true): Field => ({ name, label, required, visible: false });

/** The fields of an assertion as Okta names them; `withUserHandle` when the user is found by it (passkeys). */
export const assertionFields = (withUserHandle = false): Field[] => [
  hidden('authenticatorData', 'Authenticator Data'), hidden('clientData', 'Client Data'), hidden('signatureData', 'Signature Data'),
  ...(withUserHandle ? [hidden('userHandle', 'User Handle', false)] : []),
];

/** Every refusal alike: which check failed (challenge, origin, signature, counter, credential) is not told. */
export const assertionRefused = (): Extract<VerifyOutcome, { ok: false }> => ({ ok: false, error: new EngineError(400, [Messages.webauthnAssertionFailed], false) });

/**
 * Verifies an assertion against the challenge and the given credentials (Okta's clients do not say
 * which credential signed: each is tried), then accepts its signature counter once; answers whether
 * the authenticator verified the person (the UV flag). The challenge is spent whatever the outcome: it is replaced in `pending`
 * (which the transaction keeps), so it is never answered twice.
 */
export async function verifyAssertion(ctx: AuthenticatorContext, credentials: Record<string, unknown>, pending: AssertionChallenge, candidates: StoredCredential[]): Promise<{ userVerified: boolean } | undefined> {
  const expected = pending.challenge;
  pending.challenge = newChallenge();
  const clientDataJSON = base64urlField(credentials, 'clientData');
  const authenticatorData = base64urlField(credentials, 'authenticatorData');
  const signature = base64urlField(credentials, 'signatureData');
  if (!clientDataJSON || !authenticatorData || !signature) return undefined;
  const [origins, rpId] = [await expectedOrigins(ctx), rpIdOf(ctx)];
  for (const candidate of candidates) {
    let newCounter: number | undefined;
    let userVerified = false;
    try {
      const { verified, authenticationInfo } = await verifyAuthenticationResponse({
        response: { id: candidate.credentialId, rawId: candidate.credentialId, type: 'public-key', response: { clientDataJSON, authenticatorData, signature }, clientExtensionResults: {} },
        expectedChallenge: expected, expectedOrigin: origins, expectedRPID: rpId, requireUserVerification: pending.userVerification === 'required',
        credential: { id: candidate.credentialId, publicKey: candidate.publicKey, counter: candidate.counter },
      });
      newCounter = verified ? authenticationInfo.newCounter : undefined;
      userVerified = authenticationInfo.userVerified;
    } catch {
      newCounter = undefined;
    }
    if (newCounter === undefined) continue;
    return (await ctx.store.authenticatorEnrollments.acceptCounter(candidate.enrollment.id, newCounter, ctx.clock.now())) ? { userVerified } : undefined;
  }
  return undefined;
}
