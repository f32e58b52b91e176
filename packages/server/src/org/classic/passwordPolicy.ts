import type { Policy } from '../../store/repositories/policies.js';
import type { PolicyDraft } from './draft.js';

/**
 * A Classic password policy's recovery settings: `settings.recovery.factors = { okta_email,
 * okta_sms, okta_call, recovery_question: { status: ACTIVE|INACTIVE, properties } }`.
 */
interface RecoveryFactors {
  okta_email?: { status?: string };
  okta_sms?: { status?: string };
  okta_call?: { status?: string };
  recovery_question?: { status?: string };
}

export const recoveryFactorsOf = (settings: Record<string, unknown>): RecoveryFactors => (settings as { recovery?: { factors?: RecoveryFactors } }).recovery?.factors ?? {};
export const isActive = (factor: { status?: string } | undefined): boolean => factor?.status === 'ACTIVE';

/**
 * Identity Engine's password recovery rule (`actions.selfServicePasswordReset.requirement`): the
 * recovery factors become the methods that start a reset (email, SMS, voice), and the recovery
 * question, which Identity Engine cannot accept alone, becomes the extra verification after them.
 */
function requirementOf(factors: RecoveryFactors): Record<string, unknown> {
  const methods = [['email', factors.okta_email], ['sms', factors.okta_sms], ['voice', factors.okta_call]].filter(([, f]) => isActive(f as RecoveryFactors['okta_email'])).map(([m]) => m);
  return {
    primary: { methods },
    stepUp: isActive(factors.recovery_question) ? { required: true, methods: ['security_question'] } : { required: false },
  };
}

/** Password policies: settings stay; each rule that allows self-service reset gets its requirement. */
export function passwordPolicies(classic: Policy[]): PolicyDraft[] {
  return classic.filter((p) => p.type === 'PASSWORD').map(({ id: _id, rules, ...p }) => ({
    ...p,
    rules: rules.map(({ id: _rule, actions, ...r }) => {
      const reset = (actions as { selfServicePasswordReset?: { access?: string } }).selfServicePasswordReset;
      if (reset?.access !== 'ALLOW') return { ...r, actions };
      return { ...r, actions: { ...actions, selfServicePasswordReset: { ...reset, requirement: requirementOf(recoveryFactorsOf(p.settings)) } } };
    }),
  }));
}
