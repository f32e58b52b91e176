type Json = Record<string, unknown>;

/** Okta's authn links: an href and the methods it takes. */
export const link = (href: string, extra: Json = {}): Json => ({ ...extra, href, hints: { allow: ['POST'] } });

/** The URL of an authn call under the org. */
export const authnUrl = (baseUrl: string, path: string): string => `${baseUrl}/api/v1/authn${path}`;
