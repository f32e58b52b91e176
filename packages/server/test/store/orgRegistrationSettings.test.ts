import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { exportOrg, stringifyOrgDocument } from '../../src/org/orgFile/export.js';
import { importOrg, OrgImportError } from '../../src/org/orgFile/import.js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';
import { REGISTRATION_SETTINGS } from '../../src/org/registrationSettings.js';
import { KeyEncryption } from '../../src/platform/keyEncryption.js';
import { Store } from '../../src/store/store.js';
import { testDatabases } from '../support/databases.js';

const NOW = Date.UTC(2026, 11, 6);
const SECRET = 'Bearer hook-secret-0123456789';

/** A custom attribute and a registration inline hook with a secret header. */
const ORG = `version: 1
userSchema:
  properties:
    favoriteSport: { title: Favorite sport, type: string, maxLength: 50 }
inlineHooks:
  - id: check
    name: Registration check
    type: com.okta.user.pre-registration
    channel:
      config:
        uri: https://hooks.example.com/registration
        headers: [{ key: X-Source, value: latchkey }]
        authScheme: { type: HEADER, key: Authorization, value: "${SECRET}" }
`;

for (const database of await testDatabases()) {
  describe(`the user schema and registration inline hooks in the org file [${database.engine}]`, () => {
    let store: Store;
    before(async () => {
      store = Store.open(database.url);
      await store.migrate();
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test('the hook secret is stored sealed; exported in clear only with the key, and that export imports again unchanged', async () => {
      const sealing = new KeyEncryption(randomBytes(32));
      await importOrg(store, parseOrgFile(ORG, 'test.yaml'), NOW, undefined, sealing);
      const stored = (await store.settings.get(REGISTRATION_SETTINGS.inlineHooks))!;
      assert.ok(!stored.includes(SECRET), 'not in clear at rest');
      assert.ok(KeyEncryption.isSealed(JSON.parse(stored)[0].channel.config.authScheme.value));

      const withoutKey = await exportOrg(store);
      assert.deepEqual(withoutKey.userSchema, { properties: { favoriteSport: { title: 'Favorite sport', type: 'string', maxLength: 50 } } });
      assert.equal(withoutKey.inlineHooks[0].channel.config.authScheme, undefined, 'the secret does not leave without the key');
      assert.deepEqual(withoutKey.inlineHooks[0].channel.config.headers, [{ key: 'X-Source', value: 'latchkey' }]);
      await importOrg(store, parseOrgFile(stringifyOrgDocument(withoutKey), 'export.yaml'), NOW);
      assert.equal(await store.settings.get(REGISTRATION_SETTINGS.inlineHooks), stored, 'imported back without its secret, the hook keeps the one stored');

      const withKey = await exportOrg(store, { openSecrets: sealing });
      assert.deepEqual(withKey.inlineHooks[0].channel.config.authScheme, { type: 'HEADER', key: 'Authorization', value: SECRET });
      await importOrg(store, parseOrgFile(stringifyOrgDocument(withKey), 'export.yaml'), NOW, undefined, sealing);
      assert.deepEqual(await exportOrg(store, { openSecrets: sealing }), withKey);
    });

    test('a hook secret without the key-encryption key: refused, nothing written', async () => {
      const other = ORG.replace('id: check', 'id: other');
      await assert.rejects(importOrg(store, parseOrgFile(other, 'test.yaml'), NOW), (error: unknown) => error instanceof OrgImportError && /key-encryption key/.test(error.message));
      assert.ok(!(await store.settings.get(REGISTRATION_SETTINGS.inlineHooks))!.includes('"other"'));
    });
  });
}
