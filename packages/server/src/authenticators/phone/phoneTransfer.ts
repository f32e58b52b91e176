import type { EnrollmentTransfer } from '../authenticator.js';
import { e164 } from './phoneNumbers.js';

/** A phone enrollment in the org file: its number (E.164) in the profile, no secret. */
export const phoneTransfer: EnrollmentTransfer = {
  needsSecret: false,
  importEnrollment({ profile, secret }) {
    const phoneNumber = e164(profile.phoneNumber);
    if (!phoneNumber) return { problems: [{ path: ['profile', 'phoneNumber'], message: 'must be a phone number with its country code, e.g. +14155552671' }] };
    if (secret !== undefined) return { problems: [{ path: ['secret'], message: 'a phone enrollment has no secret' }] };
    return { profile: { ...profile, phoneNumber }, secret: undefined };
  },
  exportEnrollment: ({ profile }) => ({ profile }),
};
