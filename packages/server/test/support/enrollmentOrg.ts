import { TEST, testOrg } from './testOrg.js';

/**
 * The test org with the password asked on the identify form (global session policy primaryFactor
 * PASSWORD_IDP), plus `newPeople` in Engineering whose email is not verified yet: at sign-in the email
 * is offered to them for enrollment, optionally.
 */
export function passwordFirstOrg(newPeople: string[]) {
  const org = testOrg();
  const newPerson = (login: string) => ({ login, profile: { firstName: 'New', lastName: 'Person' }, password: TEST.password, groups: ['Engineering'], emailVerified: false });
  return {
    ...org,
    users: [...org.users, ...newPeople.map(newPerson)],
    policies: [{
      type: 'OKTA_SIGN_ON', name: 'Password with the username', priority: 1, conditions: {},
      rules: [{ name: 'Everyone', priority: 1, conditions: {}, actions: { signon: { access: 'ALLOW', primaryFactor: 'PASSWORD_IDP' } } }],
    }],
  };
}
