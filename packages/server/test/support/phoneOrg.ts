import type { Store } from '../../src/store/store.js';
import { newId } from '../../src/platform/ids.js';
import { TEST, testOrg, passwordAndAnotherPolicy } from './testOrg.js';

/** An app whose authentication policy asks for the password and another factor. */
export const TWO_FACTOR_APP = 'spa-2fa';

/**
 * The test org plus `people`, whom the enrollment policy makes enroll a phone after the password
 * (no verified email: the phone is the only second factor they can have). `twoFactorApps` (default:
 * TWO_FACTOR_APP, added to the org) ask for two factors.
 */
export function phoneOrg(people: string[], twoFactorApps: string[] = [TWO_FACTOR_APP]) {
  const base = testOrg();
  const person = (login: string) => ({ login, password: TEST.password, groups: ['Engineering', 'Phone required'], emailVerified: false });
  return {
    ...base,
    groups: [...base.groups, { name: 'Phone required' }],
    users: [...base.users, ...people.map(person)],
    apps: [...base.apps, { clientId: TWO_FACTOR_APP, label: TWO_FACTOR_APP, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] }],
    policies: [
      passwordAndAnotherPolicy(twoFactorApps),
      {
        type: 'MFA_ENROLL', name: 'Phone required', priority: 1, conditions: { people: { groups: { include: ['Phone required'] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'phone_number', enroll: { self: 'REQUIRED' } }] },
      },
    ],
  };
}

/** Gives `login` an enrolled phone directly in the store (a test of verifying need not enroll first). */
export async function enrollPhone(store: Store, login: string, phoneNumber: string): Promise<void> {
  const user = (await store.users.findByLogin(login))!;
  await store.authenticatorEnrollments.insert({
    id: newId('authenticatorEnrollment'), userId: user.id, authenticatorKey: 'phone_number', status: 'ACTIVE', profile: { phoneNumber },
    sealedSecret: null, createdAt: Date.now(), lastUsedAt: null, lastStep: null,
  });
}
