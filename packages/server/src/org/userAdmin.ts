import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { SecurityEvent, SecurityEventSink, SecurityEventType } from '../platform/securityEvents.js';
import type { KeyEncryption } from '../platform/keyEncryption.js';
import type { EmailSender } from '../platform/delivery/email.js';
import type { User } from '../store/repositories/users.js';
import type { ConfigCache } from './configCache.js';

/** What an administrator's changes to users need: the store, the org's configuration (schema, policies), the sealing key, email. */
export interface UserAdminDeps {
  store: Store;
  config: ConfigCache;
  clock: Clock;
  events: SecurityEventSink;
  sealing: KeyEncryption;
  email: EmailSender;
  baseUrl: string;
}

/** Who acted on users: the API token a management request came with. */
export type Actor = NonNullable<SecurityEvent['actor']>;

/** The System Log record of an administrator's change to a user. */
export const userEvent = (eventType: SecurityEventType, actor: Actor, user: Pick<User, 'id' | 'login'>): SecurityEvent =>
  ({ eventType, outcome: { result: 'SUCCESS' }, actor, target: [{ id: user.id, type: 'User', alternateId: user.login }] });
