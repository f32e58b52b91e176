import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEST, testOrg } from './testOrg.js';

/** Apps of the registration org, each with its own profile enrollment policy. */
export const REGISTRATION = {
  /**
   * Sign-up on (and for the test SPA), the default enrollment policy (password required, email optional); new people join Engineering.
   * Progressive profiling too: existing users are asked for favoriteSport.
   */
  open: 'reg-spa',
  /** Sign-up on, the email verified before access. */
  verified: 'reg-verified-spa',
  /** Sign-up through the registration inline hook. */
  hooked: 'reg-hook-spa',
  /** Sign-up off. */
  closed: 'reg-closed-spa',
  /** No sign-up; progressive profiling on: existing users are asked for favoriteSport once. */
  progressive: 'reg-progressive-spa',
  hookSecret: 'Bearer hook-secret-0123456789',
};

const spa = (clientId: string) => ({ clientId, label: clientId, type: 'browser', redirectUris: [TEST.redirectUri], grantTypes: ['authorization_code', 'interaction_code'] });

const attributes = [{ name: 'email', required: true }, { name: 'firstName', required: true }, { name: 'lastName', required: true }, { name: 'favoriteSport', label: 'Favorite sport', required: true }];

const profilePolicy = (clientId: string, priority: number, profileEnrollment: Record<string, unknown>, more: string[] = []) => ({
  type: 'PROFILE_ENROLLMENT', name: `Profile enrollment ${clientId}`, priority, conditions: { apps: { include: [clientId, ...more] } },
  rules: [{ name: 'Rule', priority: 1, conditions: {}, actions: { profileEnrollment } }],
});

/** The test org with the registration apps above; `hookUri`: where the registration inline hook listens. */
export function registrationOrg(hookUri: string) {
  const org = testOrg();
  const signUp = { access: 'ALLOW', unknownUserAction: 'REGISTER', targetGroupIds: ['Engineering'], profileAttributes: attributes };
  return {
    ...org,
    apps: [...org.apps, ...Object.values(REGISTRATION).filter((v) => v.startsWith('reg-')).map(spa)],
    userSchema: { properties: { favoriteSport: { title: 'Favorite sport', type: 'string', minLength: 2, maxLength: 50 } } },
    inlineHooks: [{
      id: 'registration-check', name: 'Registration check', type: 'com.okta.user.pre-registration',
      channel: { config: { uri: hookUri, headers: [{ key: 'X-Hook-Source', value: 'latchkey-test' }], authScheme: { type: 'HEADER', key: 'Authorization', value: REGISTRATION.hookSecret } } },
    }],
    policies: [
      // The widget tests' page signs in with the test SPA: sign-up is on for it too.
      profilePolicy(REGISTRATION.open, 1, { ...signUp, progressiveProfilingAction: 'ENABLED' }, [TEST.spa.clientId]),
      profilePolicy(REGISTRATION.verified, 2, { ...signUp, activationRequirements: { emailVerification: true } }),
      profilePolicy(REGISTRATION.hooked, 3, { ...signUp, preRegistrationInlineHooks: [{ inlineHookId: 'registration-check' }] }),
      profilePolicy(REGISTRATION.closed, 4, { access: 'ALLOW', unknownUserAction: 'DENY' }),
      profilePolicy(REGISTRATION.progressive, 5, { access: 'ALLOW', unknownUserAction: 'DENY', profileAttributes: attributes, progressiveProfilingAction: 'ENABLED' }),
    ],
  };
}

export interface HookCall {
  headers: IncomingMessage['headers'];
  body: { eventType: string; requestType: string; data: { userProfile: Record<string, unknown>; action: string } };
}

/**
 * The customer's registration service, on loopback. By the email's local part: `deny…` is refused
 * with a message on the email, `slow…` never answers in time, `broken…` answers 500; anyone else is
 * allowed and gets `department: Approved` set on their profile.
 */
export async function startRegistrationHook(): Promise<{ uri: string; calls: HookCall[]; stop(): Promise<void> }> {
  const calls: HookCall[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text) as HookCall['body'];
      calls.push({ headers: req.headers, body });
      const email = String(body.data.userProfile.email);
      const send = (status: number, json: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
      if (email.startsWith('slow')) return void setTimeout(() => send(200, {}), 4000);
      if (email.startsWith('broken')) return send(500, {});
      if (email.startsWith('deny')) {
        return send(200, {
          commands: [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }],
          error: { errorSummary: 'Errors were found in the user profile', errorCauses: [{ errorSummary: 'Use your company address', reason: 'INVALID_EMAIL_DOMAIN', locationType: 'body', location: 'data.userProfile.email', domain: 'end-user' }] },
        });
      }
      return send(200, { commands: [{ type: 'com.okta.user.profile.update', value: { department: 'Approved' } }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { uri: `http://127.0.0.1:${port}/registration`, calls, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
