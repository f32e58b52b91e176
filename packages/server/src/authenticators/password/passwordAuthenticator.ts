import type { Authenticator, AuthenticatorContext, VerifyOutcome } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { hashMatchingNothing, hashPassword, needsRehash, verifyPassword } from '../../platform/passwordHashing.js';
import { passwordSettingsFor } from '../../policy/passwordPolicy.js';
import type { User } from '../../store/repositories/users.js';
import { passwordEnrollment } from './passwordEnrollment.js';
import { lockoutOf } from './lockout.js';

const wrongPassword = (): VerifyOutcome => ({
  ok: false,
  error: new EngineError(401, [Messages.incorrectPassword], false),
});

/** Locked out: by this very answer (`locked`) or before it (`suspended`). */
const suspended = (lockout: 'locked' | 'suspended'): VerifyOutcome => ({
  ok: false,
  error: new EngineError(403, [Messages.factorSuspended], false),
  lockout,
});

/**
 * The password authenticator: argon2id (imported bcrypt/PBKDF2 hashes verify and are upgraded on
 * success), lockout after the password policy's failures with automatic unlock after its duration.
 */
export const passwordAuthenticator: Authenticator = {
  key: 'okta_password',
  type: 'password',
  displayName: 'Password',
  factorClass: 'knowledge',
  amr: 'pwd',
  methodType: 'password',
  isEnrolled: (user: User) => user.passwordHash !== null,
  answerFields: () => [{ name: 'passcode', label: 'Password', secret: true }],
  challenge: async () => ({}),

  async verify(ctx: AuthenticatorContext, credentials: Record<string, unknown>): Promise<VerifyOutcome> {
    const passcode = typeof credentials.passcode === 'string' ? credentials.passcode : '';
    const { user, store, clock } = ctx;
    const now = clock.now();
    const lockout = await lockoutOf(ctx);
    if (lockout.lockedUntil !== null) {
      if (lockout.lockedUntil > now) return suspended('suspended');
      await lockout.unlock();
    }
    const settings = passwordSettingsFor(await ctx.policies('PASSWORD'), await ctx.person());
    const matches = await verifyPassword(passcode, user?.passwordHash ?? (await hashMatchingNothing()));
    if (!matches || !user?.passwordHash) {
      const failures = await lockout.fail();
      const { maxAttempts, autoUnlockMinutes } = settings.lockout;
      if (maxAttempts > 0 && failures >= maxAttempts) {
        // Without auto-unlock the lock lasts until an administrator lifts it (far future).
        await lockout.lock(autoUnlockMinutes === null ? Number.MAX_SAFE_INTEGER : now + autoUnlockMinutes * 60_000);
        return suspended('locked');
      }
      return wrongPassword();
    }
    if (needsRehash(user.passwordHash)) {
      await store.users.update(user.id, { passwordHash: await hashPassword(passcode) }, now);
    }
    return { ok: true };
  },

  enrollment: passwordEnrollment,
};
