import type { Policy } from '../store/repositories/policies.js';
import { authenticatorsOf, FACTOR_AUTHENTICATORS, isClassicEnrollment, type ClassicFactorSettings } from '../org/classic/enrollmentPolicy.js';
import { authenticatorByKey } from '../authenticators/registry.js';
import { isActive, recoveryFactorsOf } from '../org/classic/passwordPolicy.js';
import { registrationSettingsOf } from '../org/classic/registrationPolicy.js';
import { signOnOf } from '../org/classic/signOnPolicy.js';
import { active, peopleOf } from '../org/classic/draft.js';
import { peopleMatch, type Person } from '../policy/people.js';

/** A Classic feature in use that the Identity Engine drops or changes. */
export interface ReadinessFinding {
  feature: string;
  /** Where it is used (policy, rule, count of users). */
  inUse: string;
  becomes: string;
  /** The upgrade would break sign-in for someone until it is remediated. */
  blocks: boolean;
  remediation: string;
}

export interface ReadinessInput {
  policies: Policy[];
  classicFeatures: { securityImage?: boolean; rememberMe?: boolean };
  /** Logins of users who have no password. */
  passwordless: string[];
  /** Each user (their groups) and the authenticators they have enrolled (keys), for what the move does to their second factor. */
  enrolled: Array<{ login: string; person: Person; keys: string[] }>;
}

type Check = (input: ReadinessInput) => ReadinessFinding[];

const named = (p: Policy) => `${p.type} "${p.name}"`;

/** "3 user(s) (a, b, c)", naming at most five. */
const usersNamed = (logins: string[]) => `${logins.length} user(s)${logins.length > 0 ? ` (${logins.slice(0, 5).join(', ')}${logins.length > 5 ? ', …' : ''})` : ''}`;

const securityImage: Check = ({ classicFeatures }) => (classicFeatures.securityImage ? [{
  feature: 'security image', inUse: 'org.classicFeatures.securityImage',
  becomes: 'nothing: the Identity Engine sign-in page shows no security image', blocks: false,
  remediation: 'tell users before the move; brand the sign-in page (branding) so they still recognise it',
}] : []);

const rememberMe: Check = ({ classicFeatures }) => (classicFeatures.rememberMe ? [{
  feature: 'remember me', inUse: 'org.classicFeatures.rememberMe',
  becomes: 'nothing: the sign-in page no longer offers to remember the username', blocks: false,
  remediation: 'none needed; users type their username again (widget apps: drop features.rememberMe, which `upgrade scan --fix` does)',
}] : []);

const recovery: Check = ({ policies }) => policies.filter((p) => p.type === 'PASSWORD').flatMap((p) => {
  const f = recoveryFactorsOf(p.settings);
  const out: ReadinessFinding[] = [];
  const phone = [isActive(f.okta_sms) && 'SMS', isActive(f.okta_call) && 'voice call'].filter(Boolean);
  if (phone.length > 0) {
    out.push({
      feature: `${phone.join(' and ')} recovery`, inUse: `${named(p)} settings.recovery.factors`,
      becomes: 'the phone authenticator as a recovery method of the password policy rules (requirement.primary.methods)', blocks: false,
      remediation: 'none: users\' SMS and voice factors are phone enrollments already',
    });
  }
  if (isActive(f.recovery_question)) {
    const alone = !isActive(f.okta_email) && phone.length === 0;
    out.push({
      feature: 'security question recovery', inUse: `${named(p)} settings.recovery.factors.recovery_question`,
      becomes: 'an extra verification after email or phone (requirement.stepUp); the Identity Engine never resets a password on a question alone', blocks: alone,
      remediation: alone ? 'activate email (or SMS) recovery in the password policy before upgrading' : 'none',
    });
  }
  return out;
});

const registration: Check = ({ policies }) => policies.filter((p) => p.type === 'SELF_SERVICE_REGISTRATION').flatMap((p) => {
  const s = registrationSettingsOf(p.settings);
  const out: ReadinessFinding[] = [];
  const restricted = s.profileAttributes.filter((a) => a.readOnly || a.hidden).map((a) => a.name);
  if (restricted.length > 0) {
    out.push({
      feature: 'registration attributes that are read-only or hidden', inUse: `${named(p)}: ${restricted.join(', ')}`,
      becomes: 'left out of the profile enrollment form (an Identity Engine form holds only attributes the person may edit)', blocks: true,
      remediation: `make ${restricted.join(', ')} editable by the user, or remove them from the form and set them another way`,
    });
  }
  if (s.defaultRedirect !== 'DASHBOARD') {
    out.push({
      feature: 'registration default redirect', inUse: `${named(p)}: ${s.defaultRedirect}`,
      becomes: 'nothing: a person who registers returns to the app they came from', blocks: false,
      remediation: 'send people to the app\'s own sign-up start instead of the custom URL',
    });
  }
  return out;
});

const idpDiscovery: Check = ({ policies }) => policies.filter((p) => p.type === 'IDP_DISCOVERY').map((p) => ({
  feature: 'IdP discovery', inUse: named(p),
  becomes: 'identity provider routing rules, which Latchkey\'s Identity Engine does not serve yet', blocks: true,
  remediation: 'keep apps that rely on it in Classic (do not move them) until routing rules are supported',
}));

const factorSequencing: Check = ({ policies }) => policies.filter((p) => p.type === 'OKTA_SIGN_ON' || p.type === 'APP_SIGN_ON').flatMap((p) => p.rules.flatMap((r) =>
  (signOnOf(r).factorSequence ?? []).filter((chain) => {
    const keys = chain.flatMap((f) => FACTOR_AUTHENTICATORS[f] ?? []);
    return new Set(keys).size < chain.length;
  }).map((chain) => ({
    feature: 'factor sequencing with two methods of one authenticator', inUse: `${named(p)} rule "${r.name}": ${chain.join(' → ')}`,
    becomes: 'one authenticator, verified once: the Identity Engine cannot ask two of its methods in a row', blocks: true,
    remediation: 'sequence factors of different authenticators (e.g. phone then email)',
  }))));

const optionalEmail: Check = ({ policies }) => policies.filter((p) => p.type === 'MFA_ENROLL' && isClassicEnrollment(p.settings))
  .filter((p) => (p.settings as unknown as ClassicFactorSettings).factors.okta_email?.enroll?.self === 'OPTIONAL').map((p) => ({
    feature: 'email enrollment optional', inUse: `${named(p)} settings.factors.okta_email`,
    becomes: 'the email authenticator, optional: users whose email is verified have it already; others are offered it', blocks: false,
    remediation: 'none; make it REQUIRED if email recovery must reach everyone',
  }));

const passwordlessUsers: Check = ({ policies, passwordless }) => {
  const doNotEnroll = policies.filter((p) => p.type === 'MFA_ENROLL').flatMap((p) => p.rules.filter((r) => (r.actions as { enroll?: { self?: string } }).enroll?.self === 'NEVER').map((r) => `${named(p)} rule "${r.name}"`));
  if (doNotEnroll.length === 0 || passwordless.length === 0) return [];
  return [{
    feature: 'users created without a password under a "do not enroll" policy', inUse: `${usersNamed(passwordless)} under ${doNotEnroll.join(', ')}`,
    becomes: 'users the password authenticator requires a password of: they cannot sign in until they set one', blocks: true,
    remediation: 'give them a password (an activation or reset email, or `latchkey admin reset-password --login …`) before upgrading',
  }];
};

/** The authenticators a Classic MFA enrollment policy lets people enroll. */
const enrollable = (p: Policy): string[] =>
  authenticatorsOf(p.settings as unknown as ClassicFactorSettings).filter((a) => a.enroll.self !== 'NOT_ALLOWED').map((a) => a.key);

const QUESTION = 'security_question';

/**
 * Classic's requireFactor takes the password and any factor; the Identity Engine's 2FA takes two factor
 * classes, and the question is knowledge like the password. People whose only other factor is the question
 * enroll another at their next sign-in, which only a possession factor their enrollment policy offers makes possible.
 */
const questionAsSecondFactor: Check = ({ policies, enrolled }) => {
  // The sign-on rules asking a factor, with the people each reaches (policy and rule both narrow).
  const asking = active(policies.filter((p) => p.type === 'OKTA_SIGN_ON' || p.type === 'APP_SIGN_ON'))
    .flatMap((p) => active(p.rules).filter((r) => signOnOf(r).requireFactor === true).map((r) => [peopleOf(p), peopleOf(r)]));
  const asked = (person: Person) => asking.some((conditions) => conditions.every((c) => peopleMatch(c, person)));
  const enrollPolicies = policies.filter((p) => p.type === 'MFA_ENROLL' && isClassicEnrollment(p.settings));
  // Without a Classic enrollment policy any factor may be enrolled.
  const usable = (key: string) => enrollPolicies.length === 0 || enrollPolicies.some((p) => enrollable(p).includes(key));
  const questionOnly = enrolled.filter((u) => asked(u.person) && u.keys.includes(QUESTION) && u.keys.every((k) => k === QUESTION || k === 'okta_password' || !usable(k)))
    .map((u) => u.login).sort();
  if (asking.length === 0 || (questionOnly.length === 0 && !usable(QUESTION))) return [];
  const noPossession = enrollPolicies.filter((p) => enrollable(p).includes(QUESTION) && !enrollable(p).some((k) => authenticatorByKey(k)?.factorClass === 'possession'));
  return [{
    feature: 'security question as the second factor', inUse: `${usersNamed(questionOnly)} whose only second factor is the question`,
    becomes: 'a knowledge factor like the password: password + question is no longer two factors, so these users enroll another factor at their next sign-in',
    blocks: noPossession.length > 0,
    remediation: noPossession.length > 0
      ? `let ${noPossession.map(named).join(', ')} offer a possession factor (okta_sms, okta_otp, google_otp, okta_email or fido_webauthn) before upgrading: otherwise whom it applies to cannot sign in`
      : 'none needed; tell these users they will be asked to set up another factor (or have them enroll one before the move)',
  }];
};

const CHECKS: Check[] = [securityImage, rememberMe, recovery, registration, idpDiscovery, factorSequencing, optionalEmail, passwordlessUsers, questionAsSecondFactor];

/** Every finding; the org is ready when none blocks. */
export function readiness(input: ReadinessInput): { ready: boolean; findings: ReadinessFinding[] } {
  const findings = CHECKS.flatMap((check) => check(input));
  return { ready: !findings.some((f) => f.blocks), findings };
}
