import { TEST, testOrg } from './testOrg.js';

export const ZONES = { officeApp: 'spa-office', anywhereApp: 'spa-anywhere', contractor: 'carl@example.com' };

const browserApp = (clientId: string) => ({ clientId, label: clientId, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] });
const offNetwork = { connection: 'ZONE', exclude: ['nzoOffice'] };

/**
 * The test org with an office network zone (10.0.0.0/8): the office app is denied outside it; the
 * global session policy denies contractors outside it and asks everyone else two factors there.
 */
export function zonesOrg() {
  const base = testOrg();
  return {
    ...base,
    groups: [...base.groups, { name: 'Contractors' }],
    users: [...base.users, { login: ZONES.contractor, profile: { firstName: 'Carl', lastName: 'Contractor' }, password: TEST.password, groups: ['Engineering', 'Contractors'] }],
    apps: [...base.apps, browserApp(ZONES.officeApp), browserApp(ZONES.anywhereApp)],
    networkZones: [{ id: 'nzoOffice', name: 'Office', type: 'IP', gateways: [{ type: 'CIDR', value: '10.0.0.0/8' }] }],
    policies: [
      {
        type: 'OKTA_SIGN_ON', name: 'Global', priority: 1, conditions: {},
        rules: [
          { name: 'Contractors off the office network', priority: 1, conditions: { people: { groups: { include: ['Contractors'] } }, network: offNetwork }, actions: { signon: { access: 'DENY' } } },
          { name: 'Off the office network: MFA', priority: 2, conditions: { network: offNetwork }, actions: { signon: { access: 'ALLOW', requireFactor: true } } },
          { name: 'Office', priority: 3, conditions: {}, actions: { signon: { access: 'ALLOW' } } },
        ],
      },
      {
        type: 'ACCESS_POLICY', name: 'Office app', priority: 1, conditions: { apps: { include: [ZONES.officeApp] } },
        rules: [
          { name: 'Outside the office', priority: 1, conditions: { network: offNetwork }, actions: { appSignOn: { access: 'DENY' } } },
          { name: 'In the office', priority: 2, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] } } } },
        ],
      },
    ],
  };
}
