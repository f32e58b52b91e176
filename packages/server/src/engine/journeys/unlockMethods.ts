import type { Authenticator } from '../../authenticators/authenticator.js';
import { authenticatorByKey } from '../../authenticators/registry.js';
import type { Policy } from '../../store/repositories/policies.js';
import { unlockOffer, type UnlockMethod } from '../../policy/selfServiceUnlock.js';
import { unlockAccount } from '../accountRemediations.js';
import type { Remediation } from '../remediations.js';

/** The authenticator that unlocks with each method of the password policy (the phone by SMS or voice call). */
const UNLOCK_AUTHENTICATORS: Record<UnlockMethod, string> = { email: 'okta_email', sms: 'phone_number', voice: 'phone_number' };

/** The unlock methods an authenticator stands for (none: it does not unlock). */
export const unlockMethodsOf = (a: Authenticator): UnlockMethod[] =>
  (Object.keys(UNLOCK_AUTHENTICATORS) as UnlockMethod[]).filter((m) => UNLOCK_AUTHENTICATORS[m] === a.key);

/** The authenticators the org's password policies unlock with: the same for everyone (nobody is known yet). */
export function unlockAuthenticators(policies: Policy[]): Authenticator[] {
  return [...new Set(unlockOffer(policies).methods.map((m) => UNLOCK_AUTHENTICATORS[m]))].map((key) => authenticatorByKey(key)!);
}

/** The identify step's "Unlock account?" (unlock-account), while some password policy lets someone unlock. */
export const unlockEntry = (policies: Policy[]): Remediation | undefined => (unlockAuthenticators(policies).length > 0 ? unlockAccount() : undefined);
