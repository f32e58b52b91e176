import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_APP_SETTINGS, type App } from '../../src/store/repositories/apps.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();

function makeApp(overrides: Partial<App> = {}): App {
  return {
    clientId: unique('0oa'),
    name: 'oidc_client',
    label: 'Web app',
    type: 'web',
    status: 'ACTIVE',
    clientSecretHash: 'secret-hash',
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: ['https://app.example.com/callback', 'http://localhost:3000/cb?x=1&y=%20'],
    postLogoutRedirectUris: ['https://app.example.com/'],
    grantTypes: ['authorization_code', 'refresh_token'],
    responseTypes: ['code'],
    pkceRequired: true,
    jwks: null,
    settings: { refreshTokenRotation: 'STATIC', refreshTokenLeewaySeconds: 0 },
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

await forEachEngine('apps repository', (ctx) => {
  test('upsert of a new app then findByClientId returns the same app', async () => {
    const app = makeApp();
    await ctx.store.apps.upsert(app);
    assert.deepEqual(await ctx.store.apps.findByClientId(app.clientId), app);
    assert.equal(await ctx.store.apps.findByClientId(`${app.clientId}-missing`), undefined);
  });

  test('JSON fields, flags and nulls round-trip', async () => {
    const app = makeApp({
      type: 'service',
      clientSecretHash: null,
      tokenEndpointAuthMethod: 'private_key_jwt',
      redirectUris: [],
      postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'],
      responseTypes: ['token'],
      pkceRequired: false,
      jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'k1', use: 'sig' }] },
    });
    await ctx.store.apps.upsert(app);
    const found = await ctx.store.apps.findByClientId(app.clientId);
    assert.deepEqual(found, app);
    assert.equal(found?.pkceRequired, false);
    assert.equal(found?.clientSecretHash, null);
  });

  test('upsert of an existing app updates it but keeps createdAt', async () => {
    const app = makeApp();
    await ctx.store.apps.upsert(app);
    const changed = makeApp({
      clientId: app.clientId,
      label: 'Renamed',
      status: 'INACTIVE',
      redirectUris: ['https://new.example.com/cb'],
      grantTypes: ['authorization_code'],
      pkceRequired: false,
      jwks: { keys: [] },
      settings: { refreshTokenRotation: 'ROTATE', refreshTokenLeewaySeconds: 45 },
      createdAt: NOW + 10_000,
      updatedAt: NOW + 20_000,
    });
    await ctx.store.apps.upsert(changed);
    assert.deepEqual(await ctx.store.apps.findByClientId(app.clientId), { ...changed, createdAt: app.createdAt });
    const rows = await ctx.store.db.selectFrom('apps').select('id').where('id', '=', app.clientId).execute();
    assert.equal(rows.length, 1);
  });

  test('missing settings take the defaults; stored settings override them', async () => {
    const app = makeApp();
    await ctx.store.apps.upsert(app);
    await ctx.store.db.updateTable('apps').set({ settings: '{}' }).where('id', '=', app.clientId).execute();
    assert.deepEqual((await ctx.store.apps.findByClientId(app.clientId))?.settings, DEFAULT_APP_SETTINGS);

    await ctx.store.db.updateTable('apps').set({ settings: JSON.stringify({ refreshTokenLeewaySeconds: 5 }) }).where('id', '=', app.clientId).execute();
    assert.deepEqual((await ctx.store.apps.findByClientId(app.clientId))?.settings, { ...DEFAULT_APP_SETTINGS, refreshTokenLeewaySeconds: 5 });

    await ctx.store.apps.upsert({ ...app, settings: { refreshTokenRotation: 'STATIC' } as App['settings'] });
    assert.deepEqual((await ctx.store.apps.findByClientId(app.clientId))?.settings, { ...DEFAULT_APP_SETTINGS, refreshTokenRotation: 'STATIC' });
  });

  test('list returns every app ordered by label', async () => {
    const tag = unique();
    const z = makeApp({ label: `zz ${tag}` });
    const a = makeApp({ label: `aa ${tag}` });
    await ctx.store.apps.upsert(z);
    await ctx.store.apps.upsert(a);
    const labels = (await ctx.store.apps.list()).map((x) => x.label);
    assert.ok(labels.includes(a.label) && labels.indexOf(a.label) < labels.indexOf(z.label));
    assert.deepEqual((await ctx.store.apps.list()).find((x) => x.clientId === z.clientId), z);
  });

  test('timestamps come back as exact JS numbers', async () => {
    const at = Date.now() + 987_654_321;
    const app = makeApp({ createdAt: at, updatedAt: at + 1 });
    await ctx.store.apps.upsert(app);
    const found = await ctx.store.apps.findByClientId(app.clientId);
    assert.equal(typeof found?.createdAt, 'number');
    assert.equal(found?.createdAt, at);
    assert.equal(found?.updatedAt, at + 1);
  });
});
