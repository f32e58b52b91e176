import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { hashSecret } from '../../src/platform/crypto.js';
import { capturingLogger } from '../support/logs.js';
import { oktaAuth } from '../support/oktaAuth.js';
import { token, type HttpAnswer } from '../support/idx.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';

let server: TestServer;
let issuer: string;
const clock = new TestClock();
const log = capturingLogger();
/** The test org's SPA keeps the default leeway. */
const LEEWAY_MS = 30_000;

before(async () => {
  server = await startTestServer({ org: testOrg(), clock, logger: log.logger });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

/** A password sign-in of the SPA with okta-auth-js: its access and refresh tokens. */
async function signIn(): Promise<{ accessToken: string; refreshToken: string }> {
  const auth = oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile', 'offline_access'] });
  const tx = await auth.idx.authenticate({ username: TEST.user, password: TEST.password });
  assert.equal(tx.status, IdxStatus.SUCCESS);
  return { accessToken: tx.tokens!.accessToken!.accessToken, refreshToken: tx.tokens!.refreshToken!.refreshToken };
}

const refresh = (refreshToken: string, extra: Record<string, string> = {}): Promise<HttpAnswer> =>
  token(issuer, { grant_type: 'refresh_token', client_id: TEST.spa.clientId, refresh_token: refreshToken, ...extra });

async function introspect(accessToken: string): Promise<boolean> {
  const r = await fetch(`${issuer}/v1/introspect`, {
    method: 'POST', body: new URLSearchParams({ token: accessToken, token_type_hint: 'access_token' }),
    headers: { authorization: `Basic ${Buffer.from(`${TEST.web.clientId}:${TEST.web.secret}`).toString('base64')}` },
  });
  return (await r.json()).active;
}

/** Refresh tokens of the grant that may still mint tokens: neither rotated nor revoked. */
async function liveTokensInFamilyOf(refreshToken: string): Promise<number> {
  const { familyId } = (await server.lk.store.tokens.findRefreshToken(hashSecret(refreshToken)))!;
  const row = await server.lk.store.db.selectFrom('refresh_tokens').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('family_id', '=', familyId).where('rotated_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

it('a retry within the leeway answers the same refresh token (with a new access token); the family keeps one live refresh token', async () => {
  const { refreshToken } = await signIn();
  const first = await refresh(refreshToken);
  assert.equal(first.status, 200);
  clock.advance(5_000);
  const retry = await refresh(refreshToken);
  assert.equal(retry.status, 200, JSON.stringify(retry.json));
  assert.equal(retry.json.refresh_token, first.json.refresh_token, 'the successor the lost response carried');
  assert.notEqual(retry.json.access_token, first.json.access_token);
  assert.equal(await introspect(retry.json.access_token), true);
  assert.equal(await liveTokensInFamilyOf(refreshToken), 1);
  assert.equal((await refresh(retry.json.refresh_token)).status, 200, 'the successor works');
});

it('once its successor was used, a rotated token is refused within the leeway, without revoking the family', async () => {
  const { refreshToken } = await signIn();
  const second = (await refresh(refreshToken)).json.refresh_token;
  const third = (await refresh(second)).json.refresh_token;
  const late = await refresh(refreshToken);
  assert.deepEqual(late.json, { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
  assert.equal(await liveTokensInFamilyOf(refreshToken), 1);
  assert.equal((await refresh(third)).status, 200, 'the live token still works');
});

it('two concurrent uses of one token within the leeway end with exactly one live refresh token', async () => {
  for (let i = 0; i < 5; i++) {
    const { refreshToken } = await signIn();
    const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
    const ok = answers.filter((a) => a.status === 200);
    assert.ok(ok.length >= 1, JSON.stringify(answers.map((a) => a.json)));
    for (const refused of answers.filter((a) => a.status !== 200)) assert.equal(refused.json.error, 'invalid_grant');
    assert.equal(new Set(ok.map((a) => a.json.refresh_token)).size, 1, 'both answered the same refresh token');
    assert.equal(await liveTokensInFamilyOf(refreshToken), 1);
  }
});

it('reuse after the leeway revokes the family and logs app.oauth2.as.token.detect_reuse (actor the client, target the user)', async () => {
  const { refreshToken } = await signIn();
  const next = (await refresh(refreshToken)).json;
  clock.advance(LEEWAY_MS + 1_000);
  assert.equal((await refresh(refreshToken)).json.error, 'invalid_grant');
  assert.equal((await refresh(next.refresh_token)).json.error, 'invalid_grant', 'the family is revoked');
  assert.equal(await introspect(next.access_token), false);

  const user = (await server.lk.store.users.findByLogin(TEST.user))!;
  const events = log.events().filter((e) => e.eventType === 'app.oauth2.as.token.detect_reuse');
  assert.equal(events.length, 1);
  assert.deepEqual(events[0].actor, { id: TEST.spa.clientId, type: 'PublicClientApp', alternateId: 'SPA' });
  assert.equal(events[0].target?.[0].id, user.id);
  assert.equal(events[0].outcome?.result, 'DENY');
  assert.ok(!JSON.stringify(events[0]).includes(refreshToken), 'no token in the log');
});

it('the successor is kept sealed, never in clear, and dropped once the leeway is over', async () => {
  const { refreshToken } = await signIn();
  const successor = (await refresh(refreshToken)).json.refresh_token as string;
  const row = await server.lk.store.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hashSecret(refreshToken)).executeTakeFirstOrThrow();
  assert.ok(row.successor);
  assert.ok(!row.successor.includes(successor) && !Buffer.from(row.successor, 'base64url').toString('latin1').includes(successor));
  clock.advance(LEEWAY_MS + 1_000);
  await server.lk.store.tokens.purgeExpired(clock.now());
  const purged = await server.lk.store.db.selectFrom('refresh_tokens').select(['successor', 'successor_expires_at']).where('token_hash', '=', hashSecret(refreshToken)).executeTakeFirstOrThrow();
  assert.deepEqual(purged, { successor: null, successor_expires_at: null });
  assert.equal((await refresh(successor)).status, 200);
});

it('a refused refresh (scopes beyond the grant) leaves the token unrotated: it still works after the leeway', async () => {
  const { refreshToken } = await signIn();
  assert.equal((await refresh(refreshToken, { scope: 'openid admin' })).json.error, 'invalid_scope');
  clock.advance(LEEWAY_MS + 1_000);
  const later = await refresh(refreshToken);
  assert.equal(later.status, 200, JSON.stringify(later.json));
});
