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

type Json = any;

/** A password sign-in over IDX as a browser behind a proxy sends it (each request with X-Forwarded-For): its last status, message key and success. */
export async function signInBehindProxy(serverUrl: string, issuer: string, forwardedFor: string, clientId: string, login: string) {
  const headers = { 'content-type': 'application/ion+json; okta-version=1.0.0', accept: 'application/ion+json; okta-version=1.0.0', 'x-forwarded-for': forwardedFor };
  const post = async (path: string, body: Json) => {
    const r = await fetch(`${serverUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: r.status, json: await r.json() };
  };
  const r = await fetch(`${issuer}/v1/interact`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
    body: new URLSearchParams({ client_id: clientId, scope: 'openid', redirect_uri: TEST.redirectUri, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }),
  });
  const { stateHandle } = (await post('/idp/idx/introspect', { interactionHandle: (await r.json()).interaction_handle })).json;
  const identified = await post('/idp/idx/identify', { identifier: login, stateHandle });
  const keyOf = (a: { json: Json }) => a.json.messages?.value[0]?.i18n.key;
  if (identified.status !== 200) return { status: identified.status, key: keyOf(identified) };
  const answered = await post('/idp/idx/challenge/answer', { credentials: { passcode: TEST.password }, stateHandle });
  return { status: answered.status, key: keyOf(answered), success: answered.json.successWithInteractionCode !== undefined };
}
