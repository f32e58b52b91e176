import type { FastifyRequest } from 'fastify';
import type { Session } from '../store/repositories/sessions.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';

/** The browser's live session and its cookie's secret, if any (`signIn`: the engine, which knows sessions by their cookie). */
export async function sessionOf(request: FastifyRequest, signIn: { session(sessionToken: string): Promise<Session | undefined> }): Promise<{ token: string; session: Session } | undefined> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  const session = token ? await signIn.session(token) : undefined;
  return session && token ? { token, session } : undefined;
}

/** A form post from another site cannot act for the person: browsers name the page's origin in every POST. */
export const fromOurPage = (request: FastifyRequest, baseUrl: string): boolean => request.headers.origin === new URL(baseUrl).origin;
