import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../engine/engine.js';
import type { CurrentAuthenticatorView, Step } from '../engine/step.js';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import { EngineError } from '../vocabulary/errors.js';
import { invalidFactorProfile, invalidPasscode, noSuchFactor, notAllowedNow, rateLimited, refusedAs } from './authnErrors.js';
import { required } from '../http/apiError.js';
import { authnContext, context, type AuthnDeps } from './authnContext.js';
import { bodyOf, type Body } from '../http/requestBody.js';
import { authenticatorOfFactor } from './authnFactors.js';
import { factorsToEnroll } from './enrollFactors.js';
import { choiceOf } from './factorChoice.js';
import { activationAnswer } from './factorAnswers.js';
import { WEBAUTHN_KEY } from '../authenticators/webauthn/relyingParty.js';

type FactorRequest = FastifyRequest<{ Params: { factorId: string } }>;

/** What a refused start says (an invalid phone number), as the validation error Okta answers. */
function refusedStart(step: Step): Step {
  if (step.status === 429) throw rateLimited();
  if (step.status !== 200) throw invalidFactorProfile(step.view.messages.map((m) => m.text).join(' ') || 'The factor could not be enrolled.');
  // Something the factor needs was not in its profile (the phone's number).
  if (step.view.remediations.some((r) => r.name === 'authenticator-enrollment-data')) throw required('profile', 'factorEnrollRequest');
  return step;
}

/**
 * Enrolling a factor MFA_ENROLL offers (`POST /api/v1/authn/factors` with its factorType, provider
 * and profile) and activating it (MFA_ENROLL_ACTIVATE): the code sent or shown, or a WebAuthn attestation, proves it
 * (`/lifecycle/activate`), sent again on `/lifecycle/resend`; a push is polled at
 * `/lifecycle/activate/poll` until the device has enrolled. The engine enrolls it as IDX does.
 */
export async function factorEnrollRoutes(app: FastifyInstance, deps: AuthnDeps): Promise<void> {
  const { engine } = deps;
  const { send, transactionOf } = authnContext(deps);

  app.post('/api/v1/authn/factors', async (request, reply) => {
    const body = bodyOf(request);
    const ctx = context(request);
    const txn = await transactionOf(body);
    const { view } = await engine.introspect(txn, ctx);
    if (!view.remediations.some((r) => r.name === 'select-authenticator-enroll')) throw notAllowedNow();
    const offered = factorsToEnroll(view).find((f) => f.factorType === body.factorType && f.provider === body.provider)?.authenticator;
    const named = offered && authenticatorOfFactor(body.factorType, body.provider);
    // What Okta answers a factor the policy does not let the user enroll (okta/okta-sdk-java#332 quotes it).
    if (!offered || !named) throw invalidFactorProfile('Factor not allowed for the user based on the Multifactor policy.');
    const profile = typeof body.profile === 'object' && body.profile !== null ? (body.profile as Body) : {};
    // The provider is kept when the authenticator has others than its own (TOTP: OKTA), to be listed back.
    const choice = { ...choiceOf(named.authenticator, true, { ...profile, methodType: named.methodType }), provider: body.provider };
    const started = refusedStart(await engine.selectEnrollment(txn, offered.id, ctx, choice));
    const fromProfile = named.authenticator.classicFactor!.enrolledFromProfile;
    if (!fromProfile) return send(reply, started);
    return send(reply, await enrolledAtOnce(await engine.reload(txn), fromProfile(profile), ctx));
  });

  /** A factor whose profile is its proof (the security question's answer) is enrolled by the same call; a refused profile is E0000001 with why. */
  async function enrolledAtOnce(txn: IdxTransaction, credentials: Body, ctx: RequestContext): Promise<Step> {
    try {
      return refusedStart(await engine.answer(txn, credentials, ctx));
    } catch (error) {
      if (!(error instanceof EngineError) || Object.keys(error.fieldMessages).length === 0) throw error;
      const causes = Object.entries(error.fieldMessages).flatMap(([field, messages]) => messages.map((m) => `${field.replace(/^credentials\./, '')}: ${m.text}`));
      throw invalidFactorProfile(causes.join(' '));
    }
  }

  /** The transaction and the factor being activated, which the URL must name. */
  async function activating(request: FactorRequest): Promise<{ txn: IdxTransaction; ctx: RequestContext; current: CurrentAuthenticatorView }> {
    const ctx = context(request);
    const txn = await transactionOf(bodyOf(request));
    const { current } = (await engine.introspect(txn, ctx)).view;
    if (!current?.enrolling) throw notAllowedNow();
    if (current.enrollmentId !== request.params.factorId) throw noSuchFactor(request.params.factorId);
    return { txn, ctx, current };
  }

  app.post('/api/v1/authn/factors/:factorId/lifecycle/activate', async (request: FactorRequest, reply) => {
    const { txn, ctx, current } = await activating(request);
    const proof = activationAnswer(bodyOf(request));
    if (!proof) throw required(current.key === WEBAUTHN_KEY ? 'attestation' : 'passCode', 'activateFactorRequest');
    // A wrong code, or an attestation that does not verify: Okta answers both E0000068.
    return send(reply, await refusedAs(() => engine.answer(txn, proof, ctx), invalidPasscode));
  });

  // Not checked against the step first: once the device has enrolled, the user has the factor and the
  // step no longer offers it; the poll is what settles the enrollment.
  app.post('/api/v1/authn/factors/:factorId/lifecycle/activate/poll', async (request: FactorRequest, reply: FastifyReply) => {
    return send(reply, await engine.poll(await transactionOf(bodyOf(request)), context(request)));
  });

  app.post('/api/v1/authn/factors/:factorId/lifecycle/resend', async (request: FactorRequest, reply) => {
    const { txn, ctx, current } = await activating(request);
    if (!current.resend) throw notAllowedNow();
    return send(reply, await refusedAs(() => engine.resend(txn, ctx), notAllowedNow));
  });
}
