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

export function apiErrorBody(error: ApiError, requestId: string) {
  return { errorCode: error.errorCode, errorSummary: error.errorSummary, errorLink: error.errorCode, errorId: requestId, errorCauses: error.errorCauses };
}
