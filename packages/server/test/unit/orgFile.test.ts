import assert from 'node:assert/strict';
import { pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { stringifyOrgDocument } from '../../src/org/orgFile/export.js';
import { OrgFileError, parseOrgFile, type OrgFileProblem } from '../../src/org/orgFile/parse.js';
import { formatPbkdf2, verifyPassword } from '../../src/platform/passwordHashing.js';

const EXAMPLE = readFileSync(new URL('../../../../docs/examples/org.example.yaml', import.meta.url), 'utf8');

const yaml = (...lines: string[]) => lines.join('\n') + '\n';

/** The problems of a file; none when it parses. */
function problems(text: string): OrgFileProblem[] {
  try {
    parseOrgFile(text, 'org.yaml');
    return [];
  } catch (error) {
    assert.ok(error instanceof OrgFileError, String(error));
    return error.errors;
  }
}

/** `path@line:column` of each problem, the shape most tests compare. */
const where = (text: string) => problems(text).map((p) => `${p.path}@${p.line}:${p.column}`);

const APP_BASE = ['version: 1', 'apps:', '  - clientId: app1', '    label: App'];

test('the documented example parses, normalized', () => {
  const doc = parseOrgFile(EXAMPLE, 'org.example.yaml');
  assert.equal(doc.org?.name, 'Example Org');
  assert.deepEqual(doc.users.map((u) => u.login), ['ada@example.com', 'grace@example.com', 'linus@example.com']);
  const grace = doc.users[1];
  assert.equal(grace.passwordHash, '$2b$10$7nU8NN6Fe0X5QtemvI4R1u6MCcKwCx6hy0JoUtpFqVzHaFmtoWInG', 'Okta BCRYPT form rebuilt');
  assert.equal(grace.profile.email, 'grace@example.com', 'email defaults to the login');
  assert.equal(grace.status, 'ACTIVE');
  const spa = doc.apps.find((a) => a.clientId === '0oaexamplespa')!;
  assert.equal(spa.tokenEndpointAuthMethod, 'none');
  assert.equal(spa.pkceRequired, true);
  assert.deepEqual(spa.responseTypes, ['code']);
  const billing = doc.apps.find((a) => a.clientId === '0oaexamplebilling')!;
  assert.deepEqual(billing.grantTypes, ['client_credentials']);
  assert.deepEqual(billing.responseTypes, ['token']);
  assert.equal(doc.authorizationServers[0].policies[0].rules[0].people.groups[0], 'Everyone');
});

test('docs/org-file.md shows the example file as it is', () => {
  const doc = readFileSync(new URL('../../../../docs/org-file.md', import.meta.url), 'utf8');
  assert.ok(doc.includes('```yaml\n' + EXAMPLE + '```'), 'the example in the documentation differs from docs/examples/org.example.yaml');
});

test('a login is trimmed and lower-cased; JSON files parse too', () => {
  const doc = parseOrgFile('{"version": 1, "users": [{"login": " Ada@Example.COM ", "profile": {"email": "a@x.org"}}]}', 'org.json');
  assert.equal(doc.users[0].login, 'ada@example.com');
  assert.deepEqual(doc.users[0].profile, { email: 'a@x.org' });
  assert.deepEqual(doc.groups, []);
});

test('the export format is itself a valid file: stringify then parse gives the same document', () => {
  const doc = parseOrgFile(EXAMPLE, 'org.example.yaml');
  assert.deepEqual(parseOrgFile(stringifyOrgDocument(doc), 'again.yaml'), doc);
});

test('all schema errors are reported, each with its line and column, in file order', () => {
  const text = yaml(
    'version: 1', //                   1
    'users:', //                       2
    '  - login: ada@example.com', //   3
    '    status: ACTIVE', //           4
    '  - login: not-an-email', //      5
    '    status: SLEEPING', //         6
    'apps:', //                        7
    '  - clientId: "a b"', //          8
    '    label: App', //               9
    '    type: browser', //            10
  );
  const found = problems(text);
  assert.deepEqual(found.map((p) => `${p.path}@${p.line}:${p.column}`), ['users[1].login@5:12', 'users[1].status@6:13', 'apps[0].clientId@8:15']);
  assert.equal(found[0].message, 'must be an email-like login');
  assert.match(found[1].message, /must be one of STAGED, .*DEPROVISIONED/);
  assert.throws(() => parseOrgFile(text, 'org.yaml'), (e: Error) => {
    assert.equal(e.message.split('\n')[0], 'org.yaml:5:12 users[1].login: must be an email-like login');
    assert.equal(e.message.split('\n').length, 3);
    return true;
  });
});

test('an unknown key (a typo) is reported at the key itself', () => {
  const text = yaml('version: 1', 'users:', '  - login: ada@example.com', '    pasword: secret', '    grups: []');
  assert.deepEqual(where(text), ['users[0].pasword@4:5', 'users[0].grups@5:5']);
  assert.equal(problems(text)[0].message, 'is not a known key');
  assert.deepEqual(where(yaml('version: 1', 'user: []')), ['user@2:1']);
});

test('a missing key is reported at the object that lacks it', () => {
  const text = yaml('version: 1', 'apps:', '  - clientId: app1', '    type: web', '    clientSecret: "0123456789abcdef"');
  assert.deepEqual(where(text), ['apps[0].label@3:5']);
  assert.equal(problems(text)[0].message, 'is required');
  assert.deepEqual(where(yaml('users: []')), ['version@1:1']);
  assert.deepEqual(where(''), ['@1:1'], 'an empty file');
});

test('YAML syntax errors are reported with their line', () => {
  const found = problems(yaml('version: 1', 'users:', '  - login: a@b', '   status: ACTIVE', '  - login: c@d'));
  assert.deepEqual(found.map((p) => [p.line, p.column]), [[4, 1]]);
  assert.match(found[0].message, /^[^\n]+$/, 'one line, without the pretty-printed excerpt');
  assert.deepEqual(where(yaml('version: 1', 'groups: []', 'groups: []')), ['@3:1'], 'a duplicate key');
});

test('cross-references are checked, each at its own line', () => {
  const text = yaml(
    'version: 1', //                                              1
    'groups:', //                                                 2
    '  - name: Engineering', //                                   3
    '  - name: Engineering', //                                   4
    'users:', //                                                  5
    '  - login: ada@example.com', //                              6
    '    groups: [Engineering, Sales, Everyone]', //              7
    '  - login: ADA@example.com', //                              8
    'apps:', //                                                   9
    '  - clientId: spa1', //                                      10
    '    label: SPA', //                                          11
    '    type: browser', //                                       12
    '    redirectUris: [http://localhost/cb]', //                 13
    'authorizationServers:', //                                   14
    '  - id: default', //                                         15
    '    name: default', //                                       16
    '    audiences: [api://default]', //                          17
    '    scopes: [{ name: read }, { name: read }]', //            18
    '    claims:', //                                             19
    '      - { name: c, claimType: IDENTITY, valueType: EXPRESSION, value: user.email, scopes: [openid, nope] }', // 20
    '    policies:', //                                           21
    '      - name: P', //                                         22
    '        priority: 1', //                                     23
    '        clients: [spa1, web9]', //                           24
    '        rules:', //                                          25
    '          - name: R', //                                     26
    '            priority: 1', //                                 27
    '            grantTypes: [authorization_code]', //            28
    '            scopes: [openid, write]', //                     29
    '            people: { groups: [Admins] }', //                30
    '  - id: default', //                                         31
    '    name: again', //                                         32
    '    audiences: [api://again]', //                            33
  );
  assert.deepEqual(where(text), [
    'groups[1].name@4:11',
    'users[0].groups[1]@7:27',
    'users[1].login@8:12',
    'authorizationServers[0].scopes[1].name@18:38',
    'authorizationServers[0].claims[0].scopes[1]@20:100',
    'authorizationServers[0].policies[0].clients[1]@24:25',
    'authorizationServers[0].policies[0].rules[0].scopes[1]@29:30',
    'authorizationServers[0].policies[0].rules[0].people.groups[0]@30:32',
    'authorizationServers[1].id@31:9',
  ]);
  const messages = problems(text).map((p) => p.message);
  assert.equal(messages[1], 'unknown group "Sales" (declare it under groups)');
  assert.equal(messages[2], 'duplicate login "ada@example.com" (first at index 0)');
  assert.equal(messages[5], 'unknown client id "web9" (declare it under apps)');
});

test('password and passwordHash together are rejected', () => {
  const text = yaml('version: 1', 'users:', '  - login: a@example.com', '    password: x', '    passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$abc$def"');
  assert.deepEqual(where(text), ['users[0].passwordHash@5:19']);
});

test('password hashes: PHC strings and Okta import objects become stored strings that verify', async () => {
  const bcrypt = await bcryptHash('bcrypt-pass', 4);
  const salt = Buffer.from('0123456789abcdef');
  const derived = pbkdf2Sync('pbkdf2-pass', salt, 1000, 32, 'sha256');
  const text = yaml(
    'version: 1',
    'users:',
    `  - { login: a@x.org, passwordHash: "${bcrypt}" }`,
    `  - { login: b@x.org, passwordHash: { algorithm: BCRYPT, workFactor: 4, salt: "${bcrypt.slice(7, 29)}", value: "${bcrypt.slice(29)}" } }`,
    `  - login: c@x.org`,
    `    passwordHash: { algorithm: PBKDF2, salt: ${salt.toString('base64')}, value: ${derived.toString('base64')}, iterations: 1000, keySize: 32, digestAlgorithm: SHA256 }`,
    `  - { login: d@x.org, passwordHash: { algorithm: ARGON2, value: "${'$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g'}" } }`,
  );
  const [a, b, c, d] = parseOrgFile(text, 'org.yaml').users.map((u) => u.passwordHash!);
  assert.equal(a, bcrypt);
  assert.equal(b.replace(/^\$2b\$/, bcrypt.slice(0, 4)), bcrypt);
  assert.equal(await verifyPassword('bcrypt-pass', b), true);
  assert.equal(c, formatPbkdf2('sha256', 1000, salt, derived));
  assert.equal(await verifyPassword('pbkdf2-pass', c), true);
  assert.match(d, /^\$argon2id\$/);
});

test('unsupported or malformed password hashes are rejected at their line', () => {
  const text = yaml(
    'version: 1',
    'users:',
    '  - login: a@x.org',
    '    passwordHash: "{MD5}abc"',
    '  - login: b@x.org',
    '    passwordHash: { algorithm: SHA1, value: abc }',
    '  - login: c@x.org',
    '    passwordHash:',
    '      algorithm: PBKDF2',
    '      salt: c2FsdA==',
    '      value: aGFzaA==',
    '      iterations: 1000',
    '      keySize: 32',
    '      digestAlgorithm: SHA256',
    '  - login: d@x.org',
    '    passwordHash: 42',
  );
  const found = problems(text);
  assert.deepEqual(found.map((p) => `${p.path}@${p.line}`), [
    'users[0].passwordHash@4', 'users[1].passwordHash.algorithm@6', 'users[2].passwordHash.keySize@13', 'users[3].passwordHash@16',
  ]);
  assert.match(found[0].message, /not a supported password hash/);
  assert.match(found[3].message, /must be a hash string/);
});

test('app rules: secrets by type, PKCE, private_key_jwt, grant types, redirect URIs', () => {
  const app = (...lines: string[]) => where(yaml(...APP_BASE, ...lines)).map((w) => w.split('@')[0]);
  assert.deepEqual(app('    type: browser', '    clientSecret: "0123456789abcdef"', '    redirectUris: [http://x/cb]'), ['apps[0].clientSecret']);
  assert.deepEqual(app('    type: web', '    redirectUris: [http://x/cb]'), ['apps[0].clientSecret']);
  assert.deepEqual(app('    type: web', '    clientSecret: short', '    redirectUris: [http://x/cb]'), ['apps[0].clientSecret']);
  assert.deepEqual(app('    type: web', '    clientSecretHash: "not-a-hash"', '    redirectUris: [http://x/cb]'), ['apps[0].clientSecretHash']);
  assert.deepEqual(app('    type: service', '    tokenEndpointAuthMethod: private_key_jwt'), ['apps[0].jwks']);
  assert.deepEqual(app('    type: service', '    tokenEndpointAuthMethod: none', '    pkceRequired: true'), ['apps[0].tokenEndpointAuthMethod']);
  assert.deepEqual(app('    type: native', '    pkceRequired: false', '    redirectUris: [com.example:/cb]'), ['apps[0].pkceRequired']);
  assert.deepEqual(app('    type: browser', '    grantTypes: [client_credentials]'), ['apps[0].grantTypes']);
  assert.deepEqual(app('    type: browser'), ['apps[0].redirectUris']);
  assert.deepEqual(app('    type: browser', '    redirectUris: ["http://x/cb#top", "/relative"]'), ['apps[0].redirectUris[0]', 'apps[0].redirectUris[1]']);
  assert.deepEqual(app('    type: service', '    tokenEndpointAuthMethod: private_key_jwt', '    jwks: { keys: [{ kty: oct, k: c2VjcmV0 }] }'), ['apps[0].jwks.keys[0]']);
});

test('authorization server rules: reserved id, claim filters, rule people and lifetimes', () => {
  const server = (...lines: string[]) => where(yaml('version: 1', 'authorizationServers:', '  - name: s', '    audiences: [api://s]', ...lines)).map((w) => w.split('@')[0]);
  assert.deepEqual(server('    id: v1'), ['authorizationServers[0].id']);
  assert.deepEqual(server('    id: s', '    claims: [{ name: g, claimType: RESOURCE, valueType: GROUPS, value: ".*" }]'), ['authorizationServers[0].claims[0].groupFilterType']);
  const rule = (...fields: string[]) => server('    id: s', '    policies:', '      - name: P', '        priority: 1', '        rules:',
    '          - name: R', '            priority: 1', '            grantTypes: [authorization_code]', '            scopes: ["*"]', ...fields.map((f) => `            ${f}`));
  assert.deepEqual(rule(), []);
  assert.deepEqual(rule('people: { groups: [], users: [] }'), ['authorizationServers[0].policies[0].rules[0].people']);
  assert.deepEqual(rule('accessTokenLifetimeMinutes: 2'), ['authorizationServers[0].policies[0].rules[0].accessTokenLifetimeMinutes']);
  assert.deepEqual(rule('refreshTokenLifetimeMinutes: 100', 'refreshTokenWindowMinutes: 200'), ['authorizationServers[0].policies[0].rules[0].refreshTokenWindowMinutes']);
});

test('sign-in policies and trusted origins: duplicates and origin shape', () => {
  const text = yaml(
    'version: 1',
    'trustedOrigins:',
    '  - { name: A, origin: "http://localhost:3000", scopes: [CORS] }',
    '  - { name: B, origin: "http://localhost:3000/path", scopes: [CORS] }',
    'policies:',
    '  - { type: OKTA_SIGN_ON, name: Default, priority: 1, rules: [{ name: R, priority: 1 }, { name: R, priority: 2 }] }',
    '  - { type: OKTA_SIGN_ON, name: Default, priority: 2 }',
    '  - { type: PASSWORD, name: Default, priority: 1 }',
  );
  assert.deepEqual(where(text), ['trustedOrigins[1].origin@4:24', 'policies[0].rules[1].name@6:97', 'policies[1].name@7:33']);
});

test('branding: image URLs are http(s) or paths without characters that could break out; colours are #rrggbb; a template needs the widget and OktaUtil', () => {
  const branding = (...lines: string[]) => where(yaml('version: 1', 'branding:', ...lines)).map((w) => w.split('@')[0]);
  assert.deepEqual(branding('  logoUrl: https://cdn.example/logo.svg', '  faviconUrl: /favicon.ico', '  primaryColor: "#1662dd"'), []);
  assert.deepEqual(branding('  logoUrl: javascript:alert(1)'), ['branding.logoUrl']);
  assert.deepEqual(branding('  backgroundImageUrl: "https://cdn.example/bg.jpg\\")"'), ['branding.backgroundImageUrl']);
  assert.deepEqual(branding('  primaryColor: red'), ['branding.primaryColor']);
  assert.deepEqual(branding('  signInTemplate: "<html>{{{OktaUtil}}}</html>"'), ['branding.signInTemplate']);
  assert.deepEqual(branding('  colour: "#ffffff"'), ['branding.colour']);
});

test('authenticators: email token lifetime within 1..1440 minutes, each key once, unknown keys refused', () => {
  const authenticators = (...lines: string[]) => where(yaml('version: 1', 'authenticators:', ...lines)).map((w) => w.split('@')[0]);
  assert.deepEqual(authenticators('  - key: okta_email', '    settings: { tokenLifetimeInMinutes: 15 }'), []);
  assert.deepEqual(authenticators('  - key: okta_email', '    settings: { tokenLifetimeInMinutes: 0 }'), ['authenticators[0].settings.tokenLifetimeInMinutes']);
  assert.deepEqual(authenticators('  - key: okta_email', '  - key: okta_email'), ['authenticators[1].key']);
  assert.equal(authenticators('  - key: okta_sms').length, 1);
});

test('password policies: a known preset, Okta\'s complexity and lockout shapes; settings Latchkey does not read are kept', () => {
  const settings = (value: string) => yaml('version: 1', 'policies:', `  - { type: PASSWORD, name: P, priority: 1, settings: ${value} }`);
  const passwordPolicy = (value: string) => where(settings(value)).map((w) => w.split('@')[0]);
  const nist = '{ password: { preset: NIST_800_63B, complexity: { minLength: 8, dictionary: { common: { exclude: true } } } }, age: { historyCount: 4 } }';
  assert.deepEqual(passwordPolicy(nist), []);
  assert.deepEqual(parseOrgFile(settings(nist), 'org.yaml').policies[0].settings, {
    password: { preset: 'NIST_800_63B', complexity: { minLength: 8, dictionary: { common: { exclude: true } } } }, age: { historyCount: 4 },
  });
  assert.deepEqual(passwordPolicy('{ password: { preset: NIST } }'), ['policies[0].settings.password.preset']);
  assert.deepEqual(passwordPolicy('{ password: { complexity: { dictionary: { common: true } } } }'), ['policies[0].settings.password.complexity.dictionary.common']);
  assert.deepEqual(passwordPolicy('{ password: { complexity: { minLength: 0, minNumber: -1 } } }'), [
    'policies[0].settings.password.complexity.minLength', 'policies[0].settings.password.complexity.minNumber',
  ]);
  assert.deepEqual(passwordPolicy('{ password: { lockout: { maxAttempts: "3" } } }'), ['policies[0].settings.password.lockout.maxAttempts']);
});

test('authenticator enrollments: each kind checks its own entry (google_otp: a base32 secret), ids are unique across users', () => {
  const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const doc = parseOrgFile(yaml(
    'version: 1',
    'users:',
    '  - login: ada@example.com',
    '    authenticatorEnrollments:',
    `      - { key: google_otp, secret: "${SECRET.toLowerCase().replace(/(.{4})/g, '$1 ')}" }`,
  ), 'org.yaml');
  assert.deepEqual(doc.users[0].authenticatorEnrollments, [{ key: 'google_otp', profile: {}, secret: SECRET.toLowerCase().replace(/(.{4})/g, '$1 ') }], 'kept as written');
  assert.equal(parseOrgFile(yaml('version: 1', 'users:', '  - login: ada@example.com'), 'org.yaml').users[0].authenticatorEnrollments, undefined, 'left out: left alone');
  const id = 'pae0123456789abcdefg';
  assert.deepEqual(problems(yaml(
    'version: 1',
    'users:',
    '  - login: ada@example.com',
    '    authenticatorEnrollments:',
    '      - { key: google_otp, secret: "not base32!" }', //               5
    '      - { key: okta_password, secret: x }', //                       6
    `      - { key: google_otp, id: ${id}, secret: ${SECRET} }`, //       7
    '      - { key: google_otp, secret: ABCDEFGH }', //                   8
    '  - login: bob@example.com',
    '    authenticatorEnrollments:',
    `      - { key: google_otp, id: ${id}, secret: ${SECRET} }`, //       11
    '      - { key: google_otp, id: nope, secret: 42 }', //               12
  )).map((p) => `${p.path}@${p.line}: ${p.message}`), [
    'users[0].authenticatorEnrollments[0].secret@5: must be the shared secret in base32 (A-Z, 2-7), at least 16 characters',
    'users[0].authenticatorEnrollments[1].key@6: enrollments of "okta_password" cannot be imported (these can: google_otp, phone_number, webauthn)',
    'users[0].authenticatorEnrollments[3].secret@8: must be the shared secret in base32 (A-Z, 2-7), at least 16 characters',
    `users[1].authenticatorEnrollments[0].id@11: duplicate enrollment id "${id}" (first at users[0].authenticatorEnrollments[2])`,
    'users[1].authenticatorEnrollments[1].id@12: must be an enrollment id as exported (pae and 17 letters or digits)',
    'users[1].authenticatorEnrollments[1].secret@12: must be the shared secret in base32 (A-Z, 2-7), at least 16 characters',
  ]);
});

test('an MFA_ENROLL policy\'s grace periods: an end date or a number of skips, only for a required authenticator', () => {
  const policyWith = (...authenticators: string[]) => yaml(
    'version: 1',
    'policies:',
    '  - type: MFA_ENROLL',
    '    name: Enroll',
    '    priority: 1',
    '    settings:',
    '      authenticators:',
    ...authenticators.map((a) => `        - ${a}`),
  );
  assert.deepEqual(problems(policyWith(
    '{ key: google_otp, enroll: { self: REQUIRED, gracePeriod: { type: BY_DATE_TIME, expiry: "2030-01-01T00:00:00.000Z" } } }',
    '{ key: okta_email, enroll: { self: REQUIRED, gracePeriod: { type: BY_SKIP_COUNT, skipCount: 3 } } }',
  )), []);
  assert.deepEqual(problems(policyWith(
    '{ key: google_otp, enroll: { self: REQUIRED, gracePeriod: { type: BY_DATE_TIME, expiry: "next week" } } }',
    '{ key: okta_email, enroll: { self: OPTIONAL, gracePeriod: { type: BY_SKIP_COUNT, skipCount: 3 } } }',
    '{ key: phone_number, enroll: { self: REQUIRED, gracePeriod: { type: BY_SKIP_COUNT, skipCount: 0 } } }',
    '{ key: webauthn, enroll: { self: SOMETIMES } }',
  )).map((p) => p.path), [
    'policies[0].settings.authenticators[0].enroll.gracePeriod.expiry',
    'policies[0].settings.authenticators[1].enroll.gracePeriod',
    'policies[0].settings.authenticators[2].enroll.gracePeriod.skipCount',
    'policies[0].settings.authenticators[3].enroll.self',
  ]);
});
