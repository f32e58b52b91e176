import assert from 'node:assert/strict';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { exportOrg, stringifyOrgDocument } from '../../src/org/orgFile/export.js';
import { importOrg, OrgImportError, type ImportSummary } from '../../src/org/orgFile/import.js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';
import { hashSecret } from '../../src/platform/crypto.js';
import { hashPassword, verifyPassword } from '../../src/platform/passwordHashing.js';
import { Store } from '../../src/store/store.js';
import { KeyEncryption, KeyEncryptionError } from '../../src/platform/keyEncryption.js';
import { openEnrollmentSecret } from '../../src/authenticators/enrollmentSecrets.js';
import { postgresTestDatabase, sqliteTestDatabase, testDatabases, type TestDatabase } from '../support/databases.js';

const NOW = 1_700_000_000_000;
const EXAMPLE = readFileSync(new URL('../../../../docs/examples/org.example.yaml', import.meta.url), 'utf8');
const yaml = (...lines: string[]) => lines.join('\n') + '\n';
const parse = (text: string) => parseOrgFile(text, 'test.yaml');

async function openStore(database: TestDatabase): Promise<Store> {
  const store = Store.open(database.url);
  await store.migrate();
  return store;
}

/** Every stored object with its id, in an order that does not depend on the database. */
async function snapshot(store: Store) {
  const servers = await Promise.all((await store.authServers.ids()).map((id) => store.authServers.find(id)));
  return {
    users: await store.users.list(),
    groups: await store.groups.list(),
    memberships: (await store.groups.memberships()).sort((a, b) => `${a.userId}${a.groupName}`.localeCompare(`${b.userId}${b.groupName}`)),
    apps: await store.apps.list(),
    servers: servers.map((s) => s && { ...s, claims: [...s.claims].sort((a, b) => a.id.localeCompare(b.id)) }),
    origins: await store.trustedOrigins.list(),
    policies: await store.policies.list(),
    orgName: await store.settings.get('org.name'),
  };
}

const createdCounts = (s: ImportSummary) => Object.fromEntries(Object.entries(s).map(([kind, c]) => [kind, c.created]));

for (const database of await testDatabases()) {
  describe(`org file import [${database.engine}]`, () => {
    let store: Store;
    before(async () => {
      store = await openStore(database);
    });
    after(async () => {
      await store.close();
      await database.drop();
    });

    test('imports the example; importing it again creates and changes nothing and keeps every id', async () => {
      const doc = parse(EXAMPLE);
      const first = await importOrg(store, doc, NOW);
      assert.deepEqual(createdCounts(first), { groups: 3, users: 3, apps: 3, authorizationServers: 1, trustedOrigins: 2, policies: 2, authenticatorEnrollments: 0 });
      const before = await snapshot(store);

      const second = await importOrg(store, doc, NOW + 60_000);
      for (const [kind, c] of Object.entries(second)) {
        assert.deepEqual(c, { created: 0, updated: 0, unchanged: first[kind as keyof ImportSummary].created }, kind);
      }
      assert.deepEqual(await snapshot(store), before);

      assert.equal(before.orgName, 'Example Org');
      const ada = await store.users.findByLogin('ada@example.com');
      assert.equal(await verifyPassword('Analytical-Engine-1843', ada!.passwordHash!), true);
      assert.deepEqual(ada!.profile, { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', department: 'Engineering' });
      assert.deepEqual(await store.groups.groupNamesOf(ada!.id), ['Admins', 'Engineering']);
      const grace = await store.users.findByLogin('grace@example.com');
      assert.equal(await verifyPassword('Grace-Hopper-1906', grace!.passwordHash!), true, 'the Okta bcrypt import verifies');
      const linus = await store.users.findByLogin('linus@example.com');
      assert.equal(linus!.status, 'STAGED');
      assert.equal(linus!.passwordHash, null);

      const web = await store.apps.findByClientId('0oaexampleweb');
      assert.equal(web!.clientSecretHash, hashSecret('portal-secret-change-me-0123456789'));
      const server = await store.authServers.find('default');
      const scopes = Object.fromEntries(server!.scopes.map((s) => [s.name, s.system]));
      assert.deepEqual(scopes, {
        address: true, 'billing:charge': false, email: true, 'messages:read': false, 'messages:write': false, offline_access: true, openid: true, phone: true, profile: true,
      });
    });

    test('a file that does not fit the store is rejected whole: nothing is written', async () => {
      const [users, apps, groups] = [await store.users.count(), (await store.apps.list()).length, (await store.groups.list()).length];
      const doc = parse(yaml(
        'version: 1',
        'groups: [{ name: Rollback }]',
        'users: [{ login: rollback@example.com, password: "rollback-password", groups: [Rollback] }]',
        'apps: [{ clientId: rollback-app, label: R, type: service, clientSecret: "0123456789abcdef" }]',
        'authorizationServers:',
        '  - id: rollback',
        '    name: rollback',
        '    audiences: [api://rollback]',
        '    policies:',
        '      - name: P',
        '        priority: 1',
        '        rules: [{ name: R, priority: 1, grantTypes: [client_credentials], scopes: ["*"], people: { users: [ghost@example.com] } }]',
      ));
      await assert.rejects(importOrg(store, doc, NOW), (error: unknown) => {
        assert.ok(error instanceof OrgImportError);
        assert.deepEqual(error.errors, [{
          path: 'authorizationServers[0].policies[0].rules[0].people.users[0]', message: 'no user "ghost@example.com" in the file or the store',
        }]);
        return true;
      });
      assert.equal(await store.users.count(), users);
      assert.equal((await store.apps.list()).length, apps);
      assert.equal((await store.groups.list()).length, groups);
      assert.equal(await store.users.findByLogin('rollback@example.com'), undefined);
      assert.equal(await store.authServers.find('rollback'), undefined);
    });

    test('memberships of declared users become exactly their groups; other users keep theirs', async () => {
      const groups = 'groups: [{ name: m-red }, { name: m-blue }]';
      await importOrg(store, parse(yaml(
        'version: 1', groups, 'users:',
        '  - { login: m1@example.com, groups: [m-red, m-blue] }',
        '  - { login: m2@example.com, groups: [m-red, Everyone] }',
      )), NOW);
      const [m1, m2] = [await store.users.findByLogin('m1@example.com'), await store.users.findByLogin('m2@example.com')];
      assert.deepEqual((await store.groups.groupNamesOf(m1!.id)).sort(), ['m-blue', 'm-red']);
      assert.deepEqual(await store.groups.groupNamesOf(m2!.id), ['m-red'], 'Everyone is implicit, never stored');

      const summary = await importOrg(store, parse(yaml('version: 1', groups, 'users: [{ login: m1@example.com, groups: [m-blue] }]')), NOW);
      assert.deepEqual(summary.users, { created: 0, updated: 1, unchanged: 0 });
      assert.deepEqual(await store.groups.groupNamesOf(m1!.id), ['m-blue']);
      assert.deepEqual(await store.groups.groupNamesOf(m2!.id), ['m-red'], 'not in the file: left alone');

      await importOrg(store, parse(yaml('version: 1', 'users: [{ login: m1@example.com }]')), NOW);
      assert.deepEqual(await store.groups.groupNamesOf(m1!.id), []);
    });

    test('a clear password is hashed once: re-import keeps the hash until the password changes', async () => {
      const file = (password?: string) => parse(yaml('version: 1', 'users:', '  - login: p1@example.com', ...(password ? [`    password: "${password}"`] : [])));
      await importOrg(store, file('first-password'), NOW);
      const first = (await store.users.findByLogin('p1@example.com'))!;
      assert.equal(await verifyPassword('first-password', first.passwordHash!), true);
      assert.equal(first.passwordChangedAt, NOW);

      const again = await importOrg(store, file('first-password'), NOW + 1);
      assert.deepEqual(again.users, { created: 0, updated: 0, unchanged: 1 });
      assert.equal((await store.users.findByLogin('p1@example.com'))!.passwordHash, first.passwordHash);

      await importOrg(store, file('second-password'), NOW + 2);
      const second = (await store.users.findByLogin('p1@example.com'))!;
      assert.equal(await verifyPassword('second-password', second.passwordHash!), true);
      assert.equal(second.passwordChangedAt, NOW + 2);

      await importOrg(store, file(), NOW + 3);
      assert.equal((await store.users.findByLogin('p1@example.com'))!.passwordHash, second.passwordHash, 'no password in the file: unchanged');
    });

    test('a user\'s status dates: made ACTIVE, activated and changed when imported; a status the file changes moves statusChanged, an unchanged one keeps it', async () => {
      const file = (status: string) => parse(yaml('version: 1', 'users:', '  - login: s1@example.com', `    status: ${status}`));
      const dates = async () => {
        const user = (await store.users.findByLogin('s1@example.com'))!;
        return [user.status, user.statusChangedAt, user.activatedAt];
      };
      await importOrg(store, file('ACTIVE'), NOW);
      assert.deepEqual(await dates(), ['ACTIVE', NOW, NOW]);
      await importOrg(store, file('SUSPENDED'), NOW + 1);
      assert.deepEqual(await dates(), ['SUSPENDED', NOW + 1, NOW]);
      await importOrg(store, file('SUSPENDED'), NOW + 2);
      assert.deepEqual(await dates(), ['SUSPENDED', NOW + 1, NOW]);
    });

    test('imported password hashes verify: bcrypt and PBKDF2 in Okta form, PHC strings', async () => {
      const bcrypt = await bcryptHash('bcrypt-password', 4);
      const salt = randomBytes(16);
      const pbkdf2 = pbkdf2Sync('pbkdf2-password', salt, 2000, 64, 'sha512');
      const argon = await hashPassword('argon-password');
      await importOrg(store, parse(yaml(
        'version: 1',
        'users:',
        `  - { login: h1@example.com, passwordHash: { algorithm: BCRYPT, workFactor: 4, salt: "${bcrypt.slice(7, 29)}", value: "${bcrypt.slice(29)}" } }`,
        '  - login: h2@example.com',
        `    passwordHash: { algorithm: PBKDF2, salt: "${salt.toString('base64')}", value: "${pbkdf2.toString('base64')}", iterations: 2000, keySize: 64, digestAlgorithm: SHA512 }`,
        `  - { login: h3@example.com, passwordHash: "${argon}" }`,
        `  - { login: h4@example.com, passwordHash: "${bcrypt}" }`,
      )), NOW);
      const stored = async (login: string) => (await store.users.findByLogin(login))!.passwordHash!;
      assert.equal(await verifyPassword('bcrypt-password', await stored('h1@example.com')), true);
      assert.equal(await verifyPassword('wrong-password', await stored('h1@example.com')), false);
      assert.equal(await verifyPassword('pbkdf2-password', await stored('h2@example.com')), true);
      assert.equal(await verifyPassword('wrong-password', await stored('h2@example.com')), false);
      assert.equal(await stored('h3@example.com'), argon);
      assert.equal(await verifyPassword('bcrypt-password', await stored('h4@example.com')), true);
    });

    test('a declared server and sign-in policy are replaced by the file; children keep their ids by name', async () => {
      const server = (...children: string[]) => ['authorizationServers:', '  - id: replace', '    name: replace', '    audiences: [api://replace]', ...children];
      const rule = (name: string, people = '{ groups: [Everyone] }') => `          - { name: ${name}, priority: 1, grantTypes: [client_credentials], scopes: ["*"], people: ${people} }`;
      await importOrg(store, parse(yaml('version: 1', ...server(
        '    scopes: [{ name: s1 }, { name: s2 }]',
        '    claims: [{ name: c1, claimType: RESOURCE, valueType: EXPRESSION, value: user.login }]',
        '    policies:',
        '      - { name: P1, priority: 1, rules: [{ name: R1, priority: 1, grantTypes: [client_credentials], scopes: [s1] }, { name: R2, priority: 2, grantTypes: [client_credentials], scopes: [s2] }] }',
        '      - name: P2',
        '        priority: 2',
        '        rules:',
        rule('R3'),
      ), 'policies:', '  - { type: PASSWORD, name: Replace, priority: 9, rules: [{ name: X, priority: 1 }, { name: Y, priority: 2 }] }')), NOW);
      const before = (await store.authServers.find('replace'))!;
      const signIn = (await store.policies.list('PASSWORD')).find((p) => p.name === 'Replace')!;

      const summary = await importOrg(store, parse(yaml('version: 1', ...server(
        '    scopes: [{ name: s1, description: now described }, { name: s3 }]',
        '    policies:',
        '      - name: P1',
        '        priority: 1',
        '        rules:',
        rule('R1', '{ users: [m2@example.com] }'),
      ), 'policies:', '  - { type: PASSWORD, name: Replace, priority: 9, rules: [{ name: Y, priority: 1 }, { name: Z, priority: 2 }] }')), NOW);
      assert.equal(summary.authorizationServers.updated, 1);
      assert.equal(summary.policies.updated, 1);

      const after = (await store.authServers.find('replace'))!;
      const scopeId = (s: typeof before, name: string) => s.scopes.find((x) => x.name === name)?.id;
      assert.equal(scopeId(after, 's1'), scopeId(before, 's1'));
      assert.equal(after.scopes.find((x) => x.name === 's1')!.description, 'now described');
      assert.equal(scopeId(after, 's2'), undefined);
      assert.ok(scopeId(after, 's3') && scopeId(after, 's3') !== scopeId(before, 's2'));
      assert.equal(scopeId(after, 'openid'), scopeId(before, 'openid'), 'system scopes keep their ids');
      assert.deepEqual(after.claims, []);
      assert.deepEqual(after.policies.map((p) => [p.id, p.rules.map((r) => r.id)]), [[before.policies[0].id, [before.policies[0].rules[0].id]]]);
      const m2 = await store.users.findByLogin('m2@example.com');
      assert.deepEqual(after.policies[0].rules[0].people, { groups: [], users: [m2!.id] }, 'a user of the store, not of the file, resolves by login');

      const signInAfter = (await store.policies.list('PASSWORD')).find((p) => p.name === 'Replace')!;
      assert.equal(signInAfter.id, signIn.id);
      assert.deepEqual(signInAfter.rules.map((r) => r.name), ['Y', 'Z']);
      assert.equal(signInAfter.rules[0].id, signIn.rules.find((r) => r.name === 'Y')!.id);
    });

    test('export, then import into an empty store, then export again gives the same document', async () => {
      const exported = await exportOrg(store);
      assert.ok(exported.users.length >= 10 && exported.authorizationServers.length === 2);
      const text = stringifyOrgDocument(exported);
      const fresh = database.engine === 'sqlite' ? sqliteTestDatabase() : (await postgresTestDatabase())!;
      const other = await openStore(fresh);
      try {
        const summary = await importOrg(other, parseOrgFile(text, 'export.yaml'), NOW);
        assert.equal(summary.users.created, exported.users.length);
        const again = await exportOrg(other);
        assert.deepEqual(again, exported);
        assert.equal(stringifyOrgDocument(again), text);
        const grace = await other.users.findByLogin('grace@example.com');
        assert.equal(await verifyPassword('Grace-Hopper-1906', grace!.passwordHash!), true);
      } finally {
        await other.close();
        await fresh.drop();
      }
    });

    test('authenticator enrollments: sealed under the instance\'s key, idempotent, exported with their secrets only when asked, imported elsewhere under another key', async () => {
      const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      const [keyA, keyB] = [new KeyEncryption(randomBytes(32)), new KeyEncryption(randomBytes(32))];
      const file = (secret?: string) => parse(yaml('version: 1', 'users:', '  - login: otto@example.com', '    authenticatorEnrollments:',
        `      - { key: google_otp${secret ? `, secret: ${secret}` : ''} }`));
      const refusal = async (work: Promise<unknown>) => {
        const error = await work.then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof OrgImportError, String(error));
        return error.errors;
      };
      assert.deepEqual(await refusal(importOrg(store, file(SECRET), NOW)), [
        { path: 'users[0].authenticatorEnrollments[0].secret', message: 'needs the key-encryption key to be sealed (import through latchkey or a started server)' },
      ]);
      assert.equal(await store.users.findByLogin('otto@example.com'), undefined, 'all or nothing');

      assert.deepEqual((await importOrg(store, file(SECRET), NOW, undefined, keyA)).authenticatorEnrollments, { created: 1, updated: 0, unchanged: 0 });
      const otto = (await store.users.findByLogin('otto@example.com'))!;
      const [row] = await store.authenticatorEnrollments.listOf(otto.id);
      assert.equal(row.authenticatorKey, 'google_otp');
      assert.ok(row.sealedSecret && !row.sealedSecret.includes(SECRET), 'sealed, never in clear');
      assert.equal(openEnrollmentSecret(keyA, row.id, row.sealedSecret), SECRET);
      assert.deepEqual((await importOrg(store, file(SECRET), NOW, undefined, keyA)).authenticatorEnrollments, { created: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(await store.authenticatorEnrollments.listOf(otto.id), [row], 'the same row, untouched');

      const withoutSecrets = (await exportOrg(store)).users.find((u) => u.login === 'otto@example.com')!;
      assert.deepEqual(withoutSecrets.authenticatorEnrollments, [{ key: 'google_otp', id: row.id, profile: {} }]);
      const withSecrets = await exportOrg(store, { openSecrets: keyA });
      assert.deepEqual(withSecrets.users.find((u) => u.login === 'otto@example.com')!.authenticatorEnrollments, [{ key: 'google_otp', id: row.id, profile: {}, secret: SECRET }]);
      assert.deepEqual((await importOrg(store, file(), NOW, undefined, keyA)).authenticatorEnrollments, { created: 0, updated: 0, unchanged: 1 }, 'no secret: the stored one stays');

      const fresh = database.engine === 'sqlite' ? sqliteTestDatabase() : (await postgresTestDatabase())!;
      const other = await openStore(fresh);
      try {
        const ottoOnly = (doc: typeof withSecrets) => ({ ...doc, users: doc.users.filter((u) => u.login === 'otto@example.com'), authorizationServers: [] });
        const bare = parseOrgFile(stringifyOrgDocument(ottoOnly(await exportOrg(store))), 'export.yaml');
        assert.deepEqual(await refusal(importOrg(other, bare, NOW, undefined, keyB)), [
          { path: 'users[0].authenticatorEnrollments[0].secret', message: 'is required to create a google_otp enrollment (export with --include-secrets)' },
        ]);
        const moved = await importOrg(other, parseOrgFile(stringifyOrgDocument(ottoOnly(withSecrets)), 'export.yaml'), NOW, undefined, keyB);
        assert.deepEqual(moved.authenticatorEnrollments, { created: 1, updated: 0, unchanged: 0 });
        const [copy] = await other.authenticatorEnrollments.listOf((await other.users.findByLogin('otto@example.com'))!.id);
        assert.equal(copy.id, row.id, 'the id travels');
        assert.equal(openEnrollmentSecret(keyB, copy.id, copy.sealedSecret!), SECRET, 'sealed under the second instance\'s key');
        assert.throws(() => openEnrollmentSecret(keyA, copy.id, copy.sealedSecret!), KeyEncryptionError);

        const NEW_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
        const changed = yaml('version: 1', 'users:', '  - login: otto@example.com', '    authenticatorEnrollments:', `      - { key: google_otp, id: ${row.id}, secret: ${NEW_SECRET} }`);
        assert.deepEqual((await importOrg(other, parse(changed), NOW, undefined, keyB)).authenticatorEnrollments, { created: 0, updated: 1, unchanged: 0 });
        const [updated] = await other.authenticatorEnrollments.listOf(copy.userId);
        assert.equal(openEnrollmentSecret(keyB, updated.id, updated.sealedSecret!), NEW_SECRET);
        const stolen = yaml('version: 1', 'users:', '  - login: mallory@example.com', '    authenticatorEnrollments:', `      - { key: google_otp, id: ${row.id}, secret: ${NEW_SECRET} }`);
        assert.deepEqual(await refusal(importOrg(other, parse(stolen), NOW, undefined, keyB)), [
          { path: 'users[0].authenticatorEnrollments[0].id', message: 'is the id of another user\'s enrollment in the store' },
        ]);
      } finally {
        await other.close();
        await fresh.drop();
      }
    });
  });
}
