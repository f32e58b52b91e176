import type { Message } from './messages.js';

/**
 * The forms of a step, described once and independent of any wire format: the IDX surface renders
 * them as Okta's ion forms (adding href, method, content types and the stateHandle field).
 */
export interface Field {
  name: string;
  label?: string;
  type?: 'string' | 'boolean' | 'object';
  required?: boolean;
  secret?: boolean;
  value?: unknown;
  mutable?: boolean;
  visible?: boolean;
  form?: Field[];
  options?: Option[];
  messages?: Message[];
}

/** Points into the step's context: one of the authenticators (to select) or the current enrollment. */
export type RelatesTo =
  | { to: 'authenticator'; key: string }
  | { to: 'authenticatorEnrollment'; key: string }
  | { to: 'currentAuthenticatorEnrollment' }
  | { to: 'currentAuthenticator' }
  /** One of the step's own context objects, by name (the passkey challenge of the identify step). */
  | { to: 'object'; name: string };

export interface Option {
  label: string;
  form: Field[];
  relatesTo?: RelatesTo;
}
