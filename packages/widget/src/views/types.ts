import type { IdxAuthenticator, IdxForm, IdxResponse } from '../idx/types.js';
import type { Translator } from '../i18n/translator.js';
import type { Hints } from '../ui/fields.js';
import type { Values } from '../idx/body.js';

/** Something the browser does to answer a form (a WebAuthn ceremony): what to submit, and the message to show when it fails. */
export interface Ceremony {
  run(): Promise<Values>;
  buttonKey: string;
  failureKey: string;
}

export interface ViewContext {
  response: IdxResponse;
  form: IdxForm;
  /** What the form relates to: the authenticator being verified or enrolled. */
  authenticator?: IdxAuthenticator;
  t: Translator;
}

/**
 * How one remediation (by name) reads: its words, and hints for its fields. The fields themselves
 * come from the server's form. A new remediation is one file here and a line in index.ts.
 */
export interface View {
  name: string;
  title(c: ViewContext): string;
  subtitle?(c: ViewContext): string | undefined;
  submitLabel?(c: ViewContext): string;
  hints?(c: ViewContext): Hints;
  /** Shown above its fields (what the authenticator being set up shows: a QR code). */
  content?(c: ViewContext): Node[];
  /** Waiting for something done elsewhere (the flow polls the form): this content, no submit button. */
  waiting?(c: ViewContext): Node[];
  /** The form is one choice (an authenticator): each choice is a button that submits it. */
  choices?: boolean;
  /** The form is answered by one of these buttons, each submitting its values (Stay signed in, or not). */
  answers?(c: ViewContext): Array<{ label: string; values: Values }>;
  /** Okta's widget shows no sign-out link under it. */
  withoutSignOut?: boolean;
  /** Its label as a link under another form; no label: not offered there. */
  linkLabel?(c: ViewContext): string | undefined;
  /** Okta's screen name, reported as afterRender's `controller`. */
  controller?(c: ViewContext): string | null;
  /** The form is answered by the browser (see Ceremony), not typed. */
  ceremony?(c: ViewContext): Ceremony | undefined;
  /** A step after the person is identified: `features.hideSignOutLinkInMFA` hides its sign-out link. */
  mfa?: boolean;
  /** Nothing was sent yet (the method is being chosen): the authenticator's resend is not offered under it. */
  hidesAuthenticatorActions?: boolean;
}
