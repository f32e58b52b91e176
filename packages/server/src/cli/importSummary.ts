import type { ImportCounts, ImportSummary } from '../org/orgFile/import.js';

const NOUNS: Record<keyof ImportSummary, [string, string]> = {
  users: ['user', 'users'],
  groups: ['group', 'groups'],
  apps: ['app', 'apps'],
  authorizationServers: ['authorization server', 'authorization servers'],
  policies: ['policy', 'policies'],
  trustedOrigins: ['trusted origin', 'trusted origins'],
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
