import type { Claim } from '../../store/repositories/authServers.js';
import type { User } from '../../store/repositories/users.js';

export interface ClaimContext {
  user?: User;
  groups: string[];
  clientId: string;
  scopes: string[];
}

/**
 * A small subset of Okta's expression language: `user.<attribute>` (profile, plus id, login,
 * status), `app.clientId`, and quoted string literals. Anything else yields no value, so the claim
 * is left out rather than carrying a wrong one.
 */
export function evaluateExpression(expression: string, ctx: ClaimContext): unknown {
  const expr = expression.trim();
  const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(expr) ?? /^'((?:[^'\\]|\\.)*)'$/.exec(expr);
  if (literal) return literal[1].replace(/\\(.)/g, '$1');
  if (expr === 'app.clientId' || expr === 'app.id') return ctx.clientId;
  const attr = /^user\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr)?.[1];
  if (attr && ctx.user) {
    if (attr === 'id') return ctx.user.id;
    if (attr === 'status') return ctx.user.status;
    return (ctx.user.profile as Record<string, unknown>)[attr];
  }
  return undefined;
}

function filterGroups(claim: Claim, groups: string[]): string[] {
  const v = claim.value;
  switch (claim.groupFilterType) {
    case 'STARTS_WITH': return groups.filter((g) => g.startsWith(v));
    case 'EQUALS': return groups.filter((g) => g === v);
    case 'CONTAINS': return groups.filter((g) => g.includes(v));
    case 'REGEX': {
      const re = new RegExp(`^(?:${v})$`);
      return groups.filter((g) => re.test(g));
    }
    default: return [];
  }
}

/** The server's custom claims of one type that apply to the granted scopes. */
export function customClaims(claims: Claim[], type: Claim['claimType'], ctx: ClaimContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const claim of claims) {
    if (claim.status !== 'ACTIVE' || claim.claimType !== type) continue;
    if (!claim.alwaysIncludeInToken && claim.scopes.length > 0 && !claim.scopes.some((s) => ctx.scopes.includes(s))) continue;
    const value = claim.valueType === 'GROUPS' ? filterGroups(claim, ctx.groups) : evaluateExpression(claim.value, ctx);
    if (value !== undefined && value !== null) out[claim.name] = value;
  }
  return out;
}
