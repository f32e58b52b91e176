import type { FastifyReply } from 'fastify';
import { sendMessagePage } from './messagePage.js';

/**
 * An error that cannot be sent back to the app (unknown client, unregistered redirect URI, a
 * finished or expired sign-in): shown to the person on a Latchkey page instead of redirecting
 * anywhere an attacker could choose.
 */
export function sendErrorPage(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return sendMessagePage(reply, { status, title: 'Something went wrong', text: description, role: 'alert', data: { name: 'error', value: error } });
}
