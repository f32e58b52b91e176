import { authenticator } from 'otplib';
import { safeEqual } from '../../platform/crypto.js';

/** RFC 6238 as Google Authenticator reads it: SHA-1, 6 digits, 30-second steps. */
const STEP_MS = 30_000;
/** Codes of the step before and after are accepted too (clock drift, typing time). */
const WINDOW = 1;
/** 160 bits, RFC 4226's recommended secret length. */
const SECRET_BYTES = 20;

/** A new shared secret, base32 as authenticator apps take it. */
export const newTotpSecret = (): string => authenticator.generateSecret(SECRET_BYTES);

/** The otpauth:// URI an app scans: the issuer (the org) and the account (the login) name the entry. */
export const totpUri = (secret: string, account: string, issuer: string): string => authenticator.keyuri(account, issuer, secret);

/**
 * The time step (counter) whose code `code` is, within the window around `now`, or undefined. Every
 * candidate is compared in constant time, so timing tells nothing of which step matched or how close the code was.
 */
export function matchingStep(secret: string, code: string, now: number): number | undefined {
  const current = Math.floor(now / STEP_MS);
  let matched: number | undefined;
  for (let step = current - WINDOW; step <= current + WINDOW; step++) {
    if (safeEqual(authenticator.clone({ epoch: step * STEP_MS }).generate(secret), code) && matched === undefined) matched = step;
  }
  return matched;
}
