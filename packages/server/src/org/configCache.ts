import type { App } from '../store/repositories/apps.js';
import type { AuthServer } from '../store/repositories/authServers.js';
import type { Policy } from '../store/repositories/policies.js';
import type { Repositories, Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import { newSecret } from '../platform/ids.js';
import { fromJson } from '../store/json.js';
import type { Branding } from './orgFile/schema.js';
import type { EngineMode } from './classic/engineMode.js';
import { identityEnginePolicies } from './classic/identityEnginePolicies.js';
import type { NetworkZone } from '../policy/networkZones.js';
import { STAY_SIGNED_IN_OPTIONS, type StaySignedIn } from '../policy/keepMeSignedIn.js';

const VERSION_KEY = 'config.version';

/** Where the org's own settings live in the settings table. */
export const ORG_SETTINGS = {
  name: 'org.name', userEnumerationPrevention: 'org.userEnumerationPrevention', emailLinkCompletesAnywhere: 'org.emailLinkCompletesAnywhere',
  branding: 'org.branding', engine: 'org.engine', classicFeatures: 'org.classicFeatures', networkZones: 'org.networkZones',
  staySignedIn: 'org.staySignedIn',
} as const;

/** Where an authenticator's settings live in the settings table. */
export const authenticatorSettingsKey = (key: string): string => `authenticator.${key}`;

/** Org-wide settings the sign-in reads. */
export interface OrgSettings {
  /** Unknown usernames are answered like known ones. */
  userEnumerationPrevention: boolean;
  /** An email magic link opened in another browser or device completes the original sign-in. */
  emailLinkCompletesAnywhere: boolean;
  /** Where "Keep me signed in" is offered (Okta's "Stay signed in": see policy/keepMeSignedIn.ts). */
  staySignedIn: StaySignedIn;
  /** The hosted sign-in page's look (empty: Latchkey's defaults). */
  branding: Branding;
  /** Set once an org file or `upgrade org` names it; unset is an Identity Engine org. */
  engine?: EngineMode;
}
/** How stale another process's configuration change may be seen here. */
const CHECK_INTERVAL_MS = 1000;
/** Bounds the memory an endless stream of distinct client ids could take. */
const MAX_ENTRIES = 10_000;

/** The org's settings as stored (an org never imported with them has the defaults). */
export async function readOrgSettings(store: Pick<Store, 'settings'>): Promise<OrgSettings> {
  const keys = [ORG_SETTINGS.userEnumerationPrevention, ORG_SETTINGS.emailLinkCompletesAnywhere, ORG_SETTINGS.branding, ORG_SETTINGS.engine, ORG_SETTINGS.staySignedIn];
  const [prevention, anywhere, branding, engine, staySignedIn] = await Promise.all(keys.map((k) => store.settings.get(k)));
  return {
    userEnumerationPrevention: prevention !== 'false', emailLinkCompletesAnywhere: anywhere === 'true', branding: fromJson<Branding>(branding ?? null, {}),
    staySignedIn: STAY_SIGNED_IN_OPTIONS.find((o) => o === staySignedIn) ?? 'BEFORE_SIGN_IN',
    ...(engine !== undefined && { engine: engine as EngineMode }),
  };
}

/** Every write of apps or authorization servers calls this inside its transaction. */
export function markConfigChanged(repos: Repositories): Promise<void> {
  return repos.settings.set(VERSION_KEY, newSecret(9));
}

/**
 * Apps, authorization servers and sign-in policies, read on every token request and sign-in step, kept in memory. The store holds a
 * version stamp that every configuration write changes; the cache compares it at most once a second,
 * so every process sees a change within a second.
 */
export class ConfigCache {
  private version: string | undefined;
  private checkedAt = -Infinity;
  private readonly servers = new Map<string, AuthServer>();
  private readonly apps = new Map<string, App>();
  private readonly policies = new Map<string, Promise<Policy[]>>();
  private settings: Promise<OrgSettings> | undefined;
  private zones: Promise<NetworkZone[]> | undefined;
  private readonly authenticators = new Map<string, Promise<Record<string, unknown>>>();
  private readonly values = new Map<string, Promise<string | undefined>>();

  /** `builtInApps` are Latchkey's own clients (the dashboard): found before, and instead of, stored apps of the same id. */
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly builtInApps: App[] = []) {}

  async server(id: string): Promise<AuthServer | undefined> {
    await this.revalidate();
    return this.servers.get(id) ?? remember(this.servers, id, await this.store.authServers.find(id));
  }

  async app(clientId: string): Promise<App | undefined> {
    const builtIn = this.builtInApps.find((a) => a.clientId === clientId);
    if (builtIn) return builtIn;
    await this.revalidate();
    return this.apps.get(clientId) ?? remember(this.apps, clientId, await this.store.apps.findByClientId(clientId));
  }

  /** Sign-in policies of one type, with their rules; a Classic org's are its Classic policies as Identity Engine ones. */
  policiesOf(type: string): Promise<Policy[]> {
    return this.cachedPolicies(type, async ({ engine }) => (engine === 'classic'
      ? identityEnginePolicies(await this.store.policies.list()).filter((p) => p.type === type)
      : this.store.policies.list(type)));
  }

  /** A Classic org's own policies of one type, as stored (an Identity Engine org has none): for what only Classic shows (authn's factors). */
  classicPoliciesOf(type: string): Promise<Policy[]> {
    return this.cachedPolicies(`classic:${type}`, async ({ engine }) => (engine === 'classic' ? this.store.policies.list(type) : []));
  }

  private async cachedPolicies(key: string, load: (settings: OrgSettings) => Promise<Policy[]>): Promise<Policy[]> {
    await this.revalidate();
    let policies = this.policies.get(key);
    if (!policies) {
      policies = this.orgSettings().then(load);
      this.policies.set(key, policies);
      policies.catch(() => this.policies.delete(key));
    }
    return policies;
  }

  async orgSettings(): Promise<OrgSettings> {
    await this.revalidate();
    this.settings ??= readOrgSettings(this.store);
    this.settings.catch(() => (this.settings = undefined));
    return this.settings;
  }

  /** The org's network zones, which policy rules name by id. */
  async networkZones(): Promise<NetworkZone[]> {
    await this.revalidate();
    this.zones ??= this.store.settings.get(ORG_SETTINGS.networkZones).then((v) => fromJson<NetworkZone[]>(v ?? null, []));
    this.zones.catch(() => (this.zones = undefined));
    return this.zones;
  }

  /** An authenticator's settings from the org file (empty: its defaults). */
  async authenticatorSettings(key: string): Promise<Record<string, unknown>> {
    await this.revalidate();
    let settings = this.authenticators.get(key);
    if (!settings) {
      settings = this.store.settings.get(authenticatorSettingsKey(key)).then((v) => fromJson<Record<string, unknown>>(v ?? null, {}));
      this.authenticators.set(key, settings);
      settings.catch(() => this.authenticators.delete(key));
    }
    return settings;
  }

  /** A setting as stored (undefined: not set), e.g. the user profile schema. */
  async setting(key: string): Promise<string | undefined> {
    await this.revalidate();
    let value = this.values.get(key);
    if (!value) {
      value = this.store.settings.get(key);
      this.values.set(key, value);
      value.catch(() => this.values.delete(key));
    }
    return value;
  }

  private async revalidate(): Promise<void> {
    const now = this.clock.now();
    if (now - this.checkedAt < CHECK_INTERVAL_MS) return;
    this.checkedAt = now;
    const version = await this.store.settings.get(VERSION_KEY);
    if (version !== this.version) {
      this.version = version;
      this.servers.clear();
      this.apps.clear();
      this.policies.clear();
      this.settings = undefined;
      this.zones = undefined;
      this.authenticators.clear();
      this.values.clear();
    }
  }
}

/** Caches found values only: unknown ids are not worth memory. */
function remember<T>(map: Map<string, T>, key: string, value: T | undefined): T | undefined {
  if (value !== undefined) {
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, value);
  }
  return value;
}
