import { ApiError } from '../http/apiError.js';
import { UpgradeRefusal } from '../upgrade/upgradeRefusal.js';
import { LifecycleRefusal } from '../org/userLifecycle.js';
import { InvalidUserInput } from '../org/userProfileInput.js';

const causes = (refusal: UpgradeRefusal) => (refusal.causes.length ? refusal.causes : [refusal.message]).map((errorSummary) => ({ errorSummary }));

/**
 * An upgrade step's refusal as Okta answers a management request: 404 E0000007 for an app that does
 * not exist, 400 E0000001 for a value out of range, 409 E0000001 when the org or app is not in a
 * state the step applies to, or `upgrade check` finds blockers (each named in errorCauses).
 */
function refusalAsApiError(refusal: UpgradeRefusal): ApiError {
  switch (refusal.reason) {
    case 'not_found': return new ApiError(404, 'E0000007', `Not found: Resource not found: ${refusal.causes[0]} (AppInstance)`);
    case 'invalid': return new ApiError(400, 'E0000001', `Api validation failed: ${refusal.message}`, causes(refusal));
    case 'conflict':
    case 'blocked': return new ApiError(409, 'E0000001', `Api validation failed: ${refusal.message}`, causes(refusal));
  }
}

/**
 * A lifecycle operation on a user in a status it does not apply to: 400 E0000001 (`Api validation
 * failed: …`, why in errorCauses) where Okta answers a validation error, else 403 with Okta's code
 * (E0000016 activation, E0000032 unlock, E0000038 any other) and message.
 */
const lifecycleRefusalAsApiError = (refusal: LifecycleRefusal): ApiError => (refusal.code === 'E0000001'
  ? new ApiError(400, 'E0000001', `Api validation failed: ${refusal.message}`, [{ errorSummary: refusal.message }])
  : new ApiError(403, refusal.code, refusal.message));

/** A profile, password or recovery question refused: 400 E0000001 naming the (first) field, each field and why in errorCauses. */
const invalidInputAsApiError = (refused: InvalidUserInput): ApiError =>
  new ApiError(400, 'E0000001', `Api validation failed: ${refused.causes[0].field}`, refused.causes.map((c) => ({ errorSummary: `${c.field}: ${c.message}` })));

/** A domain refusal as the management API answers it; any other error as it is. */
export function asApiError(error: Error): Error {
  if (error instanceof UpgradeRefusal) return refusalAsApiError(error);
  if (error instanceof LifecycleRefusal) return lifecycleRefusalAsApiError(error);
  if (error instanceof InvalidUserInput) return invalidInputAsApiError(error);
  return error;
}
