import { isDeepStrictEqual } from 'node:util';
import { stableId } from '../../platform/ids.js';
import type { KeyEncryption } from '../../platform/keyEncryption.js';
import type { Repositories } from '../../store/store.js';
import { authenticatorByKey } from '../../authenticators/registry.js';
import { openEnrollmentSecret, sealEnrollmentSecret } from '../../authenticators/enrollmentSecrets.js';
import type { OrgUser } from './schema.js';

type Counts = { created: number; updated: number; unchanged: number };
type Problems = Array<{ path: string; message: string }>;

/** Whether importing the document needs the key-encryption key (some enrollment carries a secret). */
export const carriesSecrets = (users: OrgUser[]): boolean => users.some((u) => u.authenticatorEnrollments?.some((e) => e.secret !== undefined));

/**
 * Adds or updates the enrollments the file lists for each user (none is removed). A secret is
 * sealed under this instance's key-encryption key; an entry without one keeps the stored secret.
 * Entries without an id get one derived from the login, key and position, so importing the same
 * file again finds them.
 */
export async function importEnrollments(
  repos: Repositories, users: OrgUser[], userIds: Map<string, string>, sealing: KeyEncryption | undefined, now: number, c: Counts, problems: Problems,
): Promise<void> {
  for (const [i, u] of users.entries()) {
    const seen = new Map<string, number>();
    for (const [j, entry] of (u.authenticatorEnrollments ?? []).entries()) {
      const at = `users[${i}].authenticatorEnrollments[${j}]`;
      const problem = (field: string, message: string) => problems.push({ path: `${at}.${field}`, message });
      const n = seen.get(entry.key) ?? 0;
      seen.set(entry.key, n + 1);
      const transfer = authenticatorByKey(entry.key)!.enrollmentTransfer!; // the schema checked both
      const parts = transfer.importEnrollment(entry);
      if ('problems' in parts) continue; // reported when the file was parsed
      const id = entry.id ?? stableId('pae', u.login, entry.key, String(n));
      const userId = userIds.get(u.login)!;
      const existing = await repos.authenticatorEnrollments.findById(id);
      if (existing && (existing.userId !== userId || existing.authenticatorKey !== entry.key)) {
        problem('id', `is the id of another ${existing.userId !== userId ? "user's enrollment" : 'authenticator\'s enrollment'} in the store`);
        continue;
      }
      if (parts.secret !== undefined && !sealing) {
        problem('secret', 'needs the key-encryption key to be sealed (import through latchkey or a started server)');
        continue;
      }
      const seal = (secret: string) => sealEnrollmentSecret(sealing!, id, secret);
      if (!existing) {
        if (parts.secret === undefined && transfer.needsSecret) {
          problem('secret', `is required to create a ${entry.key} enrollment (export with --include-secrets)`);
          continue;
        }
        await repos.authenticatorEnrollments.insert({
          id, userId, authenticatorKey: entry.key, status: 'ACTIVE', profile: parts.profile, sealedSecret: parts.secret === undefined ? null : seal(parts.secret),
          createdAt: now, lastUsedAt: null, lastStep: null, ...parts.credential,
        });
        c.created++;
        continue;
      }
      const sameSecret = parts.secret === undefined || (existing.sealedSecret !== null && openEnrollmentSecret(sealing!, id, existing.sealedSecret) === parts.secret);
      if (sameSecret && isDeepStrictEqual(existing.profile, parts.profile)) {
        c.unchanged++;
        continue;
      }
      await repos.authenticatorEnrollments.replace(id, parts.profile, sameSecret ? existing.sealedSecret : seal(parts.secret!));
      c.updated++;
    }
  }
}
