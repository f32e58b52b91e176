import type { Journey, JourneyFactory } from './journey.js';
import type { Steps } from '../steps.js';
import { SignIn } from './signIn.js';
import { Recovery, RECOVERY } from './recovery.js';
import { Registration } from './registration.js';
import { Unlock, UNLOCK } from './unlock.js';
import { ActivationRequest, ACTIVATION_REQUEST } from './activationRequest.js';

/** Every journey by the name `txn.state.journey` holds; a transaction without one is signing in. */
const JOURNEYS: Record<string, JourneyFactory> = {
  signIn: (steps) => new SignIn(steps),
  [RECOVERY]: (steps) => new Recovery(steps),
  registration: (steps) => new Registration(steps),
  [UNLOCK]: (steps) => new Unlock(steps),
  [ACTIVATION_REQUEST]: (steps) => new ActivationRequest(steps),
};

export const SIGN_IN = 'signIn';
export const REGISTRATION = 'registration';
export { RECOVERY };

export const isJourney = (name: string): boolean => Object.hasOwn(JOURNEYS, name);

export function journeysOver(steps: Steps): Map<string, Journey> {
  return new Map(Object.entries(JOURNEYS).map(([name, make]) => [name, make(steps)]));
}
