import { authenticatorStep } from './authenticatorStep.js';

export const challengeAuthenticator = authenticatorStep('challenge-authenticator', false);
