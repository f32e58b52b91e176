import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Policy } from '../../src/store/repositories/policies.js';
import { missingAttributes, NO_PROFILE_ENROLLMENT, profileEnrollmentFor } from '../../src/policy/profileEnrollment.js';
import { EMPTY_SCHEMA, validateProfile, type FormAttribute, type UserSchema } from '../../src/policy/userSchema.js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';

let ids = 0;
const policy = (fields: Partial<Policy> & { action?: Record<string, unknown>; ruleStatus?: 'ACTIVE' | 'INACTIVE' }): Policy => {
  const { action, ruleStatus = 'ACTIVE', ...rest } = fields;
  return {
    id: `p${++ids}`, type: 'PROFILE_ENROLLMENT', name: `policy ${ids}`, description: null, priority: 1, status: 'ACTIVE', conditions: {}, settings: {},
    rules: action ? [{ id: `r${ids}`, name: 'rule', priority: 1, status: ruleStatus, conditions: {}, actions: { profileEnrollment: action } }] : [],
    ...rest,
  };
};

const schema: UserSchema = {
  properties: {
    favoriteSport: { title: 'Favorite sport', type: 'string', minLength: 1, maxLength: 50 },
    color: { title: 'Color', type: 'string', oneOf: [{ const: 'red', title: 'Red' }, { const: 'blue', title: 'Blue' }] },
    employeeCode: { title: 'Employee code', type: 'string', pattern: 'E[0-9]{4}' },
    newsletter: { title: 'Newsletter', type: 'boolean' },
    age: { title: 'Age', type: 'integer' },
  },
};

describe('profile enrollment policy (PROFILE_ENROLLMENT)', () => {
  const signUp = { access: 'ALLOW', unknownUserAction: 'REGISTER' };
  const cases: Array<[string, Policy[], string, Partial<ReturnType<typeof profileEnrollmentFor>>]> = [
    ['no policy: nobody registers (Okta default)', [], 'app', NO_PROFILE_ENROLLMENT],
    ['a rule without profileEnrollment: as no policy', [policy({ rules: [] })], 'app', NO_PROFILE_ENROLLMENT],
    ['REGISTER: registration on, Okta default form', [policy({ action: signUp })], 'app', {
      registration: true,
      attributes: [
        { name: 'email', label: 'Email', required: true, title: 'Email', type: 'string', minLength: 5, maxLength: 100, email: true },
        { name: 'firstName', label: 'First name', required: true, title: 'First name', type: 'string', minLength: 1, maxLength: 50 },
        { name: 'lastName', label: 'Last name', required: true, title: 'Last name', type: 'string', minLength: 1, maxLength: 50 },
      ],
    }],
    ['unknownUserAction DENY: no registration', [policy({ action: { ...signUp, unknownUserAction: 'DENY' } })], 'app', { registration: false }],
    ['access DENY: no registration', [policy({ action: { ...signUp, access: 'DENY' } })], 'app', { registration: false }],
    ['an inactive rule: as no policy', [policy({ action: signUp, ruleStatus: 'INACTIVE' })], 'app', NO_PROFILE_ENROLLMENT],
    ['an inactive policy: as no policy', [policy({ action: signUp, status: 'INACTIVE' })], 'app', NO_PROFILE_ENROLLMENT],
    ["the app's own policy wins over the default",
      [policy({ priority: 1, action: signUp }), policy({ priority: 2, conditions: { apps: { include: ['closed'] } }, action: { unknownUserAction: 'DENY' } })],
      'closed', { registration: false }],
    ['another app gets the default', [policy({ conditions: { apps: { include: ['closed'] } }, action: { unknownUserAction: 'DENY' } }), policy({ priority: 2, action: signUp })],
      'open', { registration: true }],
  ];
  for (const [name, policies, clientId, expected] of cases) {
    it(name, () => {
      const got = profileEnrollmentFor(policies, clientId, schema);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(got[k as keyof typeof got], v, k);
    });
  }

  it('collects the listed attributes, email always first and required, labels from the rule or the schema', () => {
    const got = profileEnrollmentFor([policy({
      action: {
        ...signUp, targetGroupIds: ['Customers'], activationRequirements: { emailVerification: true }, progressiveProfilingAction: 'ENABLED',
        preRegistrationInlineHooks: [{ inlineHookId: 'check' }],
        profileAttributes: [{ name: 'favoriteSport', required: true }, { name: 'email', label: 'Work email', required: false }, { name: 'color', label: 'Colour' }, { name: 'gone' }],
      },
    })], 'app', schema);
    assert.deepEqual(got.attributes.map((a) => [a.name, a.label, a.required]), [['email', 'Work email', true], ['favoriteSport', 'Favorite sport', true], ['color', 'Colour', false]]);
    assert.deepEqual([got.targetGroups, got.emailVerification, got.progressiveProfiling, got.inlineHookIds], [['Customers'], true, true, ['check']]);
  });

  it('progressive profiling asks the required attributes a profile lacks, only when enabled', () => {
    const action = { ...signUp, profileAttributes: [{ name: 'email', required: true }, { name: 'favoriteSport', required: true }, { name: 'color', required: false }] };
    const on = profileEnrollmentFor([policy({ action: { ...action, progressiveProfilingAction: 'ENABLED' } })], 'app', schema);
    const off = profileEnrollmentFor([policy({ action })], 'app', schema);
    assert.deepEqual(missingAttributes(on, { email: 'a@example.com', favoriteSport: '' }).map((a) => a.name), ['favoriteSport']);
    assert.deepEqual(missingAttributes(on, { email: 'a@example.com', favoriteSport: 'chess' }), []);
    assert.deepEqual(missingAttributes(off, { email: 'a@example.com' }), []);
  });
});

describe('user profile validation', () => {
  const attr = (name: string, required = false): FormAttribute => ({ ...(schema.properties[name] ?? { title: name, type: 'string' }), name, label: schema.properties[name]?.title ?? name, required });
  const email: FormAttribute = { name: 'email', label: 'Email', required: true, title: 'Email', type: 'string', minLength: 5, maxLength: 100, email: true };
  const keys = (r: ReturnType<typeof validateProfile>) => Object.fromEntries(Object.entries(r.problems).map(([k, ms]) => [k, ms.map((m) => m.key)]));
  const cases: Array<[string, FormAttribute[], Record<string, unknown>, Record<string, string[]>, Record<string, unknown>?]> = [
    ['a good profile, trimmed and typed', [email, attr('favoriteSport', true), attr('newsletter'), attr('age')],
      { email: ' ann@example.com ', favoriteSport: 'chess', newsletter: 'true', age: '42' }, {}, { email: 'ann@example.com', favoriteSport: 'chess', newsletter: true, age: 42 }],
    ['required and blank', [email], { email: '  ' }, { email: ['model.validation.field.blank'] }],
    ['optional and blank: left out', [attr('favoriteSport')], { favoriteSport: '' }, {}, {}],
    ['not an email: Okta\'s two messages', [email], { email: 'nope' }, { email: ['registration.error.invalidLoginEmail', 'registration.error.doesNotMatchPattern'] }],
    ['too long', [attr('favoriteSport')], { favoriteSport: 'x'.repeat(51) }, { favoriteSport: ['model.validation.field.string.maxLength'] }],
    ['not one of the choices', [attr('color')], { color: 'green' }, { color: ['model.validation.field.value.not.allowed'] }],
    ['pattern must match the whole value', [attr('employeeCode')], { employeeCode: 'E12345' }, { employeeCode: ['registration.error.doesNotMatchPattern'] }],
    ['wrong types', [attr('newsletter'), attr('age')], { newsletter: 'maybe', age: '4.5' }, { newsletter: ['model.validation.field.wrong.type'], age: ['model.validation.field.wrong.type'] }],
    ['a value of another type where a string goes', [attr('favoriteSport')], { favoriteSport: { $ne: 1 } }, { favoriteSport: ['model.validation.field.wrong.type'] }],
    ['attributes not asked are dropped', [email], { email: 'ann@example.com', isAdmin: true }, {}, { email: 'ann@example.com' }],
  ];
  for (const [name, attributes, submitted, problems, values] of cases) {
    it(name, () => {
      const got = validateProfile(attributes, submitted);
      assert.deepEqual(keys(got), problems);
      if (values) assert.deepEqual(got.values, values);
    });
  }
  it('an empty schema knows only the base attributes', () => {
    assert.equal(profileEnrollmentFor([policy({ action: { unknownUserAction: 'REGISTER', profileAttributes: [{ name: 'favoriteSport' }] } })], 'a', EMPTY_SCHEMA).attributes.length, 1);
  });
});

describe('org file: registration parts', () => {
  const base = { version: 1, groups: [{ name: 'Customers' }] };
  const rule = (profileEnrollment: Record<string, unknown>) => ({
    type: 'PROFILE_ENROLLMENT', name: 'Sign up', priority: 1, rules: [{ name: 'r', priority: 1, conditions: {}, actions: { profileEnrollment } }],
  });
  const problems = (doc: unknown): string[] => {
    try {
      parseOrgFile(JSON.stringify(doc), 'org.json');
      return [];
    } catch (error) {
      return String((error as Error).message).split('\n');
    }
  };
  it('accepts a full registration setup', () => {
    assert.deepEqual(problems({
      ...base,
      userSchema: { properties: { favoriteSport: { title: 'Favorite sport', type: 'string', maxLength: 50 } } },
      inlineHooks: [{ id: 'check', name: 'Check', type: 'com.okta.user.pre-registration', channel: { config: { uri: 'https://hooks.example.com/reg', authScheme: { type: 'HEADER', key: 'Authorization', value: 's3cret' } } } }],
      policies: [rule({ unknownUserAction: 'REGISTER', targetGroupIds: ['Customers'], profileAttributes: [{ name: 'favoriteSport', required: true }], preRegistrationInlineHooks: [{ inlineHookId: 'check' }] })],
    }), []);
  });
  const bad: Array<[string, unknown, RegExp]> = [
    ['an unknown group', { ...base, policies: [rule({ targetGroupIds: ['Nobody'] })] }, /unknown group "Nobody"/],
    ['an unknown attribute', { ...base, policies: [rule({ profileAttributes: [{ name: 'shoeSize' }] })] }, /unknown attribute "shoeSize"/],
    ['an unknown hook', { ...base, policies: [rule({ preRegistrationInlineHooks: [{ inlineHookId: 'x' }] })] }, /unknown inline hook "x"/],
    ['a misspelt action', { ...base, policies: [rule({ unknownUserAction: 'SIGNUP' })] }, /unknownUserAction/],
    ['a base attribute redeclared', { ...base, userSchema: { properties: { email: { title: 'E', type: 'string' } } } }, /base attributes/],
    ['length limits on a boolean', { ...base, userSchema: { properties: { ok: { title: 'OK', type: 'boolean', maxLength: 3 } } } }, /only for type string/],
    ['a bad pattern', { ...base, userSchema: { properties: { c: { title: 'C', type: 'string', pattern: '(' } } } }, /valid regular expression/],
    ['a hook that is not http', { ...base, inlineHooks: [{ id: 'h', name: 'H', type: 'com.okta.user.pre-registration', channel: { config: { uri: 'file:///etc/passwd' } } }] }, /http\(s\) URL/],
  ];
  for (const [name, doc, pattern] of bad) it(`refuses ${name}`, () => assert.match(problems(doc).join('\n'), pattern));
});
