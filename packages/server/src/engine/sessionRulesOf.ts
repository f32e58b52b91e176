import type { Store } from '../store/store.js';
import type { ConfigCache } from '../org/configCache.js';
import { EVERYONE } from '../store/repositories/groups.js';
import { sessionRulesFor, type SessionRules } from '../policy/sessionPolicy.js';

/** The global session policy's rules for a user now (their groups read from the store). */
export async function sessionRulesOf(store: Store, config: ConfigCache, userId: string): Promise<SessionRules> {
  const person = { id: userId, groups: [EVERYONE, ...(await store.groups.groupNamesOf(userId))] };
  return sessionRulesFor(await config.policiesOf('OKTA_SIGN_ON'), person);
}
