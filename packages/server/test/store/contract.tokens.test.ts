import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { AuthorizationCode, StoredRefreshToken } from '../../src/store/repositories/tokens.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine, unique, type ContractContext } from '../support/contract.js';

const NOW = Date.now();
const HOUR = 3600_000;

const makeCode = (overrides: Partial<AuthorizationCode> = {}): AuthorizationCode => ({
  codeHash: unique('code-'), grantType: 'authorization_code', clientId: '0oaClient', serverId: 'ausDefault', userId: '00uUser',
  redirectUri: 'https://app.example.com/cb', scopes: ['openid', 'profile', 'offline_access'],
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', codeChallengeMethod: 'S256', nonce: 'n-0S6_WzA2Mj',
  authTime: NOW - 5000, amr: ['pwd', 'otp'], sessionId: 'sess-1', expiresAt: NOW + 60_000, createdAt: NOW, ...overrides,
});

async function newFamily(store: Store, overrides: { clientId?: string; userId?: string | null } = {}): Promise<string> {
  const id = unique('oar');
  await store.tokens.insertFamily({ id, clientId: overrides.clientId ?? '0oaClient', serverId: 'ausDefault', userId: overrides.userId === undefined ? '00uUser' : overrides.userId, createdAt: NOW });
  return id;
}

const makeRefresh = (familyId: string, overrides: Partial<StoredRefreshToken> = {}): StoredRefreshToken => ({
  tokenHash: unique('rt-'), id: unique('rtid'), familyId, clientId: '0oaClient', serverId: 'ausDefault', userId: '00uUser',
  scopes: ['openid', 'offline_access'], authTime: NOW - 5000, amr: ['pwd'], issuedAt: NOW, expiresAt: NOW + 90 * 24 * HOUR,
  idleExpiresAt: NOW + 7 * 24 * HOUR, rotatedAt: null, revokedAt: null, successor: null, ...overrides,
});

/** How many of `values` are still in `table.column`. */
async function count(ctx: ContractContext, table: string, column: string, values: string[]): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} in (${sql.join(values)})`.execute(ctx.store.db);
  return Number(rows[0].n);
}

await forEachEngine('tokens repository', (ctx) => {
  test('an authorization code is consumed once; its reuse reports the family its first use named', async () => {
    const code = makeCode();
    await ctx.store.tokens.insertCode(code);
    const familyId = unique('oar');
    assert.deepEqual(await ctx.store.tokens.consumeCode(code.codeHash, familyId, NOW + 1), { code });
    assert.deepEqual(await ctx.store.tokens.consumeCode(code.codeHash, unique('oar'), NOW + 2), { reusedFamilyId: familyId });

    const row = await ctx.store.db.selectFrom('authorization_codes').select(['consumed_at', 'family_id']).where('code_hash', '=', code.codeHash).executeTakeFirstOrThrow();
    assert.deepEqual(row, { consumed_at: NOW + 1, family_id: familyId }, 'the first consumption time is kept');
    assert.equal(await ctx.store.tokens.consumeCode(unique('code-unknown-'), unique('oar'), NOW), undefined);
  });

  test('voidCodesOfUser spends the unredeemed codes of one user only; a spent code names no family', async () => {
    const userId = unique('00u');
    const [mine, redeemed, other] = [makeCode({ userId }), makeCode({ userId }), makeCode()];
    for (const code of [mine, redeemed, other]) await ctx.store.tokens.insertCode(code);
    const familyId = unique('oar');
    await ctx.store.tokens.consumeCode(redeemed.codeHash, familyId, NOW + 1);
    await ctx.store.tokens.voidCodesOfUser(userId, NOW + 2);
    assert.deepEqual(await ctx.store.tokens.consumeCode(mine.codeHash, unique('oar'), NOW + 3), { reusedFamilyId: null });
    assert.deepEqual(await ctx.store.tokens.consumeCode(redeemed.codeHash, unique('oar'), NOW + 3), { reusedFamilyId: familyId }, 'a redeemed code keeps its family');
    assert.deepEqual(await ctx.store.tokens.consumeCode(other.codeHash, unique('oar'), NOW + 3), { code: other });
  });

  test('a code with nullable fields empty round-trips', async () => {
    const code = makeCode({ redirectUri: null, codeChallenge: null, codeChallengeMethod: null, nonce: null, sessionId: null, amr: [], scopes: [] });
    await ctx.store.tokens.insertCode(code);
    assert.deepEqual(await ctx.store.tokens.consumeCode(code.codeHash, unique('oar'), NOW), { code });
  });

  test('two stores racing to consume the same codes: exactly one wins each', async () => {
    const a = ctx.store;
    const b = ctx.openAnother();
    const codes = Array.from({ length: 20 }, () => makeCode());
    for (const code of codes) await a.tokens.insertCode(code);
    const results = await Promise.all(codes.flatMap((code) => [
      a.tokens.consumeCode(code.codeHash, `oar-10-${code.codeHash}`, NOW + 10),
      b.tokens.consumeCode(code.codeHash, `oar-11-${code.codeHash}`, NOW + 11),
      a.tokens.consumeCode(code.codeHash, `oar-12-${code.codeHash}`, NOW + 12),
      b.tokens.consumeCode(code.codeHash, `oar-13-${code.codeHash}`, NOW + 13),
    ]));
    for (const [i, code] of codes.entries()) {
      const mine = results.slice(i * 4, i * 4 + 4);
      const winners = mine.filter((r) => r !== undefined && 'code' in r);
      assert.equal(winners.length, 1, `code ${i}: ${JSON.stringify(mine)}`);
      assert.deepEqual(winners[0], { code });
      const winner = [10, 11, 12, 13][mine.findIndex((r) => r !== undefined && 'code' in r)];
      assert.deepEqual(mine.filter((r) => r !== undefined && 'reusedFamilyId' in r), Array(3).fill({ reusedFamilyId: `oar-${winner}-${code.codeHash}` }), 'the losers see the winner\'s family');
    }
  });

  test('refresh tokens round-trip; markRotated claims a token exactly once', async () => {
    const familyId = await newFamily(ctx.store);
    const token = makeRefresh(familyId);
    await ctx.store.tokens.insertRefreshToken(token);
    assert.deepEqual(await ctx.store.tokens.findRefreshToken(token.tokenHash), token);
    assert.equal(await ctx.store.tokens.findRefreshToken(unique('rt-missing-')), undefined);

    assert.equal(await ctx.store.tokens.markRotated(token.tokenHash, NOW + 1), true);
    assert.equal(await ctx.store.tokens.markRotated(token.tokenHash, NOW + 2), false);
    assert.equal((await ctx.store.tokens.findRefreshToken(token.tokenHash))?.rotatedAt, NOW + 1);
    assert.equal(await ctx.store.tokens.markRotated(unique('rt-missing-'), NOW), false);
  });

  test('refresh tokens with nullable fields empty round-trip', async () => {
    const familyId = await newFamily(ctx.store, { userId: null });
    const token = makeRefresh(familyId, { userId: null, authTime: null, expiresAt: null, idleExpiresAt: null, amr: [] });
    await ctx.store.tokens.insertRefreshToken(token);
    assert.deepEqual(await ctx.store.tokens.findRefreshToken(token.tokenHash), token);
  });

  test('a refresh token needs an existing family', async () => {
    await assert.rejects(ctx.store.tokens.insertRefreshToken(makeRefresh(unique('oar-missing-'))));
  });

  test('concurrent markRotated from two stores: exactly one true', async () => {
    const a = ctx.store;
    const b = ctx.openAnother();
    for (let round = 0; round < 5; round++) {
      const familyId = await newFamily(a);
      const token = makeRefresh(familyId);
      await a.tokens.insertRefreshToken(token);
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? b : a).tokens.markRotated(token.tokenHash, NOW + i)));
      assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results}`);
    }
  });

  test('touchRefreshToken moves one token\'s idle deadline and leaves its siblings alone', async () => {
    const familyId = await newFamily(ctx.store);
    const token = makeRefresh(familyId);
    const sibling = makeRefresh(familyId);
    await ctx.store.tokens.insertRefreshToken(token);
    await ctx.store.tokens.insertRefreshToken(sibling);

    await ctx.store.tokens.touchRefreshToken(token.tokenHash, NOW + 42);
    assert.equal((await ctx.store.tokens.findRefreshToken(token.tokenHash))?.idleExpiresAt, NOW + 42);
    await ctx.store.tokens.touchRefreshToken(token.tokenHash, null);
    assert.equal((await ctx.store.tokens.findRefreshToken(token.tokenHash))?.idleExpiresAt, null);

    assert.deepEqual(await ctx.store.tokens.findRefreshToken(sibling.tokenHash), sibling, 'sibling untouched');
    assert.equal(await ctx.store.tokens.isFamilyRevoked(familyId), false);
  });

  test('revokeFamily revokes its refresh tokens and the access tokens issued from it', async () => {
    const familyId = await newFamily(ctx.store);
    const otherFamily = await newFamily(ctx.store);
    const [t1, t2] = [makeRefresh(familyId), makeRefresh(familyId, { revokedAt: NOW - 1 })];
    const other = makeRefresh(otherFamily);
    for (const t of [t1, t2, other]) await ctx.store.tokens.insertRefreshToken(t);
    const [jti, otherJti] = [unique('jti-'), unique('jti-')];
    await ctx.store.tokens.recordAccessToken(jti, familyId, NOW + HOUR);
    await ctx.store.tokens.recordAccessToken(otherJti, otherFamily, NOW + HOUR);

    assert.equal(await ctx.store.tokens.isFamilyRevoked(familyId), false);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(jti), false);

    await ctx.store.tokens.revokeFamily(familyId, 'code_reuse', NOW + 100);
    assert.equal(await ctx.store.tokens.isFamilyRevoked(familyId), true);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(jti), true);
    assert.equal((await ctx.store.tokens.findRefreshToken(t1.tokenHash))?.revokedAt, NOW + 100);
    assert.equal((await ctx.store.tokens.findRefreshToken(t2.tokenHash))?.revokedAt, NOW - 1, 'an earlier revocation is kept');
    assert.equal(await ctx.store.tokens.markRotated(t1.tokenHash, NOW + 101), false);

    assert.equal(await ctx.store.tokens.isFamilyRevoked(otherFamily), false);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(otherJti), false);
    assert.deepEqual(await ctx.store.tokens.findRefreshToken(other.tokenHash), other);

    await ctx.store.tokens.revokeFamily(familyId, 'again', NOW + 200);
    const row = await ctx.store.db.selectFrom('token_families').select(['revoked_at', 'revoked_reason']).where('id', '=', familyId).executeTakeFirstOrThrow();
    assert.deepEqual(row, { revoked_at: NOW + 100, revoked_reason: 'code_reuse' }, 'the first revocation is kept');
    assert.equal(await ctx.store.tokens.isFamilyRevoked(unique('oar-missing-')), true, 'an unknown family counts as revoked');
  });

  test('recordSuccessor keeps a sealed successor until its end; purgeExpired and revokeFamily drop it', async () => {
    const familyId = await newFamily(ctx.store);
    const [kept, ending, revoked] = [makeRefresh(familyId, { rotatedAt: NOW }), makeRefresh(familyId, { rotatedAt: NOW }), makeRefresh(familyId, { revokedAt: NOW })];
    for (const t of [kept, ending, revoked]) await ctx.store.tokens.insertRefreshToken(t);
    await ctx.store.tokens.recordSuccessor(kept.tokenHash, 'sealed-1', NOW + 30_000);
    await ctx.store.tokens.recordSuccessor(ending.tokenHash, 'sealed-2', NOW + 10_000);
    await ctx.store.tokens.recordSuccessor(revoked.tokenHash, 'sealed-3', NOW + 30_000);
    assert.deepEqual(await ctx.store.tokens.findRefreshToken(kept.tokenHash), { ...kept, successor: 'sealed-1' });
    assert.equal((await ctx.store.tokens.findRefreshToken(revoked.tokenHash))?.successor, null, 'a revoked token keeps none');

    await ctx.store.tokens.purgeExpired(NOW + 20_000);
    assert.equal((await ctx.store.tokens.findRefreshToken(kept.tokenHash))?.successor, 'sealed-1');
    const purged = await ctx.store.db.selectFrom('refresh_tokens').select(['successor', 'successor_expires_at']).where('token_hash', '=', ending.tokenHash).executeTakeFirstOrThrow();
    assert.deepEqual(purged, { successor: null, successor_expires_at: null }, 'past its end it is dropped');

    await ctx.store.tokens.revokeFamily(familyId, 'revoked', NOW + 21_000);
    assert.equal((await ctx.store.tokens.findRefreshToken(kept.tokenHash))?.successor, null, 'a revoked family keeps none');
  });

  test('revokeFamiliesOfUser revokes every live grant of one user, their refresh and access tokens, and no one else\'s', async () => {
    const userId = unique('00u');
    const [f1, f2, done] = [await newFamily(ctx.store, { userId }), await newFamily(ctx.store, { userId }), await newFamily(ctx.store, { userId })];
    const otherFamily = await newFamily(ctx.store, { userId: unique('00u') });
    await ctx.store.tokens.revokeFamily(done, 'revoked', NOW - 1);
    const [t1, t2, other] = [makeRefresh(f1, { userId }), makeRefresh(f2, { userId, rotatedAt: NOW }), makeRefresh(otherFamily)];
    for (const t of [t1, t2, other]) await ctx.store.tokens.insertRefreshToken(t);
    await ctx.store.tokens.recordSuccessor(t2.tokenHash, 'sealed', NOW + 30_000);
    const jti = unique('jti-');
    await ctx.store.tokens.recordAccessToken(jti, f1, NOW + HOUR);

    assert.equal(await ctx.store.tokens.revokeFamiliesOfUser(userId, 'user_suspended', NOW + 5), 2, 'the already revoked grant is not counted');
    for (const f of [f1, f2]) assert.equal(await ctx.store.tokens.isFamilyRevoked(f), true);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(jti), true);
    assert.deepEqual(await ctx.store.tokens.findRefreshToken(t1.tokenHash), { ...t1, revokedAt: NOW + 5 });
    assert.deepEqual(await ctx.store.tokens.findRefreshToken(t2.tokenHash), { ...t2, revokedAt: NOW + 5, successor: null });
    const reason = await ctx.store.db.selectFrom('token_families').select('revoked_reason').where('id', '=', done).executeTakeFirstOrThrow();
    assert.equal(reason.revoked_reason, 'revoked', 'an earlier revocation is kept');
    assert.equal(await ctx.store.tokens.isFamilyRevoked(otherFamily), false);
    assert.deepEqual(await ctx.store.tokens.findRefreshToken(other.tokenHash), other);
    assert.equal(await ctx.store.tokens.revokeFamiliesOfUser(userId, 'user_suspended', NOW + 6), 0);
  });

  test('revokeAccessToken revokes one access token, idempotently', async () => {
    const [jti, other] = [unique('jti-'), unique('jti-')];
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(jti), false);
    await ctx.store.tokens.revokeAccessToken(jti, NOW + HOUR);
    await ctx.store.tokens.revokeAccessToken(jti, NOW + 2 * HOUR);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(jti), true);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(other), false);

    const familyId = await newFamily(ctx.store);
    const recorded = unique('jti-');
    await ctx.store.tokens.recordAccessToken(recorded, familyId, NOW + HOUR);
    await ctx.store.tokens.revokeAccessToken(recorded, NOW + HOUR);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(recorded), true);
    assert.equal(await ctx.store.tokens.isFamilyRevoked(familyId), false, 'revoking one access token leaves its grant');
  });

  test('useAssertion accepts a jti once per client and refuses its replay', async () => {
    const jti = unique('assert-');
    assert.equal(await ctx.store.tokens.useAssertion('0oaA', jti, NOW + 60_000), true);
    assert.equal(await ctx.store.tokens.useAssertion('0oaA', jti, NOW + 60_000), false);
    assert.equal(await ctx.store.tokens.useAssertion('0oaB', jti, NOW + 60_000), true, 'another client, same jti');

    const racing = unique('assert-');
    const b = ctx.openAnother();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? b : ctx.store).tokens.useAssertion('0oaA', racing, NOW + 60_000)));
    assert.equal(results.filter(Boolean).length, 1);
  });

  test('purgeExpired deletes only rows that can no longer matter', async () => {
    const now = NOW + 10 * 24 * HOUR;
    const longExpiredCode = makeCode({ expiresAt: now - 25 * HOUR });
    const recentlyExpiredCode = makeCode({ expiresAt: now - HOUR }); // kept a day so its reuse is still detected
    const liveCode = makeCode({ expiresAt: now + 60_000 });
    for (const c of [longExpiredCode, recentlyExpiredCode, liveCode]) await ctx.store.tokens.insertCode(c);

    const [oldAssertion, liveAssertion] = [unique('a-'), unique('a-')];
    await ctx.store.tokens.useAssertion('0oaA', oldAssertion, now - 1);
    await ctx.store.tokens.useAssertion('0oaA', liveAssertion, now + 1);

    const [oldRevoked, liveRevoked] = [unique('r-'), unique('r-')];
    await ctx.store.tokens.revokeAccessToken(oldRevoked, now - 1);
    await ctx.store.tokens.revokeAccessToken(liveRevoked, now + 1);

    const familyId = await newFamily(ctx.store);
    const [oldIssued, liveIssued] = [unique('i-'), unique('i-')];
    await ctx.store.tokens.recordAccessToken(oldIssued, familyId, now - 1);
    await ctx.store.tokens.recordAccessToken(liveIssued, familyId, now + 1);

    await ctx.store.tokens.purgeExpired(now);

    assert.equal(await count(ctx, 'authorization_codes', 'code_hash', [longExpiredCode.codeHash]), 0);
    assert.equal(await count(ctx, 'authorization_codes', 'code_hash', [recentlyExpiredCode.codeHash, liveCode.codeHash]), 2);
    assert.equal(await count(ctx, 'used_assertions', 'jti', [oldAssertion]), 0);
    assert.equal(await count(ctx, 'used_assertions', 'jti', [liveAssertion]), 1);
    assert.equal(await count(ctx, 'revoked_tokens', 'jti', [oldRevoked]), 0);
    assert.equal(await count(ctx, 'revoked_tokens', 'jti', [liveRevoked]), 1);
    assert.equal(await count(ctx, 'issued_access_tokens', 'jti', [oldIssued]), 0);
    assert.equal(await count(ctx, 'issued_access_tokens', 'jti', [liveIssued]), 1);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(liveRevoked), true);
    assert.equal(await ctx.store.tokens.isFamilyRevoked(familyId), false, 'a family with live tokens is kept');
    // The live assertion is still remembered, so its replay is still refused.
    assert.equal(await ctx.store.tokens.useAssertion('0oaA', liveAssertion, now + 1), false);
  });

  /** A family created at `createdAt` (the shared `newFamily` creates them at NOW). */
  async function familyCreatedAt(createdAt: number): Promise<string> {
    const id = unique('oar');
    await ctx.store.tokens.insertFamily({ id, clientId: '0oaClient', serverId: 'ausDefault', userId: '00uUser', createdAt });
    return id;
  }

  test('purgeExpired deletes refresh tokens revoked or expired over a minute ago; live ones stay, rotated included, so reuse is still detected', async () => {
    const now = NOW + 10 * 24 * HOUR;
    const overAMinuteAgo = now - 60_001;
    const familyId = await familyCreatedAt(now - 24 * HOUR);
    const spent = {
      expired: makeRefresh(familyId, { expiresAt: overAMinuteAgo, idleExpiresAt: now + HOUR }),
      idle: makeRefresh(familyId, { expiresAt: now + 24 * HOUR, idleExpiresAt: overAMinuteAgo }),
      idleNoAbsoluteLimit: makeRefresh(familyId, { expiresAt: null, idleExpiresAt: overAMinuteAgo }),
      revoked: makeRefresh(familyId, { expiresAt: now + 24 * HOUR, idleExpiresAt: now + HOUR, revokedAt: now - HOUR }),
      rotatedAndExpired: makeRefresh(familyId, { expiresAt: now + 24 * HOUR, idleExpiresAt: overAMinuteAgo, rotatedAt: now - 2 * HOUR }),
    };
    const live = {
      live: makeRefresh(familyId, { expiresAt: now + 24 * HOUR, idleExpiresAt: now + 1 }),
      rotated: makeRefresh(familyId, { expiresAt: now + 24 * HOUR, idleExpiresAt: now + HOUR, rotatedAt: now - 60_000 }),
      noLimits: makeRefresh(familyId, { expiresAt: null, idleExpiresAt: null }),
      // Within the grace minute: a refresh that found it valid may still be writing its successor.
      justExpired: makeRefresh(familyId, { expiresAt: now, idleExpiresAt: now + HOUR }),
      justIdle: makeRefresh(familyId, { expiresAt: now + 24 * HOUR, idleExpiresAt: now - 60_000 }),
      justRevoked: makeRefresh(familyId, { expiresAt: now + 24 * HOUR, idleExpiresAt: now + HOUR, revokedAt: now - 1 }),
    };
    for (const t of [...Object.values(spent), ...Object.values(live)]) await ctx.store.tokens.insertRefreshToken(t);

    await ctx.store.tokens.purgeExpired(now);

    for (const [name, t] of Object.entries(spent)) assert.equal(await count(ctx, 'refresh_tokens', 'token_hash', [t.tokenHash]), 0, `${name} is deleted`);
    for (const [name, t] of Object.entries(live)) assert.deepEqual(await ctx.store.tokens.findRefreshToken(t.tokenHash), t, `${name} is kept as it was`);
    assert.equal(await ctx.store.tokens.isFamilyRevoked(familyId), false, 'the family of live tokens is kept');

    // The rotated token presented again: still found, its family still there, so the family can be revoked.
    const reused = await ctx.store.tokens.findRefreshToken(live.rotated.tokenHash);
    assert.equal(reused?.rotatedAt, now - 60_000);
    assert.equal(await ctx.store.tokens.markRotated(live.rotated.tokenHash, now + 1), false);
    await ctx.store.tokens.revokeFamily(reused!.familyId, 'refresh_token_reuse', now + 1);
    assert.equal((await ctx.store.tokens.findRefreshToken(live.live.tokenHash))?.revokedAt, now + 1, 'its sibling is revoked with it');
  });

  test('purgeExpired deletes a token family once it is past the margin and no refresh token or access-token record is left', async () => {
    const now = NOW + 20 * 24 * HOUR;
    const old = now - 2 * HOUR;

    const empty = await familyCreatedAt(old);
    const spent = await familyCreatedAt(old); // its tokens all expire: they go first, then the family
    await ctx.store.tokens.insertRefreshToken(makeRefresh(spent, { expiresAt: now - 2 * 60_000 }));
    await ctx.store.tokens.recordAccessToken(unique('i-'), spent, now - 1);
    const revoked = await familyCreatedAt(old); // revoked, with nothing left but revoked refresh tokens
    await ctx.store.tokens.insertRefreshToken(makeRefresh(revoked));
    await ctx.store.tokens.revokeFamily(revoked, 'revoked', now - HOUR);
    const spentCode = makeCode({ expiresAt: now - HOUR });
    await ctx.store.tokens.insertCode(spentCode);
    await ctx.store.tokens.consumeCode(spentCode.codeHash, spent, now - HOUR);

    const young = await familyCreatedAt(now - HOUR / 2);
    const withAccessToken = await familyCreatedAt(old);
    const jti = unique('i-');
    await ctx.store.tokens.recordAccessToken(jti, withAccessToken, now + HOUR);
    const revokedWithAccessToken = await familyCreatedAt(old);
    const revokedJti = unique('i-');
    await ctx.store.tokens.recordAccessToken(revokedJti, revokedWithAccessToken, now + HOUR);
    await ctx.store.tokens.revokeFamily(revokedWithAccessToken, 'revoked', now - HOUR);
    const withRefreshToken = await familyCreatedAt(old);
    const refresh = makeRefresh(withRefreshToken, { expiresAt: now + 30 * 24 * HOUR, idleExpiresAt: now + 7 * 24 * HOUR });
    await ctx.store.tokens.insertRefreshToken(refresh);

    await ctx.store.tokens.purgeExpired(now);

    assert.equal(await count(ctx, 'token_families', 'id', [empty, spent, revoked]), 0, 'families nothing refers to are deleted');
    assert.equal(await count(ctx, 'refresh_tokens', 'family_id', [spent, revoked]), 0);
    assert.equal(await count(ctx, 'token_families', 'id', [young]), 1, 'a young family is kept: its tokens may be on their way');
    assert.equal(await count(ctx, 'token_families', 'id', [withAccessToken, revokedWithAccessToken, withRefreshToken]), 3);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(jti), false);
    assert.equal(await ctx.store.tokens.isAccessTokenRevoked(revokedJti), true, 'an access token of a revoked grant stays revoked');
    assert.deepEqual(await ctx.store.tokens.findRefreshToken(refresh.tokenHash), refresh);
    assert.equal(await ctx.store.tokens.isFamilyRevoked(revoked), true, 'a deleted family counts as revoked');

    // The consumed code still names its deleted family: its reuse revokes nothing, harmlessly.
    assert.deepEqual(await ctx.store.tokens.consumeCode(spentCode.codeHash, unique('oar'), now), { reusedFamilyId: spent });
    await ctx.store.tokens.revokeFamily(spent, 'code_reuse', now);
    assert.equal(await count(ctx, 'token_families', 'id', [spent]), 0);

    // Later, once the access tokens have expired and the young family has aged past the margin.
    await ctx.store.tokens.purgeExpired(now + 2 * HOUR);
    assert.equal(await count(ctx, 'token_families', 'id', [young, withAccessToken, revokedWithAccessToken]), 0);
    assert.equal(await count(ctx, 'issued_access_tokens', 'jti', [jti, revokedJti]), 0);
    assert.equal(await count(ctx, 'token_families', 'id', [withRefreshToken]), 1, 'a family with a live refresh token is kept');
    assert.deepEqual(await ctx.store.tokens.findRefreshToken(refresh.tokenHash), refresh);
  });
});
