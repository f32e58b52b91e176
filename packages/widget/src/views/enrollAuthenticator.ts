import { authenticatorStep } from './authenticatorStep.js';

export const enrollAuthenticator = authenticatorStep('enroll-authenticator', true);
