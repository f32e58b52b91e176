type Json = Record<string, unknown>;

/** Okta's authn links: an href and the methods it takes. */
export const link = (href: string, extra: Json = {}): Json => ({ ...extra, href, hints: { allow: ['POST'] } });
