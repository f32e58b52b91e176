import assert from 'node:assert/strict';
import { OktaApiError, type Collection } from '@okta/okta-sdk-nodejs';

/** The OktaApiError a refused SDK call throws (it must be refused), with the causes as Okta words them. */
export async function refusal(call: Promise<unknown>): Promise<{ status: number; errorCode: string; errorSummary: string; causes: string[] }> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof OktaApiError, String(error));
    assert.match(error.errorId, /\S/);
    return { status: error.status, errorCode: String(error.errorCode), errorSummary: error.errorSummary, causes: (error.errorCauses ?? []).map((c) => String(c.errorSummary)) };
  }
  assert.fail('the call should have been refused');
}

/** Every item of an SDK collection, paging through its `rel="next"` links. */
export async function all<T>(collection: Collection<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) items.push(item as T);
  return items;
}
