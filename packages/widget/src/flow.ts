import { interact, redeemInteractionCode } from './api/oauth.js';
import { pkcePair, randomString, type Pkce } from './api/pkce.js';
import { toTokens, type Tokens } from './api/tokens.js';
import type { EventContext, Events } from './events.js';
import { describeFailure } from './failure.js';
import type { Values } from './idx/body.js';
import { introspect, submit, type IdxAnswer } from './idx/client.js';
import { currentAuthenticator, fieldValue, isError, isTerminal, remediations, stateSignature, topMessages } from './idx/state.js';
import type { IdxForm, IdxResponse } from './idx/types.js';
import type { Translator } from './i18n/translator.js';
import type { Settings } from './options.js';
import { failureScreen, signingInScreen, stateScreen, terminalScreen, type ScreenActions, type StateScreen } from './screens.js';
import type { Frame } from './ui/frame.js';

/** The interaction code, for an app that holds the PKCE verifier itself (it gave `codeChallenge`, `interactionHandle` or `stateToken`). */
export type CodeResult = { interaction_code: string; state?: string };
/** How a sign-in ends: tokens, or the interaction code. */
export type Outcome = { tokens: Tokens } | CodeResult;

/** The first remediation that polls (enroll-poll, challenge-poll), unless the state reports an error (a denied or expired push). */
const pollingRemediation = (response: IdxResponse): IdxForm | undefined =>
  (topMessages(response).some(isError) ? undefined : remediations(response).find((r) => r.name.endsWith('-poll')));

/** Okta's hosted page polls every 4 s when the server does not say. */
const DEFAULT_POLL_MS = 4000;

/**
 * One sign-in: starts (or resumes) an interaction, shows each IDX state, sends what the person
 * does, polls when the state asks, and ends with tokens, an interaction code, or a redirect.
 */
export class SignInFlow {
  private response?: IdxResponse;
  private pkce?: Pkce;
  private state?: string;
  private nonce?: string;
  /** The recovery token the widget was given, until its interaction begins. */
  private recoveryToken?: string;
  private pollTimer?: ReturnType<typeof setTimeout>;
  private requesting = false;
  private stopped = false;
  private shownReady = false;
  private lastEvent: EventContext = { controller: null, formName: 'terminal' };
  private settle!: { resolve(outcome: Outcome): void; reject(error: Error): void };

  constructor(private readonly settings: Settings, private readonly frame: Frame, private readonly t: Translator, private readonly events: Events) {
    this.recoveryToken = settings.recoveryToken;
  }

  /** Settles with the outcome; rejects only when the widget can offer no way on (see docs/widget.md). */
  run(): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      void this.begin();
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pollTimer);
  }

  /** A new interaction can be started only when this widget started the first one. */
  private get canRestart(): boolean {
    return !this.settings.stateToken && !this.settings.interactionHandle;
  }

  private readonly actions: ScreenActions = {
    submit: (form, values) => void this.send(form, values),
    showForm: (name) => this.show(name),
    invalid: (errors) => this.frame.showErrors(errors),
  };

  private begin(): Promise<void> {
    return this.guard(async () => {
      const s = this.settings;
      if (s.stateToken) return this.receive(await introspect(s.baseUrl, { stateToken: s.stateToken }));
      this.state = s.state ?? randomString(16);
      this.nonce = s.nonce ?? randomString(16);
      let codeChallenge = s.codeChallenge;
      if (!codeChallenge) {
        this.pkce = await pkcePair();
        codeChallenge = this.pkce.challenge;
      }
      const interactionHandle = s.interactionHandle ?? await interact({
        issuer: s.issuer, clientId: s.clientId!, redirectUri: s.redirectUri!, scopes: s.scopes, state: this.state, nonce: this.nonce,
        codeChallenge, codeChallengeMethod: s.codeChallengeMethod, recoveryToken: this.recoveryToken,
      });
      // Used up by that interaction: starting over (cancel) begins a plain sign-in, as Okta's widget does.
      this.recoveryToken = undefined;
      this.receive(await introspect(s.baseUrl, { interactionHandle }));
    });
  }

  private restart(): Promise<void> {
    clearTimeout(this.pollTimer);
    return this.begin();
  }

  /** Sends a form; its answer is the next state. */
  private send(form: IdxForm, values?: Values): Promise<void> {
    clearTimeout(this.pollTimer);
    this.requesting = true;
    this.frame.busy(true);
    return this.guard(async () => {
      const answer = await submit(form, values);
      if (this.stopped) return;
      if (form.name === 'cancel' && isTerminal(answer.response) && this.canRestart) return this.restart();
      this.receive(answer);
      if (form.name === 'resend' && !answer.error) this.frame.notice(this.t.t('latchkey.resent'));
    }).finally(() => {
      this.requesting = false;
      this.frame.busy(false);
    });
  }

  private receive({ response, error }: IdxAnswer): void {
    if (this.stopped) return;
    this.response = response;
    if (response.successWithInteractionCode) return void this.finish(response.successWithInteractionCode);
    if (response.success?.href) {
      this.frame.show(signingInScreen(this.t));
      return window.location.assign(response.success.href);
    }
    if (isTerminal(response)) this.render(terminalScreen(response, this.t, this.canRestart ? () => void this.restart() : undefined));
    else this.show();
    if (error) {
      const summary = topMessages(response).find(isError);
      this.events.emit('afterError', this.lastEvent, { xhr: error, errorSummary: summary ? this.t.message(summary) : `HTTP ${error.status}` });
    }
  }

  /** Shows the current state: `formName` (another remediation of it), by default its first. */
  private show(formName?: string): void {
    this.render(stateScreen(this.response!, formName, this.t, this.settings.hideSignOutLinkInMFA, this.actions));
    this.schedulePoll();
  }

  private render({ screen, event }: StateScreen): void {
    this.frame.show(screen);
    this.lastEvent = event;
    if (!this.shownReady) {
      this.shownReady = true;
      this.events.emit('ready', event);
    }
    this.events.emit('afterRender', event);
  }

  /**
   * The current authenticator's `poll` (the magic link), or a polling remediation (a push, a device
   * enrolling): waiting for something to happen elsewhere. A refusal (a denied push) stops it.
   */
  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    const poll = this.response && (currentAuthenticator(this.response)?.poll ?? pollingRemediation(this.response));
    if (poll?.href) this.pollTimer = setTimeout(() => void this.pollOnce(poll), poll.refresh ?? DEFAULT_POLL_MS);
  }

  private async pollOnce(poll: IdxForm): Promise<void> {
    const before = this.response!;
    let answer: IdxAnswer;
    try {
      answer = await submit(poll);
    } catch {
      return this.schedulePoll(); // a lost poll is tried again at the next interval
    }
    // The person sent something meanwhile: that answer wins.
    if (this.stopped || this.requesting || this.response !== before) return;
    // A refusal (a denied push) is shown, though the state's forms are the same.
    const moved = answer.response.successWithInteractionCode || answer.response.success || stateSignature(answer.response) !== stateSignature(before)
      || topMessages(answer.response).some(isError);
    if (moved) return this.receive(answer);
    // Nothing happened: keep what the person is typing, and poll on.
    this.response = answer.response;
    this.schedulePoll();
  }

  private async finish(form: IdxForm): Promise<void> {
    this.frame.show(signingInScreen(this.t));
    const interactionCode = String(fieldValue(form, 'interaction_code'));
    if (!this.pkce) return this.settle.resolve({ interaction_code: interactionCode, state: this.state ?? this.settings.state });
    const s = this.settings;
    await this.guard(async () => {
      const answer = await redeemInteractionCode({ issuer: s.issuer, clientId: s.clientId!, redirectUri: s.redirectUri!, interactionCode, codeVerifier: this.pkce!.verifier });
      this.settle.resolve({ tokens: toTokens(answer, { issuer: s.issuer, clientId: s.clientId!, scopes: s.scopes, nonce: this.nonce }) });
    });
  }

  /**
   * Runs a step; a failure outside the IDX states is shown with a way to start again and reported
   * to `afterError`. With no way on, the promise rejects too.
   */
  private async guard(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (this.stopped) return;
      const { summary, known } = describeFailure(error, this.t);
      clearTimeout(this.pollTimer);
      this.frame.show(failureScreen(summary, this.t, this.canRestart ? () => void this.restart() : undefined));
      this.events.emit('afterError', this.lastEvent, { xhr: known?.details.xhr, errorSummary: summary });
      if (!this.canRestart) this.settle.reject(known ?? (error as Error));
    }
  }
}
