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
  | { to: 'currentAuthenticator' };

/** A choice of a field: a form to fill in (an authenticator to select) or a plain value (a method). */
export interface Option {
  label: string;
  form?: Field[];
  value?: string;
  relatesTo?: RelatesTo;
}
