/**
 * Okta's IDX wire format (ion), as far as the widget reads it. The recorded responses in
 * shared/reference/okta-idx-responses show the full shapes.
 */

export interface IdxMessage {
  message: string;
  i18n?: { key: string; params?: unknown[] };
  class?: string;
}

export interface IdxMessages {
  value: IdxMessage[];
}

/** A field of a form; `form` nests fields (`credentials.passcode`), `options` offers choices. */
export interface IdxField {
  name: string;
  label?: string;
  type?: string;
  value?: unknown;
  required?: boolean;
  secret?: boolean;
  visible?: boolean;
  mutable?: boolean;
  form?: { value: IdxField[] };
  options?: IdxOption[];
  messages?: IdxMessages;
  /** The authenticator a field is about (authenticator-verification-data's `authenticator`). */
  relatesTo?: string;
}

/** A choice: a plain value, or a nested form (`{ form: { value: [...] } }`, as authenticator choices are). */
export interface IdxOption {
  label: string;
  value: unknown;
  relatesTo?: string;
}

/** A remediation or an action (cancel, resend, poll): POST `value` fields to `href`. */
export interface IdxForm {
  rel?: string[];
  name: string;
  href: string;
  method?: string;
  accepts?: string;
  value?: IdxField[];
  relatesTo?: string[] | string;
  /** Polling interval in ms, on `poll` actions. */
  refresh?: number;
}

export interface IdxAuthenticator {
  type?: string;
  key?: string;
  id?: string;
  displayName?: string;
  methods?: Array<{ type?: string }>;
  profile?: Record<string, string>;
  /** The password's policy: `complexity` rules (and `age`, which the widget does not show). */
  settings?: { complexity?: Record<string, unknown> };
  /** What to show while enrolling or verifying it: a QR code, the number of a push. */
  contextualData?: { qrcode?: { href?: string }; enrollmentUri?: string; correctAnswer?: string };
  resend?: IdxForm;
  poll?: IdxForm;
  recover?: IdxForm;
}

interface Wrapped<T> {
  type?: string;
  value: T;
}

export interface IdxResponse {
  version?: string;
  stateHandle?: string;
  intent?: string;
  expiresAt?: string;
  remediation?: Wrapped<IdxForm[]>;
  messages?: IdxMessages;
  currentAuthenticator?: Wrapped<IdxAuthenticator>;
  currentAuthenticatorEnrollment?: Wrapped<IdxAuthenticator>;
  authenticators?: Wrapped<IdxAuthenticator[]>;
  authenticatorEnrollments?: Wrapped<IdxAuthenticator[]>;
  user?: Wrapped<{ id?: string; identifier?: string }>;
  app?: Wrapped<{ id?: string; name?: string; label?: string }>;
  cancel?: IdxForm;
  /** The hosted page's finish: go to `href`. */
  success?: { name: string; href: string };
  successWithInteractionCode?: IdxForm;
}
