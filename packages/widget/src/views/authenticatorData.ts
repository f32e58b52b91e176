import { authenticatorUi } from '../authenticators/index.js';
import type { View } from './types.js';

/** What must be chosen with an authenticator before it starts (the phone's method, and number when enrolling): its words come from the authenticator. */
export function authenticatorData(name: string, enrolling: boolean): View {
  const choice = (c: Parameters<View['title']>[0]) => authenticatorUi(c.authenticator).choice?.(enrolling);
  return {
    name,
    title: (c) => authenticatorUi(c.authenticator).title(c.t, c.authenticator ?? {}, enrolling),
    subtitle: (c) => choice(c)?.subtitle(c.t, c.authenticator ?? {}),
    submitLabel: (c) => c.t.t(choice(c)?.submitKey ?? 'oform.next'),
    hints: (c) => choice(c)?.hints ?? {},
    controller: (c) => choice(c)?.controller ?? null,
    mfa: true,
    hidesAuthenticatorActions: true,
  };
}

export const authenticatorVerificationData = authenticatorData('authenticator-verification-data', false);
export const authenticatorEnrollmentData = authenticatorData('authenticator-enrollment-data', true);
