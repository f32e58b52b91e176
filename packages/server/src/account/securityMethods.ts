import type { Store } from '../store/store.js';
import type { User } from '../store/repositories/users.js';
import type { Session } from '../store/repositories/sessions.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { EVERYONE } from '../store/repositories/groups.js';
import type { Clock } from '../platform/clock.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import { stableId } from '../platform/ids.js';
import type { ConfigCache } from '../org/configCache.js';
import type { Authenticator } from '../authenticators/authenticator.js';
import { AUTHENTICATORS } from '../authenticators/registry.js';
import { authenticatorIdOf } from '../engine/engine.js';
import { enrollmentRequirementsFor } from '../policy/enrollmentPolicy.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages } from '../vocabulary/messages.js';

/** Changing security methods needs a verification this recent in the session (else the person signs in again first). */
export const REVERIFY_WINDOW_MS = 5 * 60_000;
const MAX_NICKNAME = 50;

/** One of the user's enrollments as the person sees it on their page and in the MyAccount API. */
export interface SecurityMethod {
  enrollmentId: string;
  authenticator: Authenticator;
  authenticatorId: string;
  nickname?: string;
  /** What the user may see of it (the masked address of an email). */
  profile?: Record<string, string>;
  /** Known for enrollments stored as their own rows; the password and email live on the user. */
  createdAt: number | null;
  lastUsedAt: number | null;
  /** A stored enrollment can be named and removed; the password and the email are part of the account. */
  manageable: boolean;
  /** Manageable, and not the last of a kind the enrollment policy requires. */
  removable: boolean;
}

export interface SecurityMethodsDeps {
  store: Store;
  config: ConfigCache;
  clock: Clock;
  events: SecurityEventSink;
}

/**
 * What a signed-in person may do with their own authenticators: list them, name one, remove one,
 * and see which others they may add (enrolled through prompt=enroll_authenticator). Changes need a
 * recent verification in the session; the enrollment policy's last required one stays.
 */
export class SecurityMethods {
  constructor(private readonly deps: SecurityMethodsDeps) {}

  async list(user: User): Promise<SecurityMethod[]> {
    const [rows, requirements] = await Promise.all([this.deps.store.authenticatorEnrollments.listOf(user.id), this.requirementsOf(user)]);
    return AUTHENTICATORS.flatMap((a): SecurityMethod[] => {
      const profile = a.presentation?.(user, user.login).profile;
      const common = { authenticator: a, authenticatorId: authenticatorIdOf(a), ...(profile && { profile }) };
      const own = rows.filter((r) => r.authenticatorKey === a.key);
      const removable = requirements[a.key] !== 'REQUIRED' || own.length > 1;
      if (own.length > 0) return own.map((r) => ({ ...common, ...stored(r), removable }));
      // The same id the IDX answers show for it.
      const id = stableId('pae', a.key, user.id);
      return a.isEnrolled(user, rows) ? [{ ...common, enrollmentId: id, createdAt: null, lastUsedAt: null, manageable: false, removable: false }] : [];
    });
  }

  /** Authenticators the enrollment policy lets the user add and that they lack. */
  async addable(user: User): Promise<Authenticator[]> {
    const [rows, requirements] = await Promise.all([this.deps.store.authenticatorEnrollments.listOf(user.id), this.requirementsOf(user)]);
    return AUTHENTICATORS.filter((a) => a.enrollment?.possibleFor(user) && !a.isEnrolled(user, rows)
      && (requirements[a.key] === 'REQUIRED' || requirements[a.key] === 'OPTIONAL'));
  }

  /** Whether the session verified anything in the last few minutes. */
  recentlyVerified(session: Session): boolean {
    return session.verified.some((v) => this.deps.clock.now() - v.at <= REVERIFY_WINDOW_MS);
  }

  /** Names one of the user's stored enrollments; an empty nickname removes it. */
  async rename(user: User, session: Session, enrollmentId: string, nickname: string): Promise<SecurityMethod> {
    const name = nickname.trim();
    if (name.length > MAX_NICKNAME) throw new EngineError(400, [Messages.nicknameInvalid], false);
    await this.manageable(user, session, enrollmentId);
    await this.deps.store.authenticatorEnrollments.rename(enrollmentId, user.id, name || null);
    return (await this.list(user)).find((m) => m.enrollmentId === enrollmentId)!;
  }

  /** Removes one of the user's stored enrollments, unless the enrollment policy requires it and it is their last of its kind. */
  async remove(user: User, session: Session, enrollmentId: string, ip: string): Promise<void> {
    const method = await this.manageable(user, session, enrollmentId);
    if (!method.removable) throw new EngineError(403, [Messages.enrollmentRequired], false);
    if (!(await this.deps.store.authenticatorEnrollments.remove(enrollmentId, user.id))) throw new EngineError(404, [Messages.enrollmentNotFound], false);
    const actor = { id: user.id, type: 'User' as const, alternateId: user.login };
    this.deps.events.record({
      eventType: 'user.mfa.factor.deactivate', outcome: { result: 'SUCCESS' }, actor, client: { ipAddress: ip },
      target: [actor, { id: enrollmentId, type: 'AuthenticatorEnrollment', alternateId: method.authenticator.key }],
    });
  }

  /** The enrollment to change, once the session is fresh enough and it is one that can change. */
  private async manageable(user: User, session: Session, enrollmentId: string): Promise<SecurityMethod> {
    if (!this.recentlyVerified(session)) throw new EngineError(403, [Messages.reverifyRequired], false);
    const method = (await this.list(user)).find((m) => m.enrollmentId === enrollmentId);
    if (!method) throw new EngineError(404, [Messages.enrollmentNotFound], false);
    if (!method.manageable) throw new EngineError(400, [Messages.enrollmentNotManageable], false);
    return method;
  }

  private async requirementsOf(user: User) {
    const person = { id: user.id, groups: [EVERYONE, ...(await this.deps.store.groups.groupNamesOf(user.id))] };
    return enrollmentRequirementsFor(await this.deps.config.policiesOf('MFA_ENROLL'), person);
  }
}

const stored = (r: AuthenticatorEnrollment): Omit<SecurityMethod, 'authenticator' | 'authenticatorId' | 'removable'> => ({
  enrollmentId: r.id, ...(r.nickname && { nickname: r.nickname }), createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, manageable: true,
});
