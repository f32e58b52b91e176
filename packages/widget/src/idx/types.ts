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
  /**
   * What answering or enrolling needs: the security question asked (`enrolledQuestion`); an
   * authenticator app's QR code (an embedded image) and shared secret; WebAuthn's activationData or
   * challengeData; Latchkey Verify's QR code and enrollment URI, and the number of a push.
   */
  contextualData?: {
    enrolledQuestion?: { questionKey?: string; question?: string };
    qrcode?: { href?: string; method?: string; type?: string };
    sharedSecret?: string;
    enrollmentUri?: string;
    correctAnswer?: string;
    [name: string]: unknown;
  };
  /** Offered for enrollment while it may still wait: until `expiry`, or for `remainingSkips` more skips. */
  gracePeriod?: { type?: string; expiry?: string; remainingSkips?: number };
  /** The password's policy: `complexity` rules (and `age`, which the widget does not show). */
  settings?: { complexity?: Record<string, unknown>; daysToExpiry?: number };
  resend?: IdxForm;
  poll?: IdxForm;
  recover?: IdxForm;
  /** A WebAuthn credential's id (base64url) and transports, on each enrollment of one. */
  credentialId?: string;
  transports?: string[];
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
  /** The identify step's challenge for signing in with a passkey. */
  webauthnAutofillUIChallenge?: Wrapped<{ challengeData?: Record<string, unknown> }>;
  app?: Wrapped<{ id?: string; name?: string; label?: string }>;
  cancel?: IdxForm;
  /** The hosted page's finish: go to `href`. */
  success?: { name: string; href: string };
  successWithInteractionCode?: IdxForm;
}
