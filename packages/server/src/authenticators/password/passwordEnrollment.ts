import type { Enrollment } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages } from '../../vocabulary/messages.js';
import { hashPassword } from '../../platform/passwordHashing.js';
import { describeComplexity, passwordProblem, passwordSettingsFor } from '../../policy/passwordPolicy.js';
import type { AuthenticatorContext } from '../authenticator.js';
import type { UserStatus } from '../../store/repositories/users.js';

/** Statuses a new password makes ACTIVE. */
const AWAITING_PASSWORD: readonly UserStatus[] = ['STAGED', 'PROVISIONED', 'PASSWORD_EXPIRED'];

const settingsOf = async (ctx: AuthenticatorContext) => passwordSettingsFor(await ctx.policies('PASSWORD'), await ctx.person());

/** Setting a first password: the password policy's rules, then an argon2id hash. */
export const passwordEnrollment: Enrollment = {
  possibleFor: () => true,
  fields: () => [{ name: 'passcode', label: 'Enter password', secret: true }],
  // Okta's IDX leaves the common-password check (`dictionary`) out of these settings, and Okta's
  // widget (v7) fails on a complexity key it does not know: the check shows when it refuses.
  settings: async (ctx) => {
    const { dictionary: _dictionary, ...complexity } = (await settingsOf(ctx)).complexity;
    return { complexity };
  },
  start: async () => ({}),

  async complete(ctx, credentials) {
    const user = ctx.user!;
    const passcode = typeof credentials.passcode === 'string' ? credentials.passcode : '';
    const { complexity } = await settingsOf(ctx);
    const problem = passwordProblem(passcode, complexity, user.profile);
    if (problem) {
      const message = problem === 'common' ? Messages.commonPassword : Messages.passwordRequirementsNotMet(describeComplexity(complexity));
      return { ok: false, error: new EngineError(400, [], false, { 'credentials.passcode': [message] }) };
    }
    const now = ctx.clock.now();
    // A new password ends what was waiting for one: an activation, an administrator's expiry.
    const status = AWAITING_PASSWORD.includes(user.status) ? { status: 'ACTIVE' as const } : {};
    await ctx.store.users.update(user.id, { passwordHash: await hashPassword(passcode), passwordChangedAt: now, ...status }, now);
    return { ok: true };
  },
};
