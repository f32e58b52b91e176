import assert from 'node:assert/strict';
import { AuthApiError } from '@okta/okta-auth-js';

/** The Okta error a refused authn call carries (the call must be refused). */
export async function authnError(call: Promise<unknown>): Promise<AuthApiError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof AuthApiError, String(error));
    return error;
  }
  assert.fail('the call should have been refused');
}
