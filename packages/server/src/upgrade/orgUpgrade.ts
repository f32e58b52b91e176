import { stringify } from 'yaml';
import type { Policy } from '../store/repositories/policies.js';
import type { Repositories, Store } from '../store/store.js';
import { markConfigChanged, ORG_SETTINGS } from '../org/configCache.js';
import { identityEnginePolicies } from '../org/classic/identityEnginePolicies.js';
import { exportPolicy } from '../org/orgFile/export.js';
import { movedApps } from './appMoves.js';
import { lineDiff } from './lineDiff.js';
import { UpgradeRefusal } from './upgradeRefusal.js';
import { blockerLines, checkOrg } from './orgReadiness.js';
import type { ReadinessFinding } from './readiness.js';

/** What `upgrade org` replaced, kept so `upgrade rollback` puts it back as it was (ids included). */
interface ClassicSnapshot {
  engine: string;
  classicFeatures?: string;
  policies: Policy[];
}

const SNAPSHOT_KEY = 'upgrade.classicSnapshot';

export interface OrgUpgradePlan {
  before: Policy[];
  after: Policy[];
}

/** The policies as the org file writes them, in export's order, as YAML lines. */
function policyLines(policies: Policy[]): string[] {
  const sorted = [...policies].sort((a, b) => (a.type === b.type ? a.priority - b.priority || (a.name < b.name ? -1 : 1) : a.type < b.type ? -1 : 1));
  return stringify({ policies: sorted.map(exportPolicy) }, { lineWidth: 0, aliasDuplicateObjects: false }).trimEnd().split('\n');
}

/** The change as a line diff of the org file's `policies` and `org.engine`. */
function describePlan(plan: OrgUpgradePlan): string {
  const engine = ['org:', '  engine: classic'];
  return `${lineDiff([...engine, ...policyLines(plan.before)], ['org:', '  engine: identity_engine', ...policyLines(plan.after)]).join('\n')}\n`;
}

async function planIn(repos: Repositories): Promise<OrgUpgradePlan> {
  if ((await repos.settings.get(ORG_SETTINGS.engine)) !== 'classic') throw new UpgradeRefusal('the org is not a Classic org (org.engine is not classic): nothing to upgrade');
  const before = await repos.policies.list();
  return { before, after: identityEnginePolicies(before) };
}

/** What `upgrade org` answers (the CLI's `--json`, the management API's body). */
export interface OrgUpgradeOutcome {
  dryRun: boolean;
  /** The line diff of the org file's `policies` and `org.engine` (describePlan). */
  diff: string;
  classicPolicies: number;
  identityEnginePolicies: number;
  /** What `upgrade check` finds blocking: a dry run shows them; a forced upgrade went ahead despite them. */
  blockers: ReadinessFinding[];
}

/**
 * Classic policies → Identity Engine policies, and the org's engine → identity_engine, in one
 * transaction (a dry run writes nothing). Users, their factors, passwords and sessions are not
 * touched: both engines read them. Refused while `upgrade check` finds a blocker, unless `force`.
 */
export function upgradeOrg(store: Store, options: { dryRun?: boolean; force?: boolean } = {}): Promise<OrgUpgradeOutcome> {
  return store.transaction(async (repos) => {
    const plan = await planIn(repos);
    const blockers = (await checkOrg(repos)).findings.filter((f) => f.blocks);
    const outcome = { dryRun: options.dryRun === true, diff: describePlan(plan), classicPolicies: plan.before.length, identityEnginePolicies: plan.after.length, blockers };
    if (options.dryRun) return outcome;
    if (blockers.length > 0 && !options.force) {
      const named = blockerLines(blockers);
      throw new UpgradeRefusal(`"latchkey upgrade check" finds ${named.length} blocker(s): ${named.join('; ')}; remedy them first, or go ahead knowingly with --force ("force": true)`, 'blocked', named);
    }
    const classicFeatures = await repos.settings.get(ORG_SETTINGS.classicFeatures);
    const snapshot: ClassicSnapshot = { engine: 'classic', ...(classicFeatures !== undefined && { classicFeatures }), policies: plan.before };
    await repos.settings.set(SNAPSHOT_KEY, JSON.stringify(snapshot));
    await replacePolicies(repos, plan.before, plan.after);
    await repos.settings.set(ORG_SETTINGS.engine, 'identity_engine');
    await repos.settings.delete(ORG_SETTINGS.classicFeatures);
    await markConfigChanged(repos);
    return outcome;
  });
}

/**
 * Puts the Classic org back exactly as `upgrade org` found it. Refused while an app has moved
 * (its users sign in through IDX): move it back first.
 */
export function rollbackOrg(store: Store): Promise<{ engine: 'classic'; classicPolicies: number }> {
  return store.transaction(async (repos) => {
    const stored = await repos.settings.get(SNAPSHOT_KEY);
    if (stored === undefined) throw new UpgradeRefusal('nothing to roll back: "latchkey upgrade org" has not run on this org (or was rolled back)');
    const moved = await movedApps(repos);
    if (moved.length > 0) throw new UpgradeRefusal(`apps have moved to the Identity Engine: ${moved.join(', ')}; move them back first ("latchkey upgrade app CLIENT_ID --back")`, 'conflict', moved);
    const snapshot = JSON.parse(stored) as ClassicSnapshot;
    const current = await repos.policies.list();
    await replacePolicies(repos, current, snapshot.policies);
    await repos.settings.set(ORG_SETTINGS.engine, snapshot.engine);
    if (snapshot.classicFeatures !== undefined) await repos.settings.set(ORG_SETTINGS.classicFeatures, snapshot.classicFeatures);
    await repos.settings.delete(SNAPSHOT_KEY);
    await markConfigChanged(repos);
    return { engine: 'classic', classicPolicies: snapshot.policies.length };
  });
}

async function replacePolicies(repos: Repositories, current: Policy[], next: Policy[]): Promise<void> {
  for (const p of current) await repos.policies.remove(p.id);
  for (const p of next) await repos.policies.save(p);
}

/** Whether `upgrade org` has run and can be rolled back. */
export async function upgradedFromClassic(store: Store): Promise<boolean> {
  return (await store.settings.get(SNAPSHOT_KEY)) !== undefined;
}
