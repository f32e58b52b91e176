import type { ImportCounts, ImportSummary } from '../org/orgFile/import.js';
import type { OrgDocument } from '../org/orgFile/schema.js';

const NOUNS: Record<keyof ImportSummary, [string, string]> = {
  users: ['user', 'users'],
  groups: ['group', 'groups'],
  apps: ['app', 'apps'],
  authorizationServers: ['authorization server', 'authorization servers'],
  policies: ['policy', 'policies'],
  trustedOrigins: ['trusted origin', 'trusted origins'],
  authenticatorEnrollments: ['authenticator enrollment', 'authenticator enrollments'],
};

/** One kind's counts in words: `2 users (1 created, 1 unchanged)`. */
function describeCounts(kind: keyof ImportSummary, c: ImportCounts): string {
  const total = c.created + c.updated + c.unchanged;
  const parts = (['created', 'updated', 'unchanged'] as const).filter((k) => c[k] > 0).map((k) => `${c[k]} ${k}`);
  return `${total} ${NOUNS[kind][total === 1 ? 0 : 1]}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** What an org-file import did, in one line of words. */
export function describeImport(summary: ImportSummary): string {
  return (Object.keys(NOUNS) as Array<keyof ImportSummary>).map((kind) => describeCounts(kind, summary[kind])).join(', ');
}

/** What an export did with the authenticator enrollments' secrets, in one line of words. */
export function describeExportedEnrollments(doc: OrgDocument, withSecrets: boolean): string {
  const total = doc.users.reduce((n, u) => n + (u.authenticatorEnrollments?.length ?? 0), 0);
  const what = `${total} authenticator ${total === 1 ? 'enrollment' : 'enrollments'}`;
  if (withSecrets) return `exported ${what} with their secrets in clear: keep the file as secret as the key-encryption key`;
  return `exported ${what} without their secrets (--include-secrets to include them; an instance without them cannot create those enrollments)`;
}
