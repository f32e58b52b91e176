import { authenticatorByKey } from '../authenticators/registry.js';
import { mailRecoveryLink, type RecoveryPurpose } from '../org/recoveryTokens.js';
import { recoveryRulesFor } from '../policy/passwordRecovery.js';
import { unlockRuleFor } from '../policy/selfServiceUnlock.js';
import { EVERYONE } from '../store/repositories/groups.js';
import type { User } from '../store/repositories/users.js';
import type { Policy } from '../store/repositories/policies.js';
import { signInAllowed } from './identifiedUsers.js';
import type { EngineDeps } from './steps.js';

/** May `person` prove themselves by email for `purpose`, by their password policy? */
function emailAllowed(policies: Policy[], person: { id: string; groups: string[] }, purpose: RecoveryPurpose): boolean {
  if (purpose === 'unlock') return unlockRuleFor(policies, person).methods.includes('email');
  const rules = recoveryRulesFor(policies, person);
  return rules.access === 'ALLOW' && (rules.methods === 'ANY_ENROLLED' || rules.methods.includes('email'));
}

/**
 * The emailed link of a Classic recovery or unlock (`factorType: EMAIL`): a recovery token of
 * `purpose` mailed to the person `login` names, when they may sign in, their email is verified (the
 * email authenticator is theirs) and their password policy lets them do it by email. Nothing tells
 * the caller which: whoever was named, the surface answers the same.
 */
export async function sendRecoveryLink(deps: EngineDeps, login: string, purpose: RecoveryPurpose, relayState?: string): Promise<void> {
  const found = await deps.store.users.findByLogin(login.trim());
  const user: User | undefined = found && signInAllowed(found) ? found : undefined;
  if (!user || !authenticatorByKey('okta_email')!.isEnrolled(user, [])) return;
  const person = { id: user.id, groups: [EVERYONE, ...(await deps.store.groups.groupNamesOf(user.id))] };
  if (!emailAllowed(await deps.config.policiesOf('PASSWORD'), person, purpose)) return;
  await mailRecoveryLink(deps, user, purpose, relayState);
}
