import type { FastifyInstance } from 'fastify';
import type { Logger } from '../platform/logger.js';
import type { SignInEngineName, SignInOutcome } from '../store/repositories/engineSignIns.js';
import type { Store } from '../store/store.js';

type Outcome = { clientId: string; engine: SignInEngineName; outcome: SignInOutcome };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers read by their documented keys

/**
 * Classic authn: SUCCESS (of any authn request: a sign-in, a factor, an enrollment, a reset), or a
 * refused password or passcode, or a lock. A success names its app only on the hosted page (its
 * `target`); else it counts under '' until an app redeems its sessionToken (SessionTokens.redeem moves it there).
 */
function classicOutcome(status: number, body: Json): Outcome | undefined {
  const outcome = (o: SignInOutcome): Outcome => ({ clientId: body._embedded?.target?.clientId ?? '', engine: 'classic', outcome: o });
  if (status === 200 && body.status === 'SUCCESS') return outcome('success');
  if (status === 200 && body.status === 'LOCKED_OUT') return outcome('failure');
  if ((status === 401 && body.errorCode === 'E0000004') || (status === 403 && body.errorCode === 'E0000068')) return outcome('failure');
  return undefined;
}

/** IDX: a finished sign-in (its interaction code or redirect), or a refused answer of a sign-in of a known app. */
function identityEngineOutcome(status: number, body: Json): Outcome | undefined {
  const clientId = body.app?.value?.id;
  if (typeof clientId !== 'string') return undefined;
  if (status === 200 && (body.successWithInteractionCode || body.success)) return { clientId, engine: 'identity_engine', outcome: 'success' };
  if (status === 401 || status === 403) return { clientId, engine: 'identity_engine', outcome: 'failure' };
  return undefined;
}

const SURFACES: Array<{ path: RegExp; read: (status: number, body: Json) => Outcome | undefined }> = [
  { path: /^\/api\/v1\/authn(\/|$)/, read: classicOutcome },
  { path: /^\/idp\/idx\//, read: identityEngineOutcome },
];

/**
 * Counts sign-in outcomes per engine and app from the answers of both surfaces, as they leave (so
 * neither surface nor the engine knows of it): what `latchkey upgrade status` shows while an app moves.
 * A count that cannot be written is logged, never fails the sign-in.
 */
export function countSignIns(app: FastifyInstance, store: Store, logger: Logger): void {
  // Before serialization: the answer is still the object the surface built, so nothing is parsed again.
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.method !== 'POST' || !payload || typeof payload !== 'object') return payload;
    const surface = SURFACES.find((s) => s.path.test(request.url.split('?')[0]));
    const outcome = surface?.read(reply.statusCode, payload as Json);
    if (outcome) await store.engineSignIns.record(outcome.clientId, outcome.engine, outcome.outcome).catch((error: unknown) => logger.warn({ err: error }, 'sign-in count not recorded'));
    return payload;
  });
}

/** Folds the counts' log into the totals (every process, now and then; see EngineSignInsRepository). */
export const rollUpSignIns = (store: Store): Promise<number> => store.writeTransaction((repos) => repos.engineSignIns.rollUp());
