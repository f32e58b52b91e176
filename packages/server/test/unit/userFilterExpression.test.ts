import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseUserExpression } from '../../src/management/userFilterExpression.js';
import { ApiError } from '../../src/http/apiError.js';

/** Okta's filter and search expressions as conditions on users, and what Okta refuses (400 E0000031). */
describe('parseUserExpression', () => {
  it('reads comparisons, and/or with and binding tighter, parentheses, escaped quotes, operators in any case', () => {
    assert.deepEqual(parseUserExpression('status eq "ACTIVE"', 'filter'), { field: 'status', op: 'eq', value: 'ACTIVE' });
    assert.deepEqual(parseUserExpression('status EQ "ACTIVE" or profile.login eq "a@b.c" AND id eq "00u1"', 'filter'), {
      any: [{ field: 'status', op: 'eq', value: 'ACTIVE' }, { all: [{ field: 'profile.login', op: 'eq', value: 'a@b.c' }, { field: 'id', op: 'eq', value: '00u1' }] }],
    });
    assert.deepEqual(parseUserExpression(' (status eq "A" or status eq "B") and lastUpdated gt "2026-01-02T03:04:05.000Z" ', 'filter'), {
      all: [{ any: [{ field: 'status', op: 'eq', value: 'A' }, { field: 'status', op: 'eq', value: 'B' }] }, { field: 'lastUpdated', op: 'gt', value: Date.UTC(2026, 0, 2, 3, 4, 5) }],
    });
    assert.deepEqual(parseUserExpression('profile.nickName eq "say \\"hi\\""', 'search'), { field: 'profile.nickName', op: 'eq', value: 'say "hi"' });
    assert.deepEqual(parseUserExpression('profile.department pr', 'search'), { field: 'profile.department', op: 'pr' });
    assert.deepEqual(parseUserExpression('profile.email co "@example"', 'search'), { field: 'profile.email', op: 'co', value: '@example' });
  });

  it('refuses with 400 E0000031 what Okta does not take', () => {
    const refused = [
      ['status eq ACTIVE', 'filter'], ['status ne "ACTIVE"', 'filter'], ['status sw "A"', 'filter'], ['profile.department eq "x"', 'filter'],
      ['created gt "2026-01-01T00:00:00Z"', 'filter'], ['profile.department co "x"', 'search'], ['activated gt "2026-01-01T00:00:00Z"', 'filter'],
      ['lastUpdated gt "yesterday"', 'search'], ['created sw "2026"', 'search'], ['(status eq "A"', 'search'], ['status eq "A")', 'search'],
      ['status eq "A" and', 'search'], ['status eq "A" status eq "B"', 'search'], ['profile.first-name eq "x"', 'search'], ['', 'filter'],
      [`${'('.repeat(1100)}status eq "A"${')'.repeat(1100)}`, 'search'],
    ] as const;
    for (const [expression, kind] of refused) {
      assert.throws(() => parseUserExpression(expression, kind), (error: unknown) =>
        error instanceof ApiError && error.status === 400 && error.errorCode === 'E0000031' && error.errorSummary === 'Invalid search criteria.', `${kind}: ${expression.slice(0, 40)}`);
    }
  });
});
