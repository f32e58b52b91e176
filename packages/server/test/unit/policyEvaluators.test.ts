import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Policy } from '../../src/store/repositories/policies.js';
import { authenticationDecision, readsSignals, type AuthenticationRequest } from '../../src/policy/authenticationPolicy.js';
import { meetsPossession, nextChoices, sessionAsFirstFactor, stillFresh, type FactorRef, type VerifiedFactor } from '../../src/policy/assurance.js';
import {
  sessionDecision, DEFAULT_SESSION_RULES, mfaRequired, promptsEverySignIn, readsRememberedDevice, type SessionRules,
} from '../../src/policy/sessionPolicy.js';
import { asksAfterSignIn, type PostAuthPromptQuestion } from '../../src/policy/keepMeSignedIn.js';
import { explanationText } from '../../src/policy/decision.js';
import { addressMatcher, gatewayValid, networkMatch, zoneProxies, type NetworkZone } from '../../src/policy/networkZones.js';
import { ProxyTrust } from '../../src/http/proxyTrust.js';
import { durationMs } from '../../src/policy/durations.js';
import { assessRisk, networkPrefix, type RiskAssessment, type RiskLevel, type RiskSignals } from '../../src/policy/risk.js';

let ids = 0;
type RuleFields = Partial<Policy['rules'][number]>;
const policy = (type: string, { rules = [], ...fields }: Partial<Omit<Policy, 'rules'>> & { rules?: RuleFields[] }): Policy => ({
  id: `p${++ids}`, type, name: `policy ${ids}`, description: null, priority: 1, status: 'ACTIVE', conditions: {}, settings: {}, ...fields,
  rules: rules.map((r, i) => ({ id: `r${++ids}`, name: `rule ${i}`, priority: i + 1, status: 'ACTIVE' as const, conditions: {}, actions: {}, ...r })),
});

const ZONES: NetworkZone[] = [
  { id: 'nzoOffice', name: 'Office', type: 'IP', gateways: [{ type: 'CIDR', value: '10.0.0.0/8' }, { type: 'RANGE', value: '192.0.2.10-192.0.2.20' }] },
  { id: 'nzoVpn', name: 'VPN', type: 'IP', gateways: [{ type: 'CIDR', value: '2001:db8::/32' }, { type: 'CIDR', value: '198.51.100.7' }] },
];

describe('network zones', () => {
  const cases: Array<[string, Parameters<typeof networkMatch>[0], string, boolean]> = [
    ['no condition: anywhere', undefined, '203.0.113.1', true],
    ['ANYWHERE ignores the lists', { connection: 'ANYWHERE', include: ['nzoOffice'] }, '203.0.113.1', true],
    ['in a zone by CIDR', { connection: 'ZONE', include: ['nzoOffice'] }, '10.9.8.7', true],
    ['in a zone by range', { connection: 'ZONE', include: ['nzoOffice'] }, '192.0.2.15', true],
    ['just past the range', { connection: 'ZONE', include: ['nzoOffice'] }, '192.0.2.21', false],
    ['IPv4-mapped address in the zone', { connection: 'ZONE', include: ['nzoOffice'] }, '::ffff:10.1.1.1', true],
    ['IPv6 in the second zone listed', { connection: 'ZONE', include: ['nzoOffice', 'nzoVpn'] }, '2001:db8::5', true],
    ['a single address gateway', { connection: 'ZONE', include: ['nzoVpn'] }, '198.51.100.7', true],
    ['excluded zone wins over include', { connection: 'ZONE', include: ['nzoOffice'], exclude: ['nzoOffice'] }, '10.0.0.1', false],
    ['exclude only: elsewhere matches', { connection: 'ZONE', exclude: ['nzoOffice'] }, '203.0.113.1', true],
    ['a raw range still works', { include: ['10.1.0.0/16'] }, '10.1.2.3', true],
    ['an unknown zone id covers nothing', { connection: 'ZONE', include: ['nzoGone'] }, '10.0.0.1', false],
    ['a malformed address is in no zone', { connection: 'ZONE', include: ['nzoOffice'] }, 'not-an-ip', false],
  ];
  for (const [name, condition, ip, matched] of cases) it(name, () => assert.equal(networkMatch(condition, ip, ZONES).matched, matched));
  it('says why', () => {
    assert.equal(networkMatch({ connection: 'ZONE', include: ['nzoOffice'] }, '10.0.0.1', ZONES).why, '10.0.0.1 is in zone Office');
    assert.equal(networkMatch({ connection: 'ZONE', exclude: ['nzoVpn'] }, '198.51.100.7', ZONES).why, '198.51.100.7 is in excluded zone VPN');
  });
  const gateways: Array<['CIDR' | 'RANGE', string, boolean]> = [
    ['CIDR', '10.0.0.0/8', true], ['CIDR', '10.0.0.1', true], ['CIDR', '2001:db8::/129', false], ['CIDR', '10.0.0.0/x', false], ['CIDR', 'example.com', false],
    ['RANGE', '10.0.0.1-10.0.0.9', true], ['RANGE', '10.0.0.1-2001:db8::1', false], ['RANGE', '10.0.0.1', false],
  ];
  for (const [type, value, valid] of gateways) it(`gateway ${type} ${value}: ${valid ? 'valid' : 'refused'}`, () => assert.equal(gatewayValid(type, value), valid));
});

describe('durations (reauthenticateIn)', () => {
  const cases: Array<[string | undefined, number | undefined]> = [['PT2H', 7_200_000], ['PT30M', 1_800_000], ['P1D', 86_400_000], ['PT1H30M', 5_400_000], ['PT0S', 0], ['PT', undefined], ['2h', undefined], [undefined, undefined]];
  for (const [text, ms] of cases) it(`${text} → ${ms}`, () => assert.equal(durationMs(text), ms));
});

const allow = (verificationMethod: Record<string, unknown>) => ({ appSignOn: { access: 'ALLOW', verificationMethod } });
const PASSWORD = { knowledge: { types: ['password'] } };

describe('app authentication policy: conditions and actions, first match wins', () => {
  const app = policy('ACCESS_POLICY', {
    name: 'Payroll', conditions: { apps: { include: ['payroll'] } },
    rules: [
      { name: 'Outside the office', conditions: { network: { connection: 'ZONE', exclude: ['nzoOffice', 'nzoVpn'] } }, actions: { appSignOn: { access: 'DENY' } } },
      { name: 'Admins', conditions: { people: { groups: { include: ['Admins'] } } }, actions: allow({ factorMode: '2FA', reauthenticateIn: 'PT2H', constraints: [{ ...PASSWORD, possession: { phishingResistant: 'REQUIRED', hardwareProtection: 'REQUIRED' } }] }) },
      { name: 'Held a key', conditions: { authenticators: { include: ['webauthn'] } }, actions: allow({ factorMode: '1FA' }) },
      { name: 'Bob', conditions: { people: { users: { include: ['bob'] } } }, actions: allow({ factorMode: '2FA', constraints: [{ knowledge: { types: ['password'], reauthenticateIn: 'PT15M' }, possession: { userVerification: 'REQUIRED' } }] }) },
      { name: 'Everyone', actions: allow({ factorMode: '1FA', constraints: [PASSWORD] }) },
      { name: 'Never reached', actions: { appSignOn: { access: 'DENY' } } },
    ],
  });
  const request = (over: Partial<AuthenticationRequest>): AuthenticationRequest => ({
    clientId: 'payroll', ip: '10.0.0.1', zones: ZONES, verifiedKeys: [], device: { known: true }, risk: { level: 'LOW', reasons: [] }, ...over,
  });
  const cases: Array<[string, Partial<AuthenticationRequest>, string | undefined, ReturnType<typeof authenticationDecision>['requirement']]> = [
    ['outside both zones: denied by the first rule', { ip: '203.0.113.9', person: { id: 'a', groups: ['Everyone', 'Admins'] } }, 'Outside the office', { access: 'DENY' }],
    ['admins in the office: password, phishing-resistant hardware key, within 2 hours', { person: { id: 'a', groups: ['Everyone', 'Admins'] } }, 'Admins', {
      access: 'ALLOW', factorMode: '2FA', requirePassword: true, excludedKeys: [], possession: { phishingResistant: true, hardwareProtected: true }, freshness: { any: 7_200_000 },
    }],
    ['a session that holds a security key: one factor', { ip: '2001:db8::1', person: { id: 'c', groups: ['Everyone'] }, verifiedKeys: ['webauthn'] }, 'Held a key', {
      access: 'ALLOW', factorMode: '1FA', requirePassword: false, excludedKeys: [],
    }],
    ['bob: password within 15 minutes and a user-verifying key', { person: { id: 'bob', groups: ['Everyone'] } }, 'Bob', {
      access: 'ALLOW', factorMode: '2FA', requirePassword: true, excludedKeys: [], possession: { userVerifying: true }, freshness: { knowledge: 900_000 },
    }],
    ['everyone else: a password; the later rule is never reached', { person: { id: 'c', groups: ['Everyone'] } }, 'Everyone', { access: 'ALLOW', factorMode: '1FA', requirePassword: true, excludedKeys: [] }],
  ];
  for (const [name, over, rule, expected] of cases) {
    it(name, () => {
      const { requirement, explanation } = authenticationDecision([app], request(over));
      assert.deepEqual(requirement, expected);
      assert.equal(explanation.rule, rule);
      assert.equal(explanation.policy, 'Payroll');
      assert.deepEqual(explanation.rules.map((r) => r.matched), [...explanation.rules.slice(0, -1).map(() => false), true], 'only the last rule tried matched');
    });
  }
  it('an inactive rule is skipped', () => {
    const withInactive = { ...app, rules: app.rules.map((r) => (r.name === 'Outside the office' ? { ...r, status: 'INACTIVE' as const } : r)) };
    assert.equal(authenticationDecision([withInactive], request({ ip: '203.0.113.9', person: { id: 'c', groups: ['Everyone'] } })).explanation.rule, 'Everyone');
  });
  it('explains each rule tried, with each condition\'s result, in one line', () => {
    const { explanation } = authenticationDecision([app], request({ person: { id: 'c', groups: ['Everyone'] } }));
    assert.equal(explanationText(explanation), 'ACCESS_POLICY "Payroll" rule "Everyone" → ALLOW 1FA, password; tried: '
      + '"Outside the office" (people yes: everyone; network no: 10.0.0.1 is in excluded zone Office), '
      + '"Admins" (people no: user c is not in group Admins), '
      + '"Held a key" (people yes: everyone; network yes: anywhere; device yes: any; riskScore yes: any; authenticators no: webauthn not verified), '
      + '"Bob" (people no: user c is not in user bob), '
      + '"Everyone" (people yes: everyone; network yes: anywhere; device yes: any; riskScore yes: any; authenticators yes: any)');
  });
  it('the device and risk signals are read only when an active rule has a device or riskScore condition', () => {
    const withRule = (conditions: Record<string, unknown>, status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE') =>
      [policy('ACCESS_POLICY', { name: 'P', rules: [{ name: 'R', status, conditions, actions: allow({ factorMode: '1FA' }) }] })];
    assert.equal(readsSignals([app]), false, 'people, network and authenticators conditions need no signals');
    assert.equal(readsSignals(withRule({ device: { known: false } })), true);
    assert.equal(readsSignals(withRule({ riskScore: { level: 'HIGH' } })), true);
    assert.equal(readsSignals(withRule({ riskScore: { level: 'ANY' } })), false, 'ANY matches every sign-in');
    assert.equal(readsSignals(withRule({ device: { known: false } }, 'INACTIVE')), false);
  });
  it('a device or riskScore condition without the signals does not match (fails closed)', () => {
    const strict = policy('ACCESS_POLICY', { name: 'Known only', rules: [{ name: 'Known device', conditions: { device: { known: true } }, actions: allow({ factorMode: '1FA' }) }] });
    const { requirement, explanation } = authenticationDecision([strict], request({ clientId: 'other', device: undefined, risk: undefined }));
    assert.deepEqual(requirement, { access: 'DENY' });
    assert.match(explanationText(explanation), /device no: not assessed/);
  });
  it('no rule matches: denied, and said so', () => {
    const strict = policy('ACCESS_POLICY', { name: 'Strict', rules: [{ name: 'Only admins', conditions: { people: { groups: { include: ['Admins'] } } }, actions: allow({ factorMode: '1FA' }) }] });
    const { requirement, explanation } = authenticationDecision([strict], request({ clientId: 'other', person: { id: 'c', groups: ['Everyone'] } }));
    assert.deepEqual(requirement, { access: 'DENY' });
    assert.match(explanationText(explanation), /^ACCESS_POLICY "Strict" no rule matched → DENY; tried: "Only admins"/);
  });
  it('no policy: the defaults, said so', () => {
    assert.equal(explanationText(authenticationDecision([], request({})).explanation), 'ACCESS_POLICY (no policy applies: defaults) → ALLOW 1FA, password');
  });
});

describe('device and risk conditions', () => {
  const RISKY = policy('ACCESS_POLICY', {
    name: 'Risky',
    rules: [
      { name: 'High risk', conditions: { riskScore: { level: 'HIGH' } }, actions: { appSignOn: { access: 'DENY' } } },
      { name: 'New device', conditions: { device: { known: false } }, actions: allow({ factorMode: '2FA' }) },
      { name: 'Medium risk', conditions: { riskScore: { level: 'MEDIUM' } }, actions: allow({ factorMode: '2FA', constraints: [PASSWORD] }) },
      { name: 'Any risk', conditions: { riskScore: { level: 'ANY' } }, actions: allow({ factorMode: '1FA' }) },
    ],
  });
  const decide = (device: { known: boolean }, risk: RiskAssessment) =>
    authenticationDecision([RISKY], { clientId: 'x', ip: '10.0.0.1', zones: [], verifiedKeys: [], device, risk }).explanation;
  const cases: Array<[string, { known: boolean }, RiskLevel, string]> = [
    ['high risk: denied first', { known: false }, 'HIGH', 'High risk'],
    ['a new device at low risk: the device rule', { known: false }, 'LOW', 'New device'],
    ['a known device at medium risk: the medium rule', { known: true }, 'MEDIUM', 'Medium risk'],
    ['a known device at low risk: ANY matches', { known: true }, 'LOW', 'Any risk'],
  ];
  for (const [name, device, level, rule] of cases) it(name, () => assert.equal(decide(device, { level, reasons: [] }).rule, rule));
  it('the risk reasons are in the explanation', () => {
    const e = decide({ known: false }, { level: 'HIGH', reasons: ['new device', 'new network 203.0.113.0/24', '5 failed attempts in 15 minutes'] });
    assert.match(explanationText(e), /"High risk" \(people yes: everyone; network yes: anywhere; device yes: any; riskScore yes: HIGH \(new device, new network 203\.0\.113\.0\/24, 5 failed attempts in 15 minutes\); authenticators yes: any\)/);
  });
});

describe('risk scorer', () => {
  const cases: Array<[string, RiskSignals, RiskAssessment]> = [
    ['nothing new: LOW', { newDevice: false, network: { prefix: '10.0.0.0/24', seen: true }, recentFailures: 0 }, { level: 'LOW', reasons: [] }],
    ['a new device alone: LOW', { newDevice: true, network: { prefix: '10.0.0.0/24', seen: true }, recentFailures: 1 }, { level: 'LOW', reasons: ['new device'] }],
    ['new device and network: MEDIUM', { newDevice: true, network: { prefix: '10.0.0.0/24', seen: false }, recentFailures: 0 }, { level: 'MEDIUM', reasons: ['new device', 'new network 10.0.0.0/24'] }],
    ['two failures and a new network: MEDIUM', { newDevice: false, network: { prefix: '10.0.0.0/24', seen: false }, recentFailures: 2 }, { level: 'MEDIUM', reasons: ['new network 10.0.0.0/24', '2 failed attempts in 15 minutes'] }],
    ['five failures on a new device: HIGH', { newDevice: true, network: { prefix: '10.0.0.0/24', seen: true }, recentFailures: 5 }, { level: 'HIGH', reasons: ['new device', '5 failed attempts in 15 minutes'] }],
    ['everything new: HIGH', { newDevice: true, network: { prefix: '10.0.0.0/24', seen: false }, recentFailures: 3 }, { level: 'HIGH', reasons: ['new device', 'new network 10.0.0.0/24', '3 failed attempts in 15 minutes'] }],
  ];
  for (const [name, signals, expected] of cases) it(name, () => assert.deepEqual(assessRisk(signals), expected));
  const prefixes: Array<[string, string]> = [
    ['203.0.113.77', '203.0.113.0/24'], ['::ffff:203.0.113.77', '203.0.113.0/24'], ['2001:db8:1:2::5', '2001:db8:1::/48'],
    ['2001:0db8::1', '2001:db8:0::/48'], ['::1', '0:0:0::/48'],
  ];
  for (const [ip, prefix] of prefixes) it(`${ip} is in ${prefix}`, () => assert.equal(networkPrefix(ip), prefix));
});

describe('assurance: possession constraints, freshness, step-up', () => {
  const pwd: FactorRef = { key: 'okta_password', factorClass: 'knowledge' };
  const email: FactorRef = { key: 'okta_email', factorClass: 'possession' };
  const passkey: FactorRef = { key: 'webauthn', factorClass: 'possession', phishingResistant: true, hardwareProtected: false, userVerifying: true };
  const hardKey: FactorRef = { ...passkey, hardwareProtected: true, userVerifying: false };
  const base = { access: 'ALLOW' as const, factorMode: '2FA' as const, requirePassword: true, excludedKeys: [] };
  const phishingResistant = { ...base, possession: { phishingResistant: true as const } };
  const cases: Array<[string, Parameters<typeof nextChoices>, ReturnType<typeof nextChoices>]> = [
    ['step-up: the session holds the password, only the key is asked', [phishingResistant, [pwd], [pwd, email, passkey]], [passkey]],
    ['step-up from nothing: the password first', [phishingResistant, [], [pwd, email, passkey]], [pwd]],
    ['a verified email does not satisfy phishing resistance', [phishingResistant, [pwd, email], [pwd, email, passkey]], [passkey]],
    ['password and key: satisfied', [phishingResistant, [pwd, passkey], [pwd, email, passkey]], 'satisfied'],
    ['no phishing-resistant authenticator enrolled: nothing can satisfy', [phishingResistant, [pwd], [pwd, email]], []],
    ['1FA with a possession constraint still needs that possession factor', [{ ...phishingResistant, factorMode: '1FA', requirePassword: false }, [pwd], [pwd, passkey]], [passkey]],
    ['hardware protection: a synced passkey does not count', [{ ...base, possession: { hardwareProtected: true } }, [pwd, passkey], [pwd, passkey, hardKey]], [hardKey]],
    ['user verification: a key without it does not count', [{ ...base, possession: { userVerifying: true } }, [pwd, hardKey], [pwd, hardKey, passkey]], [passkey]],
    ['without constraints an email is a second factor', [base, [pwd], [pwd, email, passkey]], [email, passkey]],
    // Inherence: a user-verifying possession factor is two factor types at once (Okta's biometric WebAuthn, Okta Verify).
    ['2FA without the password: a user-verifying key alone is possession and inherence', [{ ...base, requirePassword: false }, [passkey], [pwd, email, passkey]], 'satisfied'],
    ['2FA without the password: a key that did not verify the person is one factor', [{ ...base, requirePassword: false }, [hardKey], [pwd, email, hardKey]], [pwd]],
    ['2FA without the password: after an email, the password or the user-verifying key (its inherence is new)', [{ ...base, requirePassword: false }, [email], [pwd, email, passkey]], [pwd, passkey]],
    ['2FA without the password: after an email, a key that does not verify the person adds nothing', [{ ...base, requirePassword: false }, [email], [pwd, email, hardKey]], [pwd]],
    ['the password constraint still asks the password after a user-verifying key', [base, [passkey], [pwd, passkey]], [pwd]],
    ['userVerification REQUIRED (the inherence of Okta\'s API) with 2FA: the user-verifying key, and nothing more', [{ ...base, requirePassword: false, possession: { userVerifying: true } }, [passkey], [pwd, passkey]], 'satisfied'],
    ['userVerification REQUIRED: a password and a key without it do not do', [{ ...base, requirePassword: false, possession: { userVerifying: true } }, [pwd, hardKey], [pwd, hardKey, passkey]], [passkey]],
  ];
  for (const [name, args, expected] of cases) it(name, () => assert.deepEqual(nextChoices(...args), expected));

  it('meetsPossession leaves knowledge factors alone', () => assert.equal(meetsPossession(pwd, { phishingResistant: true }), true));

  const now = 10 * 3_600_000;
  const verified = [{ ...pwd, at: now - 3 * 3_600_000 }, { ...passkey, at: now - 30 * 60_000 }];
  const fresh: Array<[string, Parameters<typeof stillFresh>[0], string[]]> = [
    ['no frequency: everything counts', base, ['okta_password', 'webauthn']],
    ['every factor within 2 hours: the 3-hour-old password no longer counts', { ...base, freshness: { any: 7_200_000 } }, ['webauthn']],
    ['knowledge within 4 hours: both count', { ...base, freshness: { knowledge: 4 * 3_600_000 } }, ['okta_password', 'webauthn']],
    ['possession within 15 minutes: the key no longer counts', { ...base, freshness: { possession: 900_000 } }, ['okta_password']],
    ['PT0S: nothing from before counts', { ...base, freshness: { any: 0 } }, []],
  ];
  // The sign-in under way began after both verifications: they were made earlier (a session's).
  for (const [name, requirement, keys] of fresh) it(name, () => assert.deepEqual(stillFresh(requirement, verified, now, now - 60_000).map((v) => v.key), keys));
  it('PT0S: what this sign-in verified counts (else no sign-in could finish)', () => {
    const ownPassword = { ...pwd, at: now - 5_000 };
    assert.deepEqual(stillFresh({ ...base, freshness: { any: 0 } }, [ownPassword, ...verified], now, now - 60_000).map((v) => v.key), ['okta_password']);
  });
});

describe('global session policy: people, network zone, requireFactor, explanation', () => {
  const gsp = policy('OKTA_SIGN_ON', {
    name: 'Default',
    rules: [
      { name: 'Blocked outside', conditions: { people: { groups: { include: ['Contractors'] } }, network: { connection: 'ZONE', exclude: ['nzoOffice'] } }, actions: { signon: { access: 'DENY' } } },
      { name: 'Contractors', conditions: { people: { groups: { include: ['Contractors'] } } }, actions: { signon: { access: 'ALLOW', requireFactor: true, session: { maxSessionLifetimeMinutes: 480 } } } },
      { name: 'Off network', conditions: { network: { connection: 'ZONE', exclude: ['nzoOffice'] } }, actions: { signon: { access: 'ALLOW', requireFactor: true } } },
      { name: 'Catch-all', actions: { signon: { access: 'ALLOW', primaryFactor: 'PASSWORD_IDP', session: { usePersistentCookie: true } } } },
    ],
  });
  const contractor = { id: 'c', groups: ['Everyone', 'Contractors'] };
  const employee = { id: 'e', groups: ['Everyone'] };
  const cases: Array<[string, typeof employee, string, string, Partial<typeof DEFAULT_SESSION_RULES>]> = [
    ['a contractor outside the office: denied', contractor, '203.0.113.1', 'Blocked outside', { access: 'DENY' }],
    ['a contractor inside: MFA, eight hours', contractor, '10.0.0.1', 'Contractors', { requireFactor: true, maxSessionLifetimeMinutes: 480 }],
    ['an employee outside: MFA', employee, '203.0.113.1', 'Off network', { requireFactor: true }],
    ['an employee inside: password first, persistent cookie', employee, '10.0.0.1', 'Catch-all', { primaryFactor: 'PASSWORD_IDP', usePersistentCookie: true }],
  ];
  for (const [name, person, ip, rule, rules] of cases) {
    it(name, () => {
      const d = sessionDecision([gsp], person, { ip, zones: ZONES });
      assert.deepEqual(d.rules, { ...DEFAULT_SESSION_RULES, ...rules });
      assert.equal(d.explanation.rule, rule);
    });
  }
  it('without a request (a session refresh) network conditions are not evaluated', () => {
    assert.equal(sessionDecision([gsp], contractor).explanation.rule, 'Blocked outside');
  });
  it('reads the factor settings of the rule (Okta\'s factorPromptMode, factorLifetime in minutes, rememberDeviceByDefault)', () => {
    const device = policy('OKTA_SIGN_ON', { rules: [{ actions: { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'DEVICE', factorLifetime: 60, rememberDeviceByDefault: true } } }] });
    const d = sessionDecision([device], employee);
    assert.deepEqual(d.rules, { ...DEFAULT_SESSION_RULES, requireFactor: true, factorPromptMode: 'DEVICE', factorLifetime: 60, rememberDeviceByDefault: true });
    assert.match(explanationText(d.explanation), /→ ALLOW MFA \(per device, 60min\), /);
  });
  it('explains in one line', () => {
    assert.equal(explanationText(sessionDecision([gsp], employee, { ip: '203.0.113.1', zones: ZONES }).explanation),
      'OKTA_SIGN_ON "Default" rule "Off network" → ALLOW MFA, PASSWORD_IDP_ANY_FACTOR, idle 120min, lifetime unlimited; tried: '
      + '"Blocked outside" (people no: user e is not in group Contractors), "Contractors" (people no: user e is not in group Contractors), '
      + '"Off network" (people yes: everyone; network yes: 203.0.113.1 is in no excluded zone)');
  });
});

describe('global session policy: when MFA is asked (factorPromptMode, factorLifetime) and which devices are remembered', () => {
  const now = 10 * 3600_000;
  const minutes = (m: number) => now - m * 60_000;
  const rules = (r: Partial<SessionRules>): SessionRules => ({ ...DEFAULT_SESSION_RULES, requireFactor: true, ...r });
  const cases: Array<[string, SessionRules, number | undefined, boolean]> = [
    ['no requireFactor: never', { ...DEFAULT_SESSION_RULES, factorPromptMode: 'DEVICE', factorLifetime: 60 }, minutes(5), false],
    ['SESSION: a remembered device does not matter (once per session)', rules({ factorPromptMode: 'SESSION', factorLifetime: 60 }), minutes(5), true],
    ['ALWAYS: a remembered device does not matter', rules({ factorPromptMode: 'ALWAYS', factorLifetime: 60 }), minutes(5), true],
    ['DEVICE: a device never remembered is asked', rules({ factorPromptMode: 'DEVICE', factorLifetime: 60 }), undefined, true],
    ['DEVICE: remembered 5 minutes ago, lifetime 60: not asked', rules({ factorPromptMode: 'DEVICE', factorLifetime: 60 }), minutes(5), false],
    ['DEVICE: remembered exactly 60 minutes ago, lifetime 60: not asked yet', rules({ factorPromptMode: 'DEVICE', factorLifetime: 60 }), minutes(60), false],
    ['DEVICE: remembered 61 minutes ago, lifetime 60: asked again', rules({ factorPromptMode: 'DEVICE', factorLifetime: 60 }), minutes(61), true],
    ['DEVICE without a lifetime: always asked', rules({ factorPromptMode: 'DEVICE' }), minutes(0), true],
  ];
  for (const [name, r, rememberedAt, asked] of cases) it(name, () => assert.equal(mfaRequired(r, rememberedAt, now), asked));

  it('a remembered device is only read where it can matter: requireFactor with DEVICE and a lifetime', () => {
    assert.equal(readsRememberedDevice(rules({ factorPromptMode: 'DEVICE', factorLifetime: 60 })), true);
    assert.equal(readsRememberedDevice(rules({ factorPromptMode: 'SESSION', factorLifetime: 60 })), false);
    assert.equal(readsRememberedDevice({ ...DEFAULT_SESSION_RULES, factorPromptMode: 'DEVICE', factorLifetime: 60 }), false);
  });
});

describe('global session policy factorPromptMode ALWAYS: every sign-in proves the second factor itself', () => {
  const since = 10 * 3600_000;
  const password: VerifiedFactor = { key: 'okta_password', factorClass: 'knowledge', at: since - 60_000 };
  const email: VerifiedFactor = { key: 'okta_email', factorClass: 'possession', at: since - 30_000 };
  const passkey: VerifiedFactor = { key: 'webauthn', factorClass: 'possession', userVerifying: true, phishingResistant: true, at: since - 60_000 };
  const now = (f: VerifiedFactor): VerifiedFactor => ({ ...f, at: since + 1000 });
  const mfa = { access: 'ALLOW' as const, factorMode: '2FA' as const, requirePassword: false, excludedKeys: [] };
  const offered: FactorRef[] = [password, email, { key: 'google_otp', factorClass: 'possession' }];
  const keysOf = (c: ReturnType<typeof nextChoices>) => (c === 'satisfied' ? c : c.map((f) => f.key));
  const cases: Array<[string, VerifiedFactor[], string[] | 'satisfied']> = [
    ["a session's password and email: the password counts, the MFA is asked again (not the password)", [password, email], ['okta_email', 'google_otp']],
    ["the session's MFA in the other order: its first factor counts", [{ ...email, at: since - 90_000 }, password], ['okta_password']],
    ["a session's user-verifying passkey counts as one factor: a second one is asked", [passkey], ['okta_password']],
    ["the session's password and the email again in this sign-in: satisfied", [password, email, now(email)], 'satisfied'],
    ["no session: this sign-in's own two factors", [now(password), now(email)], 'satisfied'],
    ["no session: a user-verifying passkey of this sign-in is two factor classes", [now(passkey)], 'satisfied'],
  ];
  for (const [name, verified, expected] of cases) {
    it(name, () => assert.deepEqual(keysOf(nextChoices(mfa, sessionAsFirstFactor(verified, since), offered)), expected));
  }
  it('applies only when the rule requires MFA with ALWAYS', () => {
    const rules = (r: Partial<SessionRules>): SessionRules => ({ ...DEFAULT_SESSION_RULES, requireFactor: true, ...r });
    assert.deepEqual([rules({ factorPromptMode: 'ALWAYS' }), rules({ factorPromptMode: 'SESSION' }), rules({ factorPromptMode: 'DEVICE' }), { ...DEFAULT_SESSION_RULES, factorPromptMode: 'ALWAYS' as const }]
      .map(promptsEverySignIn), [true, false, false, false]);
  });
  it('explains ALWAYS in one line', () => {
    const always = policy('OKTA_SIGN_ON', { rules: [{ actions: { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'ALWAYS' } } }] });
    assert.match(explanationText(sessionDecision([always], { id: 'u', groups: [] }).explanation), /→ ALLOW MFA \(every sign-in\), /);
  });
});

describe('Keep me signed in after sign-in: when the "Stay signed in?" prompt is shown', () => {
  const now = 100 * 3600_000;
  const ask = (q: Partial<PostAuthPromptQuestion>) => asksAfterSignIn({ option: 'BEFORE_SIGN_IN', rule: undefined, decided: false, authenticated: true, askedAt: undefined, now, ...q });
  const allowed = { postAuth: 'ALLOWED' as const, promptEveryMs: 7 * 24 * 3600_000 };
  const cases: Array<[string, Partial<PostAuthPromptQuestion>, boolean]> = [
    ['BEFORE_SIGN_IN without a rule: never', {}, false],
    ['the rule allows it (postAuth ALLOWED): asked', { rule: allowed }, true],
    ['BEFORE_AND_AFTER_SIGN_IN without a rule: asked', { option: 'BEFORE_AND_AFTER_SIGN_IN' }, true],
    ['BEFORE_AND_AFTER_SIGN_IN, the rule refuses it (NOT_ALLOWED): never', { option: 'BEFORE_AND_AFTER_SIGN_IN', rule: { postAuth: 'NOT_ALLOWED' } }, false],
    ['NOT_ENABLED: never, whatever the rule', { option: 'NOT_ENABLED', rule: allowed }, false],
    ['already chosen on the identify form, or answered: never', { rule: allowed, decided: true }, false],
    ['a sign-in that only resumed a session: never', { rule: allowed, authenticated: false }, false],
    ['asked on this device within the frequency: not again', { rule: allowed, askedAt: now - 6 * 24 * 3600_000 }, false],
    ['asked exactly the frequency ago: again', { rule: allowed, askedAt: now - 7 * 24 * 3600_000 }, true],
    ['no frequency: asked at every sign-in', { option: 'BEFORE_AND_AFTER_SIGN_IN', askedAt: now - 1000 }, true],
  ];
  for (const [name, q, asked] of cases) it(name, () => assert.equal(ask(q), asked));

  it('reads the rule\'s appSignOn.keepMeSignedIn (Okta\'s postAuth and ISO 8601 postAuthPromptFrequency); a frequency that is no duration is none', () => {
    const request: AuthenticationRequest = { clientId: 'app', ip: '10.0.0.1', zones: [], verifiedKeys: [] };
    const requirementOf = (keepMeSignedIn: unknown) => authenticationDecision([policy('ACCESS_POLICY', { rules: [{ actions: { appSignOn: { access: 'ALLOW', keepMeSignedIn } } }] })], request).requirement;
    const ALLOW_1FA = { access: 'ALLOW', factorMode: '1FA', requirePassword: false, excludedKeys: [] };
    assert.deepEqual(requirementOf({ postAuth: 'ALLOWED', postAuthPromptFrequency: 'PT168H' }), { ...ALLOW_1FA, keepMeSignedIn: { postAuth: 'ALLOWED', promptEveryMs: 168 * 3600_000 } });
    assert.deepEqual(requirementOf({ postAuth: 'ALLOWED', postAuthPromptFrequency: 7 }), { ...ALLOW_1FA, keepMeSignedIn: { postAuth: 'ALLOWED' } });
    assert.deepEqual(requirementOf(undefined), ALLOW_1FA);
  });
});

describe('network zone proxies (Okta\'s zone `proxies`): whose X-Forwarded-For is believed', () => {
  const zones: NetworkZone[] = [
    { ...ZONES[0], proxies: [{ type: 'CIDR', value: '198.51.100.0/24' }] },
    { id: 'nzoBranch', name: 'Branch', type: 'IP', gateways: [{ type: 'CIDR', value: '172.16.0.0/12' }], proxies: [{ type: 'RANGE', value: '192.0.2.100-192.0.2.110' }] },
    { id: 'nzoPlain', name: 'Plain', type: 'IP', gateways: [{ type: 'CIDR', value: '100.64.0.0/10' }] },
  ];
  const trusts = addressMatcher(zoneProxies(zones));
  const cases: Array<[string, string, boolean]> = [
    ['a proxy of one zone', '198.51.100.7', true],
    ['a proxy of another zone (a range)', '192.0.2.105', true],
    ['IPv4-mapped IPv6 is its IPv4 address', '::ffff:198.51.100.7', true],
    ['a gateway is not a proxy', '10.1.2.3', false],
    ['just outside a range', '192.0.2.111', false],
    ['not an address', 'unknown', false],
  ];
  for (const [name, ip, trusted] of cases) it(name, () => assert.equal(trusts(ip), trusted));

  it('with the server\'s own trusted proxies: either list is believed; the zones are read as they change', () => {
    const trust = new ProxyTrust(false, ['10.9.9.9']);
    const fn = trust.trustProxy() as (address: string, hop: number) => boolean;
    assert.deepEqual([fn('10.9.9.9', 0), fn('198.51.100.7', 0)], [true, false]);
    trust.refresh(zones);
    assert.deepEqual([fn('10.9.9.9', 0), fn('198.51.100.7', 0), fn('203.0.113.5', 1)], [true, true, false]);
    trust.refresh([]);
    assert.equal(fn('198.51.100.7', 0), false);
  });
  it('--trust-proxy believes every hop, zones or not', () => assert.equal(new ProxyTrust(true).trustProxy(), true));
});
