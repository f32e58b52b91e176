import type { Person } from '../policy/people.js';
import type { CredentialsForm, Field } from '../vocabulary/fields.js';
import type { EngineError } from '../vocabulary/errors.js';
import type { User } from '../store/repositories/users.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { EmailSender } from '../platform/delivery/email.js';
import type { SmsSender } from '../platform/delivery/sms.js';
import type { Policy } from '../store/repositories/policies.js';
import type { AuthenticatorEnrollment } from '../store/repositories/authenticatorEnrollments.js';
import type { KeyEncryption } from '../platform/keyEncryption.js';

/** What an authenticator may use while it challenges or verifies. */
export interface AuthenticatorContext {
  store: Store;
  clock: Clock;
  email: EmailSender;
  /** Texts and calls to phones (the phone's codes). */
  sms: SmsSender;
  /** What the person chose along with the authenticator (see Authenticator.choiceFields); empty for most. */
  choice: Record<string, unknown>;
  /** Undefined when the identifier matched nobody: the authenticator must answer exactly as for a wrong answer. */
  user: User | undefined;
  /** What the person typed to identify (set whether or not it matched a user). */
  identifier: string | undefined;
  /** The user as the policies see them, groups included (read once per request; ANYONE when nobody matched). */
  person(): Promise<Person>;
  /** The org's sign-in policies of a type (cached). */
  policies(type: string): Promise<Policy[]>;
  /** An authenticator's settings from the org file, e.g. the email's token lifetime (cached; empty: defaults). */
  authenticatorSettings(key: string): Promise<Record<string, unknown>>;
  /** The URL a magic link in a message points to, carrying the given token. */
  magicLink(token: string): string;
  /** Key of the HMAC one-time codes are stored as: six digits hashed without a secret key are found by trying a million. */
  codeKey: Buffer;
  /** Seals the secrets of enrollments at rest (the key-encryption key). */
  sealing: KeyEncryption;
  /** The user's enrollments kept outside the users table (read once per request; empty without a user). */
  enrollments(): Promise<AuthenticatorEnrollment[]>;
  /**
   * The enrollment being challenged or verified: the one the person chose when they have several
   * of this kind, else their only one. Undefined while enrolling, for kinds kept on the users table,
   * and when nobody matched.
   */
  enrollment?: AuthenticatorEnrollment;
  /** The org's public URL (WebAuthn's relying party: its host is the RP ID, its origin the expected one). */
  baseUrl: string;
  /** The sign-in transaction's id (a push challenge is bound to it). */
  transactionId: string;
}

/**
 * The challenge (or enrollment) is answered on another device, e.g. a push approved on a phone: the
 * client polls instead of posting an answer, and each poll asks this for the answer given there
 * (undefined while none is).
 */
export type AnswerElsewhere = (ctx: AuthenticatorContext, data: Record<string, unknown>) => Promise<VerifyOutcome | undefined>;

/** How the authenticator appears while it is being challenged: the actions it offers and what it shows. */
export interface ChallengePresentation {
  /** A new code can be sent. */
  resend?: boolean;
  /** The client should poll this often (ms): the challenge can complete elsewhere (a magic link). */
  pollMs?: number;
  /** Shown to the person, e.g. the masked email address. */
  profile?: Record<string, string>;
  /** What the client needs to answer, from what the challenge started with (the security question asked, WebAuthn's challengeData). */
  contextualData?: Record<string, unknown>;
}

/** What the policy layer can require of an authenticator (Okta's authenticator constraints). */
export interface Characteristics {
  /** Bound to the origin it was registered for: a look-alike site cannot relay it. */
  phishingResistant: boolean;
  /** Per enrollment: its key cannot leave the device, and it verifies the person (PIN, biometrics), as recorded at enrollment. */
  of(enrollment: AuthenticatorEnrollment): { hardwareProtected: boolean; userVerifying: boolean };
}

/** A form the identify step adds to sign in without typing an identifier (a passkey); it posts to the way's path. */
export interface IdentifyForm {
  name: string;
  fields: Field[];
  /** Name of the step's context object it relates to. */
  relatesTo: string;
}

/** Signing in from the identify step without an identifier: the user is found from the answer itself. */
export interface SignInWithoutIdentifier {
  /** Path under the org URL its forms post their answer to. */
  path: string;
  /** Whether the org offers it (the authenticator's settings). */
  offered(ctx: AuthenticatorContext): Promise<boolean>;
  /** Starts the ceremony (once per transaction until answered); answers what verifying must remember. */
  start(ctx: AuthenticatorContext): Promise<Record<string, unknown>>;
  /** The forms the identify step adds and the context objects (by name) they relate to, from what start answered. */
  present(data: Record<string, unknown>): { forms: IdentifyForm[]; context: Record<string, unknown> };
  /**
   * Checks the answer; when good, the user it proves (ctx.user is undefined). A user who may not sign
   * in (`usable` false) or is unknown fails exactly like a wrong answer.
   */
  verify(
    ctx: AuthenticatorContext, credentials: Record<string, unknown>, data: Record<string, unknown>, usable: (user: User) => boolean,
  ): Promise<{ ok: true; user: User; userVerified?: boolean } | { ok: false; error: EngineError }>;
}

/** `lockout`: the answer was refused because the account is locked, by this answer (`locked`) or before it. */
/** `userVerified`: the authenticator said whether it verified the person (WebAuthn's UV flag); the assurance counts it (see classesOf). */
export type VerifyOutcome = { ok: true; userVerified?: boolean } | { ok: false; error: EngineError; lockout?: 'locked' | 'suspended' };

/** Enrolling an authenticator while signing in (the user's authenticator enrollment policy asks for it). */
export interface Enrollment {
  /** Whether this user could enroll it (the email needs an address in the profile). */
  possibleFor(user: User): boolean;
  /** What `credentials` of the enroll-authenticator form asks for (fields, or alternative forms to choose among). */
  fields(): CredentialsForm;
  /** Settings shown with the authenticator while it is being enrolled (the password's complexity rules). */
  settings?(ctx: AuthenticatorContext): Promise<Record<string, unknown>>;
  /** What the client shows while enrolling (the TOTP's QR code and shared secret), from what start answered. */
  contextualData?(ctx: AuthenticatorContext, data: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Starts enrolling (e.g. sends a code to the address); answers what completing must remember. */
  start(ctx: AuthenticatorContext): Promise<Record<string, unknown>>;
  /** Completed on another device (a phone scanning a QR code): the client polls (enroll-poll), reached through these channels. */
  answeredElsewhere?: { channels: string[]; answer: AnswerElsewhere };
  /** Checks the answer and, when good, records the enrollment on the user (ctx.user is always set). */
  complete(ctx: AuthenticatorContext, credentials: Record<string, unknown>, data: Record<string, unknown>): Promise<VerifyOutcome>;
}

/** A user's enrollment as the org file carries it between instances (docs/org-file.md). */
export interface TransferredEnrollment {
  key: string;
  /** The enrollment's id (pae…), kept across instances; derived from the login and key when absent. */
  id?: string;
  profile: Record<string, unknown>;
  /** The kind's secret in clear (the TOTP shared secret in base32, …); absent when exported without secrets. */
  secret?: unknown;
}

export type TransferProblem = { path: PropertyKey[]; message: string };

/** A checked entry as the stored row's parts: the profile, the secret in clear (the importer seals it), a WebAuthn credential's own columns. */
export interface ImportedEnrollment {
  profile: Record<string, unknown>;
  secret: string | undefined;
  credential?: { credentialId: string; publicKey: string };
}

/** How enrollments of a kind move through the org file, so an org changes instance without re-enrolling. */
export interface EnrollmentTransfer {
  /** A new enrollment of this kind cannot exist without its secret. */
  needsSecret: boolean;
  /**
   * Checks a file's entry (`path` of a problem is under the entry) and answers the stored row's
   * parts: the profile and the secret as stored text, in clear (the importer seals it); undefined: none given.
   */
  importEnrollment(entry: TransferredEnrollment): { problems: TransferProblem[] } | ImportedEnrollment;
  /** The file's `profile` and `secret` of a stored row; `secret` is the opened stored text, undefined when secrets are left out. */
  exportEnrollment(enrollment: AuthenticatorEnrollment, secret: string | undefined): Pick<TransferredEnrollment, 'profile' | 'secret'>;
}

/** A Classic factor: its factorType and provider, and the factorType of a method that Classic names apart (the phone's voice is `call`). */
export interface ClassicFactor {
  factorType: string;
  provider: string;
  methodFactorTypes?: Record<string, string>;
  /**
   * Other providers it is enrolled by as well (TOTP: OKTA, Okta Verify's own code): the same authenticator;
   * the one chosen is kept in the enrollment's profile (`provider`) and listed back (see classicProvider.ts).
   */
  otherProviders?: string[];
  /** Enrolled at once from the enrollment's profile, without activation (the security question): the credentials the profile gives. */
  enrolledFromProfile?(profile: Record<string, unknown>): Record<string, unknown>;
  /** What Classic's factor `profile` shows of an enrollment's profile, in Okta's keys (the question's key and text, never its answer). */
  factorProfile?(profile: Record<string, unknown>): Record<string, string>;
}

/**
 * One kind of authenticator (password, email, phone, …). Adding one is adding a folder that
 * implements this and a line in registry.ts; nothing else in the engine names a specific kind.
 */
export interface Authenticator {
  /** Okta's key, e.g. okta_password, okta_email */
  key: string;
  /** Okta's type, e.g. password, email */
  type: string;
  displayName: string;
  /** The factor class policies count: two factors must be of different classes. */
  factorClass: 'knowledge' | 'possession' | 'inherence';
  /** The `amr` value (RFC 8176) a successful verification adds to the ID token. */
  amr: string;
  /** Method types offered (password; email: email). */
  methodType: string;
  /**
   * Few accounts have it (it is enrolled by choice, not with the account): an identifier that matched
   * nobody is shown without it, like most accounts, so the answers do not tell them apart.
   */
  enrolledByFew?: boolean;
  /**
   * Never the first factor: offered once another authenticator is verified. Asked first, it would
   * show the account's question to whoever types the username, and tell the account apart.
   */
  secondFactorOnly?: boolean;
  /** `enrollments`: the user's rows of authenticator_enrollments, read once with the user. */
  isEnrolled(user: User, enrollments: readonly AuthenticatorEnrollment[]): boolean;
  /** The fields of `credentials` the challenge form asks for; `challenge` is what challenge() answered (absent before one started). */
  answerFields(challenge?: Record<string, unknown>): Field[];
  /** Starts a challenge (e.g. sends a code); answers what the verification must remember. */
  challenge(ctx: AuthenticatorContext): Promise<Record<string, unknown>>;
  verify(ctx: AuthenticatorContext, credentials: Record<string, unknown>, challenge: Record<string, unknown>): Promise<VerifyOutcome>;
  /** Every method it offers, when more than `methodType` (phone: sms and voice): the person chooses one (see choiceFields). */
  methods?: string[];
  /**
   * What the person gives along with choosing it, beside its id (phone: the method and, enrolling, the number), as fields of
   * its option in the select forms. Until every one is given, the engine asks for them (authenticator-verification-data or
   * authenticator-enrollment-data) before it starts the challenge; the challenge reads them from `ctx.choice`.
   */
  choiceFields?(enrolling: boolean): Field[];
  /** Answered on another device (a push): the client polls (challenge-poll) instead of posting to verify. */
  answeredElsewhere?: AnswerElsewhere;
  /**
   * How the challenge appears. `user` is undefined for an identifier that matched nobody: the
   * answer must look like a real account's (built from `identifier`, what the person typed).
   * `challenge` is what challenge() answered, given for the authenticator being challenged only.
   */
  presentation?(user: User | undefined, identifier: string | undefined, challenge?: Record<string, unknown>): ChallengePresentation;
  /** What the user may see of one of their enrollments (masked, e.g. a phone number), listed in authenticatorEnrollments. */
  enrollmentProfile?(enrollment: AuthenticatorEnrollment): Record<string, string>;
  /** Fields of one of the user's enrollments on the wire besides the authenticator's (a WebAuthn credential's credentialId, transports). */
  enrollmentDetails?(enrollment: AuthenticatorEnrollment): Record<string, unknown>;
  /** What policies can require of it; absent: none of these. */
  characteristics?: Characteristics;
  /** Signing in with it from the identify step, without an identifier (passkeys). */
  signInWithoutIdentifier?: SignInWithoutIdentifier;
  /** How the Classic Engine's /api/v1/authn names it as a factor; absent: it is not offered there. */
  classicFactor?: ClassicFactor;
  /** How to enroll it during sign-in; absent when it cannot be enrolled there. */
  enrollment?: Enrollment;
  /** How the org file imports and exports its enrollments; absent: they stay in this instance. */
  enrollmentTransfer?: EnrollmentTransfer;
}
