import type { GraceView } from '../policy/enrollmentGrace.js';
import type { SessionCookie } from './sessions.js';
import type { Message } from '../vocabulary/messages.js';
import type { Remediation } from './remediations.js';
import type { Intent } from '../store/repositories/idxTransactions.js';

/** An authenticator as the person sees it: the kind and, when enrolled, the user's enrollment. */
export interface AuthenticatorView {
  key: string;
  type: string;
  id: string;
  displayName: string;
  methods: Array<{ type: string }>;
  /** Id of the user's enrollment of it. */
  enrollmentId: string;
  /** What the user may see of the enrollment (the masked address of an email). */
  profile?: Record<string, string>;
  /** What clients read of the enrollment besides (a WebAuthn credential's id and transports). */
  details?: Record<string, unknown>;
  /** Offered for enrollment within its grace period: until when, or how many skips remain. */
  gracePeriod?: GraceView;
  /** While enrolling: what the enrollment policy says of it, offered or enrolled (Classic authn lists it with each factor). */
  enrollment?: 'REQUIRED' | 'OPTIONAL';
  /** The provider Classic's authn names the enrollment by, when not the authenticator's own (see classicProvider.ts). */
  classicProvider?: string;
  /** What Classic's authn shows of the enrollment in its factor's `profile`, when not `profile` (the question asked). */
  classicProfile?: Record<string, string>;
}

/** The authenticator being challenged or enrolled, with what its challenge offers (see ChallengePresentation). */
export interface CurrentAuthenticatorView extends AuthenticatorView {
  resend?: boolean;
  pollMs?: number;
  profile?: Record<string, string>;
  /** Being enrolled (Okta then calls it the current authenticator, not enrollment). */
  enrolling?: boolean;
  /** Answered on another device (a push): Okta calls it the current authenticator too, and Okta's widget reads the push's number there. */
  answeredElsewhere?: boolean;
  /** What enrolling must respect (the password's complexity rules). */
  settings?: Record<string, unknown>;
  /** What the client shows while enrolling it (a QR code, a shared secret). */
  contextualData?: Record<string, unknown>;
  /** Offers password recovery from here (Okta's `recover` action: the "Forgot password?" link). */
  recover?: boolean;
  /** Not one of the user's enrollments (the identify form's password, before anyone is known): Okta calls it the current authenticator. */
  notEnrollment?: boolean;
}

/** One answer of the engine, independent of the wire format the surface renders it in. */
export interface StepView {
  intent: Intent;
  expiresAt: number;
  remediations: Remediation[];
  messages: Message[];
  /** The authenticator being challenged now. */
  current?: CurrentAuthenticatorView;
  authenticatorEnrollments: AuthenticatorView[];
  /** Authenticators offered for enrollment. */
  authenticators?: AuthenticatorView[];
  /**
   * While enrolling in a Classic authn transaction, what the Classic MFA enrollment policy says of each
   * factor it names (okta_sms, google_otp, …): Classic lists each on its own, not by authenticator.
   */
  classicFactors?: Record<string, 'REQUIRED' | 'OPTIONAL'>;
  user?: { id: string; identifier: string };
  /** During a password recovery: the password being recovered, with the rules the new one must meet. */
  recoveryAuthenticator?: CurrentAuthenticatorView;
  /** Context objects of the step by name, which its forms relate to (the identify step's passkey challenge). */
  context?: Record<string, unknown>;
  app: { id: string; name: string; label: string };
  /** Classic authn's relayState, given back with every answer (see InteractRequest.relayState). */
  relayState?: string;
  /**
   * While MFA is asked: the global session policy lets a device remembered for it off next time
   * (factorPromptMode DEVICE), for `lifetimeMinutes`; `byDefault`: Classic's box to remember the device starts checked (authn's `_embedded.policy`).
   */
  rememberableMfa?: { lifetimeMinutes: number; byDefault: boolean };
  /**
   * Set when the sign-in is complete: the interaction code the client redeems at `tokenEndpoint`,
   * or, in the redirect flow, where the browser goes to be sent back to the app with its code; a
   * Classic authn sign-in ends with a one-time sessionToken.
   */
  success?: { interactionCode: string; tokenEndpoint: string; clientId: string } | { redirect: string } | { sessionToken: string };
}

/** The state handle of the transaction, the step to show, and its status (non-2xx: the last step did not advance). */
export interface Step {
  stateHandle: string;
  view: StepView;
  status: number;
  /** A new session to remember in the browser (set on success). */
  sessionCookie?: SessionCookie;
  /** On success: the browser's device is remembered for the user's MFA from now (see SessionRules.factorPromptMode). */
  rememberDevice?: boolean;
  /** On success: the sign-in asked "Stay signed in?" on the browser's device (see policy/keepMeSignedIn.ts). */
  staySignedInAsked?: boolean;
}

/** Where the request came from: the address (network zones) and the session cookie, if any. */
export interface RequestContext {
  ip: string;
  sessionToken?: string;
}

/** `quiet`: work out the step without beginning anything (a challenge, an email) that acts on the person. */
export interface StepOptions {
  quiet?: boolean;
}

/** What the step under construction starts from: the view without forms, the status to answer, and how. */
export interface Frame {
  /** The view without forms, as the transaction stands when called (a journey may identify the user first). */
  base(): Omit<StepView, 'remediations'>;
  status: number;
  options: StepOptions;
}
