import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/platform/rateLimiter.js';
import { FailureLimits, RateLimitedError } from '../../src/http/rateLimit.js';

/** The store's counting contract (tested on both engines in test/store) without a database. */
function memoryStore() {
  const counts = new Map<string, number>();
  return {
    counts,
    rateLimits: {
      hit: async (bucket: string, windowStart: number) => {
        const key = `${bucket}@${windowStart}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return counts.get(key)!;
      },
      counts: async (buckets: string[], windowStart: number) => buckets.map((bucket) => counts.get(`${bucket}@${windowStart}`) ?? 0),
    },
  };
}

function setup(start: number) {
  const clock = { t: start, now() { return this.t; } };
  const store = memoryStore();
  return { clock, store, limiter: new RateLimiter(store, clock) };
}

const MINUTE = { max: 3, windowMs: 60_000 };

test('allows max requests per window, counting down remaining; then refuses', async () => {
  const { limiter, clock } = setup(1_700_000_010_000);
  const decisions = [];
  for (let i = 0; i < 5; i++) decisions.push(await limiter.consume('b', MINUTE));
  assert.deepEqual(decisions.map((d) => [d.allowed, d.remaining, d.limit]), [
    [true, 2, 3], [true, 1, 3], [true, 0, 3], [false, 0, 3], [false, 0, 3],
  ]);
  // 1_700_000_010_000 lies in the window [1_699_999_980_000, 1_700_000_040_000).
  assert.ok(decisions.every((d) => d.resetAt === 1_700_000_040));
  clock.t += 5_500;
  const later = await limiter.consume('b', MINUTE);
  assert.equal(later.retryAfter, 25);
});

test('peek reads without counting: allowed while fewer than max were counted', async () => {
  const { limiter } = setup(1_700_000_010_000);
  const peek = async (bucket: string) => (await limiter.peek([{ bucket, limit: MINUTE }]))[0];
  assert.deepEqual([(await peek('f')).allowed, (await peek('f')).remaining], [true, 3]);
  for (let i = 0; i < 2; i++) await limiter.consume('f', MINUTE);
  assert.equal((await peek('f')).allowed, true);
  await limiter.consume('f', MINUTE);
  const full = await peek('f');
  assert.deepEqual([full.allowed, full.remaining, full.resetAt], [false, 0, 1_700_000_040]);
  // Several buckets in one read, each against its own maximum.
  const both = await limiter.peek([{ bucket: 'f', limit: { ...MINUTE, max: 5 } }, { bucket: 'g', limit: MINUTE }]);
  assert.deepEqual(both.map((d) => [d.allowed, d.remaining]), [[true, 2], [true, 3]]);
  await assert.rejects(limiter.peek([{ bucket: 'f', limit: MINUTE }, { bucket: 'g', limit: { max: 3, windowMs: 1000 } }]), RangeError);
});

test('windows are aligned to their length and roll over to a fresh count', async () => {
  const { limiter, clock, store } = setup(1_700_000_039_999);
  for (let i = 0; i < 4; i++) await limiter.consume('b', MINUTE);
  assert.equal((await limiter.consume('b', MINUTE)).allowed, false);
  clock.t += 1; // the next window begins exactly at the boundary
  const fresh = await limiter.consume('b', MINUTE);
  assert.deepEqual([fresh.allowed, fresh.remaining, fresh.resetAt, fresh.retryAfter], [true, 2, 1_700_000_100, 60]);
  assert.deepEqual([...store.counts.keys()], ['b@1699999980000', 'b@1700000040000']);
});

test('buckets and limits are independent', async () => {
  const { limiter } = setup(1_700_000_000_000);
  await limiter.consume('a', MINUTE);
  await limiter.consume('a', MINUTE);
  assert.equal((await limiter.consume('c', MINUTE)).remaining, 2);
  const short = await limiter.consume('a', { max: 10, windowMs: 5_000 });
  assert.deepEqual([short.remaining, short.resetAt], [9, 1_700_000_005]);
});

test('resetAt rounds up a window that ends inside a second', async () => {
  const { limiter } = setup(1_000);
  // Window [700, 1_400): a client waiting until second 1 would still be inside it.
  const d = await limiter.consume('b', { max: 1, windowMs: 700 });
  assert.deepEqual([d.resetAt, d.retryAfter], [2, 1]);
});

test('refuses windows longer than the purge keeps', async () => {
  const { limiter } = setup(0);
  await assert.rejects(limiter.consume('b', { max: 1, windowMs: 2 * 3600_000 }), RangeError);
  await assert.rejects(limiter.consume('b', { max: 1, windowMs: 0 }), RangeError);
});

test('failure limits: two processes share the counts; a read with no failure is trusted one second, and a local failure forgets it', async () => {
  const { limiter: a, clock, store } = setup(1_700_000_010_000);
  let reads = 0;
  const counts = store.rateLimits.counts;
  store.rateLimits.counts = async (buckets, windowStart) => {
    reads++;
    return counts(buckets, windowStart);
  };
  const b = new RateLimiter(store, clock);
  const limits = [{ name: 'ip', max: 3, windowMs: 60_000 }, { name: 'client', max: 2, windowMs: 60_000 }];
  const [processA, processB] = [new FailureLimits(a, limits), new FailureLimits(b, limits)];
  const refused = (p: Promise<void>) => assert.rejects(p, RateLimitedError);

  await processA.admit(['10.0.0.1', 'app']);
  await processA.admit(['10.0.0.1', 'app']);
  assert.equal(reads, 1, 'a second good request within the second reads nothing');

  // The other process counts the client's failures up to its limit.
  await processB.failed(['10.0.0.2', 'app']);
  await processB.failed(['10.0.0.2', 'app']);
  await refused(processB.admit(['10.0.0.2', 'app']));
  // This process trusted "no failures" a moment ago: at most one more request gets in, here a wrong one…
  await processA.admit(['10.0.0.1', 'app']);
  await processA.failed(['10.0.0.1', 'app']);
  // …which forgets the trust: the next request reads the counts and is refused, right credentials or not.
  await refused(processA.admit(['10.0.0.1', 'app']));

  // Without a failure here, the trust ends after a second anyway.
  await processA.admit(['10.0.0.3', 'other']);
  await processB.failed(['10.0.0.4', 'other']);
  await processB.failed(['10.0.0.4', 'other']);
  await processA.admit(['10.0.0.3', 'other']);
  clock.t += 1000;
  await refused(processA.admit(['10.0.0.3', 'other']));
  // The window's end lifts the refusal.
  clock.t += 60_000;
  await processA.admit(['10.0.0.3', 'other']);
});
