import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { User } from '../store/repositories/users.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { ConfigCache } from '../org/configCache.js';
import type { EmailSender } from '../platform/delivery/email.js';
import type { SmsSender } from '../platform/delivery/sms.js';
import type { SecurityEventSink } from '../platform/securityEvents.js';
import type { KeyEncryption } from '../platform/keyEncryption.js';
import type { Authenticator, AuthenticatorContext, VerifyOutcome } from '../authenticators/authenticator.js';
import { authenticatorByKey } from '../authenticators/registry.js';
import { EngineError } from '../vocabulary/errors.js';
import { Messages } from '../vocabulary/messages.js';
import { sessionRulesFor, type SessionRules } from '../policy/sessionPolicy.js';
import { enrollmentOf, type EnrollmentOffer } from '../policy/enrollmentOffer.js';
import { offeredBeforeSignIn } from '../policy/keepMeSignedIn.js';
import { issueAuthorizationCode } from '../oauth/authorizationCodes.js';
import { ORG_SERVER_ID } from '../org/orgAuthServer.js';
import { classicFactorsFor } from '../org/classic/enrollmentPolicy.js';
import { enrollAuthenticator, enrollPoll, identify, selectAuthenticatorAuthenticate, selectAuthenticatorEnroll, selectEnrollmentChannel, skip, authenticatorData, type Remediation } from './remediations.js';
import type { Frame, RequestContext, Step, StepView } from './step.js';
import type { Sessions } from './sessions.js';
import type { SessionTokens } from './sessionTokens.js';
import { assess, enrollmentOfferFor, type Situation } from './situation.js';
import { ANYONE, type IdentifiedUsers } from './identifiedUsers.js';
import { factorActivated, passwordRenewed } from './factorEvents.js';
import { challengedEnrollment, enrollmentChoices, pendingChoice, type EnrollmentChoice } from './enrollmentChoices.js';
import { identifyExtras } from './withoutIdentifier.js';
import { SignInMemory } from './signInSignals.js';
import { amrOf, isMultiFactor } from './factorRefs.js';
import type { Transactions } from './transactions.js';
import { authenticatorIdOf, challengeForm, chosenMethod, selectable, selectableEnrollment, type BaseView, type Views } from './views.js';
import { otherProvider } from '../authenticators/classicProvider.js';
import { CLASSIC_REDIRECT_PATH, REDIRECT_PATH } from './redirectPaths.js';

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

/** What every journey (sign-in, recovery, registration, …) builds its steps with. */
export interface StepParts {
  deps: EngineDeps;
  txns: Transactions;
  users: IdentifiedUsers;
  sessions: Sessions;
  sessionTokens: SessionTokens;
  views: Views;
  /** The forms of other journeys the identify step offers (see Journey.entry). */
  entries?: (txn: IdxTransaction) => Promise<Remediation[]>;
}

/**
 * The step machinery the journeys share: challenging and enrolling authenticators, the forms that
 * offer them, and the end of a sign-in. A journey decides which of these steps comes next; this
 * class knows how each is begun and shown.
 */
export class Steps {
  readonly deps: EngineDeps;
  readonly txns: Transactions;
  readonly users: IdentifiedUsers;
  readonly sessions: Sessions;
  readonly views: Views;
  private readonly sessionTokens: SessionTokens;
  private readonly entries: StepParts['entries'];
  private readonly memory: SignInMemory;

  constructor(parts: StepParts) {
    ({ deps: this.deps, txns: this.txns, users: this.users, sessions: this.sessions, views: this.views, sessionTokens: this.sessionTokens, entries: this.entries } = parts);
    this.memory = new SignInMemory(this.deps.store, this.deps.clock);
  }

  /** Where the sign-in stands against the policies (see situation.ts). */
  assess(txn: IdxTransaction, ip: string): Promise<Situation> {
    return assess({ config: this.deps.config, users: this.users, clock: this.deps.clock, events: this.deps.events }, txn, ip);
  }

  /** What the enrollment policy has the user enroll now. */
  enrollmentOffer(txn: IdxTransaction, situation: Situation): Promise<EnrollmentOffer> {
    return enrollmentOfferFor(this.deps, txn, situation);
  }

  /** Starts the challenge (or enrollment) when everything `a` needs chosen is given; until then, the transaction awaits the choice. */
  async choose(
    txn: IdxTransaction, a: Authenticator, user: User | undefined, choice: Record<string, unknown>, enrolling: boolean, enrollment?: AuthenticatorEnrollment,
  ): Promise<void> {
    if (!a.choiceFields) {
      const provider = otherProvider(a.classicFactor, choice);
      return this.startChallenge(txn, a, user, enrolling, enrollment, provider ? { provider } : undefined);
    }
    // Awaiting until started: a refused start asks for the choice again.
    txn.state.challenge = {
      authenticatorKey: a.key, methodType: a.methodType, data: {}, awaitingChoice: true, ...(enrolling && { enrolling: true }), ...(enrollment && { enrollmentId: enrollment.id }),
    };
    this.txns.changed(txn);
    const fields = a.choiceFields(enrolling);
    const missing = fields.some((f) => choice[f.name] === undefined || choice[f.name] === null || choice[f.name] === '');
    if (missing) return;
    // A value the field does not offer (a method the policy does not allow here) is refused; given but wrong (a number that is not one) is for the authenticator to refuse.
    if (!fields.every((f) => !f.options || f.options.some((o) => 'value' in o && o.value === choice[f.name]))) throw new EngineError(400, [Messages.malformed], false);
    await this.startChallenge(txn, a, user, enrolling, enrollment, choice);
  }

  /** `enrollment`: the row to challenge, when the authenticator keeps its enrollments as rows; `choice`: what was chosen with it (the phone's method). */
  async startChallenge(
    txn: IdxTransaction, authenticator: Authenticator, user: User | undefined, enrolling = false, enrollment?: AuthenticatorEnrollment, choice?: Record<string, unknown>,
  ): Promise<void> {
    const ctx = { ...this.authenticatorContext(txn, user, enrollment), choice: choice ?? {} };
    const data = enrolling ? await authenticator.enrollment!.start(ctx) : await authenticator.challenge(ctx);
    const methodType = typeof choice?.methodType === 'string' ? choice.methodType : authenticator.methodType;
    txn.state.challenge = {
      authenticatorKey: authenticator.key, methodType, data, ...(enrolling && { enrolling: true }), ...(enrollment && { enrollmentId: enrollment.id }), ...(choice && { choice }),
    };
    this.txns.changed(txn);
  }

  /** The context of the pending challenge: its enrollment is the one chosen. */
  async challengeContext(txn: IdxTransaction, user: User | undefined): Promise<AuthenticatorContext> {
    return this.authenticatorContext(txn, user, challengedEnrollment(await this.users.enrollments(txn), txn.state.challenge));
  }

  authenticatorContext(txn: IdxTransaction, user: User | undefined, enrollment?: AuthenticatorEnrollment): AuthenticatorContext {
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
   * The pending challenge was answered: the authenticator counts as verified (and, if it was being enrolled, as enrolled);
   * `userVerified`: what the authenticator reported of verifying the person, when it reports it.
   */
  proved(txn: IdxTransaction, authenticator: Authenticator, ip?: string, userVerified?: boolean): void {
    const { state } = txn;
    // A password renewed (it expired) was verified already; the user record changed.
    if (state.challenge?.renewing) {
      state.challenge = undefined;
      this.users.forget(txn);
      return this.deps.events.record(passwordRenewed(txn, ip));
    }
    // The method used (the phone's sms or voice) is what the password policy's unlock rules look at.
    state.verified.push({ authenticatorKey: authenticator.key, methodType: state.challenge?.methodType ?? authenticator.methodType, at: this.deps.clock.now(), ...(userVerified !== undefined && { userVerified }) });
    if (state.challenge?.enrolling) {
      state.enrolled = [...(state.enrolled ?? []), authenticator.key];
      this.users.forget(txn);
      this.deps.events.record(factorActivated(txn, authenticator.key, authenticatorIdOf(authenticator), ip));
    }
    state.challenge = undefined;
  }

  /** Logs a wrong answer (and the lock it caused) for administrators; the identifier is logged whether or not it matched anyone. */
  recordFailure(txn: IdxTransaction, user: User | undefined, outcome: Extract<VerifyOutcome, { ok: false }>, ctx: RequestContext): void {
    const actor = { id: user?.id ?? 'unknown', type: 'User' as const, alternateId: txn.state.identifier };
    const client = { ipAddress: ctx.ip };
    this.deps.events.record({
      eventType: 'user.authentication.auth_failed', outcome: { result: 'FAILURE', reason: outcome.lockout ? 'LOCKED_OUT' : 'INVALID_CREDENTIALS' }, actor, client,
    });
    if (outcome.lockout === 'locked') this.deps.events.record({ eventType: 'user.account.lock', outcome: { result: 'SUCCESS' }, actor, client, target: [actor] });
  }

  /** The identify form, with the ways to sign in without an identifier the org offers (passkeys), and the journeys it may begin. */
  async identifyStep(txn: IdxTransaction, { base, status, options }: Frame): Promise<Step> {
    const extras = await identifyExtras(txn, this.authenticatorContext(txn, undefined), options.quiet === true);
    if (extras.started) this.txns.changed(txn);
    const context = Object.keys(extras.context).length > 0 ? { context: extras.context } : {};
    const entries = (await this.entries?.(txn)) ?? [];
    const { staySignedIn } = await this.deps.config.orgSettings();
    return this.respond(txn, { ...base(), remediations: [identify(await this.passwordFirst(), offeredBeforeSignIn(staySignedIn)), ...extras.remediations, ...entries], ...context }, status);
  }

  /** The global session policy for people not yet known makes the password the first factor: ask it with the username. */
  private async passwordFirst(): Promise<boolean> {
    return sessionRulesFor(await this.deps.config.policiesOf('OKTA_SIGN_ON'), ANYONE).primaryFactor === 'PASSWORD_IDP';
  }

  /**
   * Verifying: the challenge under way (or, when only one enrollment can be chosen, that one begun) and the
   * choice of `choices`; `select` names the select form (Okta names it by what the verification is for).
   */
  async verificationStep(
    txn: IdxTransaction, { base, status, options }: Frame, user: User | undefined, choices: EnrollmentChoice[], select = selectAuthenticatorAuthenticate,
  ): Promise<Step> {
    let current = pendingChoice(choices, txn.state.challenge);
    if (!current && choices.length === 1 && !options.quiet) {
      current = choices[0];
      await this.choose(txn, current.authenticator, user, {}, false, current.enrollment);
    }
    const remediations: Remediation[] = [];
    if (current) remediations.push(challengeForm(txn, current));
    remediations.push(select(choices.map(selectableEnrollment)));
    const views = choices.map((c) => this.views.enrollment(c, txn, user));
    // The enrollment's own (masked) profile wins over the kind's: it is the one challenged.
    const currentView = current && {
      ...current.authenticator.presentation?.(user, txn.state.identifier, txn.state.challenge?.data), ...views[choices.indexOf(current)],
      ...(current.authenticator.answeredElsewhere && { answeredElsewhere: true }), ...chosenMethod(txn),
    };
    return this.respond(txn, { ...base(), remediations, authenticatorEnrollments: views, current: currentView }, status);
  }

  /**
   * Enrolling: the form of the authenticator being enrolled (if one is), the choice of the others, and
   * skip when allowed; what the user has enrolled already is listed, as Okta does (clients exclude those WebAuthn credentials).
   */
  async enrollmentStep(txn: IdxTransaction, { base, status, options }: Frame, user: User, offer: EnrollmentOffer, situation: Situation): Promise<Step> {
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
    // What the enrollment policy says of each, offered or enrolled (Classic authn lists it with every factor).
    const asked = (key: string) => {
      const enrollment = enrollmentOf(offer, key);
      return enrollment ? { enrollment } : {};
    };
    const views = offered.map((a) => ({ ...this.views.authenticator(a, txn), ...(offer.grace?.[a.key] && { gracePeriod: offer.grace[a.key] }), ...asked(a.key) }));
    // While enrolling, the address is the user's own and shown in full by the client: no masked profile.
    const { profile: _masked, ...actions } = current?.presentation?.(user, txn.state.identifier) ?? {};
    const ctx = this.authenticatorContext(txn, user);
    const settings = current && (await current.enrollment!.settings?.(ctx));
    const contextualData = current && (await current.enrollment!.contextualData?.(ctx, txn.state.challenge!.data));
    const provider = current && otherProvider(current.classicFactor, txn.state.challenge?.choice);
    const currentView = current && { ...views.find((v) => v.key === current!.key)!, ...actions, ...chosenMethod(txn), ...(provider && { classicProvider: provider }), enrolling: true, ...(settings && { settings }), ...(contextualData && { contextualData }) };
    const enrolled = enrollmentChoices(situation.enrolled, situation.enrollments).map((c) => ({ ...this.views.enrollment(c, txn, user), ...asked(c.authenticator.key) }));
    const classicFactors = txn.request.classic && situation.person && classicFactorsFor(await this.deps.config.classicPoliciesOf('MFA_ENROLL'), situation.person);
    return this.respond(txn, { ...base(), remediations, authenticators: views, ...(classicFactors && { classicFactors }), authenticatorEnrollments: enrolled, current: currentView }, status);
  }

  /**
   * The sign-in is complete: the interaction code (or, in the redirect flow, where the browser goes
   * for its code, or for Classic authn a sessionToken), and the session.
   */
  async succeed(txn: IdxTransaction, base: BaseView, user: User, sessionRules: SessionRules, ctx: RequestContext): Promise<Step> {
    const { store, clock } = this.deps;
    const now = clock.now();
    if (txn.request.classic) {
      txn.status = 'SUCCESS';
      await this.txns.commit(txn);
      await store.users.recordLogin(user.id, now);
      // authn answers an app, not the browser: the device is the one the transaction began on (the app's deviceToken, or the DT cookie).
      await this.memory.signedIn(user.id, txn.state.device, ctx.ip, { rememberDevice: await this.remembersThisDevice(txn) });
      // The session is made in the browser that will hold it: where the hosted page's browser follows
      // the link back to the app (finishRedirect), or where the app trades the token (sessionFromToken).
      if (txn.request.authorize) return this.respond(txn, { ...base, remediations: [], success: { redirect: this.redirectLink(txn, CLASSIC_REDIRECT_PATH) } });
      const sessionToken = await this.sessionTokens.issue(user.id, txn.state.verified);
      return this.respond(txn, { ...base, remediations: [], success: { sessionToken } });
    }
    // The redirect flow's code is issued when the browser comes back for it (finishRedirect).
    const interactionCode = txn.request.authorize ? undefined : await this.issueCode(txn, user.id, 'interaction_code');
    txn.status = 'SUCCESS';
    // Written before the session and the login are recorded: of two racing requests only the winner does those.
    await this.txns.commit(txn);
    const existing = ctx.sessionToken ? await this.sessions.find(ctx.sessionToken) : undefined;
    const cookie = await this.sessions.signedIn(existing, user, txn.state.verified, sessionRules, ctx.ip, txn.state.keepSignedIn === true);
    await store.users.recordLogin(user.id, now);
    const issuer = txn.serverId === ORG_SERVER_ID ? `${this.deps.baseUrl}/oauth2/v1` : `${this.deps.baseUrl}/oauth2/${txn.serverId}/v1`;
    const success = interactionCode
      ? { interactionCode, tokenEndpoint: `${issuer}/token`, clientId: txn.clientId }
      : { redirect: this.redirectLink(txn, REDIRECT_PATH) };
    return { ...this.respond(txn, { ...base, remediations: [], success }), sessionCookie: cookie, rememberDevice: await this.remembersThisDevice(txn),
      staySignedInAsked: txn.state.staySignedInAsked === true };
  }

  /**
   * Whether the completed sign-in remembers its device for MFA: only when the person asked for it ("Keep
   * me signed in", Classic's rememberDevice; never by a policy default: see SessionRules), and only for MFA
   * done in this sign-in: a device let off MFA (or a session's) never extends its own remembering.
   */
  private async remembersThisDevice(txn: IdxTransaction): Promise<boolean> {
    return txn.state.keepSignedIn === true
      && isMultiFactor(txn.state.verified.filter((v) => v.at >= txn.createdAt), await this.users.enrollments(txn));
  }

  /** Where the browser of a finished redirect-flow sign-in goes for its code (see SignInEngine.finishRedirect). */
  private redirectLink(txn: IdxTransaction, path: string): string {
    return `${this.deps.baseUrl}${path}?stateToken=${encodeURIComponent(this.txns.stateHandle(txn))}`;
  }

  /** The single-use code that ends a sign-in, carrying what the tokens will say of it. */
  async issueCode(txn: IdxTransaction, userId: string, grantType: 'authorization_code' | 'interaction_code'): Promise<string> {
    const { request } = txn;
    const amr = amrOf(txn.state.verified, await this.users.enrollments(txn));
    return issueAuthorizationCode(this.deps.store, this.deps.clock, await this.deps.config.app(txn.clientId), {
      grantType, clientId: txn.clientId, serverId: txn.serverId, userId, redirectUri: request.redirectUri,
      scopes: request.scopes, codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod,
      // auth_time is when the person last actively authenticated: the oldest factor this sign-in relied on.
      nonce: request.nonce, authTime: Math.min(this.deps.clock.now(), ...txn.state.verified.map((v) => v.at)), amr,
    });
  }

  respond(txn: IdxTransaction, view: StepView, status = 200): Step {
    return { stateHandle: this.txns.stateHandle(txn), view, status };
  }
}
