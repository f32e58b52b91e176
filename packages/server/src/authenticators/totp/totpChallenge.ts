import type { AuthenticatorContext, VerifyOutcome } from '../authenticator.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages, type Message } from '../../vocabulary/messages.js';
import type { Field } from '../../vocabulary/fields.js';
import { RateLimiter } from '../../platform/rateLimiter.js';
import { matchingStep } from './totpCodes.js';
import { openEnrollmentSecret, sealEnrollmentSecret } from '../enrollmentSecrets.js';

export const TOTP_KEY = 'google_otp';

/** The code field of both forms, flagged as Okta flags it for this authenticator. */
export const passcodeFields = (): Field[] => [{ name: 'passcode', label: 'Enter code', required: true, visible: true }];

/** Codes one user may try, across sign-ins and enrollments: with three codes good at a time, a million guesses stay out of reach. */
const ATTEMPTS_PER_USER = { max: 10, windowMs: 5 * 60_000 };

export const sealSecret = (ctx: Pick<AuthenticatorContext, 'sealing'>, enrollmentId: string, secret: string): string => sealEnrollmentSecret(ctx.sealing, enrollmentId, secret);
export const openSecret = (ctx: AuthenticatorContext, enrollmentId: string, sealed: string): string => openEnrollmentSecret(ctx.sealing, enrollmentId, sealed);

/** Okta answers a wrong code on the field it was typed in. */
export const refused = (message: Message): VerifyOutcome => ({ ok: false, error: new EngineError(401, [], false, { 'credentials.passcode': [message] }) });

/** The time step of the typed code if it is one of the secret's current codes; each try counts against the user's limit. */
export async function typedCodeStep(ctx: AuthenticatorContext, secret: string, credentials: Record<string, unknown>): Promise<number | undefined> {
  const limit = await new RateLimiter(ctx.store, ctx.clock).consume(`totp-verify:${ctx.user?.id ?? ''}`, ATTEMPTS_PER_USER);
  if (!limit.allowed) throw new EngineError(429, [Messages.tooManyRequests], false);
  const code = typeof credentials.passcode === 'string' ? credentials.passcode.trim() : '';
  return /^\d{6}$/.test(code) ? matchingStep(secret, code, ctx.clock.now()) : undefined;
}
