import type { IdxTransaction } from '../../store/repositories/idxTransactions.js';
import { passwordAuthenticator } from '../../authenticators/password/passwordAuthenticator.js';
import { recoveryRulesFor } from '../../policy/passwordRecovery.js';
import type { Step } from '../step.js';
import type { Steps } from '../steps.js';

/**
 * Offers password recovery where Okta does (its `recover` action, the "Forgot password?" link): on
 * the password being verified, and on the identify form that asks for the password with the
 * username. Only where the password policy allows this person (anyone, before they are known) a reset.
 */
export async function withRecoveryOffer(steps: Steps, txn: IdxTransaction, step: Step): Promise<Step> {
  const { view } = step;
  const verifyingPassword = view.current?.key === passwordAuthenticator.key && !view.current.enrolling;
  const identifyWithPassword = !view.current && view.remediations.some((r) => r.name === 'identify' && r.fields.some((f) => f.name === 'credentials'));
  if (!verifyingPassword && !identifyWithPassword) return step;
  const rules = recoveryRulesFor(await steps.deps.config.policiesOf('PASSWORD'), await steps.users.person(txn));
  if (rules.access === 'DENY') return step;
  const current = view.current ?? { ...steps.views.authenticator(passwordAuthenticator, txn), notEnrollment: true };
  return { ...step, view: { ...view, current: { ...current, recover: true } } };
}
