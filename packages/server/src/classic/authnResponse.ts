import type { Step, AuthenticatorView } from '../engine/step.js';
import type { User } from '../store/repositories/users.js';
import { authenticatorByKey } from '../authenticators/registry.js';
import { link } from './authnLink.js';

type Json = Record<string, unknown>;

/** The user as authn embeds it: the profile's names, and when the password last changed. */
export function embeddedUser(user: User | undefined, fallback: { id: string; identifier: string }): Json {
  const p = user?.profile;
  return {
    id: user?.id ?? fallback.id,
    ...(user?.passwordChangedAt && { passwordChanged: new Date(user.passwordChangedAt).toISOString() }),
    profile: {
      login: user?.login ?? fallback.identifier,
      ...(p?.firstName !== undefined && { firstName: p.firstName }), ...(p?.lastName !== undefined && { lastName: p.lastName }),
      locale: (p?.locale as string | undefined) ?? 'en', timeZone: (p?.timeZone as string | undefined) ?? 'America/Los_Angeles',
    },
  };
}

/** A factor (an enrollment) as authn lists it, with its verify link. */
function factor(a: AuthenticatorView, baseUrl: string): Json | undefined {
  const classic = authenticatorByKey(a.key)?.classicFactor;
  if (!classic) return undefined;
  return {
    id: a.enrollmentId, factorType: classic.factorType, provider: classic.provider, vendorName: classic.provider,
    profile: a.profile ?? {}, _links: { verify: link(`${baseUrl}/api/v1/authn/factors/${a.enrollmentId}/verify`) },
  };
}

/** Is the step an enrollment (the policy asks for an authenticator the user lacks)? */
const enrolling = (step: Step) => step.view.remediations.some((r) => r.name === 'select-authenticator-enroll' || r.name === 'enroll-authenticator');

/**
 * An engine step as an authn transaction: SUCCESS with the one-time sessionToken, MFA_REQUIRED with
 * the user's factors, MFA_CHALLENGE while a sent code is awaited, MFA_ENROLL when the policy asks
 * for a factor the user lacks. `user` is the signed-in user's record (undefined: nobody matched).
 */
export function authnTransaction(step: Step, user: User | undefined, baseUrl: string): Json {
  const { view } = step;
  const cancel = { cancel: link(`${baseUrl}/api/v1/authn/cancel`) };
  const embedded = { user: embeddedUser(user, view.user ?? { id: '', identifier: '' }) };
  const expiresAt = new Date(view.expiresAt).toISOString();
  if (view.success && 'sessionToken' in view.success) {
    return { expiresAt, status: 'SUCCESS', sessionToken: view.success.sessionToken, _embedded: embedded, _links: cancel };
  }
  const base = { stateToken: step.stateHandle, expiresAt };
  if (enrolling(step)) {
    const factors = (view.authenticators ?? []).map((a) => factor({ ...a, enrollmentId: a.id }, baseUrl)).filter(Boolean);
    // Only optional factors offered: the person may go on without (POST /api/v1/authn/skip).
    const skip = view.remediations.some((r) => r.name === 'skip') && { skip: link(`${baseUrl}/api/v1/authn/skip`, { name: 'skip' }) };
    return { ...base, status: 'MFA_ENROLL', _embedded: { ...embedded, factors }, _links: { ...cancel, ...skip } };
  }
  const factors = view.authenticatorEnrollments.map((a) => factor(a, baseUrl)).filter(Boolean);
  const current = view.current && factor(view.current, baseUrl);
  if (current && view.current!.resend) {
    return {
      ...base, status: 'MFA_CHALLENGE', factorResult: 'CHALLENGE', _embedded: { ...embedded, factor: current },
      _links: { ...cancel, next: link(`${baseUrl}/api/v1/authn/factors/${view.current!.enrollmentId}/verify`, { name: 'verify' }) },
    };
  }
  return { ...base, status: 'MFA_REQUIRED', _embedded: { ...embedded, factors }, _links: cancel };
}

/** The account is locked (too many wrong passwords): authn says so as a status, not an error (self-service unlock comes with recovery). */
export const LOCKED_OUT: Json = { status: 'LOCKED_OUT', _links: {} };
