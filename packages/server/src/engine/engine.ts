import type { IdxTransaction, InteractRequest, PendingChallenge, TransactionState } from '../store/repositories/idxTransactions.js';
import type { User } from '../store/repositories/users.js';
import type { Session } from '../store/repositories/sessions.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import { newSecret } from '../platform/ids.js';
import { hashSecret, safeEqual } from '../platform/crypto.js';
import type { Authenticator, AuthenticatorContext, VerifyOutcome } from '../authenticators/authenticator.js';
import { authenticatorByKey } from '../authenticators/registry.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages, type Message } from '../vocabulary/messages.js';
import type { Frame, RequestContext, Step, StepOptions } from './step.js';
import { Sessions, type SessionCookie } from './sessions.js';
import { SessionTokens } from './sessionTokens.js';
import { sessionRulesOf } from './sessionRulesOf.js';
import { postponeEnrollments } from './situation.js';
import { IdentifiedUsers, signInAllowed } from './identifiedUsers.js';
import { DecoyIds } from './decoyIds.js';
import { chosen, pendingChoice } from './enrollmentChoices.js';
import { freshAuthentication } from './credentialEnrollment.js';
import { expired, Transactions } from './transactions.js';
import { authenticatorIdOf, Views } from './views.js';
import { Steps, type EngineDeps } from './steps.js';
import type { Journey } from './journeys/journey.js';
import { SIGN_IN, isJourney, journeysOver } from './journeys/index.js';
import { recoveryByToken } from './journeys/recovery.js';
import { redeemRecoveryToken, type RecoveryPurpose } from '../org/recoveryTokens.js';
import { unlockByToken } from './journeys/unlock.js';
import { sendRecoveryLink } from './recoveryLinks.js';
import type { Remediation } from './remediations.js';
import { activationState } from './journeys/activation.js';
import { activationRequestState } from './journeys/activationRequest.js';
import { openActivationToken } from '../org/activation.js';
import { offeredBeforeSignIn } from '../policy/keepMeSignedIn.js';

export type { EngineDeps } from './steps.js';
export type { RequestContext } from './step.js';
export { authenticatorIdOf } from './views.js';

/** New codes one transaction may ask for (each sends a message). */
const MAX_RESENDS = 5;

/** Whom and with what a resend challenges (see SignInEngine.resendTarget). */
interface ResendTarget {
  authenticator: Authenticator;
  user: User | undefined;
  enrollment?: AuthenticatorEnrollment;
}

/** A redirect-flow sign-in the browser came back for: what it asked, and the code to send (once the grant is allowed). */
export interface RedirectFinish {
  request: IdxTransaction['request'];
  clientId: string;
  serverId: string;
  userId: string;
  issueCode(): Promise<string>;
  /** A new session to set in the browser (a Classic hosted sign-in makes it here, not when it succeeds). */
  sessionCookie?: SessionCookie;
}

/**
 * The authentication engine: a transaction per interaction, advanced by identify / answer / select /
 * cancel and the requests every journey shares. After each request it asks the transaction's
 * journey (sign-in, or one begun within it: see journeys/journey.ts) for the next step. It knows no
 * wire format: surfaces render its StepView.
 */
export class SignInEngine {
  private readonly txns: Transactions;
  private readonly users: IdentifiedUsers;
  private readonly sessions: Sessions;
  private readonly sessionTokens: SessionTokens;
  private readonly views: Views;
  private readonly steps: Steps;
  private readonly journeys: Map<string, Journey>;

  constructor(private readonly deps: EngineDeps) {
    this.txns = new Transactions(deps.store, deps.clock, deps.handleKey);
    this.users = new IdentifiedUsers(deps.store);
    this.sessions = new Sessions(deps.store, deps.clock, deps.events);
    this.sessionTokens = new SessionTokens(deps.store, deps.clock, deps.config, this.sessions);
    this.views = new Views(new DecoyIds(deps.handleKey));
    this.steps = new Steps({
      deps, txns: this.txns, users: this.users, sessions: this.sessions, sessionTokens: this.sessionTokens, views: this.views, entries: (txn) => this.journeyEntries(txn),
    });
    this.journeys = journeysOver(this.steps);
  }

  /** Starts an interaction for a client (after /interact or /authorize validated it); answers the interaction handle. */
  async begin(clientId: string, serverId: string, request: InteractRequest): Promise<string> {
    // prompt=login: the session is not looked at, so the person authenticates again.
    return this.beginWith(clientId, serverId, request, { verified: [], ...(freshAuthentication(request) && { sessionChecked: true }) });
  }

  /**
   * Starts an interaction with an activation token (the emailed activation link): the activation of
   * its user (journeys/activation.ts), or, for a link no longer valid, the offer of a new one
   * (journeys/activationRequest.ts). Undefined when the token cannot be used (nobody's, or its user is active),
   * and, with `offerNewLink` false (Classic, which has no such offer), when the link is no longer valid.
   */
  async beginActivation(clientId: string, serverId: string, request: InteractRequest, activationToken: string, offerNewLink = true): Promise<string | undefined> {
    const opened = await openActivationToken(this.deps.store, activationToken, this.deps.clock.now());
    if (!opened || (opened.linkExpired && !offerNewLink)) return undefined;
    // A link no longer valid proves nothing: the transaction only names its user (a decoy id shown), as one typed would.
    if (opened.linkExpired) return this.beginWith(clientId, serverId, request, activationRequestState(opened.user));
    return this.beginWith(clientId, serverId, request, activationState(opened.user, this.deps.clock.now(), request.classic === true), opened.user.id);
  }

  private async beginWith(clientId: string, serverId: string, request: InteractRequest, state: TransactionState, userId: string | null = null): Promise<string> {
    const handle = newSecret(32);
    await this.txns.create(clientId, serverId, request, state, handle, userId);
    return handle;
  }

  /**
   * Starts an interaction with a recovery token (the emailed reset link): the password recovery of
   * the token's user, at the new password, the token counting as the email proved. Undefined when the
   * token cannot be used (unknown, used, expired, or its user may not sign in).
   */
  beginRecovery(clientId: string, serverId: string, request: InteractRequest, recoveryToken: string): Promise<string | undefined> {
    return this.beginWithToken(clientId, serverId, request, recoveryToken, 'password', recoveryByToken);
  }

  /** Starts an interaction with an unlock token (Classic's emailed unlock link): the unlock of the token's user, the token counting as the email proved. */
  beginUnlock(clientId: string, serverId: string, request: InteractRequest, unlockToken: string): Promise<string | undefined> {
    return this.beginWithToken(clientId, serverId, request, unlockToken, 'unlock', unlockByToken);
  }

  /** Classic's emailed recovery or unlock link for the person `login` names, when they may have one (see recoveryLinks.ts). */
  sendRecoveryLink(login: string, purpose: RecoveryPurpose, relayState?: string): Promise<void> {
    return sendRecoveryLink(this.deps, login, purpose, relayState);
  }

  private async beginWithToken(
    clientId: string, serverId: string, request: InteractRequest, token: string, purpose: RecoveryPurpose, stateOf: (login: string, now: number) => TransactionState,
  ): Promise<string | undefined> {
    const redeemed = await redeemRecoveryToken(this.deps.store, this.deps.clock, token, purpose);
    if (!redeemed || !signInAllowed(redeemed.user)) return undefined;
    const { user, relayState } = redeemed;
    // The recovery that sent the link began with a relayState: the transaction the link continues keeps it.
    return this.beginWith(clientId, serverId, { ...request, ...(relayState !== undefined && { relayState }) }, stateOf(user.login, this.deps.clock.now()), user.id);
  }

  byInteractionHandle(handle: string): Promise<IdxTransaction> {
    return this.txns.byInteractionHandle(handle);
  }

  byStateHandle(handle: string): Promise<IdxTransaction> {
    return this.txns.byStateHandle(handle);
  }

  /** The transaction as stored now (after another request may have changed it). */
  reload(txn: IdxTransaction): Promise<IdxTransaction> {
    return this.txns.reload(txn);
  }

  stateHandle(txn: IdxTransaction): string {
    return this.txns.stateHandle(txn);
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

  /** `rememberMe`: the identify form's "Keep me signed in", kept only when the org offers it. */
  async identify(txn: IdxTransaction, identifier: string, credentials: Record<string, unknown> | undefined, ctx: RequestContext, rememberMe = false): Promise<Step> {
    if (txn.state.identifier) return this.advance(txn, ctx, [Messages.malformed], 400);
    const login = identifier.trim();
    if (!login) throw new EngineError(400, [], false, { identifier: [Messages.requiredField('identifier')] });
    const found = await this.deps.store.users.findByLogin(login);
    // Users who may not sign in are handled exactly like unknown ones: nothing tells them apart.
    const user = found && signInAllowed(found) ? found : undefined;
    if (!user && !(await this.deps.config.orgSettings()).userEnumerationPrevention) return this.advance(txn, ctx, [Messages.unknownUser(login)]);
    txn.state.identifier = login;
    if (rememberMe && offeredBeforeSignIn((await this.deps.config.orgSettings()).staySignedIn)) txn.state.keepSignedIn = true;
    txn.userId = user?.id ?? null;
    if (user) this.users.remember(txn, user);
    this.txns.changed(txn);
    if (credentials && typeof credentials.passcode === 'string') return this.answerFor(txn, authenticatorByKey('okta_password')!, credentials, ctx);
    return this.advance(txn, ctx);
  }

  /**
   * Classic primary authentication within a transaction begun elsewhere (authn with the hosted page's
   * stateToken): the identifier and its password at once, all or nothing. Unless the password is
   * proved and the person may go on, the transaction is left as it was, unidentified, for another
   * try (the step or error says why; lockouts and failure logs are the password authenticator's, as in `identify`).
   */
  async authenticate(txn: IdxTransaction, identifier: string, password: string, ctx: RequestContext): Promise<Step> {
    if (txn.state.identifier) return this.advance(txn, ctx, [Messages.malformed], 400);
    const before = { identifier: txn.state.identifier, userId: txn.userId, verified: [...txn.state.verified], keepSignedIn: txn.state.keepSignedIn };
    const proved = () => txn.state.verified.some((v) => v.authenticatorKey === 'okta_password' && !before.verified.includes(v));
    try {
      const step = await this.identify(txn, identifier, { passcode: password }, ctx);
      if (proved()) return step;
      await this.unidentify(txn, before);
      return step;
    } catch (error) {
      // Refused even with the right password (the policy denies this person): someone else may still sign in here.
      if (error instanceof EngineError) await this.unidentify(txn, before).catch(() => undefined);
      throw error;
    }
  }

  /** Puts back what identify changed, on the transaction as now stored (its password failure is already logged and counted). */
  private async unidentify(txn: IdxTransaction, before: Pick<IdxTransaction['state'], 'identifier' | 'verified' | 'keepSignedIn'> & { userId: string | null }): Promise<void> {
    const stored = await this.txns.reload(txn);
    stored.state = { ...stored.state, identifier: before.identifier, verified: before.verified, keepSignedIn: before.keepSignedIn, challenge: undefined };
    stored.userId = before.userId;
    await this.txns.commit(stored);
  }

  async answer(txn: IdxTransaction, credentials: Record<string, unknown>, ctx: RequestContext): Promise<Step> {
    const pending = txn.state.challenge;
    if (pending?.journeyForm) return this.submit(txn, pending.journeyForm, credentials, ctx);
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
    this.txns.changed(txn);
    const outcome = await authenticator.signInWithoutIdentifier.verify(this.steps.authenticatorContext(txn, undefined), credentials, pending!.data, signInAllowed);
    if (!outcome.ok) {
      this.steps.recordFailure(txn, undefined, outcome, ctx);
      return this.advance(txn, ctx, outcome.error.messages, outcome.error.status);
    }
    txn.state.identifier = outcome.user.login;
    txn.userId = outcome.user.id;
    this.users.remember(txn, outcome.user);
    this.steps.proved(txn, authenticator, ctx.ip, outcome.userVerified);
    return this.advance(txn, ctx);
  }

  /**
   * The person chose an enrolled authenticator to verify (`enrollmentId`: which one, when they have several of its kind;
   * `choice`: what came with it, the phone's method, see Authenticator.choiceFields). What may be chosen is the journey's.
   */
  async select(txn: IdxTransaction, authenticatorId: string, ctx: RequestContext, enrollmentId?: string, choice: Record<string, unknown> = {}): Promise<Step> {
    const { user, choices } = await this.journeyOf(txn).verifiable(txn, ctx);
    const picked = chosen(choices, authenticatorId, authenticatorIdOf, enrollmentId);
    if (!picked) return this.advance(txn, ctx, [Messages.invalidAuthenticator], 400);
    return this.startChosen(txn, picked.authenticator, user, choice, false, ctx, picked.enrollment);
  }

  /** The person chose an authenticator to enroll (select-authenticator-enroll). */
  async selectEnrollment(txn: IdxTransaction, authenticatorId: string, ctx: RequestContext, choice: Record<string, unknown> = {}): Promise<Step> {
    const situation = await this.steps.assess(txn, ctx.ip);
    const offer = await this.steps.enrollmentOffer(txn, situation);
    const picked = offer.keys.map((k) => authenticatorByKey(k)!).find((a) => authenticatorId === authenticatorIdOf(a));
    if (!picked) return this.advance(txn, ctx, [Messages.invalidAuthenticator], 400);
    return this.startChosen(txn, picked, situation.user, choice, true, ctx);
  }

  /**
   * Starts what was chosen, or, while something must still be chosen with it, asks for that. A refused start (an invalid
   * phone number, too many codes) answers the form asking for the choice again, with the reason.
   */
  private async startChosen(
    txn: IdxTransaction, a: Authenticator, user: User | undefined, choice: Record<string, unknown>, enrolling: boolean, ctx: RequestContext, enrollment?: AuthenticatorEnrollment,
  ): Promise<Step> {
    try {
      await this.steps.choose(txn, a, user, choice, enrolling, enrollment);
    } catch (error) {
      if (!(error instanceof EngineError) || error.terminal) throw error;
      return this.advance(txn, ctx, error.messages, error.status);
    }
    return this.advance(txn, ctx);
  }

  /** Takes the journey's own skip (see Journey.skip), or leaves the optional enrollments offered (only offered when every one is optional). */
  async skip(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    if (await this.journeyOf(txn).skip?.(txn, ctx)) {
      this.txns.changed(txn);
      return this.advance(txn, ctx);
    }
    const offer = await this.steps.enrollmentOffer(txn, await this.steps.assess(txn, ctx.ip));
    if (!offer.skippable) return this.advance(txn, ctx, [Messages.malformed], 400);
    txn.state.enrollmentSkipped = true;
    txn.state.challenge = undefined;
    // Written first: of two racing skips only one counts against the grace period.
    await this.txns.commit(txn);
    await postponeEnrollments(this.deps, txn.userId!, offer);
    return this.advance(txn, ctx);
  }

  /**
   * Begins journey `name` within the transaction (the person chose "Forgot password?", "Sign up",
   * "Unlock account"), then answers its first step.
   */
  async startJourney(txn: IdxTransaction, name: string, ctx: RequestContext): Promise<Step> {
    if (!isJourney(name)) return this.advance(txn, ctx, [Messages.malformed], 400);
    txn.state.journey = name === SIGN_IN ? undefined : name;
    txn.state.challenge = undefined;
    this.txns.changed(txn);
    await this.journeyOf(txn).begin?.(txn, ctx);
    return this.advance(txn, ctx);
  }

  /** One of the transaction's journey's own forms (see Journey.submit); a journey without forms of its own refuses it. */
  async submit(txn: IdxTransaction, form: string, input: Record<string, unknown>, ctx: RequestContext): Promise<Step> {
    const journey = this.journeyOf(txn);
    if (!journey.submit) return this.advance(txn, ctx, [Messages.malformed], 400);
    try {
      await journey.submit(txn, form, input, ctx);
    } catch (error) {
      // Refused input with field messages is answered on the (saved) current step by the surface.
      if (error instanceof EngineError && !error.terminal && Object.keys(error.fieldMessages).length === 0) return this.advance(txn, ctx, error.messages, error.status);
      if (error instanceof EngineError) await this.txns.flush(txn).catch(() => undefined);
      throw error;
    }
    return this.advance(txn, ctx);
  }

  /**
   * Back to the choice (Classic authn's `previous`): the challenge or enrollment under way is dropped, so the person may
   * choose another. A new password being asked (expiry) or a journey's form is not a choice: refused.
   */
  async previous(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    const pending = txn.state.challenge;
    if (!pending || pending.renewing || pending.journeyForm) return this.advance(txn, ctx, [Messages.malformed], 400);
    txn.state.challenge = undefined;
    this.txns.changed(txn);
    return this.advance(txn, ctx);
  }

  /**
   * Replaces an expired (or expiring) password when the old one is given again (Classic authn's change_password): a wrong
   * old password counts as a wrong password (lockout included) and answers the step with its error.
   */
  async renewPassword(txn: IdxTransaction, oldPassword: string, newPassword: string, ctx: RequestContext): Promise<Step> {
    if (!txn.state.challenge?.renewing) return this.advance(txn, ctx, [Messages.malformed], 400);
    const password = authenticatorByKey('okta_password')!;
    const user = await this.users.user(txn);
    const old = await password.verify(this.steps.authenticatorContext(txn, user), { passcode: oldPassword }, {});
    if (!old.ok) return this.settle(txn, password, user, old, ctx);
    return this.answer(txn, { passcode: newPassword }, ctx);
  }

  /** Sends a new code for the pending challenge (the old one stops working), only where the first one could go. */
  async resend(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    const pending = txn.state.challenge;
    const target = pending && !pending.awaitingChoice ? await this.resendTarget(txn, pending, ctx) : undefined;
    if (!pending || !target?.authenticator.presentation?.(undefined, undefined).resend) return this.advance(txn, ctx, [Messages.malformed], 400);
    if ((txn.state.resends ?? 0) >= MAX_RESENDS) return this.advance(txn, ctx, [Messages.tooManyRequests], 429);
    txn.state.resends = (txn.state.resends ?? 0) + 1;
    await this.steps.startChallenge(txn, target.authenticator, target.user, pending.enrolling, target.enrollment, pending.choice);
    return this.advance(txn, ctx);
  }

  /**
   * What a resend challenges: a verification as the journey offers it (Journey.verifiable: an unlock's
   * authenticators reach only the person's own verified address), so a resend never goes where the first
   * code could not; an enrollment as it began. Undefined when the journey no longer offers it.
   */
  private async resendTarget(txn: IdxTransaction, pending: PendingChallenge, ctx: RequestContext): Promise<ResendTarget | undefined> {
    if (pending.enrolling) {
      const authenticator = authenticatorByKey(pending.authenticatorKey);
      return authenticator && { authenticator, user: await this.users.user(txn) };
    }
    const { user, choices } = await this.journeyOf(txn).verifiable(txn, ctx);
    const choice = pendingChoice(choices, pending);
    return choice && { authenticator: choice.authenticator, user, enrollment: choice.enrollment };
  }

  /** Classic authn's `rememberDevice` on a verify: whether the MFA this sign-in completes remembers its device (as "Keep me signed in" does in IDX). */
  async rememberDevice(txn: IdxTransaction, remember: boolean): Promise<void> {
    // A push's poll repeats the choice every few seconds: written once.
    if ((txn.state.keepSignedIn === true) === remember) return;
    txn.state.keepSignedIn = remember;
    await this.txns.commit(txn);
  }

  /** Polled: a challenge or enrollment completed on another device (a push) settles once the answer was given there. */
  async poll(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    const pending = txn.state.challenge;
    const authenticator = pending && authenticatorByKey(pending.authenticatorKey);
    const elsewhere = pending?.enrolling ? authenticator?.enrollment?.answeredElsewhere?.answer : authenticator?.answeredElsewhere;
    if (!elsewhere) return this.advance(txn, ctx);
    const user = await this.users.user(txn);
    const outcome = await elsewhere(await this.steps.challengeContext(txn, user), pending!.data);
    return outcome ? this.settle(txn, authenticator!, user, outcome, ctx) : this.advance(txn, ctx);
  }

  /** What the browser running this transaction keeps, so a magic link opened later knows it (see openMagicLink). */
  browserBinding(txn: IdxTransaction): string {
    return this.txns.browserBinding(txn);
  }

  /**
   * A magic link was opened: in the browser that is signing in (it has the transaction's browser
   * binding), or anywhere when the org allows, it answers the pending challenge, which the waiting
   * client then sees by polling. Elsewhere the person is told to type the code in the original
   * browser, and the link stays usable. Answers the message to show where it was opened.
   */
  async openMagicLink(transactionId: string, token: string, binding: string | undefined): Promise<Message> {
    const txn = await this.deps.store.idxTransactions.findById(transactionId);
    const pending = txn?.state.challenge;
    const authenticator = pending && authenticatorByKey(pending.authenticatorKey);
    if (!this.txns.live(txn) || !authenticator) return Messages.linkExpired;
    const outcome = await check(authenticator, pending, await this.steps.challengeContext(txn, await this.users.user(txn)), { magicLink: token });
    if (!outcome.ok) {
      await this.txns.commit(txn);
      return Messages.linkExpired;
    }
    const sameBrowser = binding !== undefined && safeEqual(binding, this.browserBinding(txn));
    if (!sameBrowser && !(await this.deps.config.orgSettings()).emailLinkCompletesAnywhere) return Messages.enterCodeInOriginalTab;
    this.steps.proved(txn, authenticator);
    await this.txns.commit(txn);
    return Messages.returnToOriginalTab;
  }

  /** The live session a cookie names, if any (the org's own pages show who is signed in). */
  session(sessionToken: string): Promise<Session | undefined> {
    return this.sessions.find(sessionToken);
  }

  /**
   * Trades a Classic sessionToken for a session in this browser: the cookie to set (none when the
   * browser's session already holds it), or undefined when the token cannot be used. `clientId`:
   * the app redeeming it, when known.
   */
  async sessionFromToken(token: string, ctx: RequestContext, clientId?: string): Promise<{ cookie?: SessionCookie } | undefined> {
    const existing = ctx.sessionToken ? await this.sessions.find(ctx.sessionToken) : undefined;
    return this.sessionTokens.redeem(token, existing, ctx.ip, clientId);
  }

  /** Keeps the session a cookie names alive (Classic /api/v1/sessions/me/lifecycle/refresh); undefined when there is none. */
  async refreshSession(sessionToken: string): Promise<Session | undefined> {
    const session = await this.sessions.find(sessionToken);
    return session && this.keepAlive(session);
  }

  /** The live session with this public id (the management Sessions API names sessions by id, never by cookie). */
  sessionById(id: string): Promise<Session | undefined> {
    return this.sessions.findById(id);
  }

  /** Keeps a live session alive: a new idle deadline under the user's session policy, within its lifetime. */
  async keepAlive(session: Session): Promise<Session> {
    return this.sessions.refresh(session, await sessionRulesOf(this.deps.store, this.deps.config, session.userId));
  }

  /** Ends a live session, whoever's it is (an admin's call: the management Sessions API). */
  endSession(session: Session, ip: string): Promise<void> {
    return this.sessions.revoke(session, ip);
  }

  /**
   * Sign-out: ends the browser's session if it is this user's (another person's session is not theirs to end); see Sessions.end.
   * The browser's device (`deviceToken`, its device cookie) is no longer remembered for the user's MFA: "Keep me signed in" ends too.
   */
  async signOut(sessionToken: string, userId: string, ip: string, deviceToken?: string): Promise<boolean> {
    const ended = await this.sessions.end(sessionToken, userId, ip);
    if (ended && deviceToken) await this.deps.store.signInHistory.forgetMfa(userId, hashSecret(deviceToken));
    return ended;
  }

  /**
   * Ends the transaction (its state and interaction handles answer expired from now on) and, as
   * Okta does, answers the identify step of a new one for the same request: the hosted page and
   * Okta's widget show it, okta-auth-js starts over with a new interaction.
   */
  async cancel(txn: IdxTransaction, ctx: RequestContext): Promise<Step> {
    txn.status = 'CANCELED';
    await this.txns.commit(txn);
    // Nobody holds the new transaction's interaction handle: it continues by its state handle alone.
    // The session is not offered again: cancel means "let me sign in as someone else".
    const next = await this.txns.create(txn.clientId, txn.serverId, txn.request, { verified: [], sessionChecked: true }, newSecret(32));
    return this.advance(next, ctx);
  }

  /**
   * The browser of a finished redirect-flow sign-in (/v1/authorize) comes back for its code: answers
   * where to send it. Once only: a second visit finds the transaction REDIRECTED. A Classic hosted
   * sign-in's session is made now, in this browser (`ctx`: its session cookie, if any).
   */
  async finishRedirect(stateHandle: string, ctx: RequestContext): Promise<RedirectFinish> {
    const txn = await this.txns.byHandle(stateHandle);
    if (!txn || txn.status !== 'SUCCESS' || !txn.request.authorize || !txn.userId || txn.expiresAt <= this.deps.clock.now()) throw expired();
    const userId = txn.userId;
    txn.status = 'REDIRECTED';
    await this.txns.commit(txn);
    const sessionCookie = txn.request.classic ? await this.classicSession(txn, userId, ctx) : undefined;
    return { request: txn.request, clientId: txn.clientId, serverId: txn.serverId, userId, issueCode: () => this.steps.issueCode(txn, userId, 'authorization_code'), sessionCookie };
  }

  /** The session of a finished Classic hosted sign-in, under the session rules of its user now (one who may no longer sign in gets none). */
  private async classicSession(txn: IdxTransaction, userId: string, ctx: RequestContext): Promise<SessionCookie | undefined> {
    const user = await this.deps.store.users.findById(userId);
    if (!user || !signInAllowed(user)) throw expired();
    const existing = ctx.sessionToken ? await this.sessions.find(ctx.sessionToken) : undefined;
    const rules = await sessionRulesOf(this.deps.store, this.deps.config, userId);
    return this.sessions.signedIn(existing, user, txn.state.verified, rules, ctx.ip, txn.state.keepSignedIn === true);
  }

  private async answerFor(txn: IdxTransaction, authenticator: Authenticator, credentials: Record<string, unknown>, ctx: RequestContext): Promise<Step> {
    const user = await this.users.user(txn);
    return this.settle(txn, authenticator, user, await check(authenticator, txn.state.challenge, await this.steps.challengeContext(txn, user), credentials), ctx);
  }

  /** Goes on from the answer to the pending challenge: proved, or refused with the outcome's error. */
  private async settle(txn: IdxTransaction, authenticator: Authenticator, user: User | undefined, outcome: VerifyOutcome, ctx: RequestContext): Promise<Step> {
    if (!outcome.ok) {
      this.steps.recordFailure(txn, user, outcome, ctx);
      if (txn.state.challenge) this.txns.changed(txn); // keeps the challenge's attempt count
      // Terminal, or with field messages: the surface answers the (saved) current state with them.
      if (outcome.error.terminal || Object.keys(outcome.error.fieldMessages).length > 0) {
        await this.txns.flush(txn);
        throw outcome.error;
      }
      return this.advance(txn, ctx, outcome.error.messages, outcome.error.status);
    }
    this.steps.proved(txn, authenticator, ctx.ip, outcome.userVerified);
    this.txns.changed(txn);
    return this.advance(txn, ctx);
  }

  /**
   * Works out the next step (the journey's), then writes the transaction once if the step changed
   * it (one compare-and-set per request). `messages` (with `status`) report why the previous step did not advance.
   */
  private async advance(txn: IdxTransaction, ctx: RequestContext, messages: Message[] = [], status = 200, options: StepOptions = {}): Promise<Step> {
    // Classic authn begins a challenge only when the app asks to verify that factor.
    if (txn.request.classic) options = { ...options, quiet: true };
    let step: Step;
    try {
      const app = await this.deps.config.app(txn.clientId);
      if (!app || app.status !== 'ACTIVE') throw expired();
      const frame: Frame = { base: () => this.views.base(txn, app, messages), status, options };
      step = await this.journeyOf(txn).next(txn, ctx, frame);
    } catch (error) {
      // What led to a refusal (who was identified) is kept, so the transaction stays refused.
      if (error instanceof EngineError) await this.txns.flush(txn).catch(() => undefined);
      throw error;
    }
    await this.txns.flush(txn);
    return step;
  }

  /** The forms on the identify step that begin other journeys (see Journey.entry). */
  private async journeyEntries(txn: IdxTransaction): Promise<Remediation[]> {
    const offered = await Promise.all([...this.journeys.values()].map((j) => j.entry?.(txn)));
    return offered.filter((r) => r !== undefined);
  }

  private journeyOf(txn: IdxTransaction): Journey {
    return this.journeys.get(txn.state.journey ?? SIGN_IN) ?? this.journeys.get(SIGN_IN)!;
  }
}

/** Answers the pending challenge: an enrollment completes, anything else verifies. */
const check = async (a: Authenticator, pending: PendingChallenge | undefined, ctx: AuthenticatorContext, credentials: Record<string, unknown>): Promise<VerifyOutcome> => {
  if (pending?.awaitingChoice) return { ok: false, error: new EngineError(400, [Messages.malformed], false) };
  return pending?.enrolling ? a.enrollment!.complete(ctx, credentials, pending.data) : a.verify(ctx, credentials, pending?.data ?? {});
};
