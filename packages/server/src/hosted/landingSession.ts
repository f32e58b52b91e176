import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { SignInEngine } from '../engine/engine.js';
import type { Session } from '../store/repositories/sessions.js';
import { readCookie, SESSION_COOKIE } from '../http/cookies.js';
import { safeEqual } from '../platform/crypto.js';

/** The browser's live session and its cookie's secret, if any. */
export async function sessionOf(request: FastifyRequest, signIn: SignInEngine): Promise<{ token: string; session: Session } | undefined> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  const session = token ? await signIn.session(token) : undefined;
  return session && token ? { token, session } : undefined;
}

/** A form post from another site cannot act for the person: browsers name the page's origin in every POST. */
export const fromOurPage = (request: FastifyRequest, baseUrl: string): boolean => request.headers.origin === new URL(baseUrl).origin;

/**
 * The anti-forgery token of the page's forms: derived from the session cookie's secret (which no
 * other site can read), so it is good for this session only and needs nothing stored.
 */
export const csrfToken = (sessionToken: string): string => createHash('sha256').update(`csrf\u0000${sessionToken}`).digest('base64url');

export const csrfValid = (sessionToken: string, sent: unknown): boolean => typeof sent === 'string' && safeEqual(sent, csrfToken(sessionToken));
