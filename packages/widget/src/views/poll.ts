import { authenticatorUi } from '../authenticators/index.js';
import type { View } from './types.js';

/** Waiting while a device answers (a push) or enrols (it scanned the QR code): the authenticator says what to show. */
function waitingStep(name: string, enrolling: boolean): View {
  return {
    name,
    title: (c) => authenticatorUi(c.authenticator).title(c.t, c.authenticator ?? {}, enrolling),
    subtitle: (c) => authenticatorUi(c.authenticator).subtitle?.(c.t, c.authenticator ?? {}, enrolling),
    waiting: (c) => authenticatorUi(c.authenticator).waiting?.(c.t, c.authenticator ?? {}, enrolling) ?? [],
    controller: (c) => authenticatorUi(c.authenticator).controller(enrolling),
    mfa: true,
  };
}

export const enrollPoll = waitingStep('enroll-poll', true);
export const challengePoll = waitingStep('challenge-poll', false);

/** Another channel to enrol by (Okta's email and SMS): the QR code is the only one offered, so no link to it. */
export const selectEnrollmentChannel: View = { name: 'select-enrollment-channel', title: (c) => c.form.name, mfa: true };
