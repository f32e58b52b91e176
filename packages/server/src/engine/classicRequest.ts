import type { InteractRequest } from '../store/repositories/idxTransactions.js';

/**
 * What an authn (Classic) transaction asks the engine: a sign-in of the org's dashboard by the Classic
 * API (no redirect, no code). Here, below the surfaces, because the Classic API and the hosted Classic
 * page (the activation link) both begin such transactions.
 */
export const CLASSIC_REQUEST: InteractRequest = { redirectUri: '', scopes: [], state: '', codeChallenge: null, codeChallengeMethod: null, nonce: null, classic: true };

/** CLASSIC_REQUEST keeping the app's relayState. */
export const authnRequest = (relayState: string | undefined): InteractRequest => ({ ...CLASSIC_REQUEST, ...(relayState !== undefined && { relayState }) });
