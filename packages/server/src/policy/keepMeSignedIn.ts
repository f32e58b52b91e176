/**
 * Okta's "Keep me signed in" (KMSI). The org option (Okta's Security › General "Stay signed in") says
 * where it may be offered: on the identify form (BEFORE_SIGN_IN, Okta's default), there and after the
 * sign-in as a "Stay signed in?" prompt (BEFORE_AND_AFTER_SIGN_IN), or nowhere (NOT_ENABLED). An app's
 * authentication policy rule may also allow the prompt on its own (Okta's per-app setting,
 * `actions.appSignOn.keepMeSignedIn = { postAuth: ALLOWED|NOT_ALLOWED, postAuthPromptFrequency }`), or
 * refuse it; the frequency (an ISO 8601 duration) is how long a device asked is not asked again.
 */
export const STAY_SIGNED_IN_OPTIONS = ['BEFORE_SIGN_IN', 'BEFORE_AND_AFTER_SIGN_IN', 'NOT_ENABLED'] as const;
export type StaySignedIn = (typeof STAY_SIGNED_IN_OPTIONS)[number];

/** Whether the identify form offers "Keep me signed in". */
export const offeredBeforeSignIn = (option: StaySignedIn): boolean => option !== 'NOT_ENABLED';

/** The post-auth prompt settings of the authentication policy rule that decided the sign-in. */
export interface PostAuthSettings {
  postAuth?: 'ALLOWED' | 'NOT_ALLOWED';
  /** A device asked is not asked again for this long (absent: asked at every sign-in that authenticated). */
  promptEveryMs?: number;
}

export interface PostAuthPromptQuestion {
  option: StaySignedIn;
  rule: PostAuthSettings | undefined;
  /** The person already chose to stay signed in (the identify form's checkbox) or answered the prompt. */
  decided: boolean;
  /** Something was verified in this sign-in: a sign-in that only resumed a session is not asked. */
  authenticated: boolean;
  /** When this device was last asked for this user, if ever. */
  askedAt: number | undefined;
  now: number;
}

/** Whether the prompt may be shown at all, before asking when the device was last asked (so that most sign-ins, never prompted, read nothing). */
export function mayAskAfterSignIn(q: Omit<PostAuthPromptQuestion, 'askedAt' | 'now'>): boolean {
  if (q.option === 'NOT_ENABLED' || q.decided || !q.authenticated) return false;
  return q.rule?.postAuth === 'ALLOWED' || (q.option === 'BEFORE_AND_AFTER_SIGN_IN' && q.rule?.postAuth !== 'NOT_ALLOWED');
}

/** Whether the sign-in ends with the "Stay signed in?" prompt (Okta's `keep-me-signed-in` remediation). */
export function asksAfterSignIn(q: PostAuthPromptQuestion): boolean {
  if (!mayAskAfterSignIn(q)) return false;
  return q.askedAt === undefined || q.now - q.askedAt >= (q.rule?.promptEveryMs ?? 0);
}
