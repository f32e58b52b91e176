import type { Branding } from '../org/orgFile/schema.js';
import { ORG_SETTINGS, type ConfigCache } from '../org/configCache.js';
import type { Store } from '../store/store.js';

/** What every hosted sign-in page shows of the org: its name and its branding. */
export async function pageLook(store: Store, config: ConfigCache): Promise<{ orgName: string | undefined; branding: Branding }> {
  const [orgName, { branding }] = await Promise.all([store.settings.get(ORG_SETTINGS.name), config.orgSettings()]);
  return { orgName, branding };
}
