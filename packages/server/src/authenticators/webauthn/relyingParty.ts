import type { AuthenticatorContext } from '../authenticator.js';
import { newSecret } from '../../platform/ids.js';

export const WEBAUTHN_KEY = 'webauthn';

export type UserVerification = 'discouraged' | 'preferred' | 'required';

/** The org file's settings of the authenticator, as WebAuthn spells them. */
export async function webauthnSettings(ctx: AuthenticatorContext): Promise<{ userVerification: UserVerification; passkeySignIn: boolean }> {
  const { userVerification, passkeySignIn } = await ctx.authenticatorSettings(WEBAUTHN_KEY);
  const uv = typeof userVerification === 'string' ? userVerification.toLowerCase() : 'preferred';
  return { userVerification: (['discouraged', 'preferred', 'required'].includes(uv) ? uv : 'preferred') as UserVerification, passkeySignIn: passkeySignIn === true };
}

/** A ceremony's challenge: 256 random bits, base64url (each is answered at most once). */
export const newChallenge = (): string => newSecret(32);

/** The relying party is the org: its host is the RP ID, so credentials are bound to the org's domain. */
export const rpIdOf = (ctx: AuthenticatorContext): string => new URL(ctx.baseUrl).hostname;

/** Pages a ceremony may run in: the org's own, and the trusted origins an embedded widget is served from. */
export async function expectedOrigins(ctx: AuthenticatorContext): Promise<string[]> {
  const trusted = (await ctx.store.trustedOrigins.list()).filter((t) => t.scopes.includes('CORS')).map((t) => t.origin);
  return [new URL(ctx.baseUrl).origin, ...trusted];
}

/**
 * A binary field the client sent, as base64url: Okta's widget sends standard base64 (btoa),
 * okta-auth-js base64url; Node decodes both. Undefined when it is not a non-empty string.
 */
export function base64urlField(credentials: Record<string, unknown>, name: string): string | undefined {
  const value = credentials[name];
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, 'base64').toString('base64url');
}
