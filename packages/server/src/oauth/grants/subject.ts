import { EVERYONE } from '../../store/repositories/groups.js';
import type { Store } from '../../store/store.js';
import { OAuthError } from '../errors.js';
import type { Subject } from '../tokens/issuer.js';

/** The user a grant speaks for, if they still may receive tokens, with their groups (Everyone included). */
export async function loadSubject(store: Store, userId: string, authTime: number, amr: string[], invalid: string): Promise<Subject> {
  const user = await store.users.findById(userId);
  if (!user || user.status === 'SUSPENDED' || user.status === 'DEPROVISIONED') throw new OAuthError('invalid_grant', invalid);
  const groups = [EVERYONE, ...(await store.groups.groupNamesOf(userId))];
  return { user, groups, authTime, amr };
}
