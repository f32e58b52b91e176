import type { Db } from '../database.js';
import { fromJson, toJson } from '../json.js';

/**
 * Sign-in policies of every type (global session, app authentication, password, authenticator
 * enrollment, profile enrollment). Conditions, settings and actions are per-type JSON documents
 * that the policy/ evaluators of each type read.
 */
export interface PolicyRule {
  id: string;
  name: string;
  priority: number;
  status: 'ACTIVE' | 'INACTIVE';
  conditions: Record<string, unknown>;
  actions: Record<string, unknown>;
}

export interface Policy {
  id: string;
  type: string;
  name: string;
  description: string | null;
  priority: number;
  status: 'ACTIVE' | 'INACTIVE';
  conditions: Record<string, unknown>;
  settings: Record<string, unknown>;
  rules: PolicyRule[];
}

export class PoliciesRepository {
  constructor(private readonly db: Db) {}

  /** Policies of one type (or all), each with its rules, by priority. */
  async list(type?: string): Promise<Policy[]> {
    let q = this.db.selectFrom('policies').selectAll();
    if (type) q = q.where('type', '=', type);
    const policies = await q.orderBy('type').orderBy('priority').execute();
    if (policies.length === 0) return [];
    const rules = await this.db.selectFrom('policy_rules').selectAll()
      .where('policy_id', 'in', policies.map((p) => p.id)).orderBy('priority').execute();
    return policies.map((p) => ({
      id: p.id, type: p.type, name: p.name, description: p.description, priority: p.priority, status: p.status as Policy['status'],
      conditions: fromJson(p.conditions, {}), settings: fromJson(p.settings, {}),
      rules: rules.filter((r) => r.policy_id === p.id).map((r) => ({
        id: r.id, name: r.name, priority: r.priority, status: r.status as PolicyRule['status'],
        conditions: fromJson(r.conditions, {}), actions: fromJson(r.actions, {}),
      })),
    }));
  }

  /** Writes a policy and replaces its rules. */
  async save(policy: Policy): Promise<void> {
    // All or nothing: a failed rule insert must not leave the policy without rules.
    if (!this.db.isTransaction) return this.db.transaction().execute((tx) => new PoliciesRepository(tx).save(policy));
    const base = {
      type: policy.type, name: policy.name, description: policy.description, priority: policy.priority, status: policy.status,
      conditions: toJson(policy.conditions), settings: toJson(policy.settings),
    };
    await this.db.insertInto('policies').values({ id: policy.id, ...base }).onConflict((oc) => oc.column('id').doUpdateSet(base)).execute();
    await this.db.deleteFrom('policy_rules').where('policy_id', '=', policy.id).execute();
    if (policy.rules.length) {
      await this.db.insertInto('policy_rules').values(policy.rules.map((r) => ({
        id: r.id, policy_id: policy.id, name: r.name, priority: r.priority, status: r.status,
        conditions: toJson(r.conditions), actions: toJson(r.actions),
      }))).execute();
    }
  }

  /** Deletes a policy; its rules go with it (foreign key cascade). */
  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('policies').where('id', '=', id).execute();
  }
}
