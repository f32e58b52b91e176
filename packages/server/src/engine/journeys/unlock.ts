import type { IdxTransaction, TransactionState } from '../../store/repositories/idxTransactions.js';
import type { User } from '../../store/repositories/users.js';
import type { Authenticator } from '../../authenticators/authenticator.js';
import { authenticatorByKey } from '../../authenticators/registry.js';
import { PHONE_KEY } from '../../authenticators/phone/phoneCodes.js';
import { afterUnlock, unlockRuleFor, type UnlockMethod } from '../../policy/selfServiceUnlock.js';
import { EngineError } from '../../vocabulary/errors.js';
import { Messages, type Message } from '../../vocabulary/messages.js';
import { AccountMessages } from '../../vocabulary/accountMessages.js';
import { selectAuthenticatorUnlockAccount } from '../accountRemediations.js';
import { enrollmentChoices, type EnrollmentChoice } from '../enrollmentChoices.js';
import { signInAllowed } from '../identifiedUsers.js';
import type { Frame, RequestContext, Step } from '../step.js';
import type { Steps } from '../steps.js';
import { authenticatorIdOf, selectable } from '../views.js';
import type { Journey } from './journey.js';
import { SignIn } from './signIn.js';
import { unlockAuthenticators, unlockEntry, unlockMethodOf } from './unlockMethods.js';
import type { Remediation } from '../remediations.js';

export const UNLOCK = 'unlock';
export const SELECT_UNLOCK_FORM = 'select-authenticator-unlock-account';

/** An unlock begun by an unlock token (Classic's emailed unlock link) of `login`'s: the token counting as the email proved. */
export const unlockByToken = (login: string, now: number): TransactionState => ({
  identifier: login, verified: [{ authenticatorKey: 'okta_email', methodType: 'email', at: now }], sessionChecked: true, journey: UNLOCK,
});

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const object = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * `a` challenging the named user only where it is theirs and verified (their email, an enrolled
 * phone): otherwise it challenges as for an unknown user, sending nothing, so that whoever is named
 * goes through the same steps and no code goes to an address nobody proved.
 */
const reachingEnrolledOnly = (a: Authenticator): Authenticator => ({
  ...a,
  challenge: async (ctx) => a.challenge(ctx.user && a.isEnrolled(ctx.user, await ctx.enrollments()) ? ctx : { ...ctx, user: undefined }),
});

/**
 * The unlock's challenge without the masked numbers of enrolled phones: an unknown person has none
 * to show (the email shows the typed address masked either way), so a number would tell who has one.
 */
function withoutPhoneProfiles(step: Step): Step {
  const { view } = step;
  const hide = <T extends { key: string; profile?: Record<string, string> }>(v: T): T => (v.key === PHONE_KEY ? { ...v, profile: undefined } : v);
  return { ...step, view: { ...view, ...(view.current && { current: hide(view.current) }), authenticatorEnrollments: view.authenticatorEnrollments.map(hide) } };
}

/**
 * Self-service unlock ("Unlock account?" on the identify step), in Okta's shape: the person names the
 * account and an authenticator the password policies unlock with (select-authenticator-unlock-account),
 * answers its challenge, and the account is ACTIVE again. Then, by the app's authentication policy
 * (afterUnlock), the sign-in takes over with that authenticator counted, or the unlock ends and the
 * person signs in as usual. Whoever is named — locked or not, unknown, or not allowed to unlock —
 * goes through the same steps (user enumeration prevention): the code goes only to a verified
 * address, and a person whose policy denies unlock is told so only once they proved it.
 */
export class Unlock implements Journey {
  private readonly signIn: SignIn;

  constructor(private readonly steps: Steps) {
    this.signIn = new SignIn(steps);
  }

  /** "Unlock account?" on the identify step, while some password policy lets someone unlock. */
  async entry(txn: IdxTransaction): Promise<Remediation | undefined> {
    return txn.state.identifier ? undefined : unlockEntry(await this.steps.deps.config.policiesOf('PASSWORD'));
  }

  /** The unlock names its account on its own form: nothing identified before carries over. */
  async begin(txn: IdxTransaction): Promise<void> {
    txn.state.identifier = undefined;
    txn.userId = null;
    txn.state.verified = [];
  }

  async next(txn: IdxTransaction, ctx: RequestContext, frame: Frame): Promise<Step> {
    if (!txn.state.identifier) return this.selectStep(txn, frame);
    if (txn.state.unlocked === 'done') return this.ended(txn, frame, AccountMessages.unlocked, frame.status);
    const proved = txn.state.verified.find((v) => unlockMethodOf(v.authenticatorKey, v.methodType));
    if (proved) return this.unlock(txn, ctx, frame, authenticatorByKey(proved.authenticatorKey)!, unlockMethodOf(proved.authenticatorKey, proved.methodType)!);
    const { user, choices } = await this.verifiable(txn);
    // The challenge began when the account was named (submit): nothing starts by itself here.
    return withoutPhoneProfiles(await this.steps.verificationStep(txn, { ...frame, options: { ...frame.options, quiet: true } }, user, choices));
  }

  /** The unlock authenticators (each reaches the user only where it is theirs and verified: see reachingEnrolledOnly), and the user. */
  async verifiable(txn: IdxTransaction): Promise<{ user: User | undefined; choices: EnrollmentChoice[] }> {
    const user = await this.steps.users.user(txn);
    // One choice per authenticator (a second phone would tell who has one): the first enrollment of each kind is challenged.
    const choices = enrollmentChoices(await this.offered(), await this.steps.users.enrollments(txn));
    return { user, choices: choices.filter((c, i) => choices.findIndex((o) => o.authenticator.key === c.authenticator.key) === i).map((c) => ({ ...c, several: false })) };
  }

  /** select-authenticator-unlock-account: the account, and the authenticator to prove it with, whose challenge begins. */
  async submit(txn: IdxTransaction, form: string, input: Record<string, unknown>): Promise<void> {
    if (form !== SELECT_UNLOCK_FORM || txn.state.identifier) throw new EngineError(400, [Messages.malformed], false);
    const login = text(input.identifier);
    if (!login) throw new EngineError(400, [], false, { identifier: [Messages.requiredField('identifier')] });
    const chosen = (await this.offered()).find((a) => authenticatorIdOf(a) === text(object(input.authenticator).id));
    if (!chosen) throw new EngineError(400, [Messages.invalidAuthenticator], false);
    const found = await this.steps.deps.store.users.findByLogin(login);
    // Those who may not sign in at all are handled exactly like unknown ones.
    const user = found && signInAllowed(found) ? found : undefined;
    txn.state.identifier = login;
    txn.userId = user?.id ?? null;
    if (user) this.steps.users.remember(txn, user);
    this.steps.txns.changed(txn);
    const { user: recipient, choices } = await this.verifiable(txn);
    await this.steps.choose(txn, chosen, recipient, object(input.authenticator), false, choices.find((c) => c.authenticator.key === chosen.key)?.enrollment);
  }

  /** The address is proved: the account unlocks if the person's password policy lets them unlock with it; then on, or done. */
  private async unlock(txn: IdxTransaction, ctx: RequestContext, frame: Frame, provedWith: Authenticator, method: UnlockMethod): Promise<Step> {
    const { store, clock, config, events } = this.steps.deps;
    const user = (await this.steps.users.user(txn))!;
    const rule = unlockRuleFor(await config.policiesOf('PASSWORD'), await this.steps.users.person(txn));
    if (!rule.allowed || !rule.methods.includes(method)) return this.ended(txn, frame, AccountMessages.unlockNotPermitted, 403);
    if (user.status === 'LOCKED_OUT') {
      await store.users.unlock(user.id, clock.now());
      this.steps.users.forget(txn);
      const actor = { id: user.id, type: 'User' as const, alternateId: user.login };
      events.record({ eventType: 'user.account.unlock', outcome: { result: 'SUCCESS' }, actor, client: { ipAddress: ctx.ip }, target: [actor] });
    }
    if (afterUnlock((await this.steps.assess(txn, ctx.ip)).requirement, provedWith.key) === 'done') {
      txn.state.unlocked = 'done';
      this.steps.txns.changed(txn);
      return this.next(txn, ctx, frame);
    }
    // The sign-in takes over with the proved authenticator counted; the person is told why more is asked.
    txn.state.journey = undefined;
    this.steps.txns.changed(txn);
    return this.signIn.next(txn, ctx, { ...frame, base: () => ({ ...frame.base(), messages: [AccountMessages.unlockedGoOn, ...frame.base().messages] }) });
  }

  /** The unlock is over (as Okta answers it: the state with its message and no form; the person may cancel to sign in). */
  private ended(txn: IdxTransaction, frame: Frame, message: Message, status: number): Step {
    return this.steps.respond(txn, { ...frame.base(), messages: [message], remediations: [] }, status);
  }

  /** The unlock form, with the authenticators it offers listed as Okta lists them (no one identified yet). */
  private async selectStep(txn: IdxTransaction, frame: Frame): Promise<Step> {
    const offered = await this.offered();
    if (offered.length === 0) throw new EngineError(403, [AccountMessages.unlockNotPermitted], true);
    const views = offered.map((a) => this.steps.views.authenticator(a, txn));
    const remediations = [selectAuthenticatorUnlockAccount(offered.map(selectable))];
    return this.steps.respond(txn, { ...frame.base(), remediations, authenticators: views, authenticatorEnrollments: views }, frame.status);
  }

  private async offered(): Promise<Authenticator[]> {
    return unlockAuthenticators(await this.steps.deps.config.policiesOf('PASSWORD')).map(reachingEnrolledOnly);
  }
}
