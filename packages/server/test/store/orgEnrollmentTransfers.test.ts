import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { exportOrg, stringifyOrgDocument } from '../../src/org/orgFile/export.js';
import { importOrg } from '../../src/org/orgFile/import.js';
import { OrgFileError, parseOrgFile } from '../../src/org/orgFile/parse.js';
import { KeyEncryption } from '../../src/platform/keyEncryption.js';
import { Store } from '../../src/store/store.js';
import { testDatabases } from '../support/databases.js';

const NOW = Date.UTC(2026, 11, 6);
const CREDENTIAL = { credentialId: randomBytes(32).toString('base64url'), publicKey: randomBytes(77).toString('base64url') };

/** One person with a phone (typed nationally formatted, with its country code) and a WebAuthn credential. */
const ORG = `version: 1
users:
  - login: pat@example.com
    password: Correct-Horse-9
    authenticatorEnrollments:
      - key: phone_number
        profile: { phoneNumber: "+1 (415) 555-2671" }
      - key: webauthn
        profile: { credentialId: ${CREDENTIAL.credentialId}, publicKey: ${CREDENTIAL.publicKey}, transports: [usb], userVerified: true }
`;

const errorOf = (text: string): string => {
  try {
    parseOrgFile(text, 'test.yaml');
  } catch (error) {
    if (error instanceof OrgFileError) return error.message;
    throw error;
  }
  return 'accepted';
};

for (const database of await testDatabases()) {
  describe(`phone and WebAuthn enrollments move with the org file [${database.engine}]`, () => {
    let store: Store;
    before(async () => {
      store = Store.open(database.url);
      await store.migrate();
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test('imported as rows the authenticators read, exported as they came in, imported again unchanged', async () => {
      const sealing = new KeyEncryption(randomBytes(32));
      const first = await importOrg(store, parseOrgFile(ORG, 'test.yaml'), NOW, undefined, sealing);
      assert.deepEqual(first.authenticatorEnrollments, { created: 2, updated: 0, unchanged: 0 });
      const user = await store.users.findByLogin('pat@example.com');
      const rows = await store.authenticatorEnrollments.listOf(user!.id);
      const phone = rows.find((r) => r.authenticatorKey === 'phone_number')!;
      const key = rows.find((r) => r.authenticatorKey === 'webauthn')!;
      assert.deepEqual([phone.authenticatorKey, phone.profile.phoneNumber, phone.sealedSecret], ['phone_number', '+14155552671', null]);
      assert.equal(key.authenticatorKey, 'webauthn');
      assert.deepEqual([key.credentialId, key.publicKey], [CREDENTIAL.credentialId, CREDENTIAL.publicKey]);
      assert.deepEqual(key.profile, { transports: ['usb'], userVerified: true }, 'the credential\'s columns are not repeated in its profile');
      assert.deepEqual(await store.authenticatorEnrollments.findByCredentialId(CREDENTIAL.credentialId), key);

      const exported = await exportOrg(store);
      const entries = exported.users.find((u) => u.login === 'pat@example.com')!.authenticatorEnrollments!;
      const profileOf = (k: string) => entries.find((e) => e.key === k)!.profile;
      assert.deepEqual(profileOf('phone_number'), { phoneNumber: '+14155552671' });
      assert.deepEqual(profileOf('webauthn'), { transports: ['usb'], userVerified: true, ...CREDENTIAL });
      const again = await importOrg(store, parseOrgFile(stringifyOrgDocument(exported), 'export.yaml'), NOW + 1, undefined, sealing);
      assert.deepEqual(again.authenticatorEnrollments, { created: 0, updated: 0, unchanged: 2 });
    });
  });
}

describe('the org file refuses enrollments that cannot work', () => {
  test('a phone that is not a number, a phone with a secret, a credential without its key', () => {
    assert.match(errorOf(ORG.replace('+1 (415) 555-2671', '555')), /phoneNumber: must be a phone number with its country code/);
    assert.match(errorOf(ORG.replace('profile: { phoneNumber: "+1 (415) 555-2671" }', 'profile: { phoneNumber: "+14155552671" }\n        secret: abc')), /a phone enrollment has no secret/);
    assert.match(errorOf(ORG.replace(`publicKey: ${CREDENTIAL.publicKey}, `, '')), /publicKey: must be base64url/);
  });
});
