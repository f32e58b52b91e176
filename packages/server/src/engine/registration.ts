import type { ConfigCache } from '../org/configCache.js';
import { REGISTRATION_SETTINGS, storedInlineHooks, userSchemaOf } from '../org/registrationSettings.js';
import type { KeyEncryption } from '../platform/keyEncryption.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { profileEnrollmentFor, type ProfileEnrollment } from '../policy/profileEnrollment.js';
import { attributeDefinition, validateProfile } from '../policy/userSchema.js';
import { isUniqueViolation } from '../store/errors.js';
import { newUserStatusDates, normalizeLogin, type User } from '../store/repositories/users.js';
import type { Store } from '../store/store.js';
import type { Message } from '../vocabulary/messages.js';
import type { SecurityEvent, SecurityEventSink } from '../platform/securityEvents.js';
import { RegistrationMessages } from '../vocabulary/registrationMessages.js';
import { callRegistrationHook } from './registrationHook.js';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { EnrollmentRequirement } from '../policy/enrollmentPolicy.js';

export interface RegistrationDeps {
  store: Store;
  config: ConfigCache;
  clock: Clock;
  sealing: KeyEncryption;
  baseUrl: string;
  events: SecurityEventSink;
}

/** A refused profile: messages for the form, and for its fields (keyed `userProfile.<attribute>`). */
export interface ProfileRefusal {
  status: number;
  messages: Message[];
  fieldMessages: Record<string, Message[]>;
}

/** The app's profile enrollment policy, read with the org's user profile schema. */
export async function profileEnrollmentOf(config: ConfigCache, clientId: string): Promise<ProfileEnrollment> {
  return profileEnrollmentFor(await config.policiesOf('PROFILE_ENROLLMENT'), clientId, await userSchemaOf(config));
}

/** Okta's System Log shape: the person acted on their own account. */
const lifecycle = (eventType: 'user.lifecycle.create' | 'user.lifecycle.activate', user: User, ip?: string): SecurityEvent => {
  const actor = { id: user.id, type: 'User' as const, alternateId: user.login };
  return { eventType, outcome: { result: 'SUCCESS' }, actor, ...(ip && { client: { ipAddress: ip } }), target: [actor] };
};

const asFieldMessages = (problems: Record<string, Message[]>): Record<string, Message[]> =>
  Object.fromEntries(Object.entries(problems).map(([name, messages]) => [`userProfile.${name}`, messages]));

/**
 * Creates the account of someone signing up, as the policy says: the submitted profile validated,
 * an address already taken refused on the email field (as Okta does: registration tells), the
 * inline hook asked (it may refuse or change the profile), then the user created — STAGED while
 * the policy wants the email verified first, else ACTIVE — in the policy's groups.
 */
export async function registerUser(
  deps: RegistrationDeps, policy: ProfileEnrollment, submitted: Record<string, unknown>, ip: string,
): Promise<{ user: User } | ProfileRefusal> {
  const { values, problems } = validateProfile(policy.attributes, submitted);
  if (Object.keys(problems).length > 0) return { status: 400, messages: [], fieldMessages: asFieldMessages(problems) };
  // Checked before the hook (it is not asked about an address that cannot register) and after (it may change the address).
  if (await deps.store.users.findByLogin(String(values.email))) return taken();
  const asked = await askHooks(deps, policy, values, ip);
  if ('refusal' in asked) return asked.refusal;
  const hooked = asked.profile;
  const email = String(hooked.email);
  if (email !== values.email && (await deps.store.users.findByLogin(email))) return taken();
  const now = deps.clock.now();
  const status = policy.emailVerification ? 'STAGED' : 'ACTIVE';
  const user: User = {
    id: newId('user'), login: normalizeLogin(email), status, profile: { ...hooked, login: email, email }, passwordHash: null, passwordChangedAt: null,
    createdAt: now, updatedAt: now, lastLoginAt: null, failedLogins: 0, lockedUntil: null, emailVerifiedAt: null, ...newUserStatusDates(status, now),
  };
  try {
    await deps.store.transaction(async (repos) => {
      await repos.users.insert(user);
      const groups = await Promise.all(policy.targetGroups.map((name) => repos.groups.findByName(name)));
      await repos.groups.setMemberships(user.id, groups.flatMap((g) => (g ? [g.id] : [])));
    });
  } catch (error) {
    // Two sign-ups with one address at once: the second finds it taken.
    if (isUniqueViolation(error)) return taken();
    throw error;
  }
  deps.events.record(lifecycle('user.lifecycle.create', user, ip));
  return { user };
}

const taken = (): ProfileRefusal => ({ status: 400, messages: [], fieldMessages: { 'userProfile.email': [RegistrationMessages.notUniqueWithinOrg('Email')] } });

/**
 * The policy's inline hooks, in order: each may refuse or set attribute values. Only attributes the
 * profile schema has are kept from its updates (Okta's rule); an email it sets is checked again.
 */
async function askHooks(deps: RegistrationDeps, policy: ProfileEnrollment, profile: Record<string, unknown>, ip: string): Promise<{ profile: Record<string, unknown> } | { refusal: ProfileRefusal }> {
  if (policy.inlineHookIds.length === 0) return { profile };
  const hooks = storedInlineHooks(await deps.config.setting(REGISTRATION_SETTINGS.inlineHooks));
  const schema = await userSchemaOf(deps.config);
  let current = profile;
  for (const id of policy.inlineHookIds) {
    const hook = hooks.find((h) => h.id === id && h.status === 'ACTIVE');
    if (!hook) continue;
    const decision = await callRegistrationHook({ hook, sealing: deps.sealing, baseUrl: deps.baseUrl, ip, now: deps.clock.now(), userProfile: current });
    if (!decision.allowed) return { refusal: { status: 400, messages: decision.messages, fieldMessages: asFieldMessages(decision.fieldMessages) } };
    current = Object.fromEntries(Object.entries(decision.profile).filter(([name]) => attributeDefinition(schema, name)));
  }
  const email = policy.attributes.filter((a) => a.name === 'email');
  const { problems } = validateProfile(email, current);
  return Object.keys(problems).length > 0 ? { refusal: { status: 400, messages: [], fieldMessages: asFieldMessages(problems) } } : { profile: current };
}

/**
 * Progressive profiling: stores the attributes asked of a signed-in user, validated against the
 * form they were asked with.
 */
export async function completeProfile(
  deps: Pick<RegistrationDeps, 'store' | 'clock'>, user: User, asked: ProfileEnrollment['attributes'], submitted: Record<string, unknown>,
): Promise<ProfileRefusal | undefined> {
  const { values, problems } = validateProfile(asked.map((a) => ({ ...a, required: true })), submitted);
  if (Object.keys(problems).length > 0) return { status: 400, messages: [], fieldMessages: asFieldMessages(problems) };
  await deps.store.users.update(user.id, { profile: { ...user.profile, ...values } }, deps.clock.now());
  return undefined;
}

/** A new user whose policy wants the email verified before access must enroll the email authenticator, not skip it. */
export const registrationRequirements = (txn: IdxTransaction): Record<string, EnrollmentRequirement> =>
  (txn.state.registered?.emailVerification ? { okta_email: 'REQUIRED' } : {});

/**
 * The sign-in of an account awaiting activation succeeds: it becomes ACTIVE. Only registration (the
 * user registered in this transaction, with their email verified where the policy asked it first) and
 * an activation token bring a STAGED or PROVISIONED user this far: they cannot identify otherwise.
 */
export async function activateRegistered(deps: Pick<RegistrationDeps, 'store' | 'clock' | 'events'>, txn: IdxTransaction, user: User): Promise<void> {
  if ((user.status !== 'STAGED' && user.status !== 'PROVISIONED') || (txn.state.registered && user.emailVerifiedAt === null)) return;
  await deps.store.users.update(user.id, { status: 'ACTIVE' }, deps.clock.now());
  deps.events.record(lifecycle('user.lifecycle.activate', user));
}
