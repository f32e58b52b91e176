import type { Enrollment } from '../authenticator.js';
import { EngineError } from '../../engine/errors.js';
import { Messages } from '../../engine/messages.js';
import { hashPassword } from '../../platform/passwordHashing.js';
import { describeComplexity, meetsComplexity, passwordSettingsFor } from '../../policy/passwordPolicy.js';
import type { AuthenticatorContext } from '../authenticator.js';

const settingsOf = async (ctx: AuthenticatorContext) => passwordSettingsFor(await ctx.policies('PASSWORD'), await ctx.person());

/** Setting a first password: the password policy's complexity rules, then an argon2id hash. */
export const passwordEnrollment: Enrollment = {
  possibleFor: () => true,
  fields: () => [{ name: 'passcode', label: 'Enter password', secret: true }],
  settings: async (ctx) => ({ complexity: (await settingsOf(ctx)).complexity }),
  start: async () => ({}),

  async complete(ctx, credentials) {
    const user = ctx.user!;
    const passcode = typeof credentials.passcode === 'string' ? credentials.passcode : '';
    const { complexity } = await settingsOf(ctx);
    if (!meetsComplexity(passcode, complexity, user.profile)) {
      return { ok: false, error: new EngineError(400, [], false, { 'credentials.passcode': [Messages.passwordRequirementsNotMet(describeComplexity(complexity))] }) };
    }
    const now = ctx.clock.now();
    await ctx.store.users.update(user.id, { passwordHash: await hashPassword(passcode), passwordChangedAt: now }, now);
    return { ok: true };
  },
};
