/**
 * The password sign-in the idx-login benchmarks make, on the wire as okta-auth-js makes it, and the
 * org it signs in to: shared by run.ts (the load) and statements.ts (the SQL each step runs).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';

export const CLIENT_ID = 'bench-spa';
export const REDIRECT_URI = 'http://localhost:3000/callback';
export const SCOPE = 'openid profile';
export const PASSWORD = 'Correct-Horse-9';
export const ION = 'application/ion+json; okta-version=1.0.0';

export const userLogin = (i: number) => `user${String(i).padStart(5, '0')}@bench.example`;
/**
 * Users the introspect transactions identify (not the login loops' users: identify is limited to 20
 * per identifier in 5 minutes). An idle server answers up to ~2000 introspects/s, one transaction per
 * 8 of them: 5 s of that alone is ~1250 identifies, so 128 users leave a margin.
 */
export const PROBE_USERS = 128;
export const probeLogin = (i: number) => `probe${String(i).padStart(3, '0')}@bench.example`;

/**
 * One SPA allowed interaction_code by the `default` server; N active users (and the probe users)
 * with the same known password, given as an argon2id hash with Latchkey's parameters so that the
 * import does not hash N passwords at start.
 */
export function benchOrg(users: number, passwordHash: string) {
  const user = (login: string, i: number) => ({ login, passwordHash, profile: { firstName: 'Bench', lastName: `User ${i}` } });
  return {
    version: 1,
    org: { name: 'Bench Org' },
    users: [...Array.from({ length: users }, (_, i) => user(userLogin(i), i)), ...Array.from({ length: PROBE_USERS }, (_, i) => user(probeLogin(i), i))],
    apps: [{ clientId: CLIENT_ID, label: 'Bench SPA', type: 'browser', redirectUris: [REDIRECT_URI], grantTypes: ['authorization_code', 'interaction_code'] }],
    authorizationServers: [{
      id: 'default', name: 'default', audiences: ['api://default'],
      policies: [{
        name: 'Default Policy', priority: 1, clients: ['ALL_CLIENTS'],
        rules: [{ name: 'Everyone signs in', priority: 1, grantTypes: ['interaction_code'], scopes: ['*'] }],
      }],
    }],
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP: node:http with keep-alive (cheaper per request than fetch; the load generator shares the cores)

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

interface Reply { status: number; body: string }

/**
 * A client address of its own for each request (the bench's server trusts X-Forwarded-For): the load
 * of many people, which the per-address limits of /interact and /token would refuse from one address.
 */
const someAddress = () => `10.${randomBytes(3).join('.')}`;

export function call(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const sent = { 'x-forwarded-for': someAddress(), ...headers, ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body)) }) };
    const req = httpRequest(url, { method, agent, headers: sent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    req.end(body);
  });
}

export type Json = Record<string, any>;

export class LoginFailure extends Error {}

export function expectJson(step: string, r: Reply, status = 200): Json {
  if (r.status !== status) throw new LoginFailure(`${step}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  try {
    return JSON.parse(r.body) as Json;
  } catch {
    throw new LoginFailure(`${step}: not JSON: ${r.body.slice(0, 300)}`);
  }
}

export const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Submits remediation `name` as okta-auth-js does: to its href, Accept its `accepts`, the form's values under the user's. */
export function submit(state: Json, name: string, values: Json): Promise<Reply> {
  const remediation = (state.remediation?.value as Json[] | undefined)?.find((r) => r.name === name);
  if (!remediation) throw new LoginFailure(`no remediation ${name}: ${JSON.stringify(state).slice(0, 300)}`);
  const defaults: Json = {};
  for (const field of remediation.value as Json[]) if (field.value !== undefined) defaults[field.name] = field.value;
  return call('POST', remediation.href, { 'content-type': 'application/json', accept: remediation.accepts }, JSON.stringify({ ...defaults, ...values }));
}

export const STEPS = ['interact', 'introspect', 'identify', 'answer', 'token'] as const;
export type StepName = (typeof STEPS)[number];

export interface Login { ms: number; steps: Record<StepName, number>; tokens: Json }

/**
 * interact (PKCE) → introspect → identify → challenge/answer → token; throws LoginFailure on
 * anything unexpected. `onStep` is told as each step ends.
 */
export async function login(base: string, user: string, onStep?: (name: StepName) => void): Promise<Login> {
  const issuer = `${base}/oauth2/default`;
  const steps = {} as Record<StepName, number>;
  const start = performance.now();
  let t = start;
  const lap = (name: StepName) => {
    const now = performance.now();
    steps[name] = now - t;
    t = now;
    onStep?.(name);
  };
  const verifier = randomBytes(32).toString('base64url');
  const interact = expectJson('interact', await call('POST', `${issuer}/v1/interact`, { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, form({
    client_id: CLIENT_ID, scope: SCOPE, redirect_uri: REDIRECT_URI, code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256', state: randomBytes(16).toString('base64url'),
  })));
  lap('interact');
  const identify = expectJson('introspect', await call('POST', `${base}/idp/idx/introspect`, { 'content-type': ION, accept: ION }, JSON.stringify({ interactionHandle: interact.interaction_handle })));
  lap('introspect');
  const challenge = expectJson('identify', await submit(identify, 'identify', { identifier: user }));
  lap('identify');
  const success = expectJson('challenge/answer', await submit(challenge, 'challenge-authenticator', { credentials: { passcode: PASSWORD } }));
  const issue = success.successWithInteractionCode as Json | undefined;
  if (!issue) throw new LoginFailure(`challenge/answer: no successWithInteractionCode: ${JSON.stringify(success).slice(0, 300)}`);
  lap('answer');
  const code = (issue.value as Json[]).find((f) => f.name === 'interaction_code')?.value as string;
  const tokens = expectJson('token', await call('POST', issue.href, { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, form({
    grant_type: 'interaction_code', interaction_code: code, client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, code_verifier: verifier,
  })));
  if (typeof tokens.access_token !== 'string' || typeof tokens.id_token !== 'string') throw new LoginFailure(`token: no access_token/id_token: ${JSON.stringify(tokens).slice(0, 300)}`);
  lap('token');
  return { ms: t - start, steps, tokens };
}
