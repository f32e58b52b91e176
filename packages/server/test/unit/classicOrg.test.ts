import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Policy } from '../../src/store/repositories/policies.js';
import { identityEnginePolicies } from '../../src/org/classic/identityEnginePolicies.js';
import { CLASSIC_FACTORS, classicFactorsFor } from '../../src/org/classic/enrollmentPolicy.js';
import { CLASSIC_FACTOR_NAMES } from '../../src/classic/enrollFactors.js';
import { authenticatorOfFactor } from '../../src/classic/authnFactors.js';
import { authenticationDecision } from '../../src/policy/authenticationPolicy.js';
import { sessionRulesFor } from '../../src/policy/sessionPolicy.js';
import { enrollmentRequirementsFor, disabledAuthenticators } from '../../src/policy/enrollmentPolicy.js';
import { readiness } from '../../src/upgrade/readiness.js';
import { engineFor, rolloutBucket } from '../../src/upgrade/routing.js';
import { lineDiff } from '../../src/upgrade/lineDiff.js';
import { OrgFileError, parseOrgFile } from '../../src/org/orgFile/parse.js';

let n = 0;
const policy = (p: Partial<Policy> & Pick<Policy, 'type'>): Policy => ({
  id: `p${n++}`, name: `${p.type} ${n}`, description: null, priority: 1, status: 'ACTIVE', conditions: {}, settings: {}, ...p,
  rules: (p.rules ?? []).map((r, i) => ({ ...r, id: `r${n}-${i}` })),
});
const rule = (name: string, priority: number, conditions: Record<string, unknown>, actions: Record<string, unknown>) => ({ id: '', name, priority, status: 'ACTIVE' as const, conditions, actions });
const group = (g: string) => ({ people: { groups: { include: [g] } } });

const SIGN_ON = policy({
  type: 'OKTA_SIGN_ON', name: 'Default Policy',
  rules: [
    rule('Contractors', 1, group('Contractors'), { signon: { access: 'DENY' } }),
    rule('MFA', 2, group('MFA'), { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'ALWAYS', session: { maxSessionIdleMinutes: 30 } } }),
    rule('Everyone', 3, {}, { signon: { access: 'ALLOW', requireFactor: false, session: { maxSessionIdleMinutes: 60, usePersistentCookie: true } } }),
  ],
});
const APP_SIGN_ON = policy({
  type: 'APP_SIGN_ON', name: 'Payroll', conditions: { apps: { include: ['payroll'] } },
  rules: [rule('Staff', 1, group('Staff'), { signon: { access: 'ALLOW', requireFactor: true } }), rule('Others', 2, {}, { signon: { access: 'DENY' } })],
});
const ENROLL = policy({
  type: 'MFA_ENROLL', settings: { type: 'FACTORS', factors: { okta_sms: { enroll: { self: 'OPTIONAL' } }, okta_call: { enroll: { self: 'REQUIRED' } }, okta_otp: { enroll: { self: 'OPTIONAL' } }, okta_question: { enroll: { self: 'NOT_ALLOWED' } } } },
  rules: [rule('Default', 1, {}, { enroll: { self: 'CHALLENGE' } })],
});
const ie = identityEnginePolicies([SIGN_ON, APP_SIGN_ON, ENROLL]);
const ofType = (type: string) => ie.filter((p) => p.type === type);
const person = (...groups: string[]) => ({ id: '00u1', groups });
/** A sign-in from a known device and address, with nothing verified yet. */
const anySignIn = { ip: '10.0.0.1', zones: [], verifiedKeys: [], device: { known: true }, risk: { level: 'LOW' as const, reasons: [] } };

describe('Classic policies decide as their Identity Engine translation does', () => {
  it('the Okta sign-on policy: the dashboard (authn) and apps without their own rules ask a second factor of whom Classic asked it', () => {
    const access = ofType('ACCESS_POLICY');
    const req = (clientId: string, groups: string[]) => authenticationDecision(access, { ...anySignIn, clientId, person: person(...groups) }).requirement;
    // Classic's "prompt every time" is Identity Engine's re-authentication at every sign-in (PT0S).
    assert.deepEqual(req('latchkey.dashboard', ['MFA']), { access: 'ALLOW', factorMode: '2FA', requirePassword: true, excludedKeys: [], freshness: { any: 0 } });
    assert.equal((req('any-app', []) as { factorMode: string }).factorMode, '1FA');
    assert.deepEqual(req('any-app', ['Contractors']), { access: 'DENY' });
  });

  it('a per-device rule (DEVICE with a factor lifetime) leaves its MFA to the global session policy, which lets a remembered device off', () => {
    const perDevice = policy({
      type: 'OKTA_SIGN_ON', name: 'Per device',
      rules: [rule('Phones', 1, group('Phones'), { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'DEVICE', factorLifetime: 15 } })],
    });
    const translated = identityEnginePolicies([perDevice]);
    const access = translated.filter((p) => p.type === 'ACCESS_POLICY');
    const req = authenticationDecision(access, { ...anySignIn, clientId: 'latchkey.dashboard', person: person('Phones') }).requirement as { factorMode: string };
    assert.equal(req.factorMode, '1FA', 'the app policy does not ask it of every new session');
    const rules = sessionRulesFor(translated.filter((p) => p.type === 'OKTA_SIGN_ON'), person('Phones'));
    assert.deepEqual([rules.requireFactor, rules.factorPromptMode, rules.factorLifetime], [true, 'DEVICE', 15], 'the global session policy asks it');
    // Without a lifetime no device is let off: the app policy asks it as for SESSION.
    const noLifetime = identityEnginePolicies([{ ...perDevice, rules: [{ ...perDevice.rules[0], actions: { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'DEVICE' } } }] }]);
    const strict = authenticationDecision(noLifetime.filter((p) => p.type === 'ACCESS_POLICY'), { ...anySignIn, clientId: 'latchkey.dashboard', person: person('Phones') }).requirement as { factorMode: string };
    assert.equal(strict.factorMode, '2FA');
  });

  it('app sign-on rules become the app\'s authentication policy; the org\'s MFA for the same people carries over', () => {
    const access = ofType('ACCESS_POLICY');
    const req = (groups: string[]) => authenticationDecision(access, { ...anySignIn, clientId: 'payroll', person: person(...groups) }).requirement;
    assert.equal((req(['Staff']) as { factorMode: string }).factorMode, '2FA');
    assert.deepEqual(req([]), { access: 'DENY' });
  });

  it('the global session policy keeps Classic\'s sessions, denies and the password first', () => {
    const gsp = ofType('OKTA_SIGN_ON');
    assert.deepEqual(sessionRulesFor(gsp, person('MFA')), {
      access: 'ALLOW', primaryFactor: 'PASSWORD_IDP', requireFactor: true, maxSessionIdleMinutes: 30, maxSessionLifetimeMinutes: 0, usePersistentCookie: false,
      factorPromptMode: 'ALWAYS', factorLifetime: 0, rememberDeviceByDefault: false,
    });
    assert.equal(sessionRulesFor(gsp, person()).usePersistentCookie, true);
    assert.equal(sessionRulesFor(gsp, person('Contractors')).access, 'DENY');
  });

  it('MFA enrollment factors → authenticators: SMS and voice are one phone (the stronger requirement), Okta Verify OTP is the push authenticator and TOTP', () => {
    const enroll = ofType('MFA_ENROLL');
    assert.deepEqual(enrollmentRequirementsFor(enroll, person()), {
      okta_password: 'REQUIRED', phone_number: 'REQUIRED', okta_verify: 'OPTIONAL', google_otp: 'OPTIONAL', security_question: 'NOT_ALLOWED',
    });
    assert.deepEqual(disabledAuthenticators(enroll, person()), ['security_question']);
    assert.deepEqual(enroll[0].rules.map((r) => r.actions), [{ enroll: { self: 'CHALLENGE' } }]);
  });

  it('Classic authn still names the factors themselves: each one the person\'s Classic policy lets them enroll, with its own requirement; each named as authn names it', () => {
    assert.deepEqual(classicFactorsFor([SIGN_ON, APP_SIGN_ON, ENROLL], person()), { okta_sms: 'OPTIONAL', okta_call: 'REQUIRED', okta_otp: 'OPTIONAL' });
    assert.equal(classicFactorsFor([SIGN_ON, APP_SIGN_ON], person()), undefined, 'no Classic policy applies');
    for (const factor of CLASSIC_FACTORS) {
      const name = CLASSIC_FACTOR_NAMES[factor];
      assert.ok(name && authenticatorOfFactor(name.factorType, name.provider), factor);
    }
  });

  it('password recovery factors → the reset rule\'s requirement; registration → a profile enrollment policy without read-only or hidden attributes', () => {
    const [password, registration] = identityEnginePolicies([
      policy({
        type: 'PASSWORD', settings: { recovery: { factors: { okta_email: { status: 'ACTIVE' }, okta_call: { status: 'ACTIVE' }, recovery_question: { status: 'INACTIVE' } } } },
        rules: [rule('Default', 1, {}, { selfServicePasswordReset: { access: 'ALLOW' } })],
      }),
      policy({
        type: 'SELF_SERVICE_REGISTRATION',
        settings: {
          profileAttributes: [{ name: 'email', label: 'Email', required: true }, { name: 'costCenter', label: 'Cost center', required: false, readOnly: true }, { name: 'tier', label: 'Tier', required: false, hidden: true }],
          targetGroups: ['Customers'], activation: { requireEmailVerification: false }, defaultRedirect: 'DASHBOARD',
        },
      }),
    ]);
    assert.deepEqual(password.rules[0].actions, { selfServicePasswordReset: { access: 'ALLOW', requirement: { primary: { methods: ['email', 'voice'] }, stepUp: { required: false } } } });
    assert.equal(registration.type, 'PROFILE_ENROLLMENT');
    assert.deepEqual(registration.rules[0].actions, {
      profileEnrollment: {
        access: 'ALLOW', unknownUserAction: 'REGISTER', targetGroupIds: ['Customers'], activationRequirements: { emailVerification: false },
        profileAttributes: [{ name: 'email', label: 'Email', required: true }],
      },
    });
  });

  it('the same Classic policies translate to the same policies, ids included (the configuration cache translates on every reload)', () => {
    assert.deepEqual(identityEnginePolicies([SIGN_ON, APP_SIGN_ON, ENROLL]), ie);
  });
});

describe('upgrade check', () => {
  it('each blocking Classic feature is found, with what it becomes and the remediation', () => {
    const report = readiness({
      classicFeatures: { securityImage: true, rememberMe: true },
      passwordless: ['nopass@example.com'],
      enrolled: [],
      policies: [
        policy({ type: 'PASSWORD', settings: { recovery: { factors: { recovery_question: { status: 'ACTIVE' } } } } }),
        policy({ type: 'SELF_SERVICE_REGISTRATION', name: 'Reg', settings: { profileAttributes: [{ name: 'tier', label: 'Tier', required: false, hidden: true }], targetGroups: [], activation: { requireEmailVerification: true }, defaultRedirect: 'https://example.com/welcome' } }),
        policy({ type: 'IDP_DISCOVERY', name: 'Routing' }),
        policy({ type: 'OKTA_SIGN_ON', name: 'Seq', rules: [rule('Passwordless', 1, {}, { signon: { access: 'ALLOW', factorSequence: [['okta_sms', 'okta_call'], ['okta_sms', 'okta_email']] } })] }),
        policy({ type: 'MFA_ENROLL', name: 'Enroll', settings: { type: 'FACTORS', factors: { okta_email: { enroll: { self: 'OPTIONAL' } } } }, rules: [rule('Never', 1, {}, { enroll: { self: 'NEVER' } })] }),
      ],
    });
    assert.equal(report.ready, false);
    const blocks = Object.fromEntries(report.findings.map((f) => [f.feature, f.blocks]));
    assert.deepEqual(blocks, {
      'security image': false, 'remember me': false, 'security question recovery': true,
      'registration attributes that are read-only or hidden': true, 'registration default redirect': false, 'IdP discovery': true,
      'factor sequencing with two methods of one authenticator': true, 'email enrollment optional': false,
      'users created without a password under a "do not enroll" policy': true,
    });
    const sequence = report.findings.find((f) => f.feature.startsWith('factor sequencing'))!;
    assert.equal(sequence.inUse, 'OKTA_SIGN_ON "Seq" rule "Passwordless": okta_sms → okta_call', 'SMS then email is two authenticators: fine');
    for (const f of report.findings) assert.ok(f.becomes && f.remediation, f.feature);
  });

  it('an org using none of them is ready', () => {
    assert.deepEqual(readiness({ classicFeatures: {}, passwordless: [], enrolled: [{ login: 'a@example.com', person: { id: 'a', groups: ['Everyone', 'MFA'] }, keys: ['okta_password', 'phone_number'] }], policies: [SIGN_ON, ENROLL] }), { ready: true, findings: [] });
  });

  describe('the security question as the second factor', () => {
    const enrollPolicy = (factors: Record<string, string>) => policy({
      type: 'MFA_ENROLL', settings: { type: 'FACTORS', factors: Object.fromEntries(Object.entries(factors).map(([k, self]) => [k, { enroll: { self } }])) },
      rules: [rule('Default', 1, {}, { enroll: { self: 'CHALLENGE' } })],
    });
    const mfa = (id: string) => ({ id, groups: ['Everyone', 'MFA'] });
    const people = [
      { login: 'quinn@example.com', person: mfa('q'), keys: ['okta_password', 'security_question'] },
      { login: 'olive@example.com', person: mfa('o'), keys: ['okta_password', 'security_question', 'okta_email'] },
      { login: 'sid@example.com', person: mfa('s'), keys: ['okta_password', 'security_question', 'phone_number'] },
      { login: 'pat@example.com', person: mfa('p'), keys: ['okta_password'] },
      // Not in the MFA group: no factor is asked of her, the question is nobody's second factor.
      { login: 'nora@example.com', person: { id: 'n', groups: ['Everyone'] }, keys: ['okta_password', 'security_question'] },
    ];
    const check = (policies: Policy[], enrolled = people) => readiness({ classicFeatures: {}, passwordless: [], enrolled, policies }).findings.filter((f) => f.feature === 'security question as the second factor');
    const NO_FACTOR = policy({ type: 'OKTA_SIGN_ON', rules: [rule('Everyone', 1, {}, { signon: { access: 'ALLOW', requireFactor: false } })] });

    it('counts those asked a factor whose only usable second factor is the question (an email the enrollment policy does not allow is none); a possession factor to enroll: not blocking', () => {
      const [finding, ...more] = check([SIGN_ON, enrollPolicy({ okta_question: 'REQUIRED', okta_sms: 'OPTIONAL' })]);
      assert.equal(more.length, 0);
      assert.equal(finding.inUse, '2 user(s) (olive@example.com, quinn@example.com) whose only second factor is the question');
      assert.equal(finding.blocks, false);
      assert.match(finding.becomes, /no longer two factors/);
    });
    it('an enrollment policy offering the question and no possession factor: blocks, and the remediation names it', () => {
      const questionOnly = { ...enrollPolicy({ okta_question: 'REQUIRED' }), name: 'Question only' };
      const [finding] = check([SIGN_ON, enrollPolicy({ okta_question: 'REQUIRED', okta_sms: 'OPTIONAL' }), questionOnly]);
      assert.equal(finding.blocks, true);
      assert.match(finding.remediation, /^let MFA_ENROLL "Question only" offer a possession factor/);
    });
    it('the question offered but enrolled by nobody yet: still told (0 users), as people would enroll it', () => {
      const [finding] = check([SIGN_ON, enrollPolicy({ okta_question: 'OPTIONAL', google_otp: 'OPTIONAL' })], []);
      assert.equal(finding.inUse, '0 user(s) whose only second factor is the question');
    });
    it('nothing when no sign-on rule asks a factor, or the question is neither offered nor anyone\'s only factor', () => {
      assert.deepEqual(check([NO_FACTOR, enrollPolicy({ okta_question: 'REQUIRED' })]), []);
      assert.deepEqual(check([SIGN_ON, enrollPolicy({ okta_sms: 'REQUIRED', okta_question: 'NOT_ALLOWED' })], [people[2], people[3]]), []);
    });
  });
});

describe('rollout routing', () => {
  const IE = 'identity_engine' as const;
  const app = (settings: Record<string, unknown>, grantTypes = ['authorization_code', 'interaction_code']) =>
    ({ clientId: 'a', grantTypes, settings: { refreshTokenRotation: 'ROTATE', refreshTokenLeewaySeconds: 30, ...settings } }) as Parameters<typeof engineFor>[1];
  const moving = (percent: number, groups: string[] = []) => app({ engine: IE, rollout: { percent, groups } });

  it('deterministic per app and user, about the percentage, whole groups on top', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `00u${i}`);
    const routed = ids.filter((id) => engineFor(IE, moving(30), { id, groups: [] }) === IE);
    assert.ok(routed.length > 500 && routed.length < 700, String(routed.length));
    assert.equal(rolloutBucket('a', '00u1'), rolloutBucket('a', '00u1'));
    assert.notDeepEqual(ids.slice(0, 50).map((id) => rolloutBucket('a', id)), ids.slice(0, 50).map((id) => rolloutBucket('b', id)), 'each app has its own order');
    assert.equal(engineFor(IE, moving(0, ['Pilot']), { id: '00u1', groups: ['Pilot'] }), IE);
    assert.equal(engineFor(IE, moving(0, ['Pilot']), { id: '00u1', groups: [] }), 'classic');
  });

  it('Classic while the org is, while the app is pinned to it or lacks interaction_code; all Identity Engine for an app with the grant and no rollout', () => {
    const anyone = { id: '00u1', groups: [] };
    assert.equal(engineFor('classic', moving(100), anyone), 'classic');
    assert.equal(engineFor(IE, app({ engine: 'classic' }), anyone), 'classic');
    assert.equal(engineFor(IE, app({}, ['authorization_code']), anyone), 'classic');
    assert.equal(engineFor(IE, app({}), anyone), IE);
  });
});

describe('the org file says which engine its policies are for', () => {
  const problems = (text: string) => {
    try {
      parseOrgFile(text, 'org.yaml');
      return [];
    } catch (error) {
      assert.ok(error instanceof OrgFileError, String(error));
      return error.errors.map((e) => `${e.path}: ${e.message}`);
    }
  };
  const file = (engine: string, ...policies: string[]) => ['version: 1', 'org:', '  name: Org', `  engine: ${engine}`, 'apps:', '  - clientId: app1', '    label: App', '    type: browser', '    redirectUris: [http://localhost/cb]', 'policies:', ...policies].join('\n');

  it('Classic policies only in a Classic org, Identity Engine ones only outside it', () => {
    assert.deepEqual(problems(file('identity_engine', '  - { type: APP_SIGN_ON, name: A, priority: 1, conditions: { apps: { include: [app1] } } }')), ['policies[0].type: APP_SIGN_ON is a Classic policy: set org.engine to classic']);
    assert.deepEqual(problems(file('classic', '  - { type: ACCESS_POLICY, name: A, priority: 1 }')), ['policies[0].type: ACCESS_POLICY is an Identity Engine policy; a Classic org declares APP_SIGN_ON and SELF_SERVICE_REGISTRATION instead']);
    assert.deepEqual(problems(file('classic', '  - { type: APP_SIGN_ON, name: A, priority: 1, conditions: { apps: { include: [app1] } } }')), []);
  });

  it('an app\'s engine: identity_engine needs the interaction_code grant and an Identity Engine org; a rollout only with it', () => {
    const appFile = (engine: string, ...app: string[]) => ['version: 1', 'org:', '  name: Org', `  engine: ${engine}`, 'groups: [{ name: Pilot }]', 'apps:', '  - clientId: app1', '    label: App', '    type: browser', '    redirectUris: [http://localhost/cb]', ...app].join('\n');
    assert.deepEqual(problems(appFile('identity_engine', '    engine: identity_engine')), ['apps[0].engine: identity_engine needs the interaction_code grant (grantTypes)']);
    assert.deepEqual(problems(appFile('identity_engine', '    rollout: { percent: 10 }')), ['apps[0].rollout: is only for engine: identity_engine']);
    assert.deepEqual(problems(appFile('classic', '    grantTypes: [authorization_code, interaction_code]', '    engine: identity_engine')), ['apps[0].engine: a Classic org\'s apps are Classic: run "latchkey upgrade org" first']);
    assert.deepEqual(problems(appFile('identity_engine', '    grantTypes: [authorization_code, interaction_code]', '    engine: identity_engine', '    rollout: { percent: 10, groups: [Pilot, Nobody] }')), ['apps[0].rollout.groups[1]: unknown group "Nobody" (declare it under groups)']);
  });

  it('Classic shapes are checked: factor names, app names, sign-on actions, registration settings', () => {
    assert.deepEqual(problems(file('classic',
      '  - { type: MFA_ENROLL, name: E, priority: 1, settings: { type: FACTORS, factors: { okta_fax: { enroll: { self: REQUIRED } } } } }',
      '  - { type: APP_SIGN_ON, name: A, priority: 1, conditions: { apps: { include: [nope] } } }',
      '  - { type: OKTA_SIGN_ON, name: S, priority: 1, rules: [{ name: R, priority: 1, conditions: {}, actions: { signon: { factorPromptMode: SOMETIMES } } }] }',
      '  - { type: SELF_SERVICE_REGISTRATION, name: R, priority: 1, settings: { profileAttributes: [] } }',
    )).sort(), [
      'policies[0].settings.factors: Unrecognized key: "okta_fax"',
      'policies[1].conditions.apps.include[0]: unknown client id "nope" (declare it under apps)',
      'policies[2].rules[0].actions.signon.factorPromptMode: Invalid option: expected one of "ALWAYS"|"SESSION"|"DEVICE"',
      'policies[3].settings.activation: Invalid input: expected object, received undefined',
      'policies[3].settings.defaultRedirect: Invalid input',
      'policies[3].settings.profileAttributes: Too small: expected array to have >=1 items',
      'policies[3].settings.targetGroups: Invalid input: expected array, received undefined',
    ]);
  });
});

describe('lineDiff', () => {
  it('keeps common lines, marks the rest', () => {
    assert.deepEqual(lineDiff(['a', 'b', 'c'], ['a', 'x', 'c', 'd']), ['  a', '+ x', '- b', '  c', '+ d']);
  });
});
