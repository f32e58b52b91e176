import { newId } from '../platform/ids.js';
import { isUniqueViolation } from '../store/errors.js';
import type { Group } from '../store/repositories/groups.js';
import { newUserStatusDates, type User, type UserStatus } from '../store/repositories/users.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { checkChoice } from '../authenticators/securityQuestion/answers.js';
import { CUSTOM_QUESTION_KEY, SECURITY_QUESTION_KEY } from '../authenticators/securityQuestion/questions.js';
import { answerMinLength } from '../authenticators/securityQuestion/securityQuestionEnrollment.js';
import { sealAnswer } from '../authenticators/securityQuestion/storedAnswers.js';
import { sendActivationLink } from './activation.js';
import { userSchemaOf } from './registrationSettings.js';
import { checkedProfile, InvalidUserInput, loginTaken } from './userProfileInput.js';
import { adminPasswordHash } from './adminPassword.js';
import { userEvent, type Actor, type UserAdminDeps } from './userAdmin.js';

/** A user as an administrator creates one (Okta's `POST /api/v1/users` body and its `activate` flag). */
export interface NewUserInput {
  profile: Record<string, unknown>;
  password?: string;
  recoveryQuestion?: { question: string; answer: string };
  groupIds: string[];
  activate: boolean;
  /** Okta's `nextLogin=changePassword`: an activated user's password is expired, to be replaced at their first sign-in. */
  changePasswordAtNextLogin: boolean;
}

/**
 * Okta's status of a new user: STAGED when not activated; activated, ACTIVE with a password (or
 * PASSWORD_EXPIRED when it must be changed at the first sign-in), else PROVISIONED until they set
 * one through their activation link.
 */
function statusOf(input: NewUserInput): UserStatus {
  if (!input.activate) return 'STAGED';
  if (input.password === undefined) return 'PROVISIONED';
  return input.changePasswordAtNextLogin ? 'PASSWORD_EXPIRED' : 'ACTIVE';
}

/**
 * Creates a user: the profile checked against the org's schema, the groups found, the password
 * checked against the password policy that applies to the user (by those groups) and hashed off the
 * event loop, the recovery question checked as the security question's enrollment checks it (it
 * becomes that enrollment, with a question of the user's own). All written in one transaction; a
 * login taken (now or by a concurrent create) is refused on the login field. A PROVISIONED user is
 * emailed an activation link. Throws InvalidUserInput.
 */
export async function createUser(deps: UserAdminDeps, input: NewUserInput, actor: Actor): Promise<User> {
  const { store, config, clock } = deps;
  const profile = checkedProfile(await userSchemaOf(config), input.profile);
  if (await store.users.findByLogin(profile.login)) throw loginTaken();
  const groups = await groupsOf(deps, input.groupIds);
  const now = clock.now();
  const id = newId('user');
  const status = statusOf(input);
  const user: User = {
    id, login: profile.login, status, profile, passwordHash: null, passwordChangedAt: null,
    createdAt: now, updatedAt: now, lastLoginAt: null, failedLogins: 0, lockedUntil: null, emailVerifiedAt: null, ...newUserStatusDates(status, now),
  };
  const answered = input.recoveryQuestion && (await checkedRecoveryQuestion(deps, input.recoveryQuestion));
  // argon2 is slow on purpose: hash (the password, the answer) once all is checked, and before the transaction so it does not hold the database meanwhile.
  if (input.password !== undefined) {
    Object.assign(user, { passwordHash: await adminPasswordHash(deps, user, groups.map((g) => g.name), input.password, now), passwordChangedAt: now });
  }
  const question = answered && (await questionEnrollment(deps, id, answered, now));
  try {
    // A transaction that writes first (so not writeTransaction, whose SQLite connection is no Kysely transaction for setMemberships).
    await store.transaction(async (repos) => {
      await repos.users.insert(user);
      if (groups.length > 0) await repos.groups.setMemberships(id, groups.map((g) => g.id));
      if (question) await repos.authenticatorEnrollments.insert(question);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw loginTaken();
    throw error;
  }
  deps.events.record(userEvent('user.lifecycle.create', actor, user));
  if (user.status !== 'STAGED') deps.events.record(userEvent('user.lifecycle.activate', actor, user));
  if (user.status === 'PROVISIONED') await sendActivationLink(deps, user.login);
  return user;
}

/** The groups named by id; one that does not exist is refused (Okta's wording of that refusal is not known). */
async function groupsOf(deps: UserAdminDeps, groupIds: string[]): Promise<Group[]> {
  const found = await Promise.all([...new Set(groupIds)].map(async (id) => ({ id, group: await deps.store.groups.findById(id) })));
  const missing = found.filter((f) => !f.group);
  if (missing.length > 0) throw new InvalidUserInput(missing.map((m) => ({ field: 'groupIds', message: `Group ${m.id} does not exist` })));
  return found.map((f) => f.group!);
}

const questionContext = (deps: UserAdminDeps) => ({ sealing: deps.sealing, authenticatorSettings: (key: string) => deps.config.authenticatorSettings(key) });

/** Okta's `credentials.recovery_question`, checked as the security question's enrollment checks a question of the person's own. */
async function checkedRecoveryQuestion(deps: UserAdminDeps, given: { question: string; answer: string }): Promise<{ question: string; answer: string }> {
  const choice = checkChoice({ questionKey: CUSTOM_QUESTION_KEY, ...given }, await answerMinLength(questionContext(deps)));
  if (!choice.ok) {
    throw new InvalidUserInput(Object.entries(choice.fieldMessages).map(([field, messages]) => ({ field: field.replace('credentials.', ''), message: messages[0].text })));
  }
  return choice;
}

/** The recovery question as the user's security question enrollment: their own question, the answer hashed and sealed. */
async function questionEnrollment(deps: UserAdminDeps, userId: string, answered: { question: string; answer: string }, now: number): Promise<AuthenticatorEnrollment> {
  const id = newId('authenticatorEnrollment');
  return {
    id, userId, authenticatorKey: SECURITY_QUESTION_KEY, status: 'ACTIVE', profile: { questionKey: CUSTOM_QUESTION_KEY, question: answered.question },
    sealedSecret: await sealAnswer(questionContext(deps), id, answered.answer), createdAt: now, lastUsedAt: null, lastStep: null,
  };
}
