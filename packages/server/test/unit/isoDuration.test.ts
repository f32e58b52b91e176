import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationMs } from '../../src/platform/isoDuration.js';
import { tokenWindowMs } from '../../src/org/apiTokens.js';

test('durationMs reads days, hours, minutes and seconds', () => {
  assert.equal(durationMs('P30D'), 30 * 24 * 3600_000);
  assert.equal(durationMs('PT5M'), 5 * 60_000);
  assert.equal(durationMs('P1DT12H'), 36 * 3600_000);
  assert.equal(durationMs('PT1H30M15S'), (3600 + 1800 + 15) * 1000);
});

test('durationMs refuses what is not such a duration', () => {
  for (const text of ['', 'P', 'PT', 'P1DT', '30D', 'P1Y', 'P1M', 'P1W', 'p30d', 'P-1D', 'P1.5D', 'PT5M ', 'P30D\n']) assert.equal(durationMs(text), undefined, JSON.stringify(text));
});

test('a token window is from 5 minutes to 180 days', () => {
  assert.equal(tokenWindowMs('PT5M'), 300_000);
  assert.equal(tokenWindowMs('P180D'), 180 * 24 * 3600_000);
  assert.equal(tokenWindowMs('PT4M59S'), undefined);
  assert.equal(tokenWindowMs('P181D'), undefined);
  assert.equal(tokenWindowMs('P0D'), undefined);
});
