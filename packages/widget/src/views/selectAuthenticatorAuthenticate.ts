import { choiceField } from '../ui/choices.js';
import type { View } from './types.js';

export const selectAuthenticatorAuthenticate: View = {
  name: 'select-authenticator-authenticate',
  title: (c) => c.t.t('oie.select.authenticators.verify.title'),
  subtitle: (c) => c.t.t('oie.select.authenticators.verify.subtitle'),
  choices: true,
  // Beside a challenge it is the way to another authenticator; with one choice there is none.
  linkLabel: (c) => ((choiceField(c.form)?.options?.length ?? 0) > 1 ? c.t.t('oie.verification.switch.authenticator') : undefined),
  mfa: true,
};
