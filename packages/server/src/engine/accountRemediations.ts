import type { CredentialsForm } from '../vocabulary/fields.js';
import { enrollAuthenticator, selectAuthenticatorAuthenticate, type Remediation, type SelectableAuthenticator } from './remediations.js';

/** The identify step's "Unlock account?": begins an unlock (the form has no fields of its own). */
export const unlockAccount = (): Remediation => ({ name: 'unlock-account', path: '/idp/idx/unlock-account', fields: [] });

/** Who is locked out, and with which authenticator they prove it is them: posted where a sign-in's choice is. */
export const selectAuthenticatorUnlockAccount = (choices: SelectableAuthenticator[]): Remediation => ({
  name: 'select-authenticator-unlock-account',
  path: '/idp/idx/challenge',
  fields: [{ name: 'identifier', label: 'Username', required: true }, ...selectAuthenticatorAuthenticate(choices).fields],
});

/** An activation link no longer valid: asks for a new one by email (the form has no fields of its own). */
export const requestActivationEmail = (): Remediation => ({ name: 'request-activation-email', path: '/idp/idx/request-activation', fields: [] });

/**
 * A new password in place of an expired one (`reenroll-authenticator`), or, before it expires, with
 * skip beside it (`reenroll-authenticator-warning`): answered like an enrollment.
 */
export const reenrollAuthenticator = (form: CredentialsForm, warning: boolean): Remediation => ({
  ...enrollAuthenticator(form), name: warning ? 'reenroll-authenticator-warning' : 'reenroll-authenticator',
});
