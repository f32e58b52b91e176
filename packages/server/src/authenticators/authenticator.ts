import type { Person } from '../policy/people.js';
import type { Field } from '../vocabulary/fields.js';
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
}

/** How the authenticator appears while it is being challenged: the actions it offers and what it shows. */
export interface ChallengePresentation {
  /** A new code can be sent. */
  resend?: boolean;
  /** The client should poll this often (ms): the challenge can complete elsewhere (a magic link). */
  pollMs?: number;
  /** Shown to the person, e.g. the masked email address. */
  profile?: Record<string, string>;
}

/** `lockout`: the answer was refused because the account is locked, by this answer (`locked`) or before it. */
export type VerifyOutcome = { ok: true } | { ok: false; error: EngineError; lockout?: 'locked' | 'suspended' };

/** Enrolling an authenticator while signing in (the user's authenticator enrollment policy asks for it). */
export interface Enrollment {
  /** Whether this user could enroll it (the email needs an address in the profile). */
  possibleFor(user: User): boolean;
  /** The fields of `credentials` the enroll-authenticator form asks for. */
  fields(): Field[];
  /** Settings shown with the authenticator while it is being enrolled (the password's complexity rules). */
  settings?(ctx: AuthenticatorContext): Promise<Record<string, unknown>>;
  /** What the client shows while enrolling (the TOTP's QR code and shared secret), from what start answered. */
  contextualData?(ctx: AuthenticatorContext, data: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Starts enrolling (e.g. sends a code to the address); answers what completing must remember. */
  start(ctx: AuthenticatorContext): Promise<Record<string, unknown>>;
  /** Checks the answer and, when good, records the enrollment on the user (ctx.user is always set). */
  complete(ctx: AuthenticatorContext, credentials: Record<string, unknown>, data: Record<string, unknown>): Promise<VerifyOutcome>;
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
  /** `enrollments`: the user's rows of authenticator_enrollments, read once with the user. */
  isEnrolled(user: User, enrollments: readonly AuthenticatorEnrollment[]): boolean;
  /** The fields of `credentials` the challenge form asks for. */
  answerFields(): Field[];
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
  /**
   * How the challenge appears. `user` is undefined for an identifier that matched nobody: the
   * answer must look like a real account's (built from `identifier`, what the person typed).
   * `enrollments`: the user's rows of authenticator_enrollments (what the phone's masked number is read from).
   */
  presentation?(user: User | undefined, identifier: string | undefined, enrollments?: readonly AuthenticatorEnrollment[]): ChallengePresentation;
  /** How to enroll it during sign-in; absent when it cannot be enrolled there. */
  enrollment?: Enrollment;
}
