import type { AppRollout } from '../store/repositories/apps.js';
import type { EngineSignInCount } from '../store/repositories/engineSignIns.js';
import type { Store } from '../store/store.js';
import { ORG_SETTINGS } from '../org/configCache.js';
import type { EngineMode } from '../org/classic/engineMode.js';
import { describeRollout } from './appMoves.js';
import { upgradedFromClassic } from './orgUpgrade.js';
import { appEngine } from './routing.js';

/** What `upgrade status` answers (the CLI's `--json`, the management API's body). */
export interface UpgradeStatus {
  engine: EngineMode;
  upgradedFromClassic: boolean;
  apps: Array<{ clientId: string; engine: EngineMode; rollout?: AppRollout; summary: string }>;
  /** Per engine, app and outcome; clientId '' holds Classic sign-ins no app has redeemed (yet), and authn's failures. */
  signIns: EngineSignInCount[];
}

/** The org's engine, each app's, and the sign-ins counted per engine and app. */
export async function readUpgradeStatus(store: Store): Promise<UpgradeStatus> {
  const [engine, apps, signIns, upgraded] = await Promise.all([
    store.settings.get(ORG_SETTINGS.engine), store.apps.list(), store.engineSignIns.list(), upgradedFromClassic(store),
  ]);
  const orgEngine = engine === 'classic' ? 'classic' : 'identity_engine';
  return {
    engine: orgEngine, upgradedFromClassic: upgraded,
    apps: apps.sort((a, b) => (a.clientId < b.clientId ? -1 : 1)).map((a) => {
      const mode = appEngine(orgEngine, a);
      const rollout = a.settings.rollout;
      return { clientId: a.clientId, engine: mode, ...(rollout && { rollout }), summary: mode === 'identity_engine' && rollout ? describeRollout(rollout) : mode };
    }),
    signIns,
  };
}
