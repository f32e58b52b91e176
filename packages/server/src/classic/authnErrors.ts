import { ApiError } from '../http/apiError.js';
import type { Step } from '../engine/step.js';
import { EngineError } from '../vocabulary/errors.js';

/** Okta's errors of the authn API, as its Classic Engine answers them. */
export const authenticationFailed = () => new ApiError(401, 'E0000004', 'Authentication failed');
export const invalidStateToken = () => new ApiError(401, 'E0000011', 'Invalid token provided');
export const invalidPasscode = () => new ApiError(403, 'E0000068', 'Invalid Passcode/Answer', [{ errorSummary: 'Your passcode doesn\'t match our records. Please try again.' }]);
export const notAllowedNow = () => new ApiError(403, 'E0000079', 'This operation is not allowed in the current authentication state.');
export const rateLimited = () => new ApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
export const noSuchFactor = (id: string) => new ApiError(404, 'E0000007', `Not found: Resource not found: ${id} (UserFactor)`);
export const invalidFactorProfile = (summary: string) => new ApiError(400, 'E0000001', 'Api validation failed: factorEnrollRequest', [{ errorSummary: summary }]);
export const oldPasswordWrong = () => new ApiError(403, 'E0000014', 'Update of credentials failed', [{ errorSummary: 'Old Password is not correct' }]);
export const passwordNotAllowed = (summaries: string[]) =>
  new ApiError(403, 'E0000080', 'The password does not meet the complexity requirements of the current password policy.', summaries.map((errorSummary) => ({ errorSummary })));

/** What an engine refusal is in authn: too many requests, else `otherwise` (the call's own error). */
const refusal = (error: EngineError | Step, otherwise: () => ApiError): ApiError => (error.status === 429 ? rateLimited() : otherwise());

/** Runs an engine call whose refusal (an EngineError, or a step that did not advance) becomes `otherwise`. */
export async function refusedAs(call: () => Promise<Step>, otherwise: () => ApiError): Promise<Step> {
  let step: Step;
  try {
    step = await call();
  } catch (error) {
    if (error instanceof EngineError) throw refusal(error, otherwise);
    throw error;
  }
  if (step.status !== 200) throw refusal(step, otherwise);
  return step;
}
