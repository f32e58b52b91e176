import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Policy } from '../../src/store/repositories/policies.js';
import { OrgFileError, parseOrgFile } from '../../src/org/orgFile/parse.js';
import { DEFAULT_RECOVERY_RULES, recoveryAuthenticators, recoveryMethodsOf, recoveryOffer, recoveryProgress, recoveryRulesFor, type RecoveryMethod, type RecoveryRules } from '../../src/policy/passwordRecovery.js';

let ids = 0;
const policy = (fields: Partial<Omit<Policy, 'rules'>> & { rules?: Array<Partial<Policy['rules'][number]>> }): Policy => ({
  id: `p${++ids}`, type: 'PASSWORD', name: `policy ${ids}`, description: null, priority: 1, status: 'ACTIVE', conditions: {}, settings: {}, ...fields,
  rules: (fields.rules ?? []).map((r, i) => ({ id: `r${++ids}`, name: `rule ${i}`, priority: i + 1, status: 'ACTIVE' as const, conditions: {}, actions: {}, ...r })),
});
const reset = (selfServicePasswordReset: Record<string, unknown>) => ({ actions: { selfServicePasswordReset } });
const admins = { people: { groups: { include: ['Admins'] } } };

describe('password recovery rules (PASSWORD policy, selfServicePasswordReset)', () => {
  const oie = policy({
    rules: [
      { conditions: admins, ...reset({ access: 'DENY' }) },
      { conditions: { people: { groups: { include: ['Field'] } } }, ...reset({ access: 'ALLOW', requirement: { primary: { methods: ['sms', 'voice', 'push'] }, stepUp: { required: true, methods: ['security_question'] } } }) },
      { conditions: { people: { groups: { include: ['Staff'] } } }, ...reset({ access: 'ALLOW', requirement: { primary: { methods: ['email'] }, accessControl: 'AUTH_POLICY' } }) },
      { conditions: { people: { groups: { include: ['Contractors'] } } }, ...reset({ access: 'ALLOW', requirement: { primary: { methods: ['email', 'fax'] }, stepUp: { required: false } } }) },
    ],
  });
  const classic = policy({
    conditions: { people: { groups: { include: ['Legacy'] } } }, priority: 0,
    settings: { recovery: { factors: { okta_email: { status: 'ACTIVE', properties: { recoveryToken: { tokenLifetimeMinutes: 15 } } }, okta_sms: { status: 'ACTIVE' }, okta_call: { status: 'INACTIVE' }, recovery_question: { status: 'ACTIVE' } } } },
    rules: [{ ...reset({ access: 'ALLOW' }) }],
  });
  const person = (...groups: string[]) => ({ id: 'u1', groups: ['Everyone', ...groups] });
  const cases: Array<[string, Policy[], ReturnType<typeof person> | undefined, RecoveryRules]> = [
    ['no password policy: Okta\'s default, email', [], person(), DEFAULT_RECOVERY_RULES],
    ['a denying rule', [oie], person('Admins'), { access: 'DENY' }],
    ['phone or push, then the security question', [oie], person('Field'), { access: 'ALLOW', methods: ['sms', 'voice', 'push'], stepUp: ['security_question'], tokenLifetimeMinutes: 60 }],
    ['any enrolled authenticator (AUTH_POLICY)', [oie], person('Staff'), { access: 'ALLOW', methods: 'ANY_ENROLLED', stepUp: [], tokenLifetimeMinutes: 60 }],
    ['unknown method names are ignored; no step-up', [oie], person('Contractors'), { access: 'ALLOW', methods: ['email'], stepUp: [], tokenLifetimeMinutes: 60 }],
    ['a policy whose rules match nobody here: no reset', [oie], person(), { access: 'DENY' }],
    ['an unknown identifier is judged as nobody in particular', [oie], undefined, { access: 'DENY' }],
    ['Classic recovery factors: email and SMS, the recovery question on top, the token lifetime', [oie, classic], person('Legacy', 'Admins'),
      { access: 'ALLOW', methods: ['email', 'sms'], stepUp: ['security_question'], tokenLifetimeMinutes: 15 }],
    ['a policy without rules (settings only): Okta\'s default rule', [policy({ settings: { password: { complexity: { minLength: 12 } } } })], person(), DEFAULT_RECOVERY_RULES],
    ['an inactive policy is not consulted', [{ ...oie, status: 'INACTIVE' }], person('Admins'), DEFAULT_RECOVERY_RULES],
  ];
  for (const [name, policies, who, expected] of cases) {
    it(name, () => assert.deepEqual(recoveryRulesFor(policies, who), expected));
  }
});

describe('the methods some rule allows (Classic refuses the others before anyone is known)', () => {
  const cases: Array<[string, Policy[], RecoveryMethod[]]> = [
    ['no password policy: Okta\'s default, email', [], ['email']],
    ['a policy without rules keeps the default rule', [policy({})], ['email']],
    ['every allowing rule counts, whoever it names; a denying one adds nothing', [policy({
      rules: [
        { conditions: admins, ...reset({ access: 'DENY' }) },
        { conditions: admins, ...reset({ access: 'ALLOW', requirement: { primary: { methods: ['sms'] } } }) },
        { ...reset({ access: 'ALLOW', requirement: { primary: { methods: ['email'] } } }) },
      ],
    })], ['email', 'sms']],
    ['any enrolled authenticator: every method', [policy({ rules: [reset({ access: 'ALLOW', requirement: { accessControl: 'AUTH_POLICY' } })] })], ['email', 'sms', 'voice', 'push', 'otp']],
    ['Classic recovery factors of the settings', [policy({ settings: { recovery: { factors: { okta_email: { status: 'INACTIVE' }, okta_call: { status: 'ACTIVE' } } } }, rules: [reset({ access: 'ALLOW' })] })], ['voice']],
    ['inactive rules and policies are not read', [policy({ rules: [{ status: 'INACTIVE', ...reset({ access: 'ALLOW', requirement: { primary: { methods: ['sms'] } } }) }] }), policy({ status: 'INACTIVE' })], []],
  ];
  for (const [name, policies, expected] of cases) it(name, () => assert.deepEqual(recoveryOffer(policies), expected));
});

describe('which authenticators may prove the person', () => {
  const enrolled = [
    { key: 'okta_password', methods: ['password'] }, { key: 'okta_email', methods: ['email'] }, { key: 'phone_number', methods: ['sms', 'voice'] },
    { key: 'okta_verify', methods: ['push'] }, { key: 'security_question', methods: ['security_question'] }, { key: 'webauthn', methods: ['webauthn'] },
  ];
  const rules = (methods: RecoveryMethod[] | 'ANY_ENROLLED', stepUp: string[] = []) => ({ access: 'ALLOW' as const, methods, stepUp, tokenLifetimeMinutes: 60 });
  const cases: Array<[string, Parameters<typeof recoveryAuthenticators>[0], string[]]> = [
    ['email only', rules(['email']), ['okta_email']],
    ['voice alone allows the phone', rules(['voice']), ['phone_number']],
    ['push', rules(['push', 'email']), ['okta_email', 'okta_verify']],
    ['any enrolled: all but the password', rules('ANY_ENROLLED'), ['okta_email', 'phone_number', 'okta_verify', 'security_question', 'webauthn']],
    ['any enrolled, the step-up is asked after, not instead', rules('ANY_ENROLLED', ['security_question']), ['okta_email', 'phone_number', 'okta_verify', 'webauthn']],
    ['nothing allowed is enrolled', rules(['otp']), []],
  ];
  for (const [name, r, expected] of cases) {
    it(name, () => assert.deepEqual(recoveryAuthenticators(r, enrolled), expected));
  }
});

describe('the methods a recovery authenticator offers', () => {
  const phone = { key: 'phone_number', methods: ['sms', 'voice'] };
  const rules = (methods: RecoveryMethod[] | 'ANY_ENROLLED') => ({ access: 'ALLOW' as const, methods, stepUp: [], tokenLifetimeMinutes: 60 });
  const cases: Array<[string, Parameters<typeof recoveryMethodsOf>[0], { key: string; methods: string[] }, string[]]> = [
    ['the phone by SMS only', rules(['email', 'sms']), phone, ['sms']],
    ['the phone by voice only', rules(['voice']), phone, ['voice']],
    ['the phone by both', rules(['sms', 'voice']), phone, ['sms', 'voice']],
    ['any enrolled: every method', rules('ANY_ENROLLED'), phone, ['sms', 'voice']],
    ['a step-up authenticator (named by key, not method): its own', rules(['email']), { key: 'security_question', methods: ['security_question'] }, ['security_question']],
  ];
  for (const [name, r, candidate, expected] of cases) it(name, () => assert.deepEqual(recoveryMethodsOf(r, candidate), expected));
});

describe('where a recovery stands', () => {
  const enrolled = [{ key: 'okta_password', methods: ['password'] }, { key: 'okta_email', methods: ['email'] }, { key: 'security_question', methods: ['security_question'] }];
  const allow = (stepUp: string[] = []) => ({ access: 'ALLOW' as const, methods: ['email' as const], stepUp, tokenLifetimeMinutes: 60 });
  const cases: Array<[string, ReturnType<typeof allow>, typeof enrolled, string[], ReturnType<typeof recoveryProgress>]> = [
    ['nothing proved: the email', allow(), enrolled, [], { next: 'prove', keys: ['okta_email'] }],
    ['a password proved does not count', allow(), enrolled, ['okta_password'], { next: 'prove', keys: ['okta_email'] }],
    ['the email proved: the reset', allow(), enrolled, ['okta_email'], { next: 'reset' }],
    ['the email proved, a step-up: the security question', allow(['security_question']), enrolled, ['okta_email'], { next: 'prove', keys: ['security_question'] }],
    ['the step-up answered first does not replace the email', allow(['security_question']), enrolled, ['security_question'], { next: 'prove', keys: ['okta_email'] }],
    ['both: the reset', allow(['security_question']), enrolled, ['security_question', 'okta_email'], { next: 'reset' }],
    ['a step-up the person lacks: impossible', allow(['security_question']), enrolled.slice(0, 2), ['okta_email'], { next: 'impossible' }],
    ['no recovery authenticator enrolled: impossible', allow(), enrolled.filter((e) => e.key !== 'okta_email'), [], { next: 'impossible' }],
  ];
  for (const [name, rules, has, proved, expected] of cases) {
    it(name, () => assert.deepEqual(recoveryProgress(rules, has, proved), expected));
  }
});

describe('the org file checks recovery settings', () => {
  const paths = (policyYaml: string) => {
    try {
      parseOrgFile(`version: 1\npolicies:\n  - ${policyYaml}\n`, 'org.yaml');
      return [];
    } catch (error) {
      if (!(error instanceof OrgFileError)) throw error;
      return error.errors.map((p) => p.path);
    }
  };
  const rule = (action: string) => `{ type: PASSWORD, name: P, priority: 1, rules: [{ name: R, priority: 1, status: ACTIVE, conditions: {}, actions: { selfServicePasswordReset: ${action} } }] }`;
  it('Okta\'s rule shape parses', () => {
    assert.deepEqual(paths(rule('{ access: ALLOW, requirement: { primary: { methods: [email, sms, push] }, stepUp: { required: true, methods: [security_question] } } }')), []);
    assert.deepEqual(paths(rule('{ access: ALLOW, requirement: { accessControl: AUTH_POLICY } }')), []);
  });
  it('an unknown method or access is refused where it is written', () => {
    assert.deepEqual(paths(rule('{ access: ALLOW, requirement: { primary: { methods: [fax] } } }')), ['policies[0].rules[0].actions.selfServicePasswordReset.requirement.primary.methods[0]']);
    assert.deepEqual(paths(rule('{ access: MAYBE }')), ['policies[0].rules[0].actions.selfServicePasswordReset.access']);
  });
  it('Classic recovery factors in the policy settings', () => {
    assert.deepEqual(paths('{ type: PASSWORD, name: P, priority: 1, settings: { recovery: { factors: { okta_email: { status: ACTIVE, properties: { recoveryToken: { tokenLifetimeMinutes: 30 } } }, okta_sms: { status: ACTIVE } } } } }'), []);
    assert.deepEqual(paths('{ type: PASSWORD, name: P, priority: 1, settings: { recovery: { factors: { okta_email: { status: ON } } } } }'), ['policies[0].settings.recovery.factors.okta_email.status']);
  });
});
