import { LatchkeySignIn } from './widget.js';

/** The browser bundle: `OktaSignIn` (a drop-in for Okta's widget) and `LatchkeySignIn`, the same class. */
const globals = window as unknown as Record<string, unknown>;
globals.OktaSignIn = LatchkeySignIn;
globals.LatchkeySignIn = LatchkeySignIn;
