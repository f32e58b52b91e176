import type { Step, StepView } from '../engine/step.js';
import type { User } from '../store/repositories/users.js';
import { Messages } from '../vocabulary/messages.js';
import { authnUrl, link } from './authnLinks.js';
import { currentFactor, enrolledFactor, enrollableFactors } from './authnFactors.js';

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

const offers = (view: StepView, name: string) => view.remediations.some((r) => r.name === name);

/** A push's answer as Classic's factorResult: rejected on the device, expired unanswered, or still awaited. */
function pushResult(view: StepView): string {
  if (view.messages.some((m) => m.key === Messages.pushRejected.key)) return 'REJECTED';
  return view.messages.some((m) => m.key === Messages.pushExpired.key) ? 'TIMEOUT' : 'WAITING';
}

/**
 * An engine step as an authn transaction: SUCCESS with the one-time sessionToken; PASSWORD_EXPIRED or
 * PASSWORD_WARN when the password must (or soon must) be replaced; MFA_ENROLL_ACTIVATE while a factor
 * being enrolled awaits its code (or, for push, the device); MFA_ENROLL when the policy asks for
 * factors the user lacks; MFA_CHALLENGE while a sent code or a push is awaited; else MFA_REQUIRED
 * with the user's factors. `user` is the signed-in user's record (undefined: nobody matched).
 */
export function authnTransaction(step: Step, user: User | undefined, baseUrl: string): Json {
  const { view } = step;
  const url = (path: string) => authnUrl(baseUrl, path);
  const cancel = { cancel: link(url('/cancel')) };
  const prev = { prev: link(url('/previous')) };
  const embedded = { user: embeddedUser(user, view.user ?? { id: '', identifier: '' }) };
  const expiresAt = new Date(view.expiresAt).toISOString();
  if (view.success && 'sessionToken' in view.success) {
    return { expiresAt, status: 'SUCCESS', sessionToken: view.success.sessionToken, _embedded: embedded, _links: cancel };
  }
  const base = { stateToken: step.stateHandle, expiresAt };
  const skip = offers(view, 'skip') && { skip: link(url('/skip'), { name: 'skip' }) };
  const warning = offers(view, 'reenroll-authenticator-warning');
  if (warning || offers(view, 'reenroll-authenticator')) {
    const { complexity, age, daysToExpiry } = view.current?.settings ?? {};
    const policy = { ...(warning && { expiration: { passwordExpireDays: daysToExpiry } }), complexity, ...(age !== undefined && { age }) };
    return {
      ...base, status: warning ? 'PASSWORD_WARN' : 'PASSWORD_EXPIRED', _embedded: { ...embedded, policy },
      _links: { next: link(url('/credentials/change_password'), { name: 'changePassword' }), ...skip, ...cancel },
    };
  }
  const current = view.current && currentFactor(view.current);
  const resend = (path: string) => view.current?.resend && { resend: [link(url(`/factors/${view.current.enrollmentId}${path}`), { name: current!.factorType })] };
  if (current && view.current!.enrolling && !offers(view, 'authenticator-enrollment-data')) {
    const id = view.current!.enrollmentId;
    const push = view.current!.answeredElsewhere || offers(view, 'enroll-poll');
    return {
      ...base, status: 'MFA_ENROLL_ACTIVATE', ...(push && { factorResult: 'WAITING' }), _embedded: { ...embedded, factor: current },
      _links: {
        next: push ? link(url(`/factors/${id}/lifecycle/activate/poll`), { name: 'poll' }) : link(url(`/factors/${id}/lifecycle/activate`), { name: 'activate' }),
        ...prev, ...resend('/lifecycle/resend'), ...cancel,
      },
    };
  }
  if (offers(view, 'select-authenticator-enroll')) {
    // Only optional factors are offered with skip: the person may go on without (POST /api/v1/authn/skip).
    const enrollment = skip ? 'OPTIONAL' : 'REQUIRED';
    const factors = (view.authenticators ?? []).flatMap((a) => enrollableFactors(a, enrollment, String(embedded.user.id), baseUrl));
    return { ...base, status: 'MFA_ENROLL', _embedded: { ...embedded, factors }, _links: { ...cancel, ...skip } };
  }
  if (current && (view.current!.resend || view.current!.answeredElsewhere)) {
    const verify = url(`/factors/${view.current!.enrollmentId}/verify`);
    const push = view.current!.answeredElsewhere;
    return {
      ...base, status: 'MFA_CHALLENGE', factorResult: push ? pushResult(view) : 'CHALLENGE', _embedded: { ...embedded, factor: current },
      _links: { next: link(verify, { name: push ? 'poll' : 'verify' }), ...prev, ...resend('/verify/resend'), ...cancel },
    };
  }
  const factors = view.authenticatorEnrollments.map((a) => enrolledFactor(a, baseUrl)).filter(Boolean);
  return { ...base, status: 'MFA_REQUIRED', _embedded: { ...embedded, factors }, _links: cancel };
}

/** The account is locked (too many wrong passwords): authn says so as a status, not an error (self-service unlock comes with recovery). */
export const LOCKED_OUT: Json = { status: 'LOCKED_OUT', _links: {} };
