import type { IdxTransaction } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';
import { authenticatorByKey } from '../../authenticators/registry.js';
import { passwordAgeFor, passwordStanding, type PasswordStanding } from '../../policy/passwordExpiry.js';
import { ORG_SETTINGS } from '../../org/configCache.js';
import { AccountMessages } from '../../vocabulary/accountMessages.js';
import { reenrollAuthenticator } from '../accountRemediations.js';
import { skip } from '../remediations.js';
import type { Frame, Step } from '../step.js';
import type { Steps } from '../steps.js';

const PASSWORD = 'okta_password';

/**
 * Password expiry within a sign-in (Okta's `reenroll-authenticator`): once the policies are
 * satisfied, a password proved in this sign-in that is older than the password policy's
 * maxAgeDays, or expired by an administrator (PASSWORD_EXPIRED), must be replaced before the
 * sign-in succeeds; within expireWarnDays of that the person is asked, and may skip
 * (`reenroll-authenticator-warning`). The new password is answered like an enrollment and must
 * meet the policy.
 */
export class PasswordExpiry {
  constructor(private readonly steps: Steps) {}

  /** The step asking a new password, or undefined when the sign-in may succeed. */
  async step(txn: IdxTransaction, frame: Frame, user: User): Promise<Step | undefined> {
    // A password from an earlier session is not asked again.
    if (!txn.state.verified.some((v) => v.authenticatorKey === PASSWORD && v.at >= txn.createdAt)) return undefined;
    const standing = await this.standing(txn, user);
    if (standing.state === 'current' || (standing.state === 'expiring' && txn.state.expiryWarningSkipped)) return undefined;
    const password = authenticatorByKey(PASSWORD)!;
    const warning = standing.state === 'expiring';
    const renewing = warning ? 'warning' : 'expired';
    if (txn.state.challenge?.renewing !== renewing) {
      txn.state.challenge = { authenticatorKey: PASSWORD, methodType: password.methodType, data: {}, enrolling: true, renewing };
      this.steps.txns.changed(txn);
    }
    const ctx = this.steps.authenticatorContext(txn, user);
    const settings = { ...(await password.enrollment!.settings?.(ctx)), ...(warning && { daysToExpiry: standing.daysToExpiry }) };
    const base = frame.base();
    const messages = warning ? [...base.messages, AccountMessages.passwordExpiring(await this.orgName())] : base.messages;
    return this.steps.respond(txn, {
      ...base, messages,
      remediations: [reenrollAuthenticator([{ name: 'passcode', label: 'New password', secret: true }], warning), ...(warning ? [skip()] : [])],
      current: { ...this.steps.views.authenticator(password, txn), enrolling: true, settings },
      authenticators: [],
      authenticatorEnrollments: [this.steps.views.enrollment({ authenticator: password, several: false }, txn, user)],
    }, frame.status);
  }

  /** "Remind me later": the warning's skip. True when there was a warning to skip. */
  skip(txn: IdxTransaction): boolean {
    if (txn.state.challenge?.renewing !== 'warning') return false;
    txn.state.expiryWarningSkipped = true;
    txn.state.challenge = undefined;
    return true;
  }

  private async standing(txn: IdxTransaction, user: User): Promise<PasswordStanding> {
    const age = passwordAgeFor(await this.steps.deps.config.policiesOf('PASSWORD'), await this.steps.users.person(txn));
    return passwordStanding({ age, changedAt: user.passwordChangedAt, expiredByAdmin: user.status === 'PASSWORD_EXPIRED', now: this.steps.deps.clock.now() });
  }

  private async orgName(): Promise<string> {
    return (await this.steps.deps.store.settings.get(ORG_SETTINGS.name)) ?? 'Latchkey';
  }
}
