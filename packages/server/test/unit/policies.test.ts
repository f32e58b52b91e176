import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Policy } from '../../src/store/repositories/policies.js';
import { authenticationDecision, DEFAULT_REQUIREMENT, type AuthenticationRequest } from '../../src/policy/authenticationPolicy.js';

/** The requirement alone, for a sign-in with nothing verified yet, no network zones declared, from a known device at low risk. */
const authenticationRequirement = (policies: Policy[], request: Pick<AuthenticationRequest, 'clientId' | 'ip' | 'person'>) =>
  authenticationDecision(policies, { zones: [], verifiedKeys: [], device: { known: true }, risk: { level: 'LOW', reasons: [] }, ...request }).requirement;
import { nextChoices } from '../../src/policy/assurance.js';
import { sessionRulesFor, DEFAULT_SESSION_RULES } from '../../src/policy/sessionPolicy.js';
import { passwordSettingsFor, DEFAULT_PASSWORD_SETTINGS, NIST_PASSWORD_SETTINGS, passwordProblem, describeComplexity, type PasswordProblem } from '../../src/policy/passwordPolicy.js';
import { enrollmentRequirementsFor, DEFAULT_ENROLLMENT, disabledAuthenticators, gracePeriodsFor, type EnrollmentRequirement } from '../../src/policy/enrollmentPolicy.js';
import { enrollmentOffer, type EnrollmentOffer } from '../../src/policy/enrollmentOffer.js';
import { ASK_AGAIN_AFTER_MS, graceStanding, type GracePeriod, type GraceStanding } from '../../src/policy/enrollmentGrace.js';

let ids = 0;
type RuleFields = Partial<Policy['rules'][number]>;
const policy = (type: string, { rules = [], ...fields }: Partial<Omit<Policy, 'rules'>> & { rules?: RuleFields[] }): Policy => ({
  id: `p${++ids}`, type, name: `policy ${ids}`, description: null, priority: 1, status: 'ACTIVE', conditions: {}, settings: {}, ...fields,
  rules: rules.map((r, i) => ({ id: `r${++ids}`, name: `rule ${i}`, priority: i + 1, status: 'ACTIVE' as const, conditions: {}, actions: {}, ...r })),
});
const allow = (factorMode: '1FA' | '2FA', password = false) => ({
  appSignOn: { access: 'ALLOW', verificationMethod: { factorMode, constraints: password ? [{ knowledge: { types: ['password'] } }] : [] } },
});

describe('app authentication policy (ACCESS_POLICY)', () => {
  const appPolicy = policy('ACCESS_POLICY', {
    conditions: { apps: { include: ['app1'] } },
    rules: [
      { conditions: { network: { exclude: ['10.0.0.0/8', '2001:db8::/32'] } }, actions: { appSignOn: { access: 'DENY' } } },
      { conditions: { people: { groups: { include: ['Admins'] } } }, actions: allow('2FA', true) },
      {
        conditions: { people: { groups: { include: ['Passwordless'] } } },
        actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', constraints: [
          { possession: { authenticationMethods: [{ key: 'okta_email', method: 'email' }] }, knowledge: { excludedAuthenticationMethods: [{ key: 'okta_password' }] } },
        ] } } },
      },
      { conditions: { network: { include: ['10.1.0.0/16'] } }, actions: allow('1FA') },
    ],
  });
  const catchAll = policy('ACCESS_POLICY', { priority: 2, rules: [{ actions: allow('1FA', true) }] });
  const cases: Array<[string, Parameters<typeof authenticationRequirement>[1], ReturnType<typeof authenticationRequirement>]> = [
    ['outside the network: deny', { clientId: 'app1', ip: '192.0.2.1', person: { id: 'u', groups: ['Admins'] } }, { access: 'DENY' }],
    ['IPv4-mapped outside: deny', { clientId: 'app1', ip: '::ffff:192.0.2.1' }, { access: 'DENY' }],
    ['IPv6 outside the range: deny', { clientId: 'app1', ip: '2001:db9::1' }, { access: 'DENY' }],
    ['admins inside: password + another', { clientId: 'app1', ip: '10.2.3.4', person: { id: 'u', groups: ['Everyone', 'Admins'] } }, { access: 'ALLOW', factorMode: '2FA', requirePassword: true, excludedKeys: [] }],
    ['others in 10.1/16: any one factor', { clientId: 'app1', ip: '10.1.2.3', person: { id: 'u', groups: ['Everyone'] } }, { access: 'ALLOW', factorMode: '1FA', requirePassword: false, excludedKeys: [] }],
    ['no rule matches: deny', { clientId: 'app1', ip: '10.2.3.4', person: { id: 'u', groups: ['Everyone'] } }, { access: 'DENY' }],
    ['passwordless group: email only', { clientId: 'app1', ip: '10.2.3.4', person: { id: 'u', groups: ['Everyone', 'Passwordless'] } },
      { access: 'ALLOW', factorMode: '1FA', requirePassword: false, allowedKeys: ['okta_email'], excludedKeys: ['okta_password'] }],
    ['another app: the catch-all policy', { clientId: 'app2', ip: '192.0.2.1' }, { access: 'ALLOW', factorMode: '1FA', requirePassword: true, excludedKeys: [] }],
  ];
  for (const [name, request, expected] of cases) {
    it(name, () => assert.deepEqual(authenticationRequirement([catchAll, appPolicy], request), expected));
  }
  it('no policy at all: a password', () => assert.deepEqual(authenticationRequirement([], { clientId: 'x', ip: '127.0.0.1' }), DEFAULT_REQUIREMENT));
  it('an inactive policy is not consulted', () => {
    assert.deepEqual(authenticationRequirement([{ ...appPolicy, status: 'INACTIVE' }], { clientId: 'app1', ip: '192.0.2.1' }), DEFAULT_REQUIREMENT);
  });
  it('a malformed range matches nothing instead of failing', () => {
    const odd = policy('ACCESS_POLICY', { rules: [{ conditions: { network: { include: ['not-an-ip/99'] } }, actions: allow('1FA') }] });
    assert.deepEqual(authenticationRequirement([odd], { clientId: 'x', ip: '10.0.0.1' }), { access: 'DENY' });
  });
});

describe('assurance: what is still needed', () => {
  const pwd = { key: 'okta_password', factorClass: 'knowledge' };
  const email = { key: 'okta_email', factorClass: 'possession' };
  const question = { key: 'security_question', factorClass: 'knowledge' };
  const twoFactors: Parameters<typeof nextChoices>[0] = { access: 'ALLOW', factorMode: '2FA', requirePassword: true, excludedKeys: [] };
  const classic: Parameters<typeof nextChoices>[0] = { ...twoFactors, anySecondFactor: true };
  const cases: Array<[string, Parameters<typeof nextChoices>, ReturnType<typeof nextChoices>]> = [
    ['1FA password: asks the password', [{ access: 'ALLOW', factorMode: '1FA', requirePassword: true, excludedKeys: [] }, [], [pwd, email]], [pwd]],
    ['1FA password done', [{ access: 'ALLOW', factorMode: '1FA', requirePassword: true, excludedKeys: [] }, [pwd], [pwd, email]], 'satisfied'],
    ['1FA any: offers both', [{ access: 'ALLOW', factorMode: '1FA', requirePassword: false, excludedKeys: [] }, [], [pwd, email]], [pwd, email]],
    ['1FA any: email alone is enough', [{ access: 'ALLOW', factorMode: '1FA', requirePassword: false, excludedKeys: [] }, [email], [pwd, email]], 'satisfied'],
    ['2FA with password: password first', [{ access: 'ALLOW', factorMode: '2FA', requirePassword: true, excludedKeys: [] }, [], [pwd, email]], [pwd]],
    ['2FA with password: then another class', [{ access: 'ALLOW', factorMode: '2FA', requirePassword: true, excludedKeys: [] }, [pwd], [pwd, email]], [email]],
    ['2FA: two classes done', [{ access: 'ALLOW', factorMode: '2FA', requirePassword: false, excludedKeys: [] }, [email, pwd], [pwd, email]], 'satisfied'],
    ['2FA, only a password enrolled: nothing can satisfy it', [{ access: 'ALLOW', factorMode: '2FA', requirePassword: true, excludedKeys: [] }, [pwd], [pwd]], []],
    ['passwordless user, password required: nothing', [{ access: 'ALLOW', factorMode: '1FA', requirePassword: true, excludedKeys: [] }, [], [email]], []],
    ['email only: offers the email, not the password', [{ access: 'ALLOW', factorMode: '1FA', requirePassword: false, allowedKeys: ['okta_email'], excludedKeys: [] }, [], [pwd, email]], [email]],
    ['email only: a verified password does not count', [{ access: 'ALLOW', factorMode: '1FA', requirePassword: false, allowedKeys: ['okta_email'], excludedKeys: [] }, [pwd], [pwd, email]], [email]],
    ['password excluded: the email', [{ access: 'ALLOW', factorMode: '1FA', requirePassword: false, excludedKeys: ['okta_password'] }, [], [pwd, email]], [email]],
    // The security question is knowledge like the password: a second factor only under Classic's counting.
    ['2FA, password done: the question is not offered (one class)', [twoFactors, [pwd], [pwd, question, email]], [email]],
    ['2FA, question only besides the password: nothing can satisfy it', [twoFactors, [pwd], [pwd, question]], []],
    ['2FA, password and question verified: not two classes', [twoFactors, [pwd, question], [pwd, question]], []],
    ['Classic 2FA, password done: any other authenticator, the question included', [classic, [pwd], [pwd, question, email]], [question, email]],
    ['Classic 2FA, question only besides the password: the question', [classic, [pwd], [pwd, question]], [question]],
    ['Classic 2FA: password and question are two factors', [classic, [pwd, question], [pwd, question]], 'satisfied'],
    ['Classic 2FA: the password alone is not', [classic, [pwd], [pwd]], []],
    ['Classic 1FA: the password alone is enough', [{ ...classic, factorMode: '1FA' }, [pwd], [pwd, question]], 'satisfied'],
    ['Classic 2FA with password: password first, even with the question verified', [classic, [question], [pwd, question]], [pwd]],
  ];
  for (const [name, args, expected] of cases) it(name, () => assert.deepEqual(nextChoices(...args), expected));
});

describe('global session policy (OKTA_SIGN_ON)', () => {
  const p = policy('OKTA_SIGN_ON', {
    rules: [
      { conditions: { people: { groups: { include: ['Contractors'] } } }, actions: { signon: { access: 'ALLOW', session: { maxSessionIdleMinutes: 15, usePersistentCookie: true } } } },
      { conditions: { people: { users: { include: ['blocked'] } } }, actions: { signon: { access: 'DENY' } } },
      { actions: { signon: { access: 'ALLOW' } } },
    ],
  });
  it('contractors: short idle, persistent cookie', () => {
    assert.deepEqual(sessionRulesFor([p], { id: 'u', groups: ['Everyone', 'Contractors'] }), { ...DEFAULT_SESSION_RULES, maxSessionIdleMinutes: 15, usePersistentCookie: true });
  });
  it('a user denied by id', () => assert.equal(sessionRulesFor([p], { id: 'blocked', groups: ['Everyone'] }).access, 'DENY'));
  it('everyone else: Okta\'s defaults', () => assert.deepEqual(sessionRulesFor([p], { id: 'u', groups: ['Everyone'] }), DEFAULT_SESSION_RULES));
  it('no policy: defaults', () => assert.deepEqual(sessionRulesFor([], { id: 'u', groups: [] }), DEFAULT_SESSION_RULES));
});

describe('password policy', () => {
  const strict = policy('PASSWORD', { conditions: { people: { groups: { include: ['Admins'] } } }, settings: { password: { lockout: { maxAttempts: 3 } } } });
  it('applies to its people, merged over the defaults', () => {
    assert.deepEqual(passwordSettingsFor([strict], { id: 'u', groups: ['Admins'] }).lockout, { maxAttempts: 3, autoUnlockMinutes: 60 });
  });
  it('others get the defaults', () => assert.deepEqual(passwordSettingsFor([strict], { id: 'u', groups: ['Everyone'] }), DEFAULT_PASSWORD_SETTINGS));
  it('Okta\'s default has no common-password check', () => assert.equal(DEFAULT_PASSWORD_SETTINGS.complexity.dictionary.common.exclude, false));
  it('the NIST_800_63B preset: 15 characters, no composition rules, the blocklist on', () => {
    const nist = policy('PASSWORD', { settings: { password: { preset: 'NIST_800_63B' } } });
    assert.deepEqual(passwordSettingsFor([nist], { id: 'u', groups: ['Everyone'] }), NIST_PASSWORD_SETTINGS);
    assert.deepEqual(NIST_PASSWORD_SETTINGS.complexity, {
      minLength: 15, minLowerCase: 0, minUpperCase: 0, minNumber: 0, minSymbol: 0, excludeUsername: true, excludeAttributes: [], dictionary: { common: { exclude: true } },
    });
  });
  it('a preset\'s settings are overridden by the policy\'s own', () => {
    const withMfa = policy('PASSWORD', { settings: { password: { preset: 'NIST_800_63B', complexity: { minLength: 8 } } } });
    assert.deepEqual(passwordSettingsFor([withMfa], undefined).complexity, { ...NIST_PASSWORD_SETTINGS.complexity, minLength: 8 });
  });
});

describe('password complexity', () => {
  const rules = { ...DEFAULT_PASSWORD_SETTINGS.complexity, minSymbol: 1, excludeAttributes: ['firstName'] };
  const profile = { login: 'ada.lovelace@example.com', firstName: 'Augusta' };
  const cases: Array<[string, boolean]> = [
    ['Correct-Horse-9', true],
    ['Short-9', false], // length
    ['correct-horse-9', false], // no uppercase
    ['CORRECT-HORSE-9', false], // no lowercase
    ['Correct-Horse-X', false], // no number
    ['CorrectHorse99', false], // no symbol
    ['Ada.Lovelace-77', false], // the username's local part
    ['My-augusta-pass-1', false], // an excluded attribute
    ['Ünïcode-Pässwort-1', true],
    ['Ａｄａ．Ｌｏｖｅｌａｃｅ-７７', false], // fullwidth: NFKC makes it the username's local part
    ['Pass-9\u{1D7CE}\u{1D7CF}', true], // 8 code points once normalised (𝟎𝟏 → 01), though 10 UTF-16 units
    ['Pas-9\u{1D7CE}\u{1D7CF}', false], // 7 code points
  ];
  for (const [password, ok] of cases) {
    it(`${password}: ${ok ? 'meets' : 'breaks'} the rules`, () => assert.equal(passwordProblem(password, rules, profile), ok ? null : 'requirementsNotMet'));
  }
  it('is worded as Okta words it', () => assert.equal(
    describeComplexity(DEFAULT_PASSWORD_SETTINGS.complexity),
    'Password requirements: at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of your username.',
  ));
});

describe('common passwords (complexity.dictionary.common.exclude)', () => {
  const blocklist = { ...DEFAULT_PASSWORD_SETTINGS.complexity, dictionary: { common: { exclude: true } } };
  const profile = { login: 'ada@example.com' };
  const cases: Array<[string, PasswordProblem | null]> = [
    ['Password1', 'common'],
    ['Qwerty123', 'common'],
    ['iloveyou', 'requirementsNotMet'], // the composition rules are checked first: their message lists what is missing
    ['ILoveYou1', 'common'],
    ['Ｐａｓｓｗｏｒｄ１', 'common'], // fullwidth letters and digit: "Password1" once normalised
    ['Trustno1', 'common'],
    ['Correct-Horse-9', null],
  ];
  for (const [password, problem] of cases) it(`${password}: ${problem ?? 'accepted'}`, () => assert.equal(passwordProblem(password, blocklist, profile), problem));
  it('the check is off by default', () => assert.equal(passwordProblem('Password1', DEFAULT_PASSWORD_SETTINGS.complexity, profile), null));
  it('the NIST preset: any 15 characters, no composition; common ones refused whatever their case', () => {
    const nist = NIST_PASSWORD_SETTINGS.complexity;
    assert.equal(passwordProblem('correct horse b', nist, profile), null);
    assert.equal(passwordProblem('correct horse', nist, profile), 'requirementsNotMet');
    assert.equal(passwordProblem('ILOVEYOU', { ...nist, minLength: 8 }, profile), 'common');
    assert.equal(passwordProblem('é'.repeat(64), nist, profile), null, '64 characters and more are fine');
  });
});

describe('authenticator enrollment policy (MFA_ENROLL)', () => {
  const contractors = policy('MFA_ENROLL', {
    conditions: { people: { groups: { include: ['Contractors'] } } },
    settings: { authenticators: [{ key: 'okta_email', enroll: { self: 'REQUIRED' } }, { key: 'okta_password', enroll: { self: 'NOT_ALLOWED' } }] },
  });
  it('applies to its people; authenticators it does not name are not allowed', () => assert.deepEqual(
    enrollmentRequirementsFor([contractors], { id: 'u', groups: ['Everyone', 'Contractors'] }), { okta_email: 'REQUIRED', okta_password: 'NOT_ALLOWED' },
  ));
  it('others get Okta\'s default: password required, email optional', () => assert.deepEqual(enrollmentRequirementsFor([contractors], { id: 'u', groups: ['Everyone'] }), DEFAULT_ENROLLMENT));

  type OfferInput = Parameters<typeof enrollmentOffer>[0];
  const base: OfferInput = {
    requirements: { okta_password: 'REQUIRED', okta_email: 'OPTIONAL' }, unenrolled: ['okta_email'], anythingVerified: true,
    policySatisfied: true, useful: [], enrolledInThisSignIn: false, firstSignIn: false, skipped: false,
  };
  const needs = (r: Record<string, EnrollmentRequirement>) => r;
  const OPEN_BY_DATE = { state: 'open', view: { type: 'BY_DATE_TIME', expiry: '2030-01-01T00:00:00.000Z' } } as const;
  const OPEN_BY_COUNT = { state: 'open', view: { type: 'BY_SKIP_COUNT', remainingSkips: 2 } } as const;
  /** Only `key`, required, with its grace period standing so. */
  const graced = (key: string, standing: GraceStanding): Partial<OfferInput> => ({ requirements: { [key]: 'REQUIRED' }, unenrolled: [key], grace: { [key]: standing } });
  const cases: Array<[string, Partial<OfferInput>, EnrollmentOffer]> = [
    ['nothing verified yet: nothing, whatever is required', { anythingVerified: false, requirements: needs({ okta_password: 'REQUIRED', okta_email: 'REQUIRED' }) }, { keys: [], skippable: false }],
    ['a required one: it, with the optional ones beside it', { unenrolled: ['okta_password', 'okta_email'] }, { keys: ['okta_password', 'okta_email'], skippable: false }],
    ['only optional, not the first sign-in: nothing', {}, { keys: [], skippable: false }],
    ['only optional at the first sign-in: offered, skippable', { firstSignIn: true }, { keys: ['okta_email'], skippable: true }],
    ['only optional after enrolling a required one: offered, skippable', { enrolledInThisSignIn: true }, { keys: ['okta_email'], skippable: true }],
    ['skipped: not again', { firstSignIn: true, skipped: true }, { keys: [], skippable: false }],
    ['not allowed: never', { requirements: needs({ okta_email: 'NOT_ALLOWED' }), firstSignIn: true }, { keys: [], skippable: false }],
    ['the app policy needs what is not enrolled: the useful allowed ones, not skippable', { policySatisfied: false, useful: ['okta_email'] }, { keys: ['okta_email'], skippable: false }],
    ['the app policy needs what the enrollment policy does not allow: nothing', { policySatisfied: false, useful: ['okta_email'], requirements: needs({ okta_email: 'NOT_ALLOWED' }) }, { keys: [], skippable: false }],
    ['not named by the policy: never', { requirements: {}, firstSignIn: true }, { keys: [], skippable: false }],
    ['required within its grace period: offered with skip, and the period shown', { ...graced('okta_email', OPEN_BY_DATE) }, { keys: ['okta_email'], skippable: true, grace: { okta_email: OPEN_BY_DATE.view } }],
    ['required with skips left: offered with skip, the skips left shown', { ...graced('okta_email', OPEN_BY_COUNT) }, { keys: ['okta_email'], skippable: true, grace: { okta_email: OPEN_BY_COUNT.view } }],
    ['required, its grace period over: forced', { ...graced('okta_email', { state: 'over' }) }, { keys: ['okta_email'], skippable: false }],
    ['required without a grace period: forced', { requirements: needs({ okta_email: 'REQUIRED' }), grace: {} }, { keys: ['okta_email'], skippable: false }],
    ['required within its grace period, skipped in this sign-in: not again', { ...graced('okta_email', OPEN_BY_DATE), skipped: true }, { keys: [], skippable: false }],
    ['required, this sign-in\'s skip used up its grace period: the sign-in goes on', { ...graced('okta_email', { state: 'over' }), skipped: true }, { keys: [], skippable: false }],
    ['required, skipped less than a day ago: not asked now', { ...graced('okta_email', { state: 'postponed' }) }, { keys: [], skippable: false }],
    ['one required in grace and one forced: both, not skippable, the grace shown on the first (as Okta does)', {
      requirements: needs({ okta_email: 'REQUIRED', google_otp: 'REQUIRED' }), unenrolled: ['okta_email', 'google_otp'], grace: { okta_email: OPEN_BY_DATE },
    }, { keys: ['okta_email', 'google_otp'], skippable: false, grace: { okta_email: OPEN_BY_DATE.view } }],
    ['required in grace with an optional one: both, skippable, the grace on the required one', {
      requirements: needs({ okta_email: 'REQUIRED', google_otp: 'OPTIONAL' }), unenrolled: ['okta_email', 'google_otp'], grace: { okta_email: OPEN_BY_COUNT },
    }, { keys: ['okta_email', 'google_otp'], skippable: true, grace: { okta_email: OPEN_BY_COUNT.view } }],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.deepEqual(enrollmentOffer({ ...base, ...input }), expected));
});

describe('authenticator enrollment policy: disabled authenticators and grace periods', () => {
  const everyone = policy('MFA_ENROLL', {
    settings: {
      authenticators: [
        { key: 'okta_password', enroll: { self: 'REQUIRED' } },
        { key: 'okta_email', enroll: { self: 'REQUIRED', gracePeriod: { type: 'BY_DATE_TIME', expiry: '2030-01-02T03:04:05.000Z' } } },
        { key: 'google_otp', enroll: { self: 'REQUIRED', gracePeriod: { type: 'BY_SKIP_COUNT', skipCount: 3 } } },
        { key: 'phone_number', enroll: { self: 'NOT_ALLOWED' } },
        { key: 'webauthn', enroll: { self: 'OPTIONAL', gracePeriod: { type: 'BY_SKIP_COUNT', skipCount: 3 } } },
      ],
    },
  });
  const person = { id: 'u', groups: ['Everyone'] };
  it('only authenticators set to NOT_ALLOWED by name are disabled (not those the policy leaves out)', () => {
    assert.deepEqual(disabledAuthenticators([everyone], person), ['phone_number']);
    assert.deepEqual(disabledAuthenticators([], person), [], 'Okta\'s default policy disables nothing');
  });
  it('grace periods of required authenticators, the end date in ms; an optional one has none', () => assert.deepEqual(gracePeriodsFor([everyone], person), {
    okta_email: { type: 'BY_DATE_TIME', expiry: Date.parse('2030-01-02T03:04:05.000Z') },
    google_otp: { type: 'BY_SKIP_COUNT', skipCount: 3 },
  }));

  const NOW = Date.parse('2029-06-01T00:00:00.000Z');
  const byDate: GracePeriod = { type: 'BY_DATE_TIME', expiry: NOW + 1 };
  const byCount: GracePeriod = { type: 'BY_SKIP_COUNT', skipCount: 3 };
  const longAgo = NOW - ASK_AGAIN_AFTER_MS;
  const cases: Array<[string, GracePeriod | undefined, Parameters<typeof graceStanding>[1], GraceStanding]> = [
    ['no grace period: over (enrolling is forced)', undefined, undefined, { state: 'over' }],
    ['by date, before the end: open, with the end date', byDate, undefined, { state: 'open', view: { type: 'BY_DATE_TIME', expiry: new Date(NOW + 1).toISOString() } }],
    ['by date, at the end: over', { ...byDate, expiry: NOW }, undefined, { state: 'over' }],
    ['by date, an unreadable end: over', { ...byDate, expiry: Number.NaN }, undefined, { state: 'over' }],
    ['by count, never skipped: open, every skip left', byCount, undefined, { state: 'open', view: { type: 'BY_SKIP_COUNT', remainingSkips: 3 } }],
    ['by count, skipped twice a day ago: open, one skip left', byCount, { skips: 2, lastSkippedAt: longAgo }, { state: 'open', view: { type: 'BY_SKIP_COUNT', remainingSkips: 1 } }],
    ['by count, every skip used: over', byCount, { skips: 3, lastSkippedAt: longAgo }, { state: 'over' }],
    ['skipped less than a day ago: postponed (asked once a day)', byCount, { skips: 1, lastSkippedAt: longAgo + 1 }, { state: 'postponed' }],
    ['by date, skipped less than a day ago but the end passed: over', { ...byDate, expiry: NOW - 1 }, { skips: 1, lastSkippedAt: NOW - 10 }, { state: 'over' }],
  ];
  for (const [name, period, record, expected] of cases) it(name, () => assert.deepEqual(graceStanding(period, record, NOW), expected));
});
