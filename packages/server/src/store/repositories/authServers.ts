import type { Db } from '../database.js';
import { fromFlag, fromJson, toFlag, toJson } from '../json.js';
import type { GrantType } from './apps.js';

export interface Scope {
  id: string;
  name: string;
  description: string | null;
  consent: 'IMPLICIT' | 'REQUIRED';
  isDefault: boolean;
  system: boolean;
}

export interface Claim {
  id: string;
  name: string;
  claimType: 'RESOURCE' | 'IDENTITY';
  valueType: 'EXPRESSION' | 'GROUPS';
  value: string;
  groupFilterType: 'STARTS_WITH' | 'EQUALS' | 'CONTAINS' | 'REGEX' | null;
  alwaysIncludeInToken: boolean;
  /** Scopes that include the claim; empty means any scope. */
  scopes: string[];
  status: 'ACTIVE' | 'INACTIVE';
}

export interface AccessRule {
  id: string;
  name: string;
  priority: number;
  status: 'ACTIVE' | 'INACTIVE';
  grantTypes: GrantType[];
  /** Scopes the rule grants; `*` is any scope of the server. */
  scopes: string[];
  /** Users (ids) and groups (names) the rule applies to; `Everyone` covers all users. */
  people: { users: string[]; groups: string[] };
  accessTokenLifetimeMinutes: number;
  /** null: refresh tokens never expire absolutely (only by idle window). */
  refreshTokenLifetimeMinutes: number | null;
  /** The refresh token expires if unused this long. */
  refreshTokenWindowMinutes: number;
}

export interface AccessPolicy {
  id: string;
  name: string;
  description: string | null;
  priority: number;
  status: 'ACTIVE' | 'INACTIVE';
  /** Client ids the policy applies to, or `ALL_CLIENTS`. */
  clients: string[];
  rules: AccessRule[];
}

export interface AuthServer {
  id: string;
  name: string;
  description: string | null;
  audiences: string[];
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: number;
  scopes: Scope[];
  claims: Claim[];
  policies: AccessPolicy[];
}

export class AuthServersRepository {
  constructor(private readonly db: Db) {}

  async ids(): Promise<string[]> {
    return (await this.db.selectFrom('auth_servers').select('id').orderBy('id').execute()).map((r) => r.id);
  }

  /** The whole server: scopes, claims and access policies with their rules, ordered by priority. */
  async find(id: string): Promise<AuthServer | undefined> {
    const server = await this.db.selectFrom('auth_servers').selectAll().where('id', '=', id).executeTakeFirst();
    if (!server) return undefined;
    const [scopes, claims, policies, rules] = await Promise.all([
      this.db.selectFrom('scopes').selectAll().where('server_id', '=', id).orderBy('name').execute(),
      this.db.selectFrom('claims').selectAll().where('server_id', '=', id).orderBy('name').execute(),
      this.db.selectFrom('access_policies').selectAll().where('server_id', '=', id).orderBy('priority').execute(),
      this.db.selectFrom('access_rules').innerJoin('access_policies', 'access_policies.id', 'access_rules.policy_id')
        .selectAll('access_rules').where('access_policies.server_id', '=', id).orderBy('access_rules.priority').execute(),
    ]);
    return {
      id: server.id,
      name: server.name,
      description: server.description,
      audiences: fromJson(server.audiences, []),
      status: server.status as AuthServer['status'],
      createdAt: server.created_at,
      scopes: scopes.map((s) => ({ id: s.id, name: s.name, description: s.description, consent: s.consent as Scope['consent'], isDefault: fromFlag(s.is_default), system: fromFlag(s.system) })),
      claims: claims.map((c) => ({
        id: c.id, name: c.name, claimType: c.claim_type as Claim['claimType'], valueType: c.value_type as Claim['valueType'],
        value: c.value, groupFilterType: c.group_filter_type as Claim['groupFilterType'], alwaysIncludeInToken: fromFlag(c.always_include),
        scopes: fromJson(c.scopes, []), status: c.status as Claim['status'],
      })),
      policies: policies.map((p) => ({
        id: p.id, name: p.name, description: p.description, priority: p.priority, status: p.status as AccessPolicy['status'],
        clients: fromJson(p.clients, []),
        rules: rules.filter((r) => r.policy_id === p.id).map((r) => ({
          id: r.id, name: r.name, priority: r.priority, status: r.status as AccessRule['status'],
          grantTypes: fromJson(r.grant_types, []), scopes: fromJson(r.scopes, []), people: fromJson(r.people, { users: [], groups: [] }),
          accessTokenLifetimeMinutes: r.access_token_lifetime_minutes, refreshTokenLifetimeMinutes: r.refresh_token_lifetime_minutes,
          refreshTokenWindowMinutes: r.refresh_token_window_minutes,
        })),
      })),
    };
  }

  /**
   * Writes the server and replaces its scopes, claims and policies with the given ones.
   * Children keep their ids when they keep their names, so re-importing the same file changes nothing.
   */
  async save(server: AuthServer): Promise<void> {
    // All or nothing: a failure halfway must not leave the server without its children, nor may readers see it half-written.
    if (!this.db.isTransaction) return this.db.transaction().execute((tx) => new AuthServersRepository(tx).save(server));
    const { id } = server;
    const base = { name: server.name, description: server.description, audiences: toJson(server.audiences), status: server.status };
    await this.db.insertInto('auth_servers').values({ id, created_at: server.createdAt, ...base })
      .onConflict((oc) => oc.column('id').doUpdateSet(base)).execute();

    await this.db.deleteFrom('scopes').where('server_id', '=', id).execute();
    if (server.scopes.length) {
      await this.db.insertInto('scopes').values(server.scopes.map((s) => ({
        id: s.id, server_id: id, name: s.name, description: s.description, consent: s.consent, is_default: toFlag(s.isDefault), system: toFlag(s.system),
      }))).execute();
    }
    await this.db.deleteFrom('claims').where('server_id', '=', id).execute();
    if (server.claims.length) {
      await this.db.insertInto('claims').values(server.claims.map((c) => ({
        id: c.id, server_id: id, name: c.name, claim_type: c.claimType, value_type: c.valueType, value: c.value,
        group_filter_type: c.groupFilterType, always_include: toFlag(c.alwaysIncludeInToken), scopes: toJson(c.scopes), status: c.status,
      }))).execute();
    }
    await this.db.deleteFrom('access_policies').where('server_id', '=', id).execute();
    for (const p of server.policies) {
      await this.db.insertInto('access_policies').values({
        id: p.id, server_id: id, name: p.name, description: p.description, priority: p.priority, status: p.status, clients: toJson(p.clients),
      }).execute();
      if (p.rules.length) {
        await this.db.insertInto('access_rules').values(p.rules.map((r) => ({
          id: r.id, policy_id: p.id, name: r.name, priority: r.priority, status: r.status, grant_types: toJson(r.grantTypes),
          scopes: toJson(r.scopes), people: toJson(r.people), access_token_lifetime_minutes: r.accessTokenLifetimeMinutes,
          refresh_token_lifetime_minutes: r.refreshTokenLifetimeMinutes, refresh_token_window_minutes: r.refreshTokenWindowMinutes,
        }))).execute();
      }
    }
  }
}
