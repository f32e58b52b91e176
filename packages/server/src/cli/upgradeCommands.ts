import type { Store } from '../store/store.js';
import { ORG_SETTINGS } from '../org/configCache.js';
import { fromJson } from '../store/json.js';
import { readiness, type ReadinessFinding } from '../upgrade/readiness.js';
import { describePlan, planOrgUpgrade, rollbackOrg, upgradedFromClassic, upgradeOrg } from '../upgrade/orgUpgrade.js';
import { moveApp, moveBack } from '../upgrade/appMoves.js';
import { appEngine } from '../upgrade/routing.js';
import type { App, AppRollout } from '../store/repositories/apps.js';

type Print = (text: string) => void;

/** `upgrade check [--json]`: exit code 1 while a finding blocks the upgrade. */
export async function upgradeCheck(store: Store, json: boolean, print: Print): Promise<number> {
  const [policies, features, users] = await Promise.all([store.policies.list(), store.settings.get(ORG_SETTINGS.classicFeatures), store.users.list()]);
  const report = readiness({
    policies, classicFeatures: fromJson(features ?? null, {}), passwordless: users.filter((u) => u.passwordHash === null).map((u) => u.login).sort(),
  });
  if (json) print(`${JSON.stringify(report, null, 2)}\n`);
  else print(report.findings.map(describeFinding).join('') + (report.ready ? 'ready: nothing blocks the upgrade\n' : `not ready: ${report.findings.filter((f) => f.blocks).length} finding(s) block the upgrade\n`));
  return report.ready ? 0 : 1;
}

const describeFinding = (f: ReadinessFinding): string =>
  `${f.blocks ? 'BLOCKS' : 'changes'}  ${f.feature}\n    in use:      ${f.inUse}\n    becomes:     ${f.becomes}\n    remediation: ${f.remediation}\n`;

/** `upgrade org [--dry-run]`: prints the diff; writes it unless a dry run. */
export async function upgradeOrgCommand(store: Store, dryRun: boolean, print: Print): Promise<void> {
  const plan = dryRun ? await planOrgUpgrade(store) : await upgradeOrg(store);
  print(describePlan(plan));
  print(dryRun ? 'dry run: nothing written\n' : `upgraded: ${plan.before.length} Classic policies became ${plan.after.length} Identity Engine policies; "latchkey upgrade rollback" undoes it while no app has moved\n`);
}

export async function upgradeRollbackCommand(store: Store, print: Print): Promise<void> {
  const { after } = await rollbackOrg(store);
  print(`rolled back: the org is Classic again, with its ${after.length} Classic policies\n`);
}

/** `upgrade app CLIENT_ID [--percent N] [--groups A,B] [--back]`. */
export async function upgradeAppCommand(store: Store, clientId: string, options: { percent?: string; groups?: string; back?: boolean }, now: number, print: Print): Promise<void> {
  if (options.back) {
    await moveBack(store, clientId, now);
    print(`${clientId}: back on the Classic Engine (the interaction_code grant the move added is removed)\n`);
    return;
  }
  const rollout = await moveApp(store, clientId, { percent: options.percent === undefined ? undefined : Number(options.percent), groups: options.groups?.split(',').map((g) => g.trim()).filter(Boolean) }, now);
  print(`${clientId}: ${describeRollout(rollout)}\n`);
}

const describeRollout = (r: AppRollout): string =>
  `identity_engine for ${r.percent}% of users${r.groups.length ? ` and the groups ${r.groups.join(', ')}` : ''}, classic for the others`;

/** `upgrade status [--json]`: the org's engine, each app's, and sign-in counts per engine. */
export async function upgradeStatus(store: Store, json: boolean, print: Print): Promise<void> {
  const [engine, apps, counts, upgraded] = await Promise.all([
    store.settings.get(ORG_SETTINGS.engine), store.apps.list(), store.engineSignIns.list(), upgradedFromClassic(store),
  ]);
  const orgEngine = engine === 'classic' ? 'classic' : 'identity_engine';
  const describeApp = (a: App) => {
    const mode = appEngine(orgEngine, a);
    return mode === 'identity_engine' && a.settings.rollout ? describeRollout(a.settings.rollout) : mode;
  };
  const status = {
    engine: orgEngine, upgradedFromClassic: upgraded,
    apps: apps.sort((a, b) => (a.clientId < b.clientId ? -1 : 1)).map((a) => ({
      clientId: a.clientId, engine: appEngine(orgEngine, a), ...(a.settings.rollout && { rollout: a.settings.rollout }), summary: describeApp(a),
    })),
    signIns: counts,
  };
  if (json) return print(`${JSON.stringify(status, null, 2)}\n`);
  const rows = new Map<string, { success: number; failure: number }>();
  for (const c of counts) {
    const key = `${c.engine}\u0000${c.clientId || '(authn)'}`;
    rows.set(key, { success: 0, failure: 0, ...rows.get(key), [c.outcome]: c.count });
  }
  print([
    `org engine: ${orgEngine}${upgraded ? ' (upgraded from Classic: "latchkey upgrade rollback" undoes it once no app has moved)' : ''}\n`,
    'apps:\n', ...status.apps.map((a) => `  ${a.clientId}  ${a.summary}\n`),
    'sign-ins (engine, app, success, failure):\n',
    ...[...rows].map(([key, r]) => `  ${key.split('\u0000').join('  ')}  ${r.success}  ${r.failure}\n`),
  ].join(''));
}
