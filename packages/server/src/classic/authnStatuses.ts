import type { CurrentAuthenticatorView, StepView } from '../engine/step.js';
import { Messages } from '../vocabulary/messages.js';
import { link } from './authnLinks.js';
import { rememberDevicePolicy } from './rememberDevice.js';
import { currentFactor, enrolledFactor } from './authnFactors.js';
import { activeFactor, enrollableFactor, factorsToEnroll } from './enrollFactors.js';
import { challengeTypeOf, factorTypesOf } from './webauthnFactorType.js';

type Json = Record<string, unknown>;

/** What every status of an unfinished transaction is rendered from. */
export interface StatusParts {
  view: StepView;
  /** stateToken and expiresAt. */
  base: Json;
  embedded: { user: Json };
  userId: string;
  baseUrl: string;
  /** The URL of an authn call. */
  url(path: string): string;
  links: { cancel: Json; prev: Json; skip?: Json };
}

const offers = (view: StepView, name: string) => view.remediations.some((r) => r.name === name);

/** The skip link, when the step may be skipped (optional factors, a password expiry warning). */
export const skipLink = (view: StepView, url: (path: string) => string): Json | undefined => (offers(view, 'skip') ? link(url('/skip'), { name: 'skip' }) : undefined);

/** The password must (PASSWORD_EXPIRED) or soon must (PASSWORD_WARN) be replaced, under the policy shown. */
export function passwordStatus({ view, base, embedded, url, links }: StatusParts): Json | undefined {
  const warning = offers(view, 'reenroll-authenticator-warning');
  if (!warning && !offers(view, 'reenroll-authenticator')) return undefined;
  const { complexity, age, daysToExpiry } = view.current?.settings ?? {};
  const policy = { ...(warning && { expiration: { passwordExpireDays: daysToExpiry } }), complexity, ...(age !== undefined && { age }) };
  return {
    ...base, status: warning ? 'PASSWORD_WARN' : 'PASSWORD_EXPIRED', _embedded: { ...embedded, policy },
    _links: { next: link(url('/credentials/change_password'), { name: 'changePassword' }), ...(links.skip && { skip: links.skip }), cancel: links.cancel },
  };
}

/** The resend link of the factor under way, when it sends codes (`path`: verify/resend or lifecycle/resend). */
const resendLink = (current: CurrentAuthenticatorView, factorType: unknown, url: (path: string) => string, path: string): Json =>
  (current.resend ? { resend: [link(url(`/factors/${current.enrollmentId}${path}`), { name: factorType })] } : {});

/** A factor being enrolled awaits its code (activate) or, for a push, the device (poll). */
export function activationStatus({ view, base, embedded, url, links }: StatusParts): Json | undefined {
  const current = view.current;
  const factor = current?.enrolling && !offers(view, 'authenticator-enrollment-data') ? currentFactor(current) : undefined;
  if (!current || !factor) return undefined;
  const id = current.enrollmentId;
  const push = offers(view, 'enroll-poll');
  return {
    ...base, status: 'MFA_ENROLL_ACTIVATE', ...(push && { factorResult: 'WAITING' }), _embedded: { ...embedded, factor },
    _links: {
      next: push ? link(url(`/factors/${id}/lifecycle/activate/poll`), { name: 'poll' }) : link(url(`/factors/${id}/lifecycle/activate`), { name: 'activate' }),
      prev: links.prev, ...resendLink(current, factor.factorType, url, '/lifecycle/resend'), cancel: links.cancel,
    },
  };
}

/**
 * The policy asks for factors the user lacks (NOT_SETUP, see factorsToEnroll), listed beside the ones they
 * have (ACTIVE), each REQUIRED or OPTIONAL as the enrollment policy says of it; skip once only optional ones are left.
 */
export function enrollStatus({ view, base, embedded, userId, baseUrl, links }: StatusParts): Json | undefined {
  if (!offers(view, 'select-authenticator-enroll')) return undefined;
  const toEnroll = factorsToEnroll(view).map((f) => enrollableFactor(f, userId, baseUrl));
  const factors = [...toEnroll, ...view.authenticatorEnrollments.map((a) => activeFactor(a, view, baseUrl)).filter(Boolean)];
  return { ...base, status: 'MFA_ENROLL', _embedded: { ...embedded, factors }, _links: { cancel: links.cancel, ...(links.skip && { skip: links.skip }) } };
}

/** A push's answer as Classic's factorResult: rejected on the device, expired unanswered, or still awaited. */
function pushResult(view: StepView): string {
  if (view.messages.some((m) => m.key === Messages.pushRejected.key)) return 'REJECTED';
  return view.messages.some((m) => m.key === Messages.pushExpired.key) ? 'TIMEOUT' : 'WAITING';
}

/** A sent code, a push, or the signed WebAuthn challenge (`_embedded.factor._embedded.challenge`) is awaited for the factor chosen. */
export function challengeStatus({ view, base, embedded, url, links }: StatusParts): Json | undefined {
  const current = view.current;
  const factor = current && currentFactor(current);
  if (!current || !factor || !(current.resend || current.answeredElsewhere || (factor._embedded as Json | undefined)?.challenge)) return undefined;
  const push = current.answeredElsewhere;
  return {
    ...base, status: 'MFA_CHALLENGE', factorResult: push ? pushResult(view) : 'CHALLENGE', ...challengeTypeOf(factor), _embedded: { ...embedded, factor, policy: rememberDevicePolicy(view) },
    _links: {
      next: link(url(`/factors/${current.enrollmentId}/verify`), { name: push ? 'poll' : 'verify' }),
      prev: links.prev, ...resendLink(current, factor.factorType, url, '/verify/resend'), cancel: links.cancel,
    },
  };
}

/** The user's factors, one of which must be verified. */
export function requiredStatus({ view, base, embedded, baseUrl, url, links }: StatusParts): Json {
  const factors = view.authenticatorEnrollments.map((a) => enrolledFactor(a, baseUrl)).filter(Boolean);
  return { ...base, status: 'MFA_REQUIRED', _embedded: { ...embedded, factors, ...factorTypesOf(view, url), policy: rememberDevicePolicy(view) }, _links: { cancel: links.cancel } };
}
