/**
 * Okta's Classic Authentication API (`/api/v1/authn`) as the widget reads it. The recorded answers in
 * shared/reference/okta-api-v1-authn show the full shapes.
 */

export interface AuthnLink {
  href: string;
  name?: string;
}

export interface AuthnFactor {
  id?: string;
  factorType: string;
  provider: string;
  vendorName?: string;
  /** What tells two factors apart: a masked phone number or email, a question's text. */
  profile?: { phoneNumber?: string; email?: string; question?: string; questionText?: string; [name: string]: unknown };
  /** MFA_ENROLL: NOT_SETUP (to enroll) or ACTIVE (enrolled). */
  status?: string;
  /** MFA_ENROLL: REQUIRED or OPTIONAL. */
  enrollment?: string;
  _links?: { verify?: AuthnLink; enroll?: AuthnLink; questions?: AuthnLink };
  _embedded?: {
    /** MFA_ENROLL_ACTIVATE: the TOTP's shared secret and QR code, a push's enrollment URI. */
    activation?: { sharedSecret?: string; enrollmentUri?: string; _links?: { qrcode?: AuthnLink } };
    /** A push's number challenge: the number to pick on the device. */
    challenge?: { correctAnswer?: number };
  };
}

/** An authn transaction: its status says what comes next, its links where to send it. */
export interface AuthnTransaction {
  status: string;
  stateToken?: string;
  expiresAt?: string;
  sessionToken?: string;
  type?: string;
  relayState?: string;
  factorResult?: string;
  factorType?: string;
  recoveryType?: string;
  _embedded?: {
    user?: { id?: string; profile?: { login?: string; [name: string]: unknown }; recovery_question?: { question?: string } };
    factors?: AuthnFactor[];
    factor?: AuthnFactor;
    policy?: { complexity?: Record<string, unknown>; expiration?: { passwordExpireDays?: number } };
  };
  _links?: {
    next?: AuthnLink;
    prev?: AuthnLink;
    cancel?: AuthnLink;
    skip?: AuthnLink;
    resend?: AuthnLink | AuthnLink[];
    original?: AuthnLink;
  };
}

/** Okta's API error body (`errorCauses` details a refusal, such as the password rules not met). */
export interface AuthnErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: Array<{ errorSummary?: string }>;
}
