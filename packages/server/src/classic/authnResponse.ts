import type { Step } from '../engine/step.js';
import type { User } from '../store/repositories/users.js';
import { authnUrl, link } from './authnLinks.js';
import { withRelayState } from './relayState.js';
import { redirectSuccess, unauthenticatedStatus } from './hostedStatuses.js';
import { activationStatus, challengeStatus, enrollStatus, passwordStatus, requiredStatus, skipLink, type StatusParts } from './authnStatuses.js';

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

/**
 * An engine step as an authn transaction: SUCCESS with the one-time sessionToken (for the hosted
 * page's transaction, with the link back to the app: see hostedStatuses.ts); UNAUTHENTICATED before
 * anyone is identified (only the hosted page's transaction is ever so); PASSWORD_EXPIRED or
 * PASSWORD_WARN when the password must (or soon must) be replaced; MFA_ENROLL_ACTIVATE while a factor
 * being enrolled awaits its code (or, for push, the device); MFA_ENROLL when the policy asks for
 * factors the user lacks; MFA_CHALLENGE while a sent code or a push is awaited; else MFA_REQUIRED
 * with the user's factors. `user` is the signed-in user's record (undefined: nobody matched).
 */
export function authnTransaction(step: Step, user: User | undefined, baseUrl: string): Json {
  const { view } = step;
  const url = (path: string) => authnUrl(baseUrl, path);
  const embedded = { user: embeddedUser(user, view.user ?? { id: '', identifier: '' }) };
  const expiresAt = new Date(view.expiresAt).toISOString();
  const cancel = link(url('/cancel'));
  if (view.success && 'sessionToken' in view.success) {
    return withRelayState({ expiresAt, status: 'SUCCESS', sessionToken: view.success.sessionToken, _embedded: embedded, _links: { cancel } }, view.relayState);
  }
  if (view.success && 'redirect' in view.success) return redirectSuccess({ expiresAt }, embedded, view.success.redirect, view.app);
  const parts: StatusParts = {
    view, base: { stateToken: step.stateHandle, expiresAt }, embedded, userId: String(embedded.user.id), baseUrl, url,
    links: { cancel, prev: link(url('/previous')), skip: skipLink(view, url) },
  };
  return withRelayState(
    unauthenticatedStatus(view, parts.base, url) ?? passwordStatus(parts) ?? activationStatus(parts) ?? enrollStatus(parts) ?? challengeStatus(parts) ?? requiredStatus(parts),
    view.relayState,
  );
}

/** The account is locked (too many wrong passwords): authn says so as a status, not an error (self-service unlock comes with recovery). */
export const LOCKED_OUT: Json = { status: 'LOCKED_OUT', _links: {} };
