import type { Step } from '../engine/step.js';
import type { User } from '../store/repositories/users.js';
import { embeddedUser } from './authnResponse.js';
import { link } from './authnLinks.js';
import type { RecoveryFactor } from './recoveryFactors.js';

type Json = Record<string, unknown>;
/** ACCOUNT_ACTIVATION: the first password of a user an activation token names. */
export type RecoveryType = 'PASSWORD' | 'UNLOCK' | 'ACCOUNT_ACTIVATION';

const iso = (at: number) => new Date(at).toISOString();
const userOf = (step: Step, user: User | undefined) => embeddedUser(user, step.view.user ?? { id: '', identifier: '' });

/**
 * RECOVERY_CHALLENGE: the emailed link is awaited (`factorResult: WAITING`, no stateToken: the link's
 * recoveryToken continues), or the texted or called code, with its verify and resend links.
 */
export function recoveryChallenge(factor: RecoveryFactor, recoveryType: RecoveryType, baseUrl: string, pending?: { stateToken: string; expiresAt: number }): Json {
  const head = { status: 'RECOVERY_CHALLENGE', factorResult: 'WAITING', factorType: factor.answered, recoveryType };
  if (!pending) return head;
  const factors = `${baseUrl}/api/v1/authn/recovery/factors/${factor.name}`;
  return {
    stateToken: pending.stateToken, expiresAt: iso(pending.expiresAt), status: head.status, factorType: factor.answered, recoveryType,
    _links: {
      next: link(`${factors}/verify`, { name: 'verify' }),
      cancel: link(`${baseUrl}/api/v1/authn/cancel`),
      resend: link(`${factors}/resend`, { name: factor.answered }),
    },
  };
}

/** RECOVERY: the recovery question the password policy asks after the factor (its text from the engine's question challenge). */
export function recoveryQuestion(step: Step, user: User | undefined, question: string, baseUrl: string): Json {
  return {
    stateToken: step.stateHandle, expiresAt: iso(step.view.expiresAt), status: 'RECOVERY', recoveryType: 'PASSWORD',
    _embedded: { user: { ...userOf(step, user), recovery_question: { question } } },
    _links: { next: link(`${baseUrl}/api/v1/authn/recovery/answer`, { name: 'answer' }), cancel: link(`${baseUrl}/api/v1/authn/cancel`) },
  };
}

/** PASSWORD_RESET: the new password (recovered, or an activation's first) is asked, with the password policy's rules it must meet. */
export function passwordReset(step: Step, user: User | undefined, baseUrl: string, recoveryType: RecoveryType = 'PASSWORD'): Json {
  const password = recoveryType === 'ACCOUNT_ACTIVATION' ? step.view.current : step.view.recoveryAuthenticator;
  const settings = (password?.settings ?? {}) as { complexity?: Json; age?: Json };
  return {
    stateToken: step.stateHandle, expiresAt: iso(step.view.expiresAt), status: 'PASSWORD_RESET', recoveryType,
    _embedded: { user: userOf(step, user), policy: { complexity: settings.complexity ?? {}, age: settings.age ?? { minAgeMinutes: 0, historyCount: 0 } } },
    _links: { next: link(`${baseUrl}/api/v1/authn/credentials/reset_password`, { name: 'resetPassword' }), cancel: link(`${baseUrl}/api/v1/authn/cancel`) },
  };
}

/** SUCCESS of an unlock: the account is unlocked; the person signs in with their password (no sessionToken). */
export function unlocked(step: Step, user: User | undefined): Json {
  return { expiresAt: iso(step.view.expiresAt), status: 'SUCCESS', recoveryType: 'UNLOCK', _embedded: { user: userOf(step, user) } };
}
