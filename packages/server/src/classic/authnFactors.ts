import type { AuthenticatorView, CurrentAuthenticatorView } from '../engine/step.js';
import type { Authenticator, ClassicFactor } from '../authenticators/authenticator.js';
import { AUTHENTICATORS, authenticatorByKey } from '../authenticators/registry.js';
import { authnUrl, link } from './authnLinks.js';

type Json = Record<string, unknown>;

/** The factorType of one of an authenticator's methods (the phone's voice is `call`). */
export const factorTypeOf = (classic: ClassicFactor, methodType: string | undefined): string =>
  (methodType && classic.methodFactorTypes?.[methodType]) || classic.factorType;

/** The authenticator a Classic factorType and provider name, with the method the factorType means. */
export function authenticatorOfFactor(factorType: unknown, provider: unknown): { authenticator: Authenticator; methodType: string } | undefined {
  for (const authenticator of AUTHENTICATORS) {
    const classic = authenticator.classicFactor;
    if (!classic || !providersOf(classic).includes(provider as string)) continue;
    const methodType = (authenticator.methods ?? [authenticator.methodType]).find((m) => factorTypeOf(classic, m) === factorType);
    if (methodType) return { authenticator, methodType };
  }
  return undefined;
}

/** Every provider Classic names the authenticator by, its own first. */
export const providersOf = (classic: ClassicFactor): string[] => [classic.provider, ...(classic.otherProviders ?? [])];

/** `provider`: the one the enrollment was made by (AuthenticatorView.classicProvider), else the authenticator's own. */
export const named = (classic: ClassicFactor, factorType: string, provider = classic.provider): Json => ({ factorType, provider, vendorName: provider });

/** One of the user's enrollments as MFA_REQUIRED lists it, with its verify link. */
export function enrolledFactor(a: AuthenticatorView, baseUrl: string): Json | undefined {
  const classic = authenticatorByKey(a.key)?.classicFactor;
  if (!classic) return undefined;
  return {
    id: a.enrollmentId, ...named(classic, classic.factorType, a.classicProvider), profile: profileOf(a),
    _links: { verify: link(authnUrl(baseUrl, `/factors/${a.enrollmentId}/verify`)) },
  };
}

/**
 * What Classic shows of an enrollment: what the user may see of it (a question's key and text), and a
 * WebAuthn credential's id (clients list it in allowCredentials).
 */
const profileOf = (a: AuthenticatorView): Json => ({ ...a.profile, ...a.classicProfile, ...(typeof a.details?.credentialId === 'string' && { credentialId: a.details.credentialId }) });

/**
 * The factor being activated or challenged (`_embedded.factor`), named by the method chosen; while
 * activating, what the person scans or types into their app (`_embedded.activation`).
 */
export function currentFactor(current: CurrentAuthenticatorView): Json | undefined {
  const classic = authenticatorByKey(current.key)?.classicFactor;
  if (!classic) return undefined;
  const data = current.contextualData;
  const activation = current.enrolling && data && activationOf(data);
  // A push's number challenge: the number the person picks on the device; WebAuthn's request options (challenge, userVerification, extensions).
  const challenge = !current.enrolling && ((data?.correctAnswer !== undefined && { correctAnswer: Number(data.correctAnswer) }) || (isObject(data?.challengeData) && data.challengeData));
  return {
    id: current.enrollmentId, ...named(classic, factorTypeOf(classic, current.methods[0]?.type), current.classicProvider), profile: profileOf(current),
    ...(activation && { _embedded: { activation } }), ...(challenge && { _embedded: { challenge } }),
  };
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/**
 * A TOTP's shared secret as Okta gives it (30-second steps, 6 digits, base32), and the QR code to scan;
 * for a push, also the URI the QR code holds (a device on which the page itself is open cannot scan it);
 * for WebAuthn, the credential creation options (rp, user, challenge, pubKeyCredParams, …), as IDX's activationData.
 */
function activationOf(data: Record<string, unknown>): Json {
  const qrcode = data.qrcode as { href: string; type: string } | undefined;
  return {
    ...(isObject(data.activationData) && data.activationData),
    ...(typeof data.sharedSecret === 'string' && { timeStep: 30, sharedSecret: data.sharedSecret, encoding: 'base32', keyLength: 6 }),
    ...(typeof data.enrollmentUri === 'string' && { factorResult: 'WAITING', enrollmentUri: data.enrollmentUri }),
    ...(qrcode && { _links: { qrcode: { href: qrcode.href, type: qrcode.type } } }),
  };
}
