import type { Tokens } from './api/tokens.js';
import { minimalAuthClient, type MinimalAuthClient } from './authClient.js';
import { warnDroppedOptions } from './deprecatedOptions.js';
import { Events, type EventName } from './events.js';
import { ClassicFlow } from './classic/flow.js';
import type { ClassicSuccess } from './classic/success.js';
import { SignInFlow, type CodeResult, type Outcome } from './flow.js';
import { chooseLanguage, Translator } from './i18n/translator.js';
import { ConfigError, resolveOptions, type Settings, type WidgetOptions } from './options.js';
import { Frame } from './ui/frame.js';

export interface RenderOptions {
  el?: string | Element;
  scopes?: string[];
}

export type RenderResult = { status: 'SUCCESS'; tokens: Tokens } | ({ status: 'SUCCESS' } & CodeResult) | ClassicSuccess;

/**
 * The sign-in widget, with the constructor and methods of Okta's (`OktaSignIn`) that apps use.
 * It talks to the IDX API itself: no okta-auth-js inside.
 */
export class LatchkeySignIn {
  readonly authClient: MinimalAuthClient | NonNullable<WidgetOptions['authClient']>;
  private readonly settings: Settings;
  private readonly events = new Events();
  private flow?: SignInFlow | ClassicFlow;
  private frame?: Frame;

  constructor(options: WidgetOptions = {}) {
    // The Classic widget's own options (features.selfServiceUnlock, …) are not dropped in Classic mode.
    if (options.useClassicEngine !== true) warnDroppedOptions(options);
    this.settings = resolveOptions(options);
    this.authClient = options.authClient ?? minimalAuthClient(this.settings);
  }

  on(event: EventName, handler: Parameters<Events['on']>[1]): void {
    this.events.on(event, handler);
  }

  off(event?: EventName, handler?: Parameters<Events['on']>[1]): void {
    this.events.off(event, handler);
  }

  /** Signs in and resolves the tokens (or the interaction code, see CodeResult). */
  async showSignInToGetTokens(options: RenderOptions = {}): Promise<Tokens | CodeResult> {
    if (this.settings.useClassicEngine) throw new ConfigError('"showSignInToGetTokens" needs the Identity Engine: in Classic mode ("useClassicEngine") use "showSignIn" or "renderEl"');
    const outcome = await this.start(options) as Outcome;
    return 'tokens' in outcome ? outcome.tokens : outcome;
  }

  /** Resolves `{ status: 'SUCCESS', tokens }` (or the interaction code); in Classic mode, Okta's Classic success data. */
  async showSignIn(options: RenderOptions = {}): Promise<RenderResult> {
    const outcome = await this.start(options);
    return 'status' in outcome ? outcome : { status: 'SUCCESS', ...outcome };
  }

  /** Okta's callback style: `success(result)` or `error(error)`; the promise is returned as well. */
  renderEl(options: RenderOptions, success?: (result: RenderResult) => void, error?: (error: Error) => void): Promise<RenderResult> {
    const result = this.showSignIn(options);
    result.then(success, (e: Error) => error?.(e));
    return result;
  }

  /** Takes the widget out of the page and stops its requests; a pending sign-in never settles. */
  remove(): void {
    this.flow?.stop();
    this.frame?.root.remove();
    this.flow = undefined;
    this.frame = undefined;
  }

  hide(): void {
    if (this.frame) this.frame.root.hidden = true;
  }

  show(): void {
    if (this.frame) this.frame.root.hidden = false;
  }

  private start(options: RenderOptions): Promise<Outcome | ClassicSuccess> {
    this.remove();
    const target = options.el ?? this.settings.el;
    const container = typeof target === 'string' ? document.querySelector(target) : target;
    if (!container) return Promise.reject(new ConfigError('"el" is a required widget parameter'));
    const language = chooseLanguage(this.settings.language, this.settings.i18n);
    const t = new Translator(language, this.settings.i18n);
    this.frame = new Frame(container, { ...this.settings, language });
    const settings = { ...this.settings, scopes: options.scopes ?? this.settings.scopes };
    const flow = settings.useClassicEngine ? new ClassicFlow(settings, this.frame, t, this.events) : new SignInFlow(settings, this.frame, t, this.events);
    this.flow = flow;
    return flow.run();
  }
}
