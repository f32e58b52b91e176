/**
 * Where the browser of a finished redirect-flow sign-in (/v1/authorize) goes for its code, with the
 * transaction's state handle: IDX's success link, and the `original` link of a Classic hosted
 * sign-in's SUCCESS (Okta's Classic Engine ends an app's sign-in at its step-up redirect).
 */
export const REDIRECT_PATH = '/login/token/redirect';
export const CLASSIC_REDIRECT_PATH = '/login/step-up/redirect';
