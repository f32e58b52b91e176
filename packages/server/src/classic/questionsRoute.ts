import type { FastifyInstance } from 'fastify';
import { PREDEFINED_QUESTIONS } from '../authenticators/securityQuestion/questions.js';

/**
 * The security questions a Classic question factor may be enrolled with
 * (`GET /api/v1/users/{userId}/factors/questions`, the link MFA_ENROLL gives the factor): Okta's
 * list, the same for every user, so it says nothing about the user named.
 */
export async function questionsRoute(app: FastifyInstance): Promise<void> {
  app.get('/api/v1/users/:userId/factors/questions', async (_request, reply) =>
    reply.header('Cache-Control', 'no-store').send(PREDEFINED_QUESTIONS.map((q) => ({ question: q.questionKey, questionText: q.question }))));
}
