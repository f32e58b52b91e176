import { authenticatorEnrollmentData, authenticatorVerificationData } from './authenticatorData.js';
import { challengeAuthenticator } from './challengeAuthenticator.js';
import { enrollAuthenticator } from './enrollAuthenticator.js';
import { enrollProfile } from './enrollProfile.js';
import { generic } from './generic.js';
import { identify } from './identify.js';
import { identifyRecovery, resetAuthenticator } from './passwordRecovery.js';
import { launchPasskeys } from './launchPasskeys.js';
import { webauthnAutofill } from './webauthnAutofill.js';
import { selectAuthenticatorAuthenticate } from './selectAuthenticatorAuthenticate.js';
import { selectAuthenticatorEnroll } from './selectAuthenticatorEnroll.js';
import { selectEnrollProfile } from './selectEnrollProfile.js';
import { selectIdentify } from './selectIdentify.js';
import { skip } from './skip.js';
import { selectAuthenticatorUnlockAccount, unlockAccount } from './unlockAccount.js';
import { reenrollAuthenticator, reenrollAuthenticatorWarning } from './reenrollAuthenticator.js';
import { challengePoll, enrollPoll, selectEnrollmentChannel } from './poll.js';
import { keepMeSignedIn } from './keepMeSignedIn.js';
import type { View } from './types.js';

const VIEWS: View[] = [
  identify, challengeAuthenticator, enrollAuthenticator, authenticatorVerificationData, authenticatorEnrollmentData, selectAuthenticatorAuthenticate,
  selectAuthenticatorEnroll, selectEnrollProfile, enrollProfile, selectIdentify, skip, launchPasskeys, webauthnAutofill, enrollPoll, challengePoll,
  selectEnrollmentChannel, identifyRecovery, resetAuthenticator,
  unlockAccount, selectAuthenticatorUnlockAccount, reenrollAuthenticator, reenrollAuthenticatorWarning, keepMeSignedIn,
];

/** The view of a remediation, by its name; the generic form for any other. */
export const viewFor = (name: string): View => VIEWS.find((v) => v.name === name) ?? generic;
