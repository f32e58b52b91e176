import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId, newSecret, randomBase62 } from '../../src/platform/ids.js';

test('secrets and ids are never repeated, across many refills of the random batch', () => {
  const secrets = Array.from({ length: 5000 }, () => newSecret());
  const ids = Array.from({ length: 5000 }, () => newId('user'));
  assert.equal(new Set(secrets).size, secrets.length);
  assert.equal(new Set(ids).size, ids.length);
  for (const s of secrets) assert.match(s, /^[A-Za-z0-9_-]{43}$/, '256 bits, base64url');
  for (const id of ids) assert.match(id, /^00u[0-9A-Za-z]{17}$/);
  // Consecutive secrets share no bytes (a view handed out twice would repeat itself).
  const raw = secrets.slice(0, 200).map((s) => Buffer.from(s, 'base64url').toString('hex'));
  for (let i = 1; i < raw.length; i++) assert.notEqual(raw[i].slice(0, 16), raw[i - 1].slice(-16));
});

test('sizes other than the default, larger than the batch included', () => {
  assert.equal(Buffer.from(newSecret(15), 'base64url').length, 15);
  assert.equal(Buffer.from(newSecret(10_000), 'base64url').length, 10_000);
  assert.match(randomBase62(24), /^[0-9A-Za-z]{24}$/);
});

test('base62 characters are uniform enough: each of the 62 appears, none more than twice its share', () => {
  const counts = new Map<string, number>();
  for (const ch of randomBase62(62_000)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  assert.equal(counts.size, 62);
  for (const [ch, n] of counts) assert.ok(n > 500 && n < 2000, `${ch}: ${n}`);
});
