import type { ConfigCache } from '../org/configCache.js';
import type { Person } from '../policy/people.js';
import { authenticationDecision, type Requirement } from '../policy/authenticationPolicy.js';
import { sessionDecision, type SessionRules } from '../policy/sessionPolicy.js';
import { explanationText, type Explanation } from '../policy/decision.js';
import type { SecurityEvent, SecurityEventSink } from '../platform/securityEvents.js';
import { ANYONE } from './identifiedUsers.js';
import type { SignInSignals } from './signInSignals.js';
import type { RiskAssessment } from '../policy/risk.js';

/** Who signs in where: what both sign-in policies are evaluated against. */
export interface SignInQuestion {
  clientId: string;
  /** Undefined before the user is known or when the identifier matched nobody. */
  person?: Person;
  ip: string;
  /** Authenticators already verified (in this sign-in or the session it resumed). */
  verifiedKeys: string[];
  /** The device and risk signals (see signInSignals); undefined when no rule reads them (see readsSignals). */
  signals?: SignInSignals;
}

export interface PolicyDecisions {
  app: { requirement: Requirement; explanation: Explanation };
  session: { rules: SessionRules; explanation: Explanation };
}

/** The global session policy and the app's authentication policy for one sign-in, each with why. */
export async function decidePolicies(config: ConfigCache, q: SignInQuestion): Promise<PolicyDecisions> {
  const zones = await config.networkZones();
  return {
    app: authenticationDecision(await config.policiesOf('ACCESS_POLICY'), { ...q, ...q.signals, zones }),
    session: sessionDecision(await config.policiesOf('OKTA_SIGN_ON'), q.person ?? ANYONE, { ip: q.ip, zones }),
  };
}

/** The risk level with its reasons, as the log and `policy explain` say it. */
export const riskText = (r: RiskAssessment): string => `${r.level}${r.reasons.length > 0 ? ` (${r.reasons.join(', ')})` : ''}`;

/** The decisions as text, one line each: what the log says and `latchkey policy explain` prints. */
export function decisionLines(d: PolicyDecisions): string[] {
  return [explanationText(d.session.explanation), explanationText(d.app.explanation)];
}

/** One log line (a System Log event) per decision, with the risk level and its reasons; `actor` is who signs in, as far as known. */
export function logDecisions(events: SecurityEventSink, d: PolicyDecisions, q: SignInQuestion, actor: NonNullable<SecurityEvent['actor']>): void {
  for (const e of [d.session.explanation, d.app.explanation]) {
    events.record({
      eventType: 'policy.evaluate_sign_on', outcome: { result: e.outcome === 'DENY' ? 'DENY' : 'SUCCESS' }, actor, client: { ipAddress: q.ip },
      target: [{ id: q.clientId, type: 'AppInstance' }], debugContext: { debugData: { policyType: e.policyType, explanation: explanationText(e), risk: q.signals ? riskText(q.signals.risk) : 'not assessed: no rule reads it' } },
    });
  }
}
