import type { Translator } from '../i18n/translator.js';
import type { Settings } from '../options.js';
import { h, link } from '../ui/dom.js';
import type { Screen } from '../ui/frame.js';
import type { AuthnTransaction } from './types.js';

/** What the person can do on a Classic screen; the flow carries it out. */
export interface ClassicActions {
  /** POSTs to an authn URL: the answer is the next transaction, or an error shown on this screen. */
  send(url: string, body: Record<string, unknown>): void;
  /** Shows a screen of the widget's own (a form before a request: the phone number to enroll). */
  show(view: ClassicView): void;
  /** Shows a screen once what it needs is fetched (the security questions). */
  showWhenLoaded(load: Promise<ClassicView>): void;
  /** Back to sign in: cancels the transaction, if any, and shows primary authentication. */
  restart(): void;
  /** Errors found before asking the server (a required field left empty). */
  invalid(errors: string[]): void;
}

export interface ClassicContext {
  /** The current transaction; none before primary authentication. */
  tx?: AuthnTransaction;
  /** The username last typed (an "Email sent!" screen names it). */
  username?: string;
  t: Translator;
  settings: Settings;
  act: ClassicActions;
}

/** A screen and Okta's Classic name for it (afterRender's `controller`: primary-auth, mfa-verify, …). */
export interface ClassicScreen extends Screen {
  controller: string;
}

export type ClassicView = (c: ClassicContext) => ClassicScreen;

/** The body of a request within the transaction: its stateToken and `fields`. */
export const inTransaction = (c: ClassicContext, fields: Record<string, unknown> = {}): Record<string, unknown> => ({ stateToken: c.tx?.stateToken, ...fields });

/** Where the screen's form goes: the transaction's `next` link (statuses.ts shows such a screen only when it has one). */
export const nextUrl = (c: ClassicContext): string => c.tx!._links!.next!.href;

/** "Back to sign in", under every screen but primary authentication (an MFA step hides it with features.hideSignOutLinkInMFA). */
export const backToSignIn = (c: ClassicContext, mfa = false): Node[] => (mfa && c.settings.hideSignOutLinkInMFA ? [] : [link(c.t.t('goback'), c.act.restart)]);

/** A link that POSTs one of the transaction's links (prev, skip, resend) with the stateToken. */
export const linkTo = (c: ClassicContext, label: string, url: string | undefined): Node[] => (url ? [link(label, () => c.act.send(url, inTransaction(c)))] : []);

/** A screen with no form: its words and links. */
export const messageScreen = (controller: string, title: string, parts: Partial<ClassicScreen> = {}): ClassicScreen =>
  ({ controller, title, errors: [], notices: [], body: [], footer: [], ...parts });

/** A paragraph of hint text under a form. */
export const hint = (...children: Array<Node | string>): HTMLElement => h('p', { class: 'lk-hint' }, ...children);
