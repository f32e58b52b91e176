import { createHash } from 'node:crypto';
import { safeEqual } from '../platform/crypto.js';

/**
 * The anti-forgery token of the page's forms: derived from the session cookie's secret (which no
 * other site can read), so it is good for this session only and needs nothing stored.
 */
export const csrfToken = (sessionToken: string): string => createHash('sha256').update(`csrf\u0000${sessionToken}`).digest('base64url');

export const csrfValid = (sessionToken: string, sent: unknown): boolean => typeof sent === 'string' && safeEqual(sent, csrfToken(sessionToken));
