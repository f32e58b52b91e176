import type { Policy } from '../../store/repositories/policies.js';
import { peopleOf, type PolicyDraft } from './draft.js';
import { appSignOnAction, orgRequiresFactor, signOnOf } from './signOnPolicy.js';

/**
 * Classic app sign-on policies (Latchkey's type APP_SIGN_ON: Okta's Policy API has no shape for
 * them): `conditions.apps.include` names the apps, each rule has `conditions.people` and
 * `conditions.network` and `actions.signon = { access, requireFactor, factorPromptMode,
 * factorLifetime }`, the Okta sign-on rule's action. Each becomes the apps' authentication policy;
 * a rule asks a second factor when it did, or when the Classic sign-on policy asked it of the same
 * people (Classic asked that before any app; Identity Engine asks per app).
 */
export function authenticationPolicies(classic: Policy[]): PolicyDraft[] {
  return classic.filter((p) => p.type === 'APP_SIGN_ON').map(({ id: _id, rules, ...p }) => ({
    ...p,
    type: 'ACCESS_POLICY',
    rules: rules.map(({ id: _rule, actions, ...r }) => {
      const signon = signOnOf({ actions });
      return { ...r, actions: appSignOnAction(signon, signon.requireFactor === true || orgRequiresFactor(classic, peopleOf(r))) };
    }),
  }));
}
