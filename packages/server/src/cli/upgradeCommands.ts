import type { Store } from '../store/store.js';
import type { ReadinessFinding } from '../upgrade/readiness.js';
import { checkOrg } from '../upgrade/orgReadiness.js';
import { rollbackOrg, upgradeOrg } from '../upgrade/orgUpgrade.js';
import { setAppEngine } from '../upgrade/appMoves.js';
import { readUpgradeStatus } from '../upgrade/upgradeStatus.js';

type Print = (text: string) => void;

/** Prints the answer as JSON (`--json`, the management API's body) or as text for a person. */
const answer = <T>(value: T, json: boolean, print: Print, text: (value: T) => string): void => print(json ? `${JSON.stringify(value, null, 2)}\n` : text(value));

/** `upgrade check [--json]`: exit code 1 while a finding blocks the upgrade. */
export async function upgradeCheck(store: Store, json: boolean, print: Print): Promise<number> {
  const report = await checkOrg(store);
  answer(report, json, print, (r) => r.findings.map(describeFinding).join('') + (r.ready ? 'ready: nothing blocks the upgrade\n' : `not ready: ${r.findings.filter((f) => f.blocks).length} finding(s) block the upgrade\n`));
  return report.ready ? 0 : 1;
}

const describeFinding = (f: ReadinessFinding): string =>
  `${f.blocks ? 'BLOCKS' : 'changes'}  ${f.feature}\n    in use:      ${f.inUse}\n    becomes:     ${f.becomes}\n    remediation: ${f.remediation}\n`;

/** `upgrade org [--dry-run] [--force] [--json]`: prints the diff; writes it unless a dry run; refused on blockers unless forced. */
export async function upgradeOrgCommand(store: Store, options: { dryRun: boolean; force: boolean; json: boolean }, print: Print): Promise<void> {
  const outcome = await upgradeOrg(store, options);
  answer(outcome, options.json, print, (o) => [
    o.diff,
    ...o.blockers.map((f) => `${o.dryRun ? 'BLOCKS' : 'forced past'}  ${f.feature}: ${f.inUse}\n`),
    o.dryRun ? 'dry run: nothing written\n' : `upgraded: ${o.classicPolicies} Classic policies became ${o.identityEnginePolicies} Identity Engine policies; "latchkey upgrade rollback" undoes it while no app has moved\n`,
  ].join(''));
}

export async function upgradeRollbackCommand(store: Store, json: boolean, print: Print): Promise<void> {
  answer(await rollbackOrg(store), json, print, (o) => `rolled back: the org is Classic again, with its ${o.classicPolicies} Classic policies\n`);
}

/** The number a digits-only argument writes; anything else NaN, which the move refuses (`1e1`, `0x10` are no percentages). */
const wholeNumber = (text: string): number => (/^\d+$/.test(text) ? Number(text) : Number.NaN);

/** `upgrade app CLIENT_ID [--percent N] [--groups A,B] [--back] [--json]`. */
export async function upgradeAppCommand(store: Store, clientId: string, options: { percent?: string; groups?: string; back?: boolean; json: boolean }, now: number, print: Print): Promise<void> {
  const request = options.back ? { engine: 'classic' as const } : {
    percent: options.percent === undefined ? undefined : wholeNumber(options.percent), groups: options.groups?.split(',').map((g) => g.trim()).filter(Boolean),
  };
  answer(await setAppEngine(store, clientId, request, now), options.json, print, (o) => `${o.clientId}: ${o.summary}\n`);
}

/** `upgrade status [--json]`: the org's engine, each app's, and sign-in counts per engine. */
export async function upgradeStatus(store: Store, json: boolean, print: Print): Promise<void> {
  answer(await readUpgradeStatus(store), json, print, (status) => {
    const rows = new Map<string, { success: number; failure: number }>();
    for (const c of status.signIns) {
      const key = `${c.engine}\u0000${c.clientId || '(no app)'}`;
      rows.set(key, { success: 0, failure: 0, ...rows.get(key), [c.outcome]: c.count });
    }
    return [
      `org engine: ${status.engine}${status.upgradedFromClassic ? ' (upgraded from Classic: "latchkey upgrade rollback" undoes it once no app has moved)' : ''}\n`,
      'apps:\n', ...status.apps.map((a) => `  ${a.clientId}  ${a.summary}\n`),
      'sign-ins (engine, app, success, failure; "(no app)": Classic sign-ins no app has redeemed yet, and authn\'s failures):\n',
      ...[...rows].map(([key, r]) => `  ${key.split('\u0000').join('  ')}  ${r.success}  ${r.failure}\n`),
    ].join('');
  });
}
