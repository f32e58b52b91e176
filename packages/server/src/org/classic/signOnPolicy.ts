import type { Policy } from '../../store/repositories/policies.js';
import type { PeopleCondition } from '../../policy/people.js';
import { active, isEveryone, peopleOf, type PolicyDraft, type RuleDraft } from './draft.js';

/**
 * The Classic Okta sign-on policy (type OKTA_SIGN_ON): rules whose `actions.signon` is
 * `{ access, requireFactor, factorPromptMode: ALWAYS|SESSION|DEVICE, rememberDeviceByDefault,
 * factorLifetime (minutes), session: { maxSessionIdleMinutes, maxSessionLifetimeMinutes,
 * usePersistentCookie } }`. Classic asks the second factor here, for every sign-in, before any app.
 */
export interface ClassicSignOn {
  access?: 'ALLOW' | 'DENY';
  requireFactor?: boolean;
  factorPromptMode?: 'ALWAYS' | 'SESSION' | 'DEVICE';
  rememberDeviceByDefault?: boolean;
  factorLifetime?: number;
  session?: Record<string, unknown>;
  /** Classic factor sequencing (passwordless): chains of Classic factor keys, e.g. [['okta_sms', 'okta_call']]. */
  factorSequence?: string[][];
}

export const signOnOf = (rule: { actions: Record<string, unknown> }): ClassicSignOn => (rule.actions as { signon?: ClassicSignOn }).signon ?? {};

/**
 * Whether an authentication policy asks the Okta sign-on rule's second factor. A rule that prompts per
 * device (DEVICE with a factor lifetime) leaves it to the global session policy, which lets a device
 * remembered for MFA off (see mfaRequired in policy/sessionPolicy.ts); an app policy's 2FA would ask it
 * of every new session, remembered device or not.
 */
const appAsksFactor = (signon: ClassicSignOn): boolean =>
  signon.requireFactor === true && !(signon.factorPromptMode === 'DEVICE' && (signon.factorLifetime ?? 0) > 0);

/** Identity Engine's "re-authenticate" of an authentication rule, from Classic's factor prompt mode. */
function reauthenticateIn(signon: ClassicSignOn): string {
  if (signon.factorPromptMode === 'ALWAYS') return 'PT0S';
  if (signon.factorPromptMode === 'DEVICE' && signon.factorLifetime) return `PT${signon.factorLifetime}M`;
  return 'PT12H';
}

/** An authentication policy rule (ACCESS_POLICY) asking a password, and a second factor when `twoFactors`. */
export function appSignOnAction(signon: ClassicSignOn, twoFactors: boolean): Record<string, unknown> {
  return {
    appSignOn: {
      access: signon.access ?? 'ALLOW',
      verificationMethod: {
        factorMode: twoFactors ? '2FA' : '1FA', type: 'ASSURANCE', reauthenticateIn: reauthenticateIn(signon),
        constraints: [{ knowledge: { types: ['password'] } }],
      },
    },
  };
}

/**
 * Global session policy: the same policies and rules; the session settings stay, the password is
 * the primary factor (Classic always begins with it), and the factor settings are kept as Okta's
 * upgrade keeps them (the authentication policies below are what enforce them here).
 */
export function globalSessionPolicies(classic: Policy[]): PolicyDraft[] {
  return classic.filter((p) => p.type === 'OKTA_SIGN_ON').map(({ id: _id, rules, ...p }) => ({
    ...p,
    rules: rules.map(({ id: _rule, actions, ...r }) => ({ ...r, actions: { ...actions, signon: { ...signOnOf({ actions }), primaryFactor: 'PASSWORD_IDP' } } })),
  }));
}

/** The Classic sign-on rules in the order Classic reads them, each with the people it reaches (policy and rule together). */
function orderedRules(classic: Policy[]): Array<RuleDraft & { people: PeopleCondition | undefined }> {
  return active(classic.filter((p) => p.type === 'OKTA_SIGN_ON')).flatMap((p) => active(p.rules).map(({ id: _id, ...r }) => {
    // Rule and policy both narrow: when both name people, the rule's are kept (one condition holds one list).
    const people = isEveryone(peopleOf(r)) ? peopleOf(p) : peopleOf(r);
    return { ...r, people };
  }));
}

/** Whether the Classic sign-on policy has app policies ask these people for a second factor (its first rule reaching all of them decides). */
export function orgRequiresFactor(classic: Policy[], people: PeopleCondition | undefined): boolean {
  const same = (a: PeopleCondition | undefined) => isEveryone(a) || JSON.stringify(a) === JSON.stringify(people);
  const rule = orderedRules(classic).find((r) => same(r.people));
  return rule !== undefined && signOnOf(rule).access !== 'DENY' && appAsksFactor(signOnOf(rule));
}

/**
 * The authentication policy of every app without Classic app sign-on rules, and of the dashboard
 * that `/api/v1/authn` signs in to: one rule per Classic sign-on rule, in Classic's order, asking a
 * second factor where Classic did (but per device: see appAsksFactor). A last rule lets in, as Classic does, whom no policy reaches.
 */
export function orgAuthenticationPolicy(classic: Policy[]): PolicyDraft | undefined {
  const rules = orderedRules(classic);
  if (rules.length === 0) return undefined;
  return {
    type: 'ACCESS_POLICY', name: 'Default Policy', description: 'From the Classic Okta sign-on policy', priority: 1000, status: 'ACTIVE', conditions: {}, settings: {},
    rules: [
      ...rules.map(({ people, ...r }, i) => ({
        name: r.name, priority: i + 1, status: r.status,
        conditions: { ...r.conditions, people: people ?? {} },
        actions: appSignOnAction(signOnOf(r), appAsksFactor(signOnOf(r))),
      })),
      { name: 'Catch-all Rule', priority: rules.length + 1, status: 'ACTIVE', conditions: {}, actions: appSignOnAction({}, false) },
    ],
  };
}
