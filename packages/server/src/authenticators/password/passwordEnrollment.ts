import type { Enrollment } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { hashPassword } from '../../platform/passwordHashing.js';
import { passwordSettingsFor } from '../../policy/passwordPolicy.js';
import type { AuthenticatorContext } from '../authenticator.js';
import { newPasswordRefusal, replacePassword } from './newPassword.js';

const settingsOf = async (ctx: AuthenticatorContext) => passwordSettingsFor(await ctx.policies('PASSWORD'), await ctx.person());

/** Setting a password: the password policy's rules, then an argon2id hash. */
export const passwordEnrollment: Enrollment = {
  possibleFor: () => true,
  fields: () => [{ name: 'passcode', label: 'Enter password', secret: true }],
  // Okta's IDX leaves the common-password check (`dictionary`) out of these settings, and Okta's
  // widget (v7) fails on a complexity key it does not know: the check shows when it refuses.
  // The age rules go along when the policy has any (the widget then lists them).
  settings: async (ctx) => {
    const { complexity: { dictionary: _dictionary, ...complexity }, age } = await settingsOf(ctx);
    return { complexity, ...((age.historyCount > 0 || age.minAgeMinutes > 0) && { age }) };
  },
  start: async () => ({}),

  async complete(ctx, credentials) {
    const user = ctx.user!;
    const passcode = typeof credentials.passcode === 'string' ? credentials.passcode : '';
    const now = ctx.clock.now();
    const refusal = await newPasswordRefusal(ctx.store, await settingsOf(ctx), user, passcode, now);
    if (refusal) return { ok: false, error: new EngineError(400, [], false, { 'credentials.passcode': [refusal] }) };
    await replacePassword(ctx.store, user, await hashPassword(passcode), now);
    return { ok: true };
  },
};
