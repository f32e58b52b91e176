import type { Answer } from '../api/http.js';
import type { EventContext, Events } from '../events.js';
import { describeFailure } from '../failure.js';
import type { Translator } from '../i18n/translator.js';
import type { Settings } from '../options.js';
import { signingInScreen } from '../screens.js';
import type { Frame } from '../ui/frame.js';
import { authn, type AuthnAnswer } from './client.js';
import { primaryAuth } from './screens/primaryAuth.js';
import { viewOf } from './statuses.js';
import { classicSuccess, type ClassicSuccess } from './success.js';
import type { AuthnErrorBody, AuthnTransaction } from './types.js';
import { backToSignIn, messageScreen, type ClassicActions, type ClassicContext, type ClassicView } from './view.js';

/** Okta's Classic widget polls a push every 4 s. */
const POLL_MS = 4000;

/** Okta's error code for a stateToken the server no longer knows (expired, ended): only a new sign-in helps. */
const INVALID_TOKEN = 'E0000011';

/**
 * One Classic Engine sign-in (`useClassicEngine: true`): shows primary authentication, or the
 * transaction of a `stateToken` or `recoveryToken`; shows each authn status; sends what the person
 * does to the transaction's links; polls a push; ends with Okta's Classic success data.
 */
export class ClassicFlow {
  private tx?: AuthnTransaction;
  private username?: string;
  private pollTimer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  private shownReady = false;
  private lastEvent: EventContext = { controller: null, formName: 'UNAUTHENTICATED' };
  private settle!: (success: ClassicSuccess) => void;

  constructor(private readonly settings: Settings, private readonly frame: Frame, private readonly t: Translator, private readonly events: Events) {}

  /** Settles with the success data; never rejects: a way back to sign in is always offered. */
  run(): Promise<ClassicSuccess> {
    return new Promise((resolve) => {
      this.settle = resolve;
      void this.begin();
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pollTimer);
  }

  private readonly actions: ClassicActions = {
    send: (url, body) => void this.send(url, body),
    show: (view) => this.show(view),
    showWhenLoaded: (load) => void this.busyWhile(async () => this.show(await load)),
    restart: () => this.restart(),
    invalid: (errors) => this.frame.showErrors(errors),
  };

  private begin(): Promise<void> {
    const { baseUrl, recoveryToken, stateToken } = this.settings;
    if (recoveryToken) return this.send(`${baseUrl}/api/v1/authn/recovery/token`, { recoveryToken });
    if (stateToken) return this.send(`${baseUrl}/api/v1/authn/introspect`, { stateToken });
    this.show((c) => primaryAuth(c));
    return Promise.resolve();
  }

  /** Back to primary authentication; the transaction left is cancelled (its answer does not matter). */
  private restart(): void {
    clearTimeout(this.pollTimer);
    const cancel = this.tx?.stateToken && this.tx._links?.cancel?.href;
    if (cancel) void authn(cancel, { stateToken: this.tx!.stateToken }).catch(() => undefined);
    this.tx = undefined;
    this.show((c) => primaryAuth(c));
  }

  private send(url: string, body: Record<string, unknown>): Promise<void> {
    clearTimeout(this.pollTimer);
    if (typeof body.username === 'string') this.username = body.username;
    return this.busyWhile(async () => {
      const answer = await authn(url, body);
      if (!this.stopped) this.receive(answer, url.endsWith('/resend'));
    });
  }

  private receive(answer: AuthnAnswer, resent = false): void {
    if ('refused' in answer) return this.refused(answer.refused, answer.xhr);
    const tx = answer.transaction;
    this.tx = tx;
    if (tx.status === 'SUCCESS' && tx.recoveryType !== 'UNLOCK') {
      this.frame.show(signingInScreen(this.t));
      return this.settle(classicSuccess(tx, this.settings.baseUrl, this.settings.redirectUri));
    }
    const view = viewOf(tx);
    if (!view) return this.fail(this.t.t('oform.error.unexpected'));
    this.show(view);
    // A code sent again (a push sent again shows its wait instead).
    if (resent && tx.factorResult !== 'WAITING') this.frame.notice(this.t.t('latchkey.resent'));
    this.schedulePoll();
  }

  /** Okta's error, shown on the screen it answers (what was typed stays); an ended transaction or a refused start leaves only a new sign-in. */
  private refused(error: AuthnErrorBody, xhr: Answer): void {
    const summary = this.t.message({ message: error.errorSummary ?? `HTTP ${xhr.status}`, i18n: error.errorCode ? { key: `errors.${error.errorCode}` } : undefined });
    const causes = (error.errorCauses ?? []).map((cause) => cause.errorSummary).filter((s): s is string => Boolean(s) && s !== summary);
    // A refused start (a used recoveryToken) has no screen to show it on.
    if (error.errorCode === INVALID_TOKEN || !this.shownReady) this.showFailure(summary);
    else this.frame.showErrors([summary, ...causes]);
    this.events.emit('afterError', this.lastEvent, { xhr, errorSummary: summary });
  }

  /** A failure with no screen to go back to: its message, and "Back to sign in" (afterRender's formName `terminal`, as in IDX). */
  private showFailure(summary: string): void {
    clearTimeout(this.pollTimer);
    this.tx = undefined;
    this.show((c) => messageScreen('error-state', '', { errors: [summary], footer: backToSignIn(c) }), 'terminal');
  }

  private fail(summary: string, xhr?: Answer): void {
    this.showFailure(summary);
    this.events.emit('afterError', this.lastEvent, { xhr, errorSummary: summary });
  }

  private show(view: ClassicView, formName = this.tx?.status ?? 'UNAUTHENTICATED'): void {
    const context: ClassicContext = { tx: this.tx, username: this.username, t: this.t, settings: this.settings, act: this.actions };
    const { controller, ...screen } = view(context);
    this.frame.show(screen);
    this.lastEvent = { controller, formName };
    if (!this.shownReady) {
      this.shownReady = true;
      this.events.emit('ready', this.lastEvent);
    }
    this.events.emit('afterRender', this.lastEvent);
  }

  /** A push (being verified, or a device being enrolled) is awaited: its `next` link, named poll, is asked again until it moves. */
  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    const poll = this.tx?.factorResult === 'WAITING' && this.tx._links?.next?.name === 'poll' ? this.tx._links.next.href : undefined;
    if (poll) this.pollTimer = setTimeout(() => void this.pollOnce(poll), POLL_MS);
  }

  private async pollOnce(url: string): Promise<void> {
    const before = this.tx;
    let answer: AuthnAnswer;
    try {
      answer = await authn(url, { stateToken: before?.stateToken });
    } catch {
      return this.schedulePoll(); // a lost poll is tried again at the next interval
    }
    // The person did something meanwhile: that answer wins.
    if (this.stopped || this.tx !== before) return;
    if ('transaction' in answer && answer.transaction.status === before?.status && answer.transaction.factorResult === 'WAITING') {
      this.tx = answer.transaction; // still waiting: what the screen shows stays
      return this.schedulePoll();
    }
    this.receive(answer);
  }

  /** While a request is out: the form cannot be sent twice; a failure outside authn (no network) is shown with a way back. */
  private async busyWhile(step: () => Promise<void>): Promise<void> {
    this.frame.busy(true);
    try {
      await step();
    } catch (error) {
      if (this.stopped) return;
      const { summary, known } = describeFailure(error, this.t);
      this.fail(summary, known?.details.xhr);
    } finally {
      this.frame.busy(false);
    }
  }
}
