/**
 * An error of Okta's management-style APIs: `{ errorCode, errorSummary, errorLink, errorId, errorCauses }`.
 * Thrown anywhere below the HTTP layer; mapped to a response in one place (http/errorHandler.ts).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly errorCauses: Array<{ errorSummary: string }> = [],
  ) {
    super(errorSummary);
  }
}

export const notFound = (what: string, kind: string) =>
  new ApiError(404, 'E0000007', `Not found: Resource not found: ${what} (${kind})`);

/** Okta's answer to a field of the request that is missing or wrong: 400 E0000001, the field and why in errorCauses. */
export const invalidField = (field: string, why: string) =>
  new ApiError(400, 'E0000001', `Api validation failed: ${field}`, [{ errorSummary: `${field}: ${why}` }]);

/** Okta's answer to a request without a field it needs: 400 E0000001 naming the request's body (`request`, e.g. `authRequest`). */
export const required = (field: string, request: string) =>
  new ApiError(400, 'E0000001', `Api validation failed: ${request}`, [{ errorSummary: `${field}: The field cannot be left blank` }]);

export function apiErrorBody(error: ApiError, requestId: string) {
  return { errorCode: error.errorCode, errorSummary: error.errorSummary, errorLink: error.errorCode, errorId: requestId, errorCauses: error.errorCauses };
}
