import type { Generated } from 'kysely';

/**
 * Table types for Kysely. Portable across SQLite and PostgreSQL: times are epoch milliseconds
 * (bigint), booleans are 0/1 integers, lists and objects are JSON text (see json.ts).
 */
export interface UsersTable {
  id: string;
  login: string;
  status: string;
  profile: string;
  password_hash: string | null;
  password_changed_at: number | null;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
  failed_logins: Generated<number>;
  /** The last wrong password (failures a day apart do not add up). */
  last_failed_login_at: Generated<number | null>;
  locked_until: number | null;
  email_verified_at: number | null;
  /** When the status last changed (Okta's `statusChanged`); null: never since the user was made STAGED. */
  status_changed_at: number | null;
  /** When the user first became ACTIVE (Okta's `activated`); null: not yet. */
  activated_at: number | null;
}

export interface GroupsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: number;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface AppsTable {
  id: string;
  name: string;
  label: string;
  type: string;
  status: string;
  client_secret_hash: string | null;
  token_endpoint_auth_method: string;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  grant_types: string;
  response_types: string;
  pkce_required: number;
  jwks: string | null;
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface AuthServersTable {
  id: string;
  name: string;
  description: string | null;
  audiences: string;
  status: string;
  created_at: number;
}

export interface ScopesTable {
  id: string;
  server_id: string;
  name: string;
  description: string | null;
  consent: string;
  is_default: number;
  system: number;
}

export interface ClaimsTable {
  id: string;
  server_id: string;
  name: string;
  claim_type: string;
  value_type: string;
  value: string;
  group_filter_type: string | null;
  always_include: number;
  scopes: string;
  status: string;
}

export interface AccessPoliciesTable {
  id: string;
  server_id: string;
  name: string;
  description: string | null;
  priority: number;
  status: string;
  clients: string;
}

export interface AccessRulesTable {
  id: string;
  policy_id: string;
  name: string;
  priority: number;
  status: string;
  grant_types: string;
  scopes: string;
  people: string;
  access_token_lifetime_minutes: number;
  refresh_token_lifetime_minutes: number | null;
  refresh_token_window_minutes: number;
}

export interface PoliciesTable {
  id: string;
  type: string;
  name: string;
  description: string | null;
  priority: number;
  status: string;
  conditions: string;
  settings: string;
}

export interface PolicyRulesTable {
  id: string;
  policy_id: string;
  name: string;
  priority: number;
  status: string;
  conditions: string;
  actions: string;
}

export interface TrustedOriginsTable {
  id: string;
  name: string;
  origin: string;
  scopes: string;
}

export interface SigningKeysTable {
  kid: string;
  server_id: string;
  alg: string;
  status: string;
  public_jwk: string;
  private_jwk: string;
  created_at: number;
  retired_at: number | null;
  signs_from: number;
  signs_until: number | null;
}

export interface AuthorizationCodesTable {
  code_hash: string;
  client_id: string;
  server_id: string;
  user_id: string;
  redirect_uri: string | null;
  scopes: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
  nonce: string | null;
  auth_time: number;
  amr: string;
  session_id: string | null;
  family_id: string | null;
  expires_at: number;
  consumed_at: number | null;
  created_at: number;
  /** authorization_code or interaction_code */
  grant_type: Generated<string>;
}

export interface TokenFamiliesTable {
  id: string;
  client_id: string;
  server_id: string;
  user_id: string | null;
  /** The grant that started the family; refreshes are judged by the access policy rule of that grant. */
  grant_type: string | null;
  created_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  id: string;
  family_id: string;
  client_id: string;
  server_id: string;
  user_id: string | null;
  scopes: string;
  auth_time: number | null;
  amr: string;
  issued_at: number;
  expires_at: number | null;
  idle_expires_at: number | null;
  rotated_at: number | null;
  revoked_at: number | null;
  /** A rotated token's successor, sealed (AES-256-GCM), kept until successor_expires_at: a retry within the leeway gets it again. */
  successor: string | null;
  successor_expires_at: number | null;
}

export interface IssuedAccessTokensTable {
  jti: string;
  family_id: string;
  expires_at: number;
}

export interface RevokedTokensTable {
  jti: string;
  expires_at: number;
}

export interface UsedAssertionsTable {
  jti: string;
  client_id: string;
  expires_at: number;
}

export interface IdxTransactionsTable {
  id: string;
  interaction_handle_hash: string;
  client_id: string;
  server_id: string;
  intent: string;
  /** The /interact request: redirect URI, scopes, state, PKCE challenge, nonce. */
  request: string;
  user_id: string | null;
  /** The engine's progress: identifier, verified authenticators, pending challenge. */
  state: string;
  status: string;
  /** Optimistic concurrency: each write checks and bumps it. */
  version: number;
  created_at: number;
  expires_at: number;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  verified: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  idle_expires_at: number;
  revoked_at: number | null;
}

/** An authenticator enrolled by a user that is not a column of users (TOTP, later phone, WebAuthn, security question). */
/** A user's grace period for enrolling a required authenticator (see policy/enrollmentGrace.ts). */
export interface EnrollmentGraceTable {
  user_id: string;
  authenticator_key: string;
  skips: number;
  last_skipped_at: number;
}

export interface AuthenticatorEnrollmentsTable {
  id: string;
  user_id: string;
  authenticator_key: string;
  status: string;
  profile: string;
  /** Sealed under the key-encryption key with the enrollment id as context; null when the kind keeps none. */
  secret: string | null;
  created_at: number;
  last_used_at: number | null;
  /** Replay guard of time-based codes: the last time step accepted (WebAuthn: the signature counter). */
  last_step: number | null;
  /** A WebAuthn credential's id (base64url), unique across users. */
  credential_id: string | null;
  /** A WebAuthn credential's COSE public key (base64url). */
  public_key: string | null;
  /** The name the person gave it; null: none. */
  nickname: string | null;
}

/** A Classic sessionToken, stored hashed: traded once for a session before it expires. */
export interface SessionTokensTable {
  token_hash: string;
  user_id: string;
  /** JSON: the verifications of the sign-in that issued it, carried into the session. */
  verified: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Sign-in outcomes of one app through one engine (`upgrade status`), as of the last roll-up of engine_sign_in_log. */
export interface EngineSignInsTable {
  /** '' for Classic authn not (yet) redeemed by an app: authn itself names none. */
  client_id: string;
  /** classic or identity_engine */
  engine: string;
  /** success or failure */
  outcome: string;
  count: number;
}

/** A previous password hash of a user (newest kept), for the password policy's history. */
export interface PasswordHistoryTable {
  user_id: string;
  password_hash: string;
  created_at: number;
}

/** A device (the hash of its device cookie) a user signed in from, or a network (/24, /48): the device condition and the risk scorer. */
export interface KnownDevicesTable {
  user_id: string;
  device_hash: string;
  last_seen_at: number;
  /** When the device was last remembered for MFA (null: not remembered). */
  mfa_remembered_at: number | null;
  /** When the device was last asked "Stay signed in?" after a sign-in (null: never). */
  stay_signed_in_asked_at: number | null;
}

export interface KnownNetworksTable {
  user_id: string;
  network: string;
  last_seen_at: number;
}

/** A password recovery token (the emailed reset link), hashed; `used_at` once it started a recovery. */
export interface RecoveryTokensTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** The Classic recovery's relayState, given back by the transaction the token begins. */
  relay_state: string | null;
}

/** An activation token of a STAGED or PROVISIONED user, stored hashed: used once, before it expires. */
export interface ActivationTokensTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A QR code's one-time enrollment token of Latchkey Verify, hashed; `used_at` once a device enrolled with it. */
export interface VerifyEnrollmentTokensTable {
  token_hash: string;
  enrollment_id: string;
  user_id: string;
  expires_at: number;
  used_at: number | null;
}

/** A push challenge of Latchkey Verify: PENDING until the device approves or denies it (or it expires). */
export interface PushChallengesTable {
  id: string;
  enrollment_id: string;
  transaction_id: string;
  status: string;
  /** JSON array of the numbers the device offers (one correct), empty without a number challenge. */
  choices: string;
  correct_answer: number | null;
  created_at: number;
  expires_at: number;
  answered_at: number | null;
}

/** Wrong passwords for an identifier that matches no account, counted as an account's are. */
export interface IdentifierLockoutsTable {
  key_hash: string;
  failed_logins: number;
  locked_until: number | null;
  updated_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** A fixed-window rate-limit counter; window_start is epoch ms aligned to the window length. */
export interface RateLimitsTable {
  bucket: string;
  window_start: number;
  count: number;
}

/** One sign-in's count (or a Classic success moving to the app that redeemed it), rolled up into engine_sign_ins. */
export interface EngineSignInLogTable {
  client_id: string;
  engine: string;
  outcome: string;
  /** +1, or -1 where a count moves away. */
  delta: number;
}

/** A management API token (`SSWS`): only its hash is kept. */
export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: number;
  /** ISO 8601 duration: the token expires this long after its last recorded use. */
  token_window: string;
  last_used_at: number;
  expires_at: number;
  user_id: string | null;
  /** JSON network condition `{ connection: 'ZONE', include?, exclude? }`; null: ANYWHERE. */
  network: string | null;
}

/** An email kept instead of sent (development, no SMTP); recipient is lower-cased. */
export interface OutboxTable {
  id: string;
  recipient: string;
  kind: string;
  subject: string;
  text: string;
  html: string | null;
  created_at: number;
}

export interface Database {
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  apps: AppsTable;
  auth_servers: AuthServersTable;
  scopes: ScopesTable;
  claims: ClaimsTable;
  access_policies: AccessPoliciesTable;
  access_rules: AccessRulesTable;
  policies: PoliciesTable;
  policy_rules: PolicyRulesTable;
  trusted_origins: TrustedOriginsTable;
  signing_keys: SigningKeysTable;
  authorization_codes: AuthorizationCodesTable;
  token_families: TokenFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  issued_access_tokens: IssuedAccessTokensTable;
  revoked_tokens: RevokedTokensTable;
  used_assertions: UsedAssertionsTable;
  settings: SettingsTable;
  rate_limits: RateLimitsTable;
  idx_transactions: IdxTransactionsTable;
  sessions: SessionsTable;
  outbox: OutboxTable;
  identifier_lockouts: IdentifierLockoutsTable;
  authenticator_enrollments: AuthenticatorEnrollmentsTable;
  session_tokens: SessionTokensTable;
  enrollment_grace: EnrollmentGraceTable;
  verify_enrollment_tokens: VerifyEnrollmentTokensTable;
  push_challenges: PushChallengesTable;
  engine_sign_ins: EngineSignInsTable;
  engine_sign_in_log: EngineSignInLogTable;
  api_tokens: ApiTokensTable;
  password_history: PasswordHistoryTable;
  known_devices: KnownDevicesTable;
  known_networks: KnownNetworksTable;
  recovery_tokens: RecoveryTokensTable;
  activation_tokens: ActivationTokensTable;
}
