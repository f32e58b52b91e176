import type { Authenticator } from '../../authenticators/authenticator.js';
import { authenticatorByKey } from '../../authenticators/registry.js';
import type { Policy } from '../../store/repositories/policies.js';
import { unlockOffer, type UnlockMethod } from '../../policy/selfServiceUnlock.js';
import { unlockAccount } from '../accountRemediations.js';
import type { Remediation } from '../remediations.js';

/** The authenticator that unlocks with each method of the password policy: the email's only, for now (sms and voice are not offered). */
const UNLOCK_AUTHENTICATORS: Partial<Record<UnlockMethod, string>> = { email: 'okta_email' };

/** The unlock method an authenticator stands for, if it unlocks. */
export const unlockMethodOf = (a: Authenticator): UnlockMethod | undefined =>
  (Object.keys(UNLOCK_AUTHENTICATORS) as UnlockMethod[]).find((m) => UNLOCK_AUTHENTICATORS[m] === a.key);

/** The authenticators the org's password policies unlock with: the same for everyone (nobody is known yet). */
export function unlockAuthenticators(policies: Policy[]): Authenticator[] {
  return unlockOffer(policies).methods.flatMap((m) => (UNLOCK_AUTHENTICATORS[m] ? [authenticatorByKey(UNLOCK_AUTHENTICATORS[m])!] : []));
}

/** The identify step's "Unlock account?" (unlock-account), while some password policy lets someone unlock. */
export const unlockEntry = (policies: Policy[]): Remediation | undefined => (unlockAuthenticators(policies).length > 0 ? unlockAccount() : undefined);
