import { BlockList, isIP } from 'node:net';
import type { Policy, PolicyRule } from '../store/repositories/policies.js';
import { peopleMatch, type PeopleCondition, type Person } from './people.js';

/**
 * App authentication policies (Okta's ACCESS_POLICY type), in Okta's JSON shape:
 * policy `conditions.apps.include` names the client ids it governs (absent: every app without its
 * own policy); each rule has `conditions.people` and `conditions.network.include|exclude` (IP ranges),
 * and `actions.appSignOn = { access: ALLOW|DENY, verificationMethod: { factorMode: 1FA|2FA,
 * constraints: [{ knowledge: { types: ['password'] } }] } }`. A constraint's `knowledge` or
 * `possession` may list `authenticationMethods: [{ key, method }]` (only those may be used, e.g.
 * email only for passwordless sign-in) and `excludedAuthenticationMethods` (never these).
 */
interface RuleConditions {
  people?: PeopleCondition;
  network?: { include?: string[]; exclude?: string[] };
}

interface MethodRef {
  key: string;
  method?: string;
}

interface FactorConstraint {
  types?: string[];
  authenticationMethods?: MethodRef[];
  excludedAuthenticationMethods?: MethodRef[];
}

interface RuleActions {
  appSignOn?: {
    access?: 'ALLOW' | 'DENY';
    verificationMethod?: { factorMode?: '1FA' | '2FA'; constraints?: Array<{ knowledge?: FactorConstraint; possession?: FactorConstraint }> };
  };
}

export type Requirement =
  | { access: 'DENY' }
  | {
    access: 'ALLOW';
    factorMode: '1FA' | '2FA';
    requirePassword: boolean;
    /** Only these authenticators may be used (undefined: any). */
    allowedKeys?: string[];
    /** These authenticators may not be used. */
    excludedKeys: string[];
  };

/** With no policy at all: sign in with a password. */
export const DEFAULT_REQUIREMENT: Requirement = { access: 'ALLOW', factorMode: '1FA', requirePassword: true, excludedKeys: [] };

export interface AuthenticationRequest {
  clientId: string;
  /** Undefined before the user is known or when the identifier matched nobody. */
  person?: Person;
  ip: string;
}

function policyFor(policies: Policy[], clientId: string): Policy | undefined {
  const active = policies.filter((p) => p.type === 'ACCESS_POLICY' && p.status === 'ACTIVE').sort((a, b) => a.priority - b.priority);
  const apps = (p: Policy) => (p.conditions as { apps?: { include?: string[] } }).apps?.include;
  return active.find((p) => apps(p)?.includes(clientId)) ?? active.find((p) => !apps(p)?.length);
}

function inRanges(ip: string, ranges: string[]): boolean {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, bits] = range.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    try {
      if (bits === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(bits), family);
    } catch {
      // A malformed range matches nothing rather than failing every sign-in.
    }
  }
  const normalized = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return list.check(normalized, isIP(normalized) === 6 ? 'ipv6' : 'ipv4');
}

function ruleMatches(rule: PolicyRule, request: AuthenticationRequest): boolean {
  const c = rule.conditions as RuleConditions;
  if (!peopleMatch(c.people, request.person)) return false;
  if (c.network?.include?.length && !inRanges(request.ip, c.network.include)) return false;
  if (c.network?.exclude?.length && inRanges(request.ip, c.network.exclude)) return false;
  return true;
}

/** What the app's policy asks of this sign-in: the first active rule that matches decides. */
export function authenticationRequirement(policies: Policy[], request: AuthenticationRequest): Requirement {
  const policy = policyFor(policies, request.clientId);
  if (!policy) return DEFAULT_REQUIREMENT;
  const rule = policy.rules.filter((r) => r.status === 'ACTIVE').sort((a, b) => a.priority - b.priority).find((r) => ruleMatches(r, request));
  if (!rule) return { access: 'DENY' };
  const signOn = (rule.actions as RuleActions).appSignOn;
  if (signOn?.access === 'DENY') return { access: 'DENY' };
  const method = signOn?.verificationMethod;
  const factors = (method?.constraints ?? []).flatMap((c) => [c.knowledge, c.possession]).filter((f): f is FactorConstraint => f !== undefined);
  const allowed = factors.flatMap((f) => f.authenticationMethods ?? []).map((m) => m.key);
  return {
    access: 'ALLOW',
    factorMode: method?.factorMode ?? '1FA',
    requirePassword: (method?.constraints ?? []).some((c) => c.knowledge?.types?.includes('password')),
    ...(allowed.length > 0 && { allowedKeys: allowed }),
    excludedKeys: factors.flatMap((f) => f.excludedAuthenticationMethods ?? []).map((m) => m.key),
  };
}
