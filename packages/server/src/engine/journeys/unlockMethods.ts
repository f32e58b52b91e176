import type { Authenticator } from '../../authenticators/authenticator.js';
import { authenticatorByKey } from '../../authenticators/registry.js';
import { withMethods } from '../../authenticators/withMethods.js';
import type { Policy } from '../../store/repositories/policies.js';
import { unlockOffer, type UnlockMethod } from '../../policy/selfServiceUnlock.js';
import { unlockAccount } from '../accountRemediations.js';
import type { Remediation } from '../remediations.js';

/** The authenticator that unlocks with each method of the password policy: the email's, and the phone's by text or call. */
const UNLOCK_AUTHENTICATORS: Record<UnlockMethod, string> = { email: 'okta_email', sms: 'phone_number', voice: 'phone_number' };

/** The unlock method a verification stands for (an authenticator proved by one of its methods), if it unlocks. */
export const unlockMethodOf = (authenticatorKey: string, methodType: string): UnlockMethod | undefined =>
  (Object.keys(UNLOCK_AUTHENTICATORS) as UnlockMethod[]).find((m) => UNLOCK_AUTHENTICATORS[m] === authenticatorKey && m === methodType);

/**
 * The authenticators the org's password policies unlock with, each offering only the methods some
 * policy unlocks with (the phone by voice only, say): the same for everyone (nobody is known yet).
 */
export function unlockAuthenticators(policies: Policy[]): Authenticator[] {
  const methods = unlockOffer(policies).methods;
  const keys = [...new Set(methods.map((m) => UNLOCK_AUTHENTICATORS[m]))];
  return keys.map((key) => withMethods(authenticatorByKey(key)!, methods));
}

/** The identify step's "Unlock account?" (unlock-account), while some password policy lets someone unlock. */
export const unlockEntry = (policies: Policy[]): Remediation | undefined => (unlockAuthenticators(policies).length > 0 ? unlockAccount() : undefined);
