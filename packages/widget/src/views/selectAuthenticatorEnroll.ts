import { choiceField } from '../ui/choices.js';
import type { View } from './types.js';

export const selectAuthenticatorEnroll: View = {
  name: 'select-authenticator-enroll',
  title: (c) => c.t.t('oie.select.authenticators.enroll.title'),
  subtitle: (c) => c.t.t('oie.select.authenticators.enroll.subtitle'),
  choices: true,
  linkLabel: (c) => ((choiceField(c.form)?.options?.length ?? 0) > 1 ? c.t.t('oie.enroll.switch.authenticator') : undefined),
  controller: () => 'enroll-choices',
  mfa: true,
};
