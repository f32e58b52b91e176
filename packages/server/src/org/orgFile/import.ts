import { isDeepStrictEqual } from 'node:util';
import { hashSecret } from '../../platform/crypto.js';
import { newId } from '../../platform/ids.js';
import { hashPassword, verifyPassword } from '../../platform/passwordHashing.js';
import type { App } from '../../store/repositories/apps.js';
import type { AccessPolicy, AuthServer } from '../../store/repositories/authServers.js';
import { EVERYONE } from '../../store/repositories/groups.js';
import type { Policy } from '../../store/repositories/policies.js';
import type { TrustedOrigin } from '../../store/repositories/trustedOrigins.js';
import type { Repositories, Store } from '../../store/store.js';
import { noSecurityEvents, type SecurityEventSink } from '../../platform/securityEvents.js';
import { authenticatorSettingsKey, markConfigChanged, ORG_SETTINGS } from '../configCache.js';
import { accessEndedEvents, endsAccess, endUserAccess, type AccessEnded } from '../userDeactivation.js';
import type { KeyEncryption } from '../../platform/keyEncryption.js';
import { importEnrollments } from './importEnrollments.js';
import { importRegistrationSettings } from '../registrationSettings.js';
import { SYSTEM_SCOPES, type OrgApp, type OrgAuthServer, type OrgDocument, type OrgPolicy, type OrgUser } from './schema.js';

export interface ImportCounts {
  created: number;
  /** Existing objects the file changed; objects already as declared count as unchanged. */
  updated: number;
  unchanged: number;
}

export type ImportSummary = Record<'groups' | 'users' | 'apps' | 'authorizationServers' | 'trustedOrigins' | 'policies' | 'authenticatorEnrollments', ImportCounts>;

/** A file that is valid on its own but does not fit the store (e.g. a rule naming a user that exists nowhere). */
export class OrgImportError extends Error {
  constructor(readonly errors: Array<{ path: string; message: string }>) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    this.name = 'OrgImportError';
  }
}

/**
 * Writes the document into the store in one transaction: all of it or nothing. Objects are matched by
 * their natural keys and keep their ids, so importing the same file again changes nothing. A user it
 * suspends or deprovisions loses their sessions and tokens (reported to `events` once committed).
 * Enrollment secrets are sealed with `sealing`, the instance's key-encryption key (needed only when
 * the file carries secrets: see carriesSecrets).
 */
export async function importOrg(
  store: Store, doc: OrgDocument, now: number, events: SecurityEventSink = noSecurityEvents, sealing?: KeyEncryption,
): Promise<ImportSummary> {
  // argon2 is slow on purpose: hash before the transaction so it does not hold the database meanwhile.
  const passwordHashes = await resolvePasswordHashes(store, doc.users);
  const ended: AccessEnded[] = [];
  const summary = await store.transaction(async (repos) => {
    const summary: ImportSummary = {
      groups: counts(), users: counts(), apps: counts(), authorizationServers: counts(), trustedOrigins: counts(), policies: counts(), authenticatorEnrollments: counts(),
    };
    if (doc.org) await importOrgSettings(repos, doc.org);
    if (doc.branding) await setJson(repos, ORG_SETTINGS.branding, doc.branding);
    if (doc.networkZones) await setJson(repos, ORG_SETTINGS.networkZones, doc.networkZones);
    for (const a of doc.authenticators) await setJson(repos, authenticatorSettingsKey(a.key), a.settings);
    const groupIds = await importGroups(repos, doc.groups, now, summary.groups);
    const userIds = await importUsers(repos, doc.users, passwordHashes, groupIds, now, summary.users, ended);
    for (const app of doc.apps) await importApp(repos, app, now, summary.apps);
    const problems: OrgImportError['errors'] = [];
    await importEnrollments(repos, doc.users, userIds, sealing, now, summary.authenticatorEnrollments, problems);
    for (const [i, server] of doc.authorizationServers.entries()) {
      await importAuthServer(repos, server, `authorizationServers[${i}]`, userIds, problems, now, summary.authorizationServers);
    }
    const hookProblem = await importRegistrationSettings(repos, doc, sealing);
    if (hookProblem) problems.push({ path: 'inlineHooks', message: hookProblem });
    if (problems.length > 0) throw new OrgImportError(problems);
    for (const origin of doc.trustedOrigins) await importTrustedOrigin(repos, origin, summary.trustedOrigins);
    const policies = await repos.policies.list();
    for (const policy of doc.policies) await importPolicy(repos, policy, policies, summary.policies);
    await markConfigChanged(repos);
    return summary;
  });
  for (const event of ended.flatMap(accessEndedEvents)) events.record(event);
  return summary;
}

const counts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });

/** The org's own settings, kept as settings entries (the import marks the configuration changed). */
async function importOrgSettings(repos: Repositories, org: NonNullable<OrgDocument['org']>): Promise<void> {
  const desired = {
    [ORG_SETTINGS.name]: org.name,
    [ORG_SETTINGS.userEnumerationPrevention]: String(org.userEnumerationPrevention),
    [ORG_SETTINGS.emailLinkCompletesAnywhere]: String(org.emailLinkCompletesAnywhere),
    [ORG_SETTINGS.staySignedIn]: org.staySignedIn,
    ...(org.engine !== undefined && { [ORG_SETTINGS.engine]: org.engine }),
    ...(org.classicFeatures !== undefined && { [ORG_SETTINGS.classicFeatures]: JSON.stringify(org.classicFeatures) }),
  };
  for (const [key, value] of Object.entries(desired)) {
    if ((await repos.settings.get(key)) !== value) await repos.settings.set(key, value);
  }
}

/** Stores a settings entry as JSON, unless it already holds that. */
async function setJson(repos: Repositories, key: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  if ((await repos.settings.get(key)) !== text) await repos.settings.set(key, text);
}

/** Counts the object and says whether it must be written. */
function tally<T>(c: ImportCounts, existing: T | undefined, desired: T): boolean {
  const changed = existing !== undefined && !isDeepStrictEqual(existing, desired);
  if (existing === undefined) c.created++;
  else if (changed) c.updated++;
  else c.unchanged++;
  return existing === undefined || changed;
}

/** login → hash to store. A clear password keeps the stored hash when that already verifies it. */
async function resolvePasswordHashes(store: Store, users: OrgUser[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  await Promise.all(users.map(async (u) => {
    if (u.passwordHash !== undefined) hashes.set(u.login, u.passwordHash);
    if (u.password === undefined) return;
    const stored = (await store.users.findByLogin(u.login))?.passwordHash;
    hashes.set(u.login, stored && (await verifyPassword(u.password, stored)) ? stored : await hashPassword(u.password));
  }));
  return hashes;
}

/** Upserts groups by name; returns name → id. */
async function importGroups(repos: Repositories, groups: OrgDocument['groups'], now: number, c: ImportCounts): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const g of groups) {
    const existing = await repos.groups.findByName(g.name);
    if (!existing) {
      const id = newId('group');
      await repos.groups.insert({ id, name: g.name, description: g.description, createdAt: now });
      ids.set(g.name, id);
      c.created++;
      continue;
    }
    ids.set(g.name, existing.id);
    if (tally(c, existing.description, g.description)) await repos.groups.updateDescription(existing.id, g.description);
  }
  return ids;
}

/** Upserts users and sets their memberships to exactly the declared groups; returns login → id. */
async function importUsers(
  repos: Repositories, users: OrgUser[], passwordHashes: Map<string, string>, groupIds: Map<string, string>, now: number, c: ImportCounts,
  ended: AccessEnded[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const u of users) {
    const profile = { ...u.profile, login: u.login };
    const hash = passwordHashes.get(u.login);
    const changedAt = u.passwordChanged === undefined ? now : Date.parse(u.passwordChanged);
    const groups = [...new Set(u.groups.filter((g) => g !== EVERYONE))].sort();
    const groupIdsOf = () => groups.map((g) => groupIds.get(g)!);
    const existing = await repos.users.findByLogin(u.login);
    if (!existing) {
      const id = newId('user');
      await repos.users.insert({
        id, login: u.login, status: u.status, profile, passwordHash: hash ?? null, passwordChangedAt: hash ? changedAt : null,
        emailVerifiedAt: u.emailVerified ? now : null, createdAt: now, updatedAt: now, lastLoginAt: null,
      });
      if (groups.length > 0) await repos.groups.setMemberships(id, groupIdsOf());
      ids.set(u.login, id);
      c.created++;
      continue;
    }
    ids.set(u.login, existing.id);
    const changes = {
      ...(existing.status !== u.status && { status: u.status }),
      ...(!isDeepStrictEqual(existing.profile, profile) && { profile }),
      ...(hash !== undefined && hash !== existing.passwordHash && { passwordHash: hash, passwordChangedAt: changedAt }),
      ...(hash === existing.passwordHash && u.passwordChanged !== undefined && changedAt !== existing.passwordChangedAt && { passwordChangedAt: changedAt }),
      ...(u.emailVerified !== (existing.emailVerifiedAt !== null) && { emailVerifiedAt: u.emailVerified ? now : null }),
    };
    // Sorted here: the database's collation may order names differently from JavaScript.
    const membershipsChange = !isDeepStrictEqual((await repos.groups.groupNamesOf(existing.id)).sort(), groups);
    if (Object.keys(changes).length > 0) await repos.users.update(existing.id, changes, now);
    if (endsAccess(existing.status, u.status)) ended.push(await endUserAccess(repos, existing, u.status, now));
    if (membershipsChange) await repos.groups.setMemberships(existing.id, groupIdsOf());
    if (Object.keys(changes).length > 0 || membershipsChange) c.updated++;
    else c.unchanged++;
  }
  return ids;
}

async function importApp(repos: Repositories, a: OrgApp, now: number, c: ImportCounts): Promise<void> {
  const existing = await repos.apps.findByClientId(a.clientId);
  const desired: App = {
    clientId: a.clientId,
    name: a.name,
    label: a.label,
    type: a.type,
    status: a.status,
    clientSecretHash: a.clientSecretHash ?? (a.clientSecret !== undefined ? hashSecret(a.clientSecret) : null),
    tokenEndpointAuthMethod: a.tokenEndpointAuthMethod,
    redirectUris: a.redirectUris,
    postLogoutRedirectUris: a.postLogoutRedirectUris,
    grantTypes: a.grantTypes,
    responseTypes: a.responseTypes,
    pkceRequired: a.pkceRequired,
    jwks: a.jwks ?? null,
    settings: {
      refreshTokenRotation: a.refreshToken.rotation, refreshTokenLeewaySeconds: a.refreshToken.leewaySeconds,
      ...(a.engine !== undefined && { engine: a.engine }), ...(a.rollout !== undefined && { rollout: a.rollout }),
    },
    createdAt: existing?.createdAt ?? now,
    updatedAt: existing?.updatedAt ?? now,
  };
  if (tally(c, existing, desired)) await repos.apps.upsert({ ...desired, updatedAt: now });
}

async function importTrustedOrigin(repos: Repositories, t: OrgDocument['trustedOrigins'][number], c: ImportCounts): Promise<void> {
  const existing = await repos.trustedOrigins.findByOrigin(t.origin);
  const desired: TrustedOrigin = { id: existing?.id ?? newId('trustedOrigin'), name: t.name, origin: t.origin, scopes: t.scopes };
  if (tally(c, existing, desired)) await repos.trustedOrigins.upsert(desired);
}

/** The declared server replaces its scopes, claims and policies; children keep their ids by name. */
async function importAuthServer(
  repos: Repositories, s: OrgAuthServer, path: string, userIds: Map<string, string>, problems: OrgImportError['errors'], now: number, c: ImportCounts,
): Promise<void> {
  const existing = await repos.authServers.find(s.id);
  const declared = new Set(s.scopes.map((x) => x.name));
  const systemScopes = SYSTEM_SCOPES.filter((x) => !declared.has(x.name)).map((x) => ({ ...x, consent: 'IMPLICIT' as const, default: false }));
  const systemNames = new Set(SYSTEM_SCOPES.map((x) => x.name));
  const desired: AuthServer = {
    id: s.id,
    name: s.name,
    description: s.description,
    audiences: s.audiences,
    status: s.status,
    createdAt: existing?.createdAt ?? now,
    scopes: [...s.scopes, ...systemScopes].map((x) => ({
      id: existing?.scopes.find((e) => e.name === x.name)?.id ?? newId('scope'),
      name: x.name, description: x.description, consent: x.consent, isDefault: x.default, system: systemNames.has(x.name),
    })),
    claims: s.claims.map((x) => ({
      ...x, id: existing?.claims.find((e) => e.name === x.name && e.claimType === x.claimType)?.id ?? newId('claim'),
    })),
    policies: [],
  };
  for (const [j, p] of s.policies.entries()) {
    const old = existing?.policies.find((e) => e.name === p.name);
    const rules: AccessPolicy['rules'] = [];
    for (const [k, r] of p.rules.entries()) {
      const users: string[] = [];
      for (const [l, login] of r.people.users.entries()) {
        const id = userIds.get(login) ?? (await repos.users.findByLogin(login))?.id;
        if (id) users.push(id);
        else problems.push({ path: `${path}.policies[${j}].rules[${k}].people.users[${l}]`, message: `no user "${login}" in the file or the store` });
      }
      rules.push({ ...r, id: old?.rules.find((e) => e.name === r.name)?.id ?? newId('rule'), people: { groups: r.people.groups, users } });
    }
    desired.policies.push({ ...p, id: old?.id ?? newId('policy'), rules });
  }
  if (tally(c, existing && canonicalServer(existing), canonicalServer(desired))) await repos.authServers.save(desired);
}

/** Children in name order, so a stored server and a declared one compare equal when they are. */
function canonicalServer(s: AuthServer): AuthServer {
  return {
    ...s,
    scopes: [...s.scopes].sort(byKey((x) => x.name)),
    claims: [...s.claims].sort(byKey((x) => `${x.name} ${x.claimType}`)),
    policies: [...s.policies].sort(byKey((p) => p.name)).map((p) => ({ ...p, rules: [...p.rules].sort(byKey((r) => r.name)) })),
  };
}

/** A declared sign-in policy replaces its rules; it and its rules keep their ids by name. */
async function importPolicy(repos: Repositories, p: OrgPolicy, stored: Policy[], c: ImportCounts): Promise<void> {
  const existing = stored.find((e) => e.type === p.type && e.name === p.name);
  const desired: Policy = {
    ...p,
    id: existing?.id ?? newId('policy'),
    rules: p.rules.map((r) => ({ ...r, id: existing?.rules.find((e) => e.name === r.name)?.id ?? newId('rule') })),
  };
  const canonical = (x: Policy) => ({ ...x, rules: [...x.rules].sort(byKey((r) => r.name)) });
  if (tally(c, existing && canonical(existing), canonical(desired))) await repos.policies.save(desired);
}

const byKey = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
