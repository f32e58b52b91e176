import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DeviceError, type VerifyDevices } from '../authenticators/verify/deviceApi.js';
import { DEVICE_AUTH_SCHEME, DEVICE_PATHS } from '../authenticators/verify/deviceProtocol.js';
import { rateLimit } from '../http/rateLimit.js';
import type { RateLimiter } from '../platform/rateLimiter.js';
import { sendDevicePage } from './devicePage.js';

/** Requests one address may make to the device API (a device polls every few seconds). */
const DEVICE_LIMIT = { max: 60, windowMs: 60_000 };

/** The JWT of `Authorization: Device <jwt>`, or '' (which then fails verification like any bad JWT). */
function deviceJwt(request: FastifyRequest): string {
  const [scheme, jwt] = (request.headers.authorization ?? '').split(' ');
  return scheme === DEVICE_AUTH_SCHEME && jwt ? jwt : '';
}

/** Runs a device request; a refusal is answered `{ error, error_description }` with its status. */
async function answer(reply: FastifyReply, work: () => Promise<unknown>, status = 200) {
  reply.header('Cache-Control', 'no-store');
  try {
    return reply.code(status).send(await work());
  } catch (error) {
    if (!(error instanceof DeviceError)) throw error;
    if (error.status === 401) reply.header('WWW-Authenticate', `${DEVICE_AUTH_SCHEME} error="${error.code}"`);
    return reply.code(error.status).send({ error: error.code, error_description: error.message });
  }
}

/** Latchkey Verify's device API (docs/verify.md) and the device page, at the org URL. Not IDX: the device is not the browser signing in. */
export async function deviceRoutes(app: FastifyInstance, devices: VerifyDevices, limiter: RateLimiter): Promise<void> {
  // Errors in OAuth's shape (error, error_description), as the device API answers its own.
  const config = { surface: 'oauth' as const };
  const preHandler = rateLimit(limiter, { name: 'verify-device', ...DEVICE_LIMIT, key: (r) => r.ip });
  app.post(DEVICE_PATHS.enroll, { config, preHandler }, (request, reply) => answer(reply, () => devices.enroll(deviceJwt(request)), 201));
  app.get(DEVICE_PATHS.challenges, { config, preHandler }, (request, reply) => answer(reply, async () => ({ challenges: await devices.pending(deviceJwt(request)) })));
  app.post(`${DEVICE_PATHS.challenges}/:id/answer`, { config, preHandler }, (request: FastifyRequest<{ Params: { id: string } }>, reply) =>
    answer(reply, () => devices.answer(deviceJwt(request), request.params.id)));
  app.get('/verify', { config }, (_request, reply) => sendDevicePage(reply));
}
