import type { App } from '../store/repositories/apps.js';
import type { IdxTransaction, InteractRequest, PendingChallenge } from '../store/repositories/idxTransactions.js';
import type { User } from '../store/repositories/users.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import { hashSecret } from '../platform/crypto.js';
import { newSecret, randomBase62, stableId } from '../platform/ids.js';
import type { ConfigCache } from '../org/configCache.js';
import type { EmailSender } from '../platform/delivery/email.js';
import type { SmsSender } from '../platform/delivery/sms.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import { sessionRulesFor, type SessionRules } from '../policy/sessionPolicy.js';
import type { EnrollmentOffer } from '../policy/enrollmentOffer.js';
import { issueAuthorizationCode } from '../oauth/authorizationCodes.js';
import { ORG_SERVER_ID } from '../oauth/serverContext.js';
import type { Authenticator, AuthenticatorContext } from '../authenticators/authenticator.js';
import { authenticatorByKey } from '../authenticators/registry.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages, type Message } from '../vocabulary/messages.js';
import {
  authenticatorData, challengeAuthenticator, challengePoll, enrollAuthenticator, enrollPoll, identify, selectAuthenticatorAuthenticate, selectAuthenticatorEnroll,
  selectEnrollmentChannel, skip,
  type Remediation, type SelectableAuthenticator,
} from './remediations.js';
import { browserBindingFor, stateHandleFor, transactionIdOf } from './handles.js';
import { safeEqual } from '../platform/crypto.js';
import type { AuthenticatorView, Step, StepView } from './step.js';
import { Sessions, type SessionCookie } from './sessions.js';
import { SessionTokens } from './sessionTokens.js';
import { sessionRulesOf } from './sessionRulesOf.js';
import type { Session } from '../store/repositories/sessions.js';
import { assess, enrollmentOfferFor, postponeEnrollments, type Situation } from './situation.js';
import { ANYONE, IdentifiedUsers } from './identifiedUsers.js';
import { DecoyIds } from './decoyIds.js';
import type { VerifyOutcome } from '../authenticators/authenticator.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { factorActivated } from './factorEvents.js';
import { challengedEnrollment, chosen, enrollmentChoices, pendingChoice, type EnrollmentChoice } from './enrollmentChoices.js';
import type { KeyEncryption } from '../platform/keyEncryption.js';
import { freshAuthentication, intentOf } from './credentialEnrollment.js';
import { identifyExtras } from './withoutIdentifier.js';
import { activateRegistered, completeProfile, profileEnrollmentOf, registerUser } from './registration.js';
import { enrollNewProfile, enrollProfileUpdate, selectEnrollProfile, selectIdentify } from './profileForms.js';
import { missingAttributes } from '../policy/profileEnrollment.js';
import { RegistrationMessages } from '../vocabulary/registrationMessages.js';

/** A transaction lives this long after its last step… */
const TRANSACTION_TTL_MS = 10 * 60_000;
/** …and never longer than this after it began. */
const TRANSACTION_MAX_MS = 60 * 60_000;
/** New codes one transaction may ask for (each sends a message). */
const MAX_RESENDS = 5;

export interface EngineDeps {
  store: Store;
  email: EmailSender;
  sms: SmsSender;
  clock: Clock;
  config: ConfigCache;
  baseUrl: string;
  /** Signs state handles; the same in every process (stored in the org's settings). */
  handleKey: Buffer;
  /** HMACs one-time codes before they are stored (a server secret, the same in every process). */
  codeKey: Buffer;
  /** Seals the secrets of authenticator enrollments (the key-encryption key). */
  sealing: KeyEncryption;
  events: SecurityEventSink;
}

/** Where the request came from: the address (network zones) and the session cookie, if any. */
export interface RequestContext {
  ip: string;
  sessionToken?: string;
}

/** A redirect-flow sign-in the browser came back for: what it asked, and the code to send (once the grant is allowed). */
export interface RedirectFinish {
  request: IdxTransaction['request'];
  clientId: string;
  serverId: string;
  userId: string;
  issueCode(): Promise<string>;
}

/** `quiet`: work out the step without beginning anything (a challenge, an email) that acts on the person. */
interface StepOptions {
  quiet?: boolean;
}

const expired = () => new EngineError(401, [Messages.sessionExpired], true);

/**
 * The sign-in engine: a transaction per interaction, advanced by identify / answer / select /
 * cancel. After each step it asks the policies what is still required and offers the remediations
 * that satisfy it. It knows no wire format: surfaces render its StepView.
 */
export class SignInEngine {
  private readonly sessions: Sessions;
  private readonly sessionTokens: SessionTokens;
  private readonly users: IdentifiedUsers;
  private readonly decoys: DecoyIds;
  /** What assess reads the policies and the identified user with. */
  private readonly policyReader: Parameters<typeof assess>[0];
  /** Transactions changed by a request in progress and not yet written. */
  private readonly unsaved = new WeakSet<IdxTransaction>();

  constructor(private readonly deps: EngineDeps) {
    this.sessions = new Sessions(deps.store, deps.clock, deps.events);
    this.sessionTokens = new SessionTokens(deps.store, deps.clock, deps.config, this.sessions);
    this.users = new IdentifiedUsers(deps.store);
    this.decoys = new DecoyIds(deps.handleKey);
    this.policyReader = { config: deps.config, users: this.users };
  }

  /** Starts an interaction for a client (after /interact validated it); answers the interaction handle. */
  async begin(clientId: string, serverId: string, request: InteractRequest): Promise<string> {
    const handle = newSecret(32);
    // prompt=login: the session is not looked at, so the person authenticates again.
    await this.create(clientId, serverId, request, { verified: [], ...(freshAuthentication(request) && { sessionChecked: true }) }, handle);
    return handle;
  }

  private async create(clientId: string, serverId: string, request: InteractRequest, state: IdxTransaction['state'], interactionHandle: string): Promise<IdxTransaction> {
    const now = this.deps.clock.now();
    const txn: IdxTransaction = {
      id: `ftx${randomBase62(24)}`, clientId, serverId, intent: intentOf(request), request, userId: null, state,
      status: 'ACTIVE', version: 0, createdAt: now, expiresAt: now + TRANSACTION_TTL_MS,
    };
    await this.deps.store.idxTransactions.insert(txn, hashSecret(interactionHandle));
    return txn;
  }

  async byInteractionHandle(handle: string): Promise<IdxTransaction> {
    return this.usable(await this.deps.store.idxTransactions.findByInteractionHandle(hashSecret(handle)));
  }

  async byStateHandle(handle: string): Promise<IdxTransaction> {
    const id = transactionIdOf(handle, this.deps.handleKey);
    return this.usable(id ? await this.deps.store.idxTransactions.findById(id) : undefined);
  }

  /** The transaction as stored now (after another request may have changed it). */
  async reload(txn: IdxTransaction): Promise<IdxTransaction> {
    return this.usable(await this.deps.store.idxTransactions.findById(txn.id));
  }

  stateHandle(txn: IdxTransaction): string {
    return stateHandleFor(txn.id, this.deps.handleKey);
  }

  /** The current step; it may begin what the policy now asks (resume a session, start the only possible challenge). */
  introspect(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    return this.advance(txn, ctx);
  }

  /**
   * The step the browser's session alone leads to, starting nothing (no challenge is begun, no
   * message sent): the redirect flow checks single sign-on with it before any page is shown, so
   * that prompt=none never acts on the person.
   */
  sessionStep(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    return this.advance(txn, ctx, [], 200, { quiet: true });
  }

  async identify(txn: IdxTransaction, identifier: string, credentials: Record<string, unknown> | undefined, ctx: RequestContext): Promise<Step> {
    if (txn.state.identifier) return this.advance(txn, ctx, [Messages.malformed], 400);
    const login = identifier.trim();
    if (!login) throw new EngineError(400, [], false, { identifier: [Messages.requiredField('identifier')] });
    const found = await this.deps.store.users.findByLogin(login);
    // Users who may not sign in are handled exactly like unknown ones: nothing tells them apart.
    const user = found && signInAllowed(found) ? found : undefined;
    if (!user && !(await this.deps.config.orgSettings()).userEnumerationPrevention) return this.advance(txn, ctx, [Messages.unknownUser(login)]);
    txn.state.identifier = login;
    txn.userId = user?.id ?? null;
    if (user) this.users.remember(txn, user);
    this.changed(txn);
    if (credentials && typeof credentials.passcode === 'string') return this.answerFor(txn, authenticatorByKey('okta_password')!, credentials, ctx);
    return this.advance(txn, ctx);
  }

  async answer(txn: IdxTransaction, credentials: Record<string, unknown>, ctx: RequestContext): Promise<Step> {
    const pending = txn.state.challenge;
    const authenticator = pending && authenticatorByKey(pending.authenticatorKey);
    if (!authenticator) return this.advance(txn, ctx, [Messages.malformed], 400);
    return this.answerFor(txn, authenticator, credentials, ctx);
  }

  /** Signs in from the identify step without an identifier (a passkey): the answer names the user. Each challenge is answered once. */
  async answerWithoutIdentifier(txn: IdxTransaction, credentials: Record<string, unknown>, ctx: RequestContext): Promise<Step> {
    const pending = txn.state.identifyChallenge;
    const authenticator = pending && authenticatorByKey(pending.authenticatorKey);
    if (txn.state.identifier || !authenticator?.signInWithoutIdentifier) return this.advance(txn, ctx, [Messages.malformed], 400);
    txn.state.identifyChallenge = undefined;
    this.changed(txn);
    const outcome = await authenticator.signInWithoutIdentifier.verify(this.authenticatorContext(txn, undefined), credentials, pending!.data, signInAllowed);
    if (!outcome.ok) {
      this.recordFailure(txn, undefined, outcome, ctx);
      return this.advance(txn, ctx, outcome.error.messages, outcome.error.status);
    }
    txn.state.identifier = outcome.user.login;
    txn.userId = outcome.user.id;
    this.users.remember(txn, outcome.user);
    this.proved(txn, authenticator);
    return this.advance(txn, ctx);
  }

  /**
   * The person chose an enrolled authenticator to verify (`enrollmentId`: which one, when they have several of its kind;
   * `choice`: what came with it, the phone's method, see Authenticator.choiceFields).
   */
  async select(txn: IdxTransaction, authenticatorId: string, ctx: RequestContext, enrollmentId?: string, choice: Record<string, unknown> = {}): Promise<Step> {
    const { user, choices, enrollments } = await assess(this.policyReader, txn, ctx.ip);
    const picked = choices === 'satisfied' ? undefined : chosen(enrollmentChoices(choices, enrollments), authenticatorId, authenticatorIdOf, enrollmentId);
    if (!picked) return this.advance(txn, ctx, [Messages.invalidAuthenticator], 400);
    return this.startChosen(txn, picked.authenticator, user, choice, false, ctx, picked.enrollment);
  }

  /** The person chose an authenticator to enroll (select-authenticator-enroll). */
  async selectEnrollment(txn: IdxTransaction, authenticatorId: string, ctx: RequestContext, choice: Record<string, unknown> = {}): Promise<Step> {
    const situation = await assess(this.policyReader, txn, ctx.ip);
    const offer = await enrollmentOfferFor(this.deps, txn, situation);
    const chosen = offer.keys.map((k) => authenticatorByKey(k)!).find((a) => authenticatorId === authenticatorIdOf(a));
    if (!chosen) return this.advance(txn, ctx, [Messages.invalidAuthenticator], 400);
    return this.startChosen(txn, chosen, situation.user, choice, true, ctx);
  }

  /**
   * Starts what was chosen, or, while something must still be chosen with it, asks for that. A refused start (an invalid
   * phone number, too many codes) answers the form asking for the choice again, with the reason.
   */
  private async startChosen(
    txn: IdxTransaction, a: Authenticator, user: User | undefined, choice: Record<string, unknown>, enrolling: boolean, ctx: RequestContext, enrollment?: AuthenticatorEnrollment,
  ): Promise<Step> {
    try {
      await this.choose(txn, a, user, choice, enrolling, enrollment);
    } catch (error) {
      if (!(error instanceof EngineError) || error.terminal) throw error;
      return this.advance(txn, ctx, error.messages, error.status);
    }
    return this.advance(txn, ctx);
  }

  /** Starts the challenge (or enrollment) when everything `a` needs chosen is given; until then, the transaction awaits the choice. */
  private async choose(
    txn: IdxTransaction, a: Authenticator, user: User | undefined, choice: Record<string, unknown>, enrolling: boolean, enrollment?: AuthenticatorEnrollment,
  ): Promise<void> {
    if (!a.choiceFields) return this.startChallenge(txn, a, user, enrolling, enrollment);
    // Awaiting until started: a refused start asks for the choice again.
    txn.state.challenge = {
      authenticatorKey: a.key, methodType: a.methodType, data: {}, awaitingChoice: true, ...(enrolling && { enrolling: true }), ...(enrollment && { enrollmentId: enrollment.id }),
    };
    this.changed(txn);
    // Given but wrong (a number that is not one) is for the authenticator to refuse.
    const missing = a.choiceFields(enrolling).some((f) => choice[f.name] === undefined || choice[f.name] === null || choice[f.name] === '');
    if (!missing) await this.startChallenge(txn, a, user, enrolling, enrollment, choice);
  }

  /** Leaves the optional enrollments offered (only offered when every one is optional). */
  async skip(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    const offer = await enrollmentOfferFor(this.deps, txn, await assess(this.policyReader, txn, ctx.ip));
    if (!offer.skippable) return this.advance(txn, ctx, [Messages.malformed], 400);
    txn.state.enrollmentSkipped = true;
    txn.state.challenge = undefined;
    // Written first: of two racing skips only one counts against the grace period.
    await this.commit(txn);
    await postponeEnrollments(this.deps, txn.userId!, offer);
    return this.advance(txn, ctx);
  }

  /** Sends a new code for the pending challenge (the old one stops working). */
  async resend(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    const pending = txn.state.challenge;
    const authenticator = pending && authenticatorByKey(pending.authenticatorKey);
    if (!authenticator?.presentation?.(undefined, undefined).resend || pending?.awaitingChoice) return this.advance(txn, ctx, [Messages.malformed], 400);
    if ((txn.state.resends ?? 0) >= MAX_RESENDS) return this.advance(txn, ctx, [Messages.tooManyRequests], 429);
    txn.state.resends = (txn.state.resends ?? 0) + 1;
    await this.startChallenge(txn, authenticator, await this.users.user(txn), pending?.enrolling, challengedEnrollment(await this.users.enrollments(txn), pending), pending?.choice);
    return this.advance(txn, ctx);
  }

  /** Polled: a challenge or enrollment completed on another device (a push) settles once the answer was given there. */
  async poll(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    const pending = txn.state.challenge;
    const authenticator = pending && authenticatorByKey(pending.authenticatorKey);
    const elsewhere = pending?.enrolling ? authenticator?.enrollment?.answeredElsewhere?.answer : authenticator?.answeredElsewhere;
    if (!elsewhere) return this.advance(txn, ctx);
    const user = await this.users.user(txn);
    const outcome = await elsewhere(await this.challengeContext(txn, user), pending!.data);
    return outcome ? this.settle(txn, authenticator!, user, outcome, ctx) : this.advance(txn, ctx);
  }

  /** What the browser running this transaction keeps, so a magic link opened later knows it (see openMagicLink). */
  browserBinding(txn: IdxTransaction): string {
    return browserBindingFor(txn.id, this.deps.handleKey);
  }

  /**
   * A magic link was opened: in the browser that is signing in (it has the transaction's browser
   * binding), or anywhere when the org allows, it answers the pending challenge, which the waiting
   * client then sees by polling. Elsewhere the person is told to type the code in the original
   * browser, and the link stays usable. Answers the message to show where it was opened.
   */
  async openMagicLink(transactionId: string, token: string, binding: string | undefined): Promise<Message> {
    const { store, clock } = this.deps;
    const txn = await store.idxTransactions.findById(transactionId);
    const pending = txn?.state.challenge;
    const authenticator = pending && authenticatorByKey(pending.authenticatorKey);
    if (!txn || txn.status !== 'ACTIVE' || txn.expiresAt <= clock.now() || !authenticator) return Messages.linkExpired;
    const outcome = await check(authenticator, pending, await this.challengeContext(txn, await this.users.user(txn)), { magicLink: token });
    if (!outcome.ok) {
      await this.commit(txn);
      return Messages.linkExpired;
    }
    const sameBrowser = binding !== undefined && safeEqual(binding, this.browserBinding(txn));
    if (!sameBrowser && !(await this.deps.config.orgSettings()).emailLinkCompletesAnywhere) return Messages.enterCodeInOriginalTab;
    this.proved(txn, authenticator);
    await this.commit(txn);
    return Messages.returnToOriginalTab;
  }

  /** The live session a cookie names, if any (the org's own pages show who is signed in). */
  session(sessionToken: string): Promise<Session | undefined> {
    return this.sessions.find(sessionToken);
  }

  /**
   * Trades a Classic sessionToken for a session in this browser: the cookie to set (none when the
   * browser's session already holds it), or undefined when the token cannot be used.
   */
  async sessionFromToken(token: string, ctx: RequestContext): Promise<{ cookie?: SessionCookie } | undefined> {
    const existing = ctx.sessionToken ? await this.sessions.find(ctx.sessionToken) : undefined;
    return this.sessionTokens.redeem(token, existing, ctx.ip);
  }

  /** Keeps the session a cookie names alive (Classic /api/v1/sessions/me/lifecycle/refresh); undefined when there is none. */
  async refreshSession(sessionToken: string): Promise<Session | undefined> {
    const session = await this.sessions.find(sessionToken);
    return session && this.sessions.refresh(session, await sessionRulesOf(this.deps.store, this.deps.config, session.userId));
  }

  /** Sign-out: ends the browser's session if it is this user's (another person's session is not theirs to end); see Sessions.end. */
  signOut(sessionToken: string, userId: string, ip: string): Promise<boolean> {
    return this.sessions.end(sessionToken, userId, ip);
  }

  /** "Sign up" on the identify step: the sign-up form, when the app's profile enrollment policy lets new people register. */
  async startRegistration(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    if (txn.state.identifier || !(await profileEnrollmentOf(this.deps.config, txn.clientId)).registration) return this.advance(txn, ctx, [RegistrationMessages.unavailable], 400);
    txn.state.journey = 'registration';
    this.changed(txn);
    return this.advance(txn, ctx);
  }

  /** Back from the sign-up form to identify. */
  async selectIdentify(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    if (txn.state.journey !== 'registration') return this.advance(txn, ctx, [Messages.malformed], 400);
    txn.state.journey = undefined;
    this.changed(txn);
    return this.advance(txn, ctx);
  }

  /** The sign-up form: the account is created and the person, identified by it, goes on to set up what the policies require. */
  async register(txn: IdxTransaction, userProfile: Record<string, unknown>, ctx: RequestContext): Promise<Step> {
    const policy = await profileEnrollmentOf(this.deps.config, txn.clientId);
    if (txn.state.journey !== 'registration' || !policy.registration) return this.advance(txn, ctx, [Messages.malformed], 400);
    const outcome = await registerUser(this.deps, policy, userProfile, ctx.ip);
    if (!('user' in outcome)) throw new EngineError(outcome.status, outcome.messages, false, outcome.fieldMessages);
    txn.state.journey = undefined;
    txn.state.identifier = outcome.user.login;
    txn.state.registered = { emailVerification: policy.emailVerification };
    txn.userId = outcome.user.id;
    this.users.remember(txn, outcome.user);
    this.changed(txn);
    return this.advance(txn, ctx);
  }

  /** Progressive profiling's form: the attributes asked are stored, then the sign-in goes on. */
  async updateProfile(txn: IdxTransaction, userProfile: Record<string, unknown>, ctx: RequestContext): Promise<Step> {
    const user = await this.users.user(txn);
    const asked = user ? missingAttributes(await profileEnrollmentOf(this.deps.config, txn.clientId), user.profile) : [];
    if (!user || asked.length === 0 || (await assess(this.policyReader, txn, ctx.ip)).choices !== 'satisfied') return this.advance(txn, ctx, [Messages.malformed], 400);
    const refused = await completeProfile(this.deps, user, asked, userProfile);
    if (refused) throw new EngineError(refused.status, refused.messages, false, refused.fieldMessages);
    this.users.forget(txn);
    return this.advance(txn, ctx);
  }

  /**
   * Ends the transaction (its state and interaction handles answer expired from now on) and, as
   * Okta does, answers the identify step of a new one for the same request: the hosted page and
   * Okta's widget show it, okta-auth-js starts over with a new interaction.
   */
  async cancel(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    txn.status = 'CANCELED';
    await this.commit(txn);
    // Nobody holds the new transaction's interaction handle: it continues by its state handle alone.
    // The session is not offered again: cancel means "let me sign in as someone else".
    const next = await this.create(txn.clientId, txn.serverId, txn.request, { verified: [], sessionChecked: true }, newSecret(32));
    return this.advance(next, ctx);
  }

  private async answerFor(txn: IdxTransaction, authenticator: Authenticator, credentials: Record<string, unknown>, ctx: RequestContext): Promise<Step> {
    const user = await this.users.user(txn);
    return this.settle(txn, authenticator, user, await check(authenticator, txn.state.challenge, await this.challengeContext(txn, user), credentials), ctx);
  }

  /** Goes on from the answer to the pending challenge: proved, or refused with the outcome's error. */
  private async settle(txn: IdxTransaction, authenticator: Authenticator, user: User | undefined, outcome: VerifyOutcome, ctx: RequestContext): Promise<Step> {
    if (!outcome.ok) {
      this.recordFailure(txn, user, outcome, ctx);
      if (txn.state.challenge) this.changed(txn); // keeps the challenge's attempt count
      // Terminal, or with field messages: the surface answers the (saved) current state with them.
      if (outcome.error.terminal || Object.keys(outcome.error.fieldMessages).length > 0) {
        await this.flush(txn);
        throw outcome.error;
      }
      return this.advance(txn, ctx, outcome.error.messages, outcome.error.status);
    }
    this.proved(txn, authenticator, ctx.ip);
    this.changed(txn);
    return this.advance(txn, ctx);
  }

  /** Logs a wrong answer (and the lock it caused) for administrators; the identifier is logged whether or not it matched anyone. */
  private recordFailure(txn: IdxTransaction, user: User | undefined, outcome: Extract<VerifyOutcome, { ok: false }>, ctx: RequestContext): void {
    const actor = { id: user?.id ?? 'unknown', type: 'User' as const, alternateId: txn.state.identifier };
    const client = { ipAddress: ctx.ip };
    this.deps.events.record({
      eventType: 'user.authentication.auth_failed', outcome: { result: 'FAILURE', reason: outcome.lockout ? 'LOCKED_OUT' : 'INVALID_CREDENTIALS' }, actor, client,
    });
    if (outcome.lockout === 'locked') this.deps.events.record({ eventType: 'user.account.lock', outcome: { result: 'SUCCESS' }, actor, client, target: [actor] });
  }

  /** The pending challenge was answered: the authenticator counts as verified (and, if it was being enrolled, as enrolled). */
  private proved(txn: IdxTransaction, authenticator: Authenticator, ip?: string): void {
    const { state } = txn;
    state.verified.push({ authenticatorKey: authenticator.key, methodType: authenticator.methodType, at: this.deps.clock.now() });
    if (state.challenge?.enrolling) {
      state.enrolled = [...(state.enrolled ?? []), authenticator.key];
      this.users.forget(txn);
      this.deps.events.record(factorActivated(txn, authenticator.key, authenticatorIdOf(authenticator), ip));
    }
    state.challenge = undefined;
  }

  /**
   * Works out the next step, then writes the transaction once if the step changed it (one
   * compare-and-set per request). `messages` (with `status`) report why the previous step did not advance.
   */
  private async advance(txn: IdxTransaction, ctx: RequestContext, messages: Message[] = [], status = 200, options: StepOptions = {}): Promise<Step> {
    // Classic authn begins a challenge only when the app asks to verify that factor.
    if (txn.request.classic) options = { ...options, quiet: true };
    let step: Step;
    try {
      step = await this.nextStep(txn, ctx, messages, status, options);
    } catch (error) {
      // What led to a refusal (who was identified) is kept, so the transaction stays refused.
      if (error instanceof EngineError) await this.flush(txn).catch(() => undefined);
      throw error;
    }
    await this.flush(txn);
    return step;
  }

  private async nextStep(txn: IdxTransaction, ctx: RequestContext, messages: Message[], status: number, options: StepOptions): Promise<Step> {
    const app = await this.deps.config.app(txn.clientId);
    if (!app || app.status !== 'ACTIVE') throw expired();
    if (!txn.state.identifier && !txn.state.sessionChecked) await this.resumeSession(txn, ctx);
    const base = this.baseView(txn, app, messages);
    if (txn.state.journey === 'registration') {
      const policy = await profileEnrollmentOf(this.deps.config, txn.clientId);
      return this.respond(txn, { ...base, remediations: [enrollNewProfile(policy.attributes), selectIdentify()] }, status);
    }
    if (!txn.state.identifier) return this.identifyStep(txn, base, status, options);

    const situation = await assess(this.policyReader, txn, ctx.ip);
    const { user, choices } = situation;
    const offer = await enrollmentOfferFor(this.deps, txn, situation);
    if (offer.keys.length > 0) return this.enrollmentStep(txn, base, user!, offer, status, options, situation);
    if (choices === 'satisfied') {
      // Progressive profiling: what the profile enrollment policy now requires and the profile lacks, asked before access.
      const missing = txn.request.classic ? [] : missingAttributes(await profileEnrollmentOf(this.deps.config, txn.clientId), user!.profile);
      if (missing.length > 0) return this.respond(txn, { ...base, remediations: [enrollProfileUpdate(missing)] }, status);
      await activateRegistered(this.deps, txn, user!);
      return this.succeed(txn, base, user!, situation.sessionRules, ctx);
    }
    if (choices.length === 0) throw new EngineError(403, [Messages.noAuthenticator], true);

    const enrollments = enrollmentChoices(choices, situation.enrollments);
    let current = pendingChoice(enrollments, txn.state.challenge);
    if (!current && enrollments.length === 1 && !options.quiet) {
      current = enrollments[0];
      await this.choose(txn, current.authenticator, user, {}, false, current.enrollment);
    }
    const remediations: Remediation[] = [];
    if (current) remediations.push(this.challengeForm(txn, current));
    remediations.push(selectAuthenticatorAuthenticate(enrollments.map(selectableEnrollment)));
    const views = enrollments.map((c) => this.enrollmentView(c, txn, user));
    // The enrollment's own (masked) profile wins over the kind's: it is the one challenged.
    const currentView = current && {
      ...current.authenticator.presentation?.(user, txn.state.identifier, txn.state.challenge?.data), ...views[enrollments.indexOf(current)],
      ...(current.authenticator.answeredElsewhere && { answeredElsewhere: true }), ...chosenMethod(txn),
    };
    return this.respond(txn, { ...base, remediations, authenticatorEnrollments: views, current: currentView }, status);
  }

  /** The user's enrollments of `authenticators` as listed: each authenticator once, or each of its enrollments (WebAuthn credentials). */

  /**
   * Enrolling: the form of the authenticator being enrolled (if one is), the choice of the others, and
   * skip when allowed; what the user has enrolled already is listed, as Okta does (clients exclude those WebAuthn credentials).
   */
  private async enrollmentStep(
    txn: IdxTransaction, base: Omit<StepView, 'remediations'>, user: User, offer: EnrollmentOffer, status: number, options: StepOptions, situation: Situation,
  ): Promise<Step> {
    const offered = offer.keys.map((k) => authenticatorByKey(k)!);
    const pending = txn.state.challenge?.enrolling ? txn.state.challenge : undefined;
    let current = pending && offered.find((a) => a.key === pending.authenticatorKey);
    if (!current && offered.length === 1 && !offer.skippable && !options.quiet) {
      current = offered[0];
      await this.choose(txn, current, user, {}, true);
    }
    const remediations: Remediation[] = [];
    const elsewhere = current?.enrollment!.answeredElsewhere;
    if (current) {
      if (txn.state.challenge?.awaitingChoice) remediations.push(authenticatorData(selectable(current), true));
      else remediations.push(...(elsewhere ? [enrollPoll(), selectEnrollmentChannel(selectable(current), elsewhere.channels)] : [enrollAuthenticator(current.enrollment!.fields())]));
    }
    remediations.push(selectAuthenticatorEnroll(offered.map(selectable)));
    if (offer.skippable) remediations.push(skip());
    const views = offered.map((a) => ({ ...this.authenticatorView(a, txn), ...(offer.grace?.[a.key] && { gracePeriod: offer.grace[a.key] }) }));
    // While enrolling, the address is the user's own and shown in full by the client: no masked profile.
    const { profile: _masked, ...actions } = current?.presentation?.(user, txn.state.identifier) ?? {};
    const ctx = this.authenticatorContext(txn, user);
    const settings = current && (await current.enrollment!.settings?.(ctx));
    const contextualData = current && (await current.enrollment!.contextualData?.(ctx, txn.state.challenge!.data));
    const currentView = current && { ...views.find((v) => v.key === current!.key)!, ...actions, ...chosenMethod(txn), enrolling: true, ...(settings && { settings }), ...(contextualData && { contextualData }) };
    const enrolled = enrollmentChoices(situation.enrolled, situation.enrollments).map((c) => this.enrollmentView(c, txn, user));
    return this.respond(txn, { ...base, remediations, authenticators: views, authenticatorEnrollments: enrolled, current: currentView }, status);
  }

  /** The identify form, with the ways to sign in without an identifier the org offers (passkeys). */
  private async identifyStep(txn: IdxTransaction, base: Omit<StepView, 'remediations'>, status: number, options: StepOptions): Promise<Step> {
    const extras = await identifyExtras(txn, this.authenticatorContext(txn, undefined), options.quiet === true);
    if (extras.started) this.changed(txn);
    const context = Object.keys(extras.context).length > 0 ? { context: extras.context } : {};
    const signUp = (await profileEnrollmentOf(this.deps.config, txn.clientId)).registration ? [selectEnrollProfile()] : [];
    return this.respond(txn, { ...base, remediations: [identify(await this.passwordFirst()), ...extras.remediations, ...signUp], ...context }, status);
  }

  /** The global session policy for people not yet known makes the password the first factor: ask it with the username. */
  private async passwordFirst(): Promise<boolean> {
    return sessionRulesFor(await this.deps.config.policiesOf('OKTA_SIGN_ON'), ANYONE).primaryFactor === 'PASSWORD_IDP';
  }

  /** `enrollment`: the row to challenge, when the authenticator keeps its enrollments as rows; `choice`: what was chosen with it (the phone's method). */
  private async startChallenge(
    txn: IdxTransaction, authenticator: Authenticator, user: User | undefined, enrolling = false, enrollment?: AuthenticatorEnrollment, choice?: Record<string, unknown>,
  ): Promise<void> {
    const ctx = { ...this.authenticatorContext(txn, user, enrollment), choice: choice ?? {} };
    const data = enrolling ? await authenticator.enrollment!.start(ctx) : await authenticator.challenge(ctx);
    const methodType = typeof choice?.methodType === 'string' ? choice.methodType : authenticator.methodType;
    txn.state.challenge = {
      authenticatorKey: authenticator.key, methodType, data, ...(enrolling && { enrolling: true }), ...(enrollment && { enrollmentId: enrollment.id }), ...(choice && { choice }),
    };
    this.changed(txn);
  }

  /** The context of the pending challenge: its enrollment is the one chosen. */
  private async challengeContext(txn: IdxTransaction, user: User | undefined): Promise<AuthenticatorContext> {
    return this.authenticatorContext(txn, user, challengedEnrollment(await this.users.enrollments(txn), txn.state.challenge));
  }

  private authenticatorContext(txn: IdxTransaction, user: User | undefined, enrollment?: AuthenticatorEnrollment): AuthenticatorContext {
    const { store, clock, email, baseUrl } = this.deps;
    return {
      store, clock, email, sms: this.deps.sms, choice: txn.state.challenge?.choice ?? {}, user, identifier: txn.state.identifier, person: () => this.users.person(txn),
      policies: (type) => this.deps.config.policiesOf(type), authenticatorSettings: (key) => this.deps.config.authenticatorSettings(key),
      magicLink: (token) => `${baseUrl}/email/verify/${txn.id}?token=${encodeURIComponent(token)}`,
      codeKey: this.deps.codeKey, sealing: this.deps.sealing, enrollments: () => this.users.enrollments(txn), ...(enrollment && { enrollment }),
      baseUrl, transactionId: txn.id,
    };
  }

  /**
   * A session cookie came with a new interaction: its user and verified authenticators carry over,
   * so the policy may be satisfied without asking again (single sign-on). Checked once per
   * transaction that comes with a cookie; without one there is nothing to resume or to write.
   */
  private async resumeSession(txn: IdxTransaction, ctx: RequestContext): Promise<void> {
    if (!ctx.sessionToken) return;
    txn.state.sessionChecked = true;
    const session = await this.sessions.find(ctx.sessionToken);
    const user = session && (await this.deps.store.users.findById(session.userId));
    // OIDC max_age: a session whose authentication is older does not count.
    const maxAge = txn.request.authorize?.maxAge;
    const fresh = (at: number) => maxAge === null || maxAge === undefined || this.deps.clock.now() - at <= maxAge * 1000;
    if (session && user && signInAllowed(user) && session.verified.every((v) => fresh(v.at))) {
      txn.userId = user.id;
      this.users.remember(txn, user);
      txn.state.identifier = user.login;
      txn.state.verified = session.verified.map((v) => ({ ...v }));
    }
    this.changed(txn);
  }

  /**
   * The browser of a finished redirect-flow sign-in (/v1/authorize) comes back for its code: answers
   * where to send it. Once only: a second visit finds the transaction REDIRECTED.
   */
  async finishRedirect(stateHandle: string): Promise<RedirectFinish> {
    const id = transactionIdOf(stateHandle, this.deps.handleKey);
    const txn = id ? await this.deps.store.idxTransactions.findById(id) : undefined;
    if (!txn || txn.status !== 'SUCCESS' || !txn.request.authorize || !txn.userId || txn.expiresAt <= this.deps.clock.now()) throw expired();
    const userId = txn.userId;
    txn.status = 'REDIRECTED';
    await this.commit(txn);
    return { request: txn.request, clientId: txn.clientId, serverId: txn.serverId, userId, issueCode: () => this.issueCode(txn, userId, 'authorization_code') };
  }

  /** The single-use code that ends a sign-in, carrying what the tokens will say of it. */
  private async issueCode(txn: IdxTransaction, userId: string, grantType: 'authorization_code' | 'interaction_code'): Promise<string> {
    const { request } = txn;
    const amr = txn.state.verified.map((v) => authenticatorByKey(v.authenticatorKey)!.amr);
    if (new Set(txn.state.verified.map((v) => authenticatorByKey(v.authenticatorKey)!.factorClass)).size > 1) amr.push('mfa');
    return issueAuthorizationCode(this.deps.store, this.deps.clock, await this.deps.config.app(txn.clientId), {
      grantType, clientId: txn.clientId, serverId: txn.serverId, userId, redirectUri: request.redirectUri,
      scopes: request.scopes, codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod,
      // auth_time is when the person last actively authenticated: the oldest factor this sign-in relied on.
      nonce: request.nonce, authTime: Math.min(this.deps.clock.now(), ...txn.state.verified.map((v) => v.at)), amr,
    });
  }

  private async succeed(txn: IdxTransaction, base: Omit<StepView, 'remediations'>, user: User, sessionRules: SessionRules, ctx: RequestContext): Promise<Step> {
    const { store, clock } = this.deps;
    const now = clock.now();
    if (txn.request.classic) {
      txn.status = 'SUCCESS';
      await this.commit(txn);
      // The session is made when the app trades the token (sessionFromToken), in the browser that will hold it.
      const sessionToken = await this.sessionTokens.issue(user.id, txn.state.verified);
      await store.users.recordLogin(user.id, now);
      return this.respond(txn, { ...base, remediations: [], success: { sessionToken } });
    }
    // The redirect flow's code is issued when the browser comes back for it (finishRedirect).
    const interactionCode = txn.request.authorize ? undefined : await this.issueCode(txn, user.id, 'interaction_code');
    txn.status = 'SUCCESS';
    // Written before the session and the login are recorded: of two racing requests only the winner does those.
    await this.commit(txn);
    const existing = ctx.sessionToken ? await this.sessions.find(ctx.sessionToken) : undefined;
    const cookie = await this.sessions.signedIn(existing, user, txn.state.verified, sessionRules, ctx.ip);
    await store.users.recordLogin(user.id, now);
    const issuer = txn.serverId === ORG_SERVER_ID ? `${this.deps.baseUrl}/oauth2/v1` : `${this.deps.baseUrl}/oauth2/${txn.serverId}/v1`;
    const success = interactionCode
      ? { interactionCode, tokenEndpoint: `${issuer}/token`, clientId: txn.clientId }
      : { redirect: `${this.deps.baseUrl}/login/token/redirect?stateToken=${encodeURIComponent(this.stateHandle(txn))}` };
    return { ...this.respond(txn, { ...base, remediations: [], success }), sessionCookie: cookie };
  }

  private baseView(txn: IdxTransaction, app: App, messages: Message[]): Omit<StepView, 'remediations'> {
    return {
      intent: txn.intent, expiresAt: txn.expiresAt, messages, authenticatorEnrollments: [],
      user: txn.state.identifier ? { id: this.shownUserId(txn, txn.state.identifier), identifier: txn.state.identifier } : undefined,
      app: { id: app.clientId, name: app.name, label: app.label },
    };
  }

  /** `enrollmentId` is stable for kinds without rows (the same for an identifier that matched nobody: see shownUserId). */
  private authenticatorView(a: Authenticator, txn: IdxTransaction, enrollmentId?: string): AuthenticatorView {
    return {
      key: a.key, type: a.type, id: authenticatorIdOf(a), displayName: a.displayName, methods: (a.methods ?? [a.methodType]).map((type) => ({ type })),
      enrollmentId: enrollmentId ?? stableId('pae', a.key, this.shownUserId(txn, txn.state.identifier ?? '')),
    };
  }

  /** The form of the challenge under way: what must still be chosen with it, a poll while it is answered elsewhere, or the answer. */
  private challengeForm(txn: IdxTransaction, current: EnrollmentChoice): Remediation {
    if (txn.state.challenge?.awaitingChoice) return authenticatorData(selectableEnrollment(current), false);
    return current.authenticator.answeredElsewhere ? challengePoll() : challengeAuthenticator(current.authenticator.answerFields(txn.state.challenge?.data));
  }

  /** One of the user's enrollments with what they may see of it (masked). */
  private enrollmentView({ authenticator: a, enrollment }: EnrollmentChoice, txn: IdxTransaction, user: User | undefined): AuthenticatorView {
    const profile = enrollment ? a.enrollmentProfile?.(enrollment) : a.presentation?.(user, txn.state.identifier).profile;
    const details = enrollment && a.enrollmentDetails?.(enrollment);
    return { ...this.authenticatorView(a, txn, enrollment?.id), ...(profile && { profile }), ...(details && { details }) };
  }

  /** The user's id, or for an identifier that matched nobody, its decoy id: stable and alike (user enumeration prevention). */
  private shownUserId(txn: IdxTransaction, identifier: string): string {
    return txn.userId ?? this.decoys.userId(identifier);
  }

  private respond(txn: IdxTransaction, view: StepView, status = 200): Step {
    return { stateHandle: this.stateHandle(txn), view, status };
  }

  private usable(txn: IdxTransaction | undefined): IdxTransaction {
    if (!txn || txn.status !== 'ACTIVE' || txn.expiresAt <= this.deps.clock.now()) throw expired();
    return txn;
  }

  /** Marks the transaction changed by this request (and extends its life, within its absolute limit); `flush` writes it. */
  private changed(txn: IdxTransaction): void {
    txn.expiresAt = Math.min(this.deps.clock.now() + TRANSACTION_TTL_MS, txn.createdAt + TRANSACTION_MAX_MS);
    this.unsaved.add(txn);
  }

  private async flush(txn: IdxTransaction): Promise<void> {
    if (!this.unsaved.delete(txn)) return;
    // Another request advanced this transaction meanwhile (a double submit): this one must not act.
    if (!(await this.deps.store.idxTransactions.save(txn))) throw new EngineError(409, [Messages.malformed], false);
  }

  private async commit(txn: IdxTransaction): Promise<void> {
    this.changed(txn);
    await this.flush(txn);
  }
}

/** Authenticator ids are the same in every org process: derived from the key. */
export const authenticatorIdOf = (a: Authenticator): string => stableId('aut', a.key);

const selectable = (a: Authenticator): SelectableAuthenticator => ({
  key: a.key, id: authenticatorIdOf(a), displayName: a.displayName, methodType: a.methodType, ...(a.choiceFields && { choiceFields: a.choiceFields.bind(a) }),
});

/** The method chosen for the challenge under way, when one was (the phone: sms or voice), shown as its only method. */
const chosenMethod = (txn: IdxTransaction): { methods?: Array<{ type: string }> } =>
  (txn.state.challenge?.choice && !txn.state.challenge.awaitingChoice ? { methods: [{ type: txn.state.challenge.methodType }] } : {});

/** An enrollment as a select option: it names its enrollment when the user has several of the kind. */
const selectableEnrollment = (c: EnrollmentChoice): SelectableAuthenticator => ({ ...selectable(c.authenticator), ...(c.several && { enrollmentId: c.enrollment!.id }) });

/** Answers the pending challenge: an enrollment completes, anything else verifies. */
const check = async (a: Authenticator, pending: PendingChallenge | undefined, ctx: AuthenticatorContext, credentials: Record<string, unknown>): Promise<VerifyOutcome> => {
  if (pending?.awaitingChoice) return { ok: false, error: new EngineError(400, [Messages.malformed], false) };
  return pending?.enrolling ? a.enrollment!.complete(ctx, credentials, pending.data) : a.verify(ctx, credentials, pending?.data ?? {});
};



const signInAllowed = (user: User): boolean => ['ACTIVE', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'RECOVERY'].includes(user.status);
