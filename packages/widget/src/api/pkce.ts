const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A random URL-safe string of `bytes` random bytes (state, nonce, PKCE verifier). */
export const randomString = (bytes = 32): string => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** An RFC 7636 S256 pair. Web Crypto needs a secure context (https, or http on localhost). */
export async function pkcePair(): Promise<Pkce> {
  const verifier = randomString(48);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)) };
}
