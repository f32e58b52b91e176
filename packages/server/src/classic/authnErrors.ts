import { ApiError } from '../http/apiError.js';

/** The Okta errors the authn API answers (Classic Engine), each as Okta words it. */
export const authenticationFailed = () => new ApiError(401, 'E0000004', 'Authentication failed');
export const invalidStateToken = () => new ApiError(401, 'E0000011', 'Invalid token provided');
export const invalidPasscode = () => new ApiError(403, 'E0000068', 'Invalid Passcode/Answer', [{ errorSummary: 'Your passcode doesn\'t match our records. Please try again.' }]);
export const required = (field: string) => new ApiError(400, 'E0000001', 'Api validation failed: authRequest', [{ errorSummary: `${field}: The field cannot be left blank` }]);
export const tooManyRequests = () => new ApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
export const notAllowedNow = () => new ApiError(403, 'E0000079', 'This operation is not allowed in the current authentication state.');
