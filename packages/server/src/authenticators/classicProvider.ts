import type { ClassicFactor } from './authenticator.js';

/**
 * The provider, other than its own, that Classic's authn names a factor by (TOTP: OKTA besides GOOGLE),
 * as a choice (`provider` chosen with it) or an enrollment's profile remembers it; undefined: its own.
 */
export function otherProvider(classic: ClassicFactor | undefined, record: Record<string, unknown> | undefined): string | undefined {
  const provider = record?.provider;
  return typeof provider === 'string' && classic?.otherProviders?.includes(provider) ? provider : undefined;
}
