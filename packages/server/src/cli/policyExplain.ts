import type { Store } from '../store/store.js';
import { ConfigCache } from '../org/configCache.js';
import { systemClock } from '../platform/clock.js';
import { EVERYONE } from '../store/repositories/groups.js';
import { decidePolicies, decisionLines, riskText } from '../engine/policyDecisions.js';
import { signInSignals } from '../engine/signInSignals.js';

export interface ExplainQuestion {
  /** A login or user id. */
  user: string;
  /** The app's client id. */
  app: string;
  ip: string;
}

/**
 * `latchkey policy explain`: which global session policy rule and which app policy rule a new
 * sign-in of the user into the app from the address, on a new device, would meet, and why; the same lines the
 * server logs for each decision. Undefined when the user or the app does not exist (the caller says which).
 */
export async function policyExplain(store: Store, q: ExplainQuestion): Promise<{ text: string } | { unknown: 'user' | 'app' }> {
  const user = (await store.users.findByLogin(q.user)) ?? (await store.users.findById(q.user));
  if (!user) return { unknown: 'user' };
  if (!(await store.apps.findByClientId(q.app))) return { unknown: 'app' };
  const groups = [EVERYONE, ...(await store.groups.groupNamesOf(user.id))];
  // As from a browser that has not signed in here before (no device cookie).
  const signals = await signInSignals(store, user, user.login, undefined, q.ip, systemClock.now());
  const decisions = await decidePolicies(new ConfigCache(store, systemClock), { clientId: q.app, person: { id: user.id, groups }, ip: q.ip, verifiedKeys: [], signals });
  const head = `${user.login} (${user.id}; groups ${groups.join(', ')}) signing in to ${q.app} from ${q.ip} on a new device; risk ${riskText(signals.risk)}`;
  return { text: [head, ...decisionLines(decisions)].join('\n') };
}
