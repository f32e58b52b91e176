import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { SignInEngine, RequestContext } from '../engine/engine.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages } from '../vocabulary/messages.js';
import type { Step } from '../engine/step.js';
import { DEVICE_COOKIE, deviceCookie, LINK_BINDING_COOKIE, LINK_BINDING_PATH, readCookie, SESSION_COOKIE, sessionCookie } from '../http/cookies.js';
import type { SignInMemory } from '../engine/signInSignals.js';
import { identifierLimit, rateLimit, unlockIdentifierLimit } from '../http/rateLimit.js';
import type { RateLimiter } from '../platform/rateLimiter.js';
import { renderStep, renderTerminal, sendIon, withFieldMessages } from './render.js';
import { sendMessagePage } from '../http/messagePage.js';
import { str, type Body } from '../http/requestBody.js';
import { AUTHENTICATORS } from '../authenticators/registry.js';
import { RECOVERY, REGISTRATION, SIGN_IN } from '../engine/journeys/index.js';
import { PROFILE_UPDATE } from '../engine/journeys/profileCompletion.js';
import { KEEP_ME_SIGNED_IN } from '../engine/journeys/staySignedInPrompt.js';
import { SELECT_UNLOCK_FORM, UNLOCK } from '../engine/journeys/unlock.js';
import { REQUEST_ACTIVATION_FORM } from '../engine/journeys/activationRequest.js';
import { expired } from '../engine/transactions.js';

/** Requests one transaction may make: Okta's documented 10 per state token per 5 s (polling every 4 s uses 2). */
const IDX_STATE_LIMIT = { max: 10, windowMs: 5_000 };

const obj = (value: unknown): Body | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : undefined);

/** A request the IDX API cannot act on (no handle, wrong shapes): answered as Okta does, terminally. */
const malformed = () => new EngineError(400, [Messages.malformed], true);

/**
 * The IDX API (`/idp/idx/*`) at the org URL: each remediation posts here with the stateHandle;
 * every answer, error or not, is a full ion response the client reads as its next state.
 */
export async function idxRoutes(app: FastifyInstance, engine: SignInEngine, baseUrl: string, limiter: RateLimiter, memory: SignInMemory): Promise<void> {
  // Okta's clients send ion and vendor JSON media types; all are JSON.
  app.addContentTypeParser(['application/ion+json', 'application/vnd.okta.v1+json'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('malformed JSON'), { statusCode: 400 }), undefined);
    }
  });

  const context = (request: FastifyRequest): RequestContext => ({ ip: request.ip, sessionToken: readCookie(request.headers.cookie, SESSION_COOKIE) });
  const secure = baseUrl.startsWith('https:');

  /**
   * Runs one step; engine errors become IDX answers: the current state with the messages when the
   * transaction can go on, a terminal answer when it cannot. `work` reports the transaction it found.
   */
  async function respond(request: FastifyRequest, reply: FastifyReply, work: (found: (txn: IdxTransaction) => IdxTransaction) => Promise<Step>) {
    reply.header('Cache-Control', 'no-store');
    let txn: IdxTransaction | undefined;
    // The browser's device: the policies' device condition and risk scorer read it from the transaction.
    const device = memory.identifyDevice(readCookie(request.headers.cookie, DEVICE_COOKIE));
    if (device.newToken) reply.header('Set-Cookie', deviceCookie(device.newToken, { secure }));
    try {
      const step = await work((found) => {
        found.state.device = device.hash;
        return (txn = found);
      });
      if (step.view.success && txn?.userId) await memory.signedIn(txn.userId, device.hash, request.ip, step);
      if (step.sessionCookie) reply.header('Set-Cookie', sessionCookie(SESSION_COOKIE, step.sessionCookie.token, { secure, expiresAt: step.sessionCookie.expiresAt }));
      // A challenge that a link can complete: this browser is the one signing in (see SignInEngine.openMagicLink).
      if (step.view.current?.pollMs !== undefined && txn) {
        reply.header('Set-Cookie', sessionCookie(LINK_BINDING_COOKIE, engine.browserBinding(txn), { secure, path: LINK_BINDING_PATH }));
      }
      return sendIon(reply, step.status, renderStep(step, baseUrl));
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      if (error.terminal || !txn) return sendIon(reply, error.status, renderTerminal(error.messages));
      return sendIon(reply, error.status, await currentStateWith(request, txn, error));
    }
  }

  /**
   * The state to answer with after a step failed: re-read (another request may have moved the
   * transaction on meanwhile), with the failure's messages. If even that fails, a terminal answer.
   */
  async function currentStateWith(request: FastifyRequest, stale: IdxTransaction, error: EngineError) {
    try {
      const current = await engine.reload(stale);
      current.state.device = stale.state.device;
      const step = await engine.introspect(current, context(request));
      return renderStep({ ...step, view: withFieldMessages({ ...step.view, messages: error.messages }, error.fieldMessages) }, baseUrl);
    } catch (again) {
      if (again instanceof EngineError) return renderTerminal(again.messages);
      throw again;
    }
  }

  /** The transaction named by the body's stateHandle (okta-auth-js calls it stateToken at introspect); a Classic one (authn's stateToken) is not IDX's. */
  async function transactionOf(body: Body): Promise<IdxTransaction> {
    const handle = str(body.stateHandle) ?? str(body.stateToken);
    if (!handle) throw malformed();
    const txn = await engine.byStateHandle(handle);
    if (txn.request.classic) throw expired();
    return txn;
  }

  const config = { surface: 'idx' as const };
  // Okta-style limits, counted in the store so every process shares them: per transaction (a
  // runaway client or script) and per identifier (guessing at one account from many transactions).
  const bodyOf = (request: FastifyRequest) => obj(request.body) ?? {};
  const perTransaction = rateLimit(limiter, { name: 'idx-state', ...IDX_STATE_LIMIT, key: (r) => str(bodyOf(r).stateHandle) ?? str(bodyOf(r).stateToken) ?? str(bodyOf(r).interactionHandle) });
  const identifierOf = (r: FastifyRequest) => str(bodyOf(r).identifier);
  // The identify form names the account, and so does the unlock form (posted to /challenge; a sign-in's choice there names none).
  const perIdentifier: Record<string, ReturnType<typeof rateLimit>> = {
    '/idp/idx/identify': identifierLimit(limiter, identifierOf), '/idp/idx/challenge': unlockIdentifierLimit(limiter, identifierOf),
  };
  const route = (path: string, step: (txn: IdxTransaction, body: Body, ctx: RequestContext) => Promise<Step>) =>
    app.post(path, { config, preHandler: [perTransaction, ...(perIdentifier[path] ? [perIdentifier[path]] : [])] }, (request, reply) => {
      const body = obj(request.body) ?? {};
      return respond(request, reply, async (found) => step(found(await transactionOf(body)), body, context(request)));
    });

  app.post('/idp/idx/introspect', { config, preHandler: perTransaction }, async (request, reply) => {
    const body = obj(request.body) ?? {};
    return respond(request, reply, async (found) => {
      const interactionHandle = str(body.interactionHandle);
      const txn = found(interactionHandle ? await engine.byInteractionHandle(interactionHandle) : await transactionOf(body));
      return engine.introspect(txn, context(request));
    });
  });

  route('/idp/idx/identify', (txn, body, ctx) => {
    const identifier = str(body.identifier) ?? '';
    return engine.identify(txn, identifier, obj(body.credentials), ctx, body.rememberMe === true);
  });
  route('/idp/idx/challenge/answer', (txn, body, ctx) => engine.answer(txn, obj(body.credentials) ?? {}, ctx));
  // The authenticator object may carry what is chosen with it (the phone's methodType and phoneNumber), and which enrollment.
  // The unlock form posts here too, naming the account (identifier) with the authenticator.
  route('/idp/idx/challenge', (txn, body, ctx) => (body.identifier !== undefined
    ? engine.submit(txn, SELECT_UNLOCK_FORM, body, ctx)
    : engine.select(txn, str(obj(body.authenticator)?.id) ?? '', ctx, str(obj(body.authenticator)?.enrollmentId), obj(body.authenticator))));
  route('/idp/idx/unlock-account', (txn, _body, ctx) => engine.startJourney(txn, UNLOCK, ctx));
  // An activation link no longer valid: a new one by email (journeys/activationRequest.ts).
  route('/idp/idx/request-activation', (txn, body, ctx) => engine.submit(txn, REQUEST_ACTIVATION_FORM, body, ctx));
  route('/idp/idx/credential/enroll', (txn, body, ctx) => engine.selectEnrollment(txn, str(obj(body.authenticator)?.id) ?? '', ctx, obj(body.authenticator)));
  route('/idp/idx/skip', (txn, _body, ctx) => engine.skip(txn, ctx));
  // Self-service registration and progressive profiling (docs/registration.md).
  route('/idp/idx/enroll', (txn, _body, ctx) => engine.startJourney(txn, REGISTRATION, ctx));
  route('/idp/idx/enroll/new', (txn, body, ctx) => engine.submit(txn, 'enroll-profile', body, ctx));
  route('/idp/idx/identify/select', (txn, _body, ctx) => engine.startJourney(txn, SIGN_IN, ctx));
  route('/idp/idx/enroll/update', (txn, body, ctx) => engine.submit(txn, PROFILE_UPDATE, body, ctx));
  // "Stay signed in?" after the sign-in (engine/journeys/staySignedInPrompt.ts).
  route('/idp/idx/keep-me-signed-in', (txn, body, ctx) => engine.submit(txn, KEEP_ME_SIGNED_IN, body, ctx));
  route('/idp/idx/cancel', (txn, _body, ctx) => engine.cancel(txn, ctx));
  // "Forgot password?": the `recover` action of the password.
  route('/idp/idx/recover', (txn, _body, ctx) => engine.startJourney(txn, RECOVERY, ctx));
  route('/idp/idx/challenge/resend', (txn, _body, ctx) => engine.resend(txn, ctx));
  route('/idp/idx/challenge/poll', (txn, _body, ctx) => engine.poll(txn, ctx));
  route('/idp/idx/authenticators/poll', (txn, _body, ctx) => engine.poll(txn, ctx));
  // Signing in from the identify step without an identifier (passkeys) answers at a path of the authenticator's.
  for (const a of AUTHENTICATORS) {
    if (a.signInWithoutIdentifier) route(a.signInWithoutIdentifier.path, (txn, body, ctx) => engine.answerWithoutIdentifier(txn, obj(body.credentials) ?? {}, ctx));
  }

  // The magic link of an email challenge, opened in any browser: a small page says what happened.
  app.get('/email/verify/:transactionId', { config }, async (request: FastifyRequest<{ Params: { transactionId: string }; Querystring: { token?: string } }>, reply) => {
    const message = await engine.openMagicLink(request.params.transactionId, request.query.token ?? '', readCookie(request.headers.cookie, LINK_BINDING_COOKIE));
    return sendMessagePage(reply, { status: 200, title: 'Sign in', text: message.text, role: 'status', data: { name: 'i18n-key', value: message.key } });
  });
}
