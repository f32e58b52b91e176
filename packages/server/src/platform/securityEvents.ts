import { randomUUID } from 'node:crypto';
import type { Logger } from './logger.js';
import type { Clock } from './clock.js';

/**
 * Security events, named and shaped like Okta's System Log (`eventType`, `outcome`, `actor`,
 * `client`, `target`) so that the System Log of a later issue reads these very records. Today they
 * are structured log lines (`"securityEvent": {...}`); nothing secret goes in them.
 */
export type SecurityEventType =
  | 'user.authentication.auth_failed' // a sign-in factor was answered wrongly (or for an unknown user)
  | 'user.account.lock' // too many wrong passwords
  | 'user.account.unlock' // the user unlocked their account themselves (self-service unlock)
  | 'user.account.update_password' // the user set a new password (an expired one replaced)
  | 'user.session.start'
  | 'user.session.end' // sign-out, or a session replaced by a new one
  | 'user.session.clear' // every session of a user ended (deactivation, a password reset)
  | 'user.account.reset_password' // a new password: given by an administrator, or set by the user recovering it
  | 'user.lifecycle.create' // a person registered (self-service registration), or an administrator created a user (management API)
  | 'user.lifecycle.activate' // a registered person verified their email, or an administrator activated a user: the account is active (or awaits its activation link)
  | 'user.lifecycle.reactivate' // an administrator sent a user awaiting activation a new activation link (management API)
  | 'user.lifecycle.deactivate' // an administrator deactivated a user (management API)
  | 'user.lifecycle.suspend' // an administrator suspended a user (management API)
  | 'user.lifecycle.unsuspend' // an administrator unsuspended a user (management API)
  | 'user.lifecycle.delete.completed' // an administrator deleted a deactivated user for good (management API)
  | 'user.account.update_profile' // an administrator changed a user's profile (management API)
  | 'user.account.unlock_by_admin' // an administrator unlocked a locked-out user (management API)
  | 'user.account.expire_password' // an administrator expired a user's password (management API)
  | 'user.mfa.factor.deactivate' // the user removed one of their authenticator enrollments
  | 'user.mfa.factor.activate' // the user enrolled an authenticator (target: the user and the authenticator)
  | 'app.oauth2.as.token.detect_reuse' // a rotated refresh token came back: its family is revoked
  | 'app.oauth2.as.token.revoke' // tokens revoked other than by the client (deactivation)
  | 'app.oauth2.as.key.rollover' // a new signing key
  | 'policy.evaluate_sign_on'; // a sign-in policy decided (debugContext.debugData.explanation says which rule and why)

export interface SecurityEvent {
  eventType: SecurityEventType;
  outcome?: { result: 'SUCCESS' | 'FAILURE' | 'DENY'; reason?: string };
  /** Who acted: a user (`id`, `alternateId` = login), a client app, or the system. */
  actor?: { id: string; type: 'User' | 'PublicClientApp' | 'SystemPrincipal'; alternateId?: string };
  client?: { ipAddress?: string };
  target?: Array<{ id: string; type: string; alternateId?: string }>;
  /** Okta's System Log debugContext: details for administrators (never secrets). */
  debugContext?: { debugData: Record<string, string> };
}

export interface SecurityEventSink {
  record(event: SecurityEvent): void;
}

/** Writes each event as one JSON log line, with its id and time, at info level (warn for failures). */
export class LoggedSecurityEvents implements SecurityEventSink {
  constructor(private readonly logger: Logger, private readonly clock: Clock) {}

  record(event: SecurityEvent): void {
    const failed = event.outcome && event.outcome.result !== 'SUCCESS';
    const line = { securityEvent: { uuid: randomUUID(), published: new Date(this.clock.now()).toISOString(), severity: failed ? 'WARN' : 'INFO', ...event } };
    if (failed) this.logger.warn(line, event.eventType);
    else this.logger.info(line, event.eventType);
  }
}

/** For code paths that run without a server (tools, some unit tests): events go nowhere. */
export const noSecurityEvents: SecurityEventSink = { record: () => undefined };
