import type { IdxAuthenticator } from '../idx/types.js';
import type { Translator } from '../i18n/translator.js';
import type { FieldHint, Hints } from '../ui/fields.js';
import type { Ceremony, ViewContext } from '../views/types.js';

/**
 * How one kind of authenticator (by its `key`, e.g. okta_password) reads on the verify and
 * enroll screens. Adding an authenticator is one file here and a line in index.ts.
 */
export interface AuthenticatorUi {
  key: string;
  title(t: Translator, a: IdxAuthenticator, enrolling: boolean): string;
  subtitle?(t: Translator, a: IdxAuthenticator, enrolling: boolean): string | undefined;
  /** Shown above the form (setting up an authenticator app: its QR code and secret). */
  content?(t: Translator, a: IdxAuthenticator, enrolling: boolean): Node[];
  /** How its `credentials.passcode` field reads. */
  passcode(enrolling: boolean): FieldHint;
  /** How its other fields read (`credentials.answer`: the question asked), by path. */
  hints?(a: IdxAuthenticator, enrolling: boolean): Hints;
  /** Okta's screen name, reported as afterRender's `controller`. */
  controller(enrolling: boolean): string | null;
  /** The submit button's label when enrolling (default: Verify, as when verifying). */
  enrollSubmitKey?: string;
  /** What the screen shows while the widget polls for an answer given elsewhere (enroll-poll, challenge-poll). */
  waiting?(t: Translator, a: IdxAuthenticator, enrolling: boolean): Node[];
  /** Shown before the resend action (the current authenticator's `resend`). */
  resendPromptKey?: string;
  /** Answered by the browser itself (WebAuthn): a button runs this and submits what it answers, instead of fields to fill. */
  ceremony?(c: ViewContext, enrolling: boolean): Ceremony | undefined;
  /** The form asking what is chosen with it before it starts (the phone's method and number), when it has one. */
  choice?(enrolling: boolean): ChoiceUi;
}

/** How the authenticator-verification-data and authenticator-enrollment-data forms read. */
export interface ChoiceUi {
  subtitle(t: Translator, a: IdxAuthenticator): string;
  hints: Hints;
  submitKey: string;
  controller: string;
}
