import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OutboxMessage } from '../../src/store/repositories/outbox.js';
import { forEachEngine, unique } from '../support/contract.js';

const NOW = Date.now();
const DAY = 24 * 3600_000;

const makeMessage = (to: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id: unique('msg'), to, kind: 'email-challenge', subject: 'Your verification code', text: 'Your code is 123456',
  html: '<p>Your code is <b>123456</b></p>', createdAt: NOW, ...overrides,
});

await forEachEngine('outbox repository', (ctx) => {
  test('insert then list returns the message with every field; the recipient is lower-cased', async () => {
    const to = `${unique('Alice.')}@Example.COM`;
    const message = makeMessage(to, { subject: 'Ünïcødé ✓', text: 'line 1\nline 2' });
    await ctx.store.outbox.insert(message);
    assert.deepEqual(await ctx.store.outbox.list({ to, limit: 10 }), [{ ...message, to: to.toLowerCase() }]);
    assert.equal((await ctx.store.outbox.list({ to: ` ${to.toUpperCase()} `, limit: 10 })).length, 1, 'lookups ignore case and surrounding spaces');
  });

  test('html is optional', async () => {
    const to = `${unique('plain.')}@example.com`;
    await ctx.store.outbox.insert(makeMessage(to, { html: null }));
    assert.equal((await ctx.store.outbox.latest(to))?.html, null);
  });

  test('list is newest first, limited, and only for the recipient asked for', async () => {
    const [a, b] = [`${unique('a.')}@example.com`, `${unique('b.')}@example.com`];
    for (let i = 0; i < 5; i++) await ctx.store.outbox.insert(makeMessage(a, { subject: `a${i}`, createdAt: NOW + i * 1000 }));
    await ctx.store.outbox.insert(makeMessage(b, { subject: 'b0', createdAt: NOW + 10_000 }));
    assert.deepEqual((await ctx.store.outbox.list({ to: a, limit: 3 })).map((m) => m.subject), ['a4', 'a3', 'a2']);
    assert.deepEqual((await ctx.store.outbox.list({ to: b, limit: 3 })).map((m) => m.subject), ['b0']);
    assert.deepEqual(await ctx.store.outbox.list({ to: `${unique('nobody.')}@example.com`, limit: 3 }), []);
  });

  test('list without a recipient covers everyone, newest first', async () => {
    const later = NOW + 100 * DAY;
    const [a, b] = [`${unique('a.')}@example.com`, `${unique('b.')}@example.com`];
    await ctx.store.outbox.insert(makeMessage(a, { subject: 'first', createdAt: later }));
    await ctx.store.outbox.insert(makeMessage(b, { subject: 'second', createdAt: later + 1 }));
    assert.deepEqual((await ctx.store.outbox.list({ limit: 2 })).map((m) => [m.subject, m.to]), [['second', b], ['first', a]]);
  });

  test('within one millisecond the greater id is the newer message', async () => {
    const to = `${unique('tie.')}@example.com`;
    await ctx.store.outbox.insert(makeMessage(to, { id: 'msg-tie-1', subject: 'older' }));
    await ctx.store.outbox.insert(makeMessage(to, { id: 'msg-tie-2', subject: 'newer' }));
    assert.equal((await ctx.store.outbox.latest(to))?.subject, 'newer');
  });

  test('latest of a recipient without messages is undefined', async () => {
    assert.equal(await ctx.store.outbox.latest(`${unique('none.')}@example.com`), undefined);
  });

  test('purgeOlderThan deletes only messages created before the cutoff and counts them', async () => {
    const to = `${unique('purge.')}@example.com`;
    const old = NOW - 1000 * DAY;
    await ctx.store.outbox.insert(makeMessage(to, { subject: 'old', createdAt: old - 1 }));
    await ctx.store.outbox.insert(makeMessage(to, { subject: 'at cutoff', createdAt: old }));
    await ctx.store.outbox.insert(makeMessage(to, { subject: 'new', createdAt: NOW }));
    assert.equal(await ctx.store.outbox.purgeOlderThan(old), 1);
    assert.deepEqual((await ctx.store.outbox.list({ to, limit: 10 })).map((m) => m.subject), ['new', 'at cutoff']);
    assert.equal(await ctx.store.outbox.purgeOlderThan(old), 0);
  });

  test('another process sees the messages (the outbox lives in the store)', async () => {
    const to = `${unique('shared.')}@example.com`;
    await ctx.store.outbox.insert(makeMessage(to, { subject: 'from process one' }));
    assert.equal((await ctx.openAnother().outbox.latest(to))?.subject, 'from process one');
  });
});
