import { authenticatorUi } from '../authenticators/index.js';
import type { View } from './types.js';

/** Verifying or enrolling one authenticator: its words come from the authenticator (authenticators/). */
export function authenticatorStep(name: string, enrolling: boolean): View {
  return {
    name,
    title: (c) => authenticatorUi(c.authenticator).title(c.t, c.authenticator ?? {}, enrolling),
    subtitle: (c) => authenticatorUi(c.authenticator).subtitle?.(c.t, c.authenticator ?? {}, enrolling),
    submitLabel: (c) => c.t.t((enrolling && authenticatorUi(c.authenticator).enrollSubmitKey) || 'oform.verify'),
    content: (c) => authenticatorUi(c.authenticator).content?.(c.t, c.authenticator ?? {}, enrolling) ?? [],
    hints: (c) => {
      const ui = authenticatorUi(c.authenticator);
      return { 'credentials.passcode': ui.passcode(enrolling), ...ui.hints?.(c.authenticator ?? {}, enrolling) };
    },
    controller: (c) => authenticatorUi(c.authenticator).controller(enrolling),
    ceremony: (c) => authenticatorUi(c.authenticator).ceremony?.(c, enrolling),
    mfa: true,
  };
}
