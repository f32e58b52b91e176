import type { Message } from './messages.js';

/**
 * The forms of a step, described once and independent of any wire format: the IDX surface renders
 * them as Okta's ion forms (adding href, method, content types and the stateHandle field).
 */
export interface Field {
  name: string;
  label?: string;
  /** Rendered as given: set `string` only where Okta writes it. */
  type?: 'string' | 'boolean' | 'object';
  required?: boolean;
  secret?: boolean;
  value?: unknown;
  mutable?: boolean;
  visible?: boolean;
  form?: Field[];
  options?: Option[];
  messages?: Message[];
  /** Length limits of a profile attribute, shown as Okta shows them. */
  minLength?: number;
  maxLength?: number;
}

/** Points into the step's context: one of the authenticators (to select) or the current enrollment. */
export type RelatesTo =
  | { to: 'authenticator'; key: string }
  /** `enrollmentId`: which of the user's enrollments of the kind, when they have several. */
  | { to: 'authenticatorEnrollment'; key: string; enrollmentId?: string }
  | { to: 'currentAuthenticatorEnrollment' }
  | { to: 'currentAuthenticator' }
  /** One of the step's own context objects, by name (the passkey challenge of the identify step). */
  | { to: 'object'; name: string };

/** A choice of a field: a form to fill in (which authenticator, which kind of question), or a plain value (which question; how a profile attribute is shown). */
export type Option = { label: string; form: Field[]; relatesTo?: RelatesTo } | { label: string; value: string | Record<string, unknown> };

/** What `credentials` asks: one form, or alternative forms the person chooses among (Okta's `options`: a chosen or a custom security question). */
export type CredentialsForm = Field[] | { options: Option[] };
