import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticatorIdOf, type RequestContext } from '../engine/engine.js';
import type { Step } from '../engine/step.js';
import { RECOVERY, RESET_FORM } from '../engine/journeys/recovery.js';
import { SELECT_UNLOCK_FORM, UNLOCK } from '../engine/journeys/unlock.js';
import { authenticatorByKey } from '../authenticators/registry.js';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { ConfigCache } from '../org/configCache.js';
import { ApiError, required } from '../http/apiError.js';
import { identifierLimit } from '../http/rateLimit.js';
import { recoveryOffer } from '../policy/passwordRecovery.js';
import { unlockOffer } from '../policy/selfServiceUnlock.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages, type Message } from '../vocabulary/messages.js';
import { AccountMessages } from '../vocabulary/accountMessages.js';
import { DASHBOARD_CLIENT_ID } from '../org/dashboardApp.js';
import { ORG_SERVER_ID } from '../org/orgAuthServer.js';
import { CLASSIC_REQUEST } from '../engine/classicRequest.js';
import { authnTransaction } from './authnResponse.js';
import { invalidPasscode, notAllowedNow, refusedAs, rateLimited } from './authnErrors.js';
import { authnContext, beginAuthn, context, type AuthnDeps } from './authnContext.js';
import { bodyOf, str, type Body } from '../http/requestBody.js';
import { recoveryFactorOf, type RecoveryFactor } from './recoveryFactors.js';
import { recoveryChallenge } from './recoveryResponse.js';
import { isRecovering, pendingRecoveryChallenge, RECOVERY_QUESTION, recoveryStatus, says, settingFirstPassword } from './recoveryStatus.js';
import { relayStateOf, withRelayState } from './relayState.js';

const PHONE = authenticatorByKey('phone_number')!;

const KINDS = {
  password: { recoveryType: 'PASSWORD', journey: RECOVERY, notAllowed: () => new ApiError(403, 'E0000034', 'Forgot password not allowed on specified user.') },
  unlock: { recoveryType: 'UNLOCK', journey: UNLOCK, notAllowed: () => new ApiError(403, 'E0000032', 'Unlock is not allowed for this user.') },
} as const;
type Kind = keyof typeof KINDS;

const invalidFactorType = () => new ApiError(400, 'E0000001', 'Api validation failed: factorType', [{ errorSummary: 'factorType: The factor type is not supported for recovery' }]);
const recoveryTokenInvalid = () => new ApiError(403, 'E0000105', 'You have accessed an account recovery link that has expired or been previously used.');
const wrongAnswer = () => new ApiError(400, 'E0000087', 'The recovery question answer did not match our records.');
const weakPassword = (messages: Message[]) =>
  new ApiError(403, 'E0000080', 'The password does not meet the complexity requirements of the current password policy.', messages.map((m) => ({ errorSummary: m.text })));

/** An engine refusal that is one of Okta's API errors already (a code sent too recently: E0000109, E0000133). */
function oktaErrorOf(error: EngineError): ApiError | undefined {
  const code = error.messages.map((m) => /^errors\.(E\d{7})$/.exec(m.key)?.[1]).find(Boolean);
  return code ? new ApiError(error.status, code, error.messages[0].text) : undefined;
}

/**
 * Classic's self-service recovery and unlock (`/api/v1/authn/recovery/*`, `/authn/credentials/reset_password`),
 * a thin surface over the engine's recovery and unlock journeys: the emailed link is a recovery token
 * that begins the journey proved by email; a texted or called code is the journey's phone challenge;
 * the recovery question its step-up; the new password its reset form. Whoever is named gets the same
 * answers: what differs (nothing sent, a code that never matches) is the engine's.
 */
export async function authnRecoveryRoutes(app: FastifyInstance, deps: AuthnDeps & { config: ConfigCache }): Promise<void> {
  const { engine, store, baseUrl } = deps;
  const { transactionOf, userOf } = authnContext(deps);
  const perUsername = identifierLimit(deps.limiter, (r) => str(bodyOf(r).username));
  const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');

  /** The methods a factor type may be asked for, for anyone (see recoveryOffer): the same refusal whoever is named. */
  async function offered(kind: Kind): Promise<string[]> {
    const policies = await deps.config.policiesOf('PASSWORD');
    return kind === 'password' ? recoveryOffer(policies) : unlockOffer(policies).methods;
  }

  /** Begins the journey for the person named and starts the phone challenge (nothing is sent unless the phone is theirs). */
  async function startPhoneRecovery(kind: Kind, username: string, factor: RecoveryFactor, relayState: string | undefined, ctx: RequestContext): Promise<IdxTransaction> {
    const txn = await beginAuthn(engine, relayState);
    const choice = { id: authenticatorIdOf(PHONE), methodType: factor.method };
    try {
      await engine.startJourney(txn, KINDS[kind].journey, ctx);
      if (kind === 'unlock') {
        await engine.submit(await engine.reload(txn), SELECT_UNLOCK_FORM, { identifier: username, authenticator: choice }, ctx);
      } else {
        const identified = await engine.identify(await engine.reload(txn), username, undefined, ctx);
        const phone = identified.view.authenticatorEnrollments.find((a) => a.key === PHONE.key);
        await engine.select(await engine.reload(txn), choice.id, ctx, phone?.enrollmentId, { methodType: factor.method });
      }
    } catch (error) {
      // A refused start (an unknown person, no phone, a code sent moments ago) is answered like any other: the code simply never matches.
      if (!(error instanceof EngineError)) throw error;
    }
    // Kept so that resuming answers this RECOVERY_CHALLENGE, whether or not a code went out (see resumedRecoveryStatus).
    const started = await engine.reload(txn);
    started.state.recoveryFactor = factor.name;
    await store.idxTransactions.save(started);
    return started;
  }

  async function start(kind: Kind, request: FastifyRequest, reply: FastifyReply) {
    const body = bodyOf(request);
    const username = str(body.username);
    if (!username) throw required('username', 'authRequest');
    const factor = recoveryFactorOf(body.factorType);
    if (!factor) throw invalidFactorType();
    const relayState = relayStateOf(body);
    if (!(await offered(kind)).includes(factor.method)) throw KINDS[kind].notAllowed();
    if (factor.name === 'EMAIL') {
      await engine.sendRecoveryLink(username, kind, relayState);
      return noStore(reply).send(withRelayState(recoveryChallenge(factor, KINDS[kind].recoveryType, baseUrl), relayState));
    }
    const txn = await startPhoneRecovery(kind, username, factor, relayState, context(request));
    return noStore(reply).send(pendingRecoveryChallenge(factor, txn, { stateToken: engine.stateHandle(txn), expiresAt: txn.expiresAt }, baseUrl));
  }

  app.post('/api/v1/authn/recovery/password', { preHandler: perUsername }, (request, reply) => start('password', request, reply));
  app.post('/api/v1/authn/recovery/unlock', { preHandler: perUsername }, (request, reply) => start('unlock', request, reply));

  /**
   * Where a recovery stands after a proof, as authn says it: unlocked, the recovery question, the
   * new password, or (the reset done) whatever the sign-in still asks, up to SUCCESS with a sessionToken.
   */
  async function answerStep(reply: FastifyReply, txn: IdxTransaction, step: Step, ctx: RequestContext): Promise<FastifyReply> {
    const user = await userOf(step);
    if (says(step, AccountMessages.unlockNotPermitted)) throw KINDS.unlock.notAllowed();
    if (says(step, Messages.resetNotAllowed)) throw KINDS.password.notAllowed();
    const status = recoveryStatus(step, user, baseUrl);
    if (status) return noStore(reply).send(status);
    const offeredQuestion = txn.state.journey === RECOVERY && step.view.authenticatorEnrollments.find((a) => a.key === RECOVERY_QUESTION);
    // The step-up is the recovery question alone: it is asked at once (Classic has no choosing).
    if (offeredQuestion) return answerStep(reply, txn, await engine.select(txn, offeredQuestion.id, ctx, offeredQuestion.enrollmentId), ctx);
    return noStore(reply).send(authnTransaction(step, user, baseUrl));
  }

  /** The transaction of a recovery under way; any other state is Okta's E0000079. */
  async function recoveringOf(body: Body, expected?: (txn: IdxTransaction) => boolean): Promise<IdxTransaction> {
    const txn = await transactionOf(body);
    if (!isRecovering(txn) || (expected && !expected(txn))) throw notAllowedNow();
    return txn;
  }

  /** Answers the pending challenge with `credentials`; a refusal is `refused`'s error (a 429 stays one). */
  async function answer(txn: IdxTransaction, credentials: Record<string, unknown>, ctx: RequestContext, refused: (messages: Message[]) => ApiError): Promise<Step> {
    let step: Step;
    try {
      step = await engine.answer(txn, credentials, ctx);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      if (error.status === 429) throw rateLimited();
      throw refused([...error.messages, ...Object.values(error.fieldMessages).flat()]);
    }
    if (step.status === 429) throw rateLimited();
    if (step.status !== 200) throw refused(step.view.messages);
    return step;
  }

  app.post('/api/v1/authn/recovery/factors/:factor/verify', async (request: FastifyRequest<{ Params: { factor: string } }>, reply) => {
    const body = bodyOf(request);
    const txn = await recoveringOf(body);
    const passCode = str(body.passCode);
    if (!passCode) throw invalidPasscode();
    const ctx = context(request);
    return answerStep(reply, txn, await answer(txn, { passcode: passCode }, ctx, invalidPasscode), ctx);
  });

  app.post('/api/v1/authn/recovery/factors/:factor/resend', async (request: FastifyRequest<{ Params: { factor: string } }>, reply) => {
    const factor = recoveryFactorOf(request.params.factor);
    if (!factor || factor.name === 'EMAIL') throw notAllowedNow();
    const txn = await recoveringOf(bodyOf(request));
    let step: Step;
    try {
      step = await engine.resend(txn, context(request));
    } catch (error) {
      throw error instanceof EngineError ? oktaErrorOf(error) ?? rateLimited() : error;
    }
    if (step.status === 429) throw rateLimited();
    return noStore(reply).send(pendingRecoveryChallenge(factor, txn, { stateToken: step.stateHandle, expiresAt: step.view.expiresAt }, baseUrl));
  });

  /** The emailed link's token: begins the password recovery (or the unlock) it was issued for, the email counting as proved. */
  app.post('/api/v1/authn/recovery/token', async (request, reply) => {
    const token = str(bodyOf(request).recoveryToken);
    if (!token) throw required('recoveryToken', 'authRequest');
    const handle = (await engine.beginRecovery(DASHBOARD_CLIENT_ID, ORG_SERVER_ID, CLASSIC_REQUEST, token))
      ?? (await engine.beginUnlock(DASHBOARD_CLIENT_ID, ORG_SERVER_ID, CLASSIC_REQUEST, token));
    if (!handle) throw recoveryTokenInvalid();
    const txn = await engine.byInteractionHandle(handle);
    const ctx = context(request);
    return answerStep(reply, txn, await engine.introspect(txn, ctx), ctx);
  });

  app.post('/api/v1/authn/recovery/answer', async (request, reply) => {
    const body = bodyOf(request);
    const txn = await recoveringOf(body, (t) => t.state.challenge?.authenticatorKey === RECOVERY_QUESTION);
    const ctx = context(request);
    return answerStep(reply, txn, await answer(txn, { answer: typeof body.answer === 'string' ? body.answer : '' }, ctx, wrongAnswer), ctx);
  });

  /** The transaction of a recovery at its new password, or of an activation at its first (see settingFirstPassword); else E0000079. */
  async function resettingOf(body: Body, ctx: RequestContext): Promise<IdxTransaction> {
    const txn = await transactionOf(body);
    if (isRecovering(txn)) return recoveringOf(body, (t) => t.state.challenge?.journeyForm === RESET_FORM);
    const step = await refusedAs(() => engine.introspect(txn, ctx), notAllowedNow);
    if (!settingFirstPassword(step, await userOf(step))) throw notAllowedNow();
    return engine.reload(txn);
  }

  app.post('/api/v1/authn/credentials/reset_password', async (request, reply) => {
    const body = bodyOf(request);
    const ctx = context(request);
    const txn = await resettingOf(body, ctx);
    const newPassword = str(body.newPassword);
    if (!newPassword) throw required('newPassword', 'authRequest');
    return answerStep(reply, txn, await answer(txn, { passcode: newPassword }, ctx, weakPassword), ctx);
  });
}
