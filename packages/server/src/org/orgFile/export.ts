import { stringify } from 'yaml';
import type { App } from '../../store/repositories/apps.js';
import type { AuthServer, Scope } from '../../store/repositories/authServers.js';
import type { Policy } from '../../store/repositories/policies.js';
import type { User } from '../../store/repositories/users.js';
import { authenticatorSettingsKey, ORG_SETTINGS, readOrgSettings } from '../configCache.js';
import type { Store } from '../../store/store.js';
import type { AuthenticatorEnrollment } from '../../store/repositories/authenticatorEnrollments.js';
import type { KeyEncryption } from '../../platform/keyEncryption.js';
import { fromJson } from '../../store/json.js';
import { authenticatorByKey } from '../../authenticators/registry.js';
import { openEnrollmentSecret } from '../../authenticators/enrollmentSecrets.js';
import { exportRegistrationSettings } from '../registrationSettings.js';
import { CONFIGURABLE_AUTHENTICATORS, SYSTEM_SCOPES, type OrgApp, type OrgAuthenticator, type OrgAuthServer, type OrgDocument, type OrgPolicy, type OrgUser } from './schema.js';

type OrgEnrollment = NonNullable<OrgUser['authenticatorEnrollments']>[number];

/**
 * The store as an org file. Secrets leave only as their stored hashes, except the secrets of
 * authenticator enrollments when `openSecrets` (the key-encryption key) is given: then they leave in
 * clear, and the file must be kept as carefully as the key. Everything is in a fixed order (names in
 * code-point order, policies and rules by priority) so exports can be diffed.
 */
export async function exportOrg(store: Store, options: { openSecrets?: KeyEncryption } = {}): Promise<OrgDocument> {
  const [orgName, classicFeatures, groups, users, memberships, apps, serverIds, trustedOrigins, policies, enrollments] = await Promise.all([
    store.settings.get(ORG_SETTINGS.name), store.settings.get(ORG_SETTINGS.classicFeatures), store.groups.list(), store.users.list(), store.groups.memberships(), store.apps.list(),
    store.authServers.ids(), store.trustedOrigins.list(), store.policies.list(), store.authenticatorEnrollments.all(),
  ]);
  const servers = (await Promise.all(serverIds.map((id) => store.authServers.find(id)))).filter((s) => s !== undefined);
  const { branding, ...switches } = await readOrgSettings(store);
  const networkZones = fromJson<NonNullable<OrgDocument['networkZones']>>(await store.settings.get(ORG_SETTINGS.networkZones), []);
  const authenticators = (await Promise.all(CONFIGURABLE_AUTHENTICATORS.map(async (key) => {
    const stored = await store.settings.get(authenticatorSettingsKey(key));
    return stored === undefined ? [] : [{ key, settings: JSON.parse(stored) } as OrgAuthenticator];
  }))).flat();
  const loginOf = new Map(users.map((u) => [u.id, u.login]));
  const groupsOf = new Map<string, string[]>();
  for (const m of memberships) groupsOf.set(m.userId, [...(groupsOf.get(m.userId) ?? []), m.groupName]);
  const enrollmentsOf = exportEnrollments(enrollments, options.openSecrets);

  return {
    version: 1,
    ...(orgName !== undefined && { org: { name: orgName, ...switches, ...(classicFeatures !== undefined && { classicFeatures: JSON.parse(classicFeatures) }) } }),
    ...(Object.keys(branding).length > 0 && { branding }),
    groups: groups.sort(by((g) => [g.name])).map((g) => ({ name: g.name, description: g.description })),
    users: users.sort(by((u) => [u.login])).map((u) => exportUser(u, groupsOf.get(u.id) ?? [], enrollmentsOf.get(u.id) ?? [])),
    apps: apps.sort(by((a) => [a.clientId])).map(exportApp),
    authorizationServers: servers.sort(by((s) => [s.id])).map((s) => exportAuthServer(s, loginOf)),
    trustedOrigins: trustedOrigins.sort(by((t) => [t.origin])).map((t) => ({ name: t.name, origin: t.origin, scopes: t.scopes })),
    authenticators,
    ...(networkZones.length > 0 && { networkZones }),
    policies: policies.sort(by((p) => [p.type, p.priority, p.name])).map(exportPolicy),
    ...(await exportRegistrationSettings(store, options.openSecrets)),
  };
}

/** The document as YAML, without line folding so long values stay greppable. */
export function stringifyOrgDocument(doc: OrgDocument): string {
  return stringify(doc, { lineWidth: 0 });
}

const PROFILE_ORDER = ['firstName', 'lastName', 'email'];

function exportUser(u: User, groups: string[], enrollments: OrgEnrollment[]): OrgUser {
  const { login: _derived, ...attributes } = u.profile;
  // Stable key order for diffs: the usual names first, then the rest alphabetically.
  const rank = (k: string) => (PROFILE_ORDER.includes(k) ? PROFILE_ORDER.indexOf(k) : PROFILE_ORDER.length);
  const keys = Object.keys(attributes).sort(by((k) => [rank(k), k]));
  return {
    login: u.login,
    status: u.status,
    profile: Object.fromEntries(keys.map((k) => [k, attributes[k]])) as OrgUser['profile'],
    ...(u.passwordHash !== null && { passwordHash: u.passwordHash }),
    ...(u.passwordHash !== null && u.passwordChangedAt !== null && { passwordChanged: new Date(u.passwordChangedAt).toISOString() }),
    emailVerified: u.emailVerifiedAt !== null,
    groups: groups.sort(),
    ...(enrollments.length > 0 && { authenticatorEnrollments: enrollments }),
  };
}

/** user id → the enrollments the org file can carry (of kinds with an enrollmentTransfer), secrets opened only with `openSecrets`. */
function exportEnrollments(enrollments: AuthenticatorEnrollment[], openSecrets: KeyEncryption | undefined): Map<string, OrgEnrollment[]> {
  const byUser = new Map<string, OrgEnrollment[]>();
  for (const e of enrollments) {
    const transfer = authenticatorByKey(e.authenticatorKey)?.enrollmentTransfer;
    if (!transfer) continue;
    const secret = openSecrets && e.sealedSecret !== null ? openEnrollmentSecret(openSecrets, e.id, e.sealedSecret) : undefined;
    byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), { key: e.authenticatorKey, id: e.id, ...transfer.exportEnrollment(e, secret) } as OrgEnrollment]);
  }
  return byUser;
}

function exportApp(a: App): OrgApp {
  return {
    clientId: a.clientId,
    label: a.label,
    name: a.name,
    type: a.type,
    status: a.status,
    ...(a.clientSecretHash !== null && { clientSecretHash: a.clientSecretHash }),
    tokenEndpointAuthMethod: a.tokenEndpointAuthMethod,
    redirectUris: a.redirectUris,
    postLogoutRedirectUris: a.postLogoutRedirectUris,
    grantTypes: a.grantTypes,
    responseTypes: a.responseTypes as OrgApp['responseTypes'],
    pkceRequired: a.pkceRequired,
    ...(a.jwks !== null && { jwks: a.jwks as OrgApp['jwks'] }),
    refreshToken: { rotation: a.settings.refreshTokenRotation, leewaySeconds: a.settings.refreshTokenLeewaySeconds },
    ...(a.settings.engine !== undefined && { engine: a.settings.engine }),
    ...(a.settings.rollout !== undefined && { rollout: a.settings.rollout }),
  };
}

function exportAuthServer(s: AuthServer, loginOf: Map<string, string>): OrgAuthServer {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    audiences: s.audiences,
    status: s.status,
    scopes: s.scopes.filter((x) => !isDefaultSystemScope(x)).sort(by((x) => [x.name]))
      .map((x) => ({ name: x.name, description: x.description, consent: x.consent, default: x.isDefault })),
    claims: s.claims.sort(by((c) => [c.name, c.claimType])).map(({ id: _id, ...claim }) => claim),
    policies: s.policies.sort(by((p) => [p.priority, p.name])).map(({ id: _id, rules, ...policy }) => ({
      ...policy,
      rules: rules.sort(by((r) => [r.priority, r.name])).map((r) => ({
        name: r.name,
        priority: r.priority,
        status: r.status,
        grantTypes: r.grantTypes,
        scopes: r.scopes,
        // Rules hold user ids; the file names users by login. A deleted user grants nothing, so it is left out.
        people: { groups: r.people.groups, users: r.people.users.flatMap((id) => loginOf.get(id) ?? []) },
        accessTokenLifetimeMinutes: r.accessTokenLifetimeMinutes,
        refreshTokenLifetimeMinutes: r.refreshTokenLifetimeMinutes,
        refreshTokenWindowMinutes: r.refreshTokenWindowMinutes,
      })),
    })),
  };
}

/** The importer adds missing OIDC scopes as they are here, so the file need not repeat them. */
function isDefaultSystemScope(x: Scope): boolean {
  const preset = SYSTEM_SCOPES.find((p) => p.name === x.name);
  return x.system && preset !== undefined && x.description === preset.description && x.consent === 'IMPLICIT' && !x.isDefault;
}

type JsonObject = OrgPolicy['conditions'];

export function exportPolicy(p: Policy): OrgPolicy {
  return {
    type: p.type as OrgPolicy['type'],
    name: p.name,
    description: p.description,
    priority: p.priority,
    status: p.status,
    conditions: p.conditions as JsonObject,
    settings: p.settings as JsonObject,
    rules: p.rules.sort(by((r) => [r.priority, r.name]))
      .map((r) => ({ name: r.name, priority: r.priority, status: r.status, conditions: r.conditions as JsonObject, actions: r.actions as JsonObject })),
  };
}

/** Comparator over a tuple of keys, strings in code-point order (not the database's collation). */
function by<T>(keys: (item: T) => Array<string | number>) {
  return (a: T, b: T): number => {
    const [ka, kb] = [keys(a), keys(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  };
}
