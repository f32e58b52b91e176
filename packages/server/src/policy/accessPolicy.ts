import type { AccessPolicy, AccessRule, AuthServer } from '../store/repositories/authServers.js';

/** What the access policy of an authorization server is asked: who wants which scopes by which grant. */
export interface AccessRequest {
  clientId: string;
  grantType: string;
  scopes: string[];
  /** Absent for client_credentials: people conditions do not apply to machine clients. */
  user?: { id: string; groups: string[] };
}

export type AccessDecision =
  | { allowed: true; policy: AccessPolicy; rule: AccessRule }
  | { allowed: false; reason: 'no_policy' | 'no_rule' };

const EVERYONE = 'Everyone';

/**
 * Okta's evaluation: the first active policy (by priority) whose clients include the client is the
 * only one consulted; within it the first active rule whose grant type, people and scopes all match wins.
 */
export function evaluateAccessPolicy(server: AuthServer, request: AccessRequest): AccessDecision {
  const policy = server.policies
    .filter((p) => p.status === 'ACTIVE')
    .sort((a, b) => a.priority - b.priority)
    .find((p) => p.clients.includes('ALL_CLIENTS') || p.clients.includes(request.clientId));
  if (!policy) return { allowed: false, reason: 'no_policy' };
  const rule = policy.rules
    .filter((r) => r.status === 'ACTIVE')
    .sort((a, b) => a.priority - b.priority)
    .find((r) => r.grantTypes.includes(request.grantType as never) && peopleMatch(r, request.user) && scopesMatch(r, request.scopes));
  return rule ? { allowed: true, policy, rule } : { allowed: false, reason: 'no_rule' };
}

function peopleMatch(rule: AccessRule, user: AccessRequest['user']): boolean {
  if (!user) return true;
  const { users, groups } = rule.people;
  if (groups.includes(EVERYONE)) return true;
  return users.includes(user.id) || groups.some((g) => user.groups.includes(g));
}

function scopesMatch(rule: AccessRule, scopes: string[]): boolean {
  return rule.scopes.includes('*') || scopes.every((s) => rule.scopes.includes(s));
}
