import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

/**
 * Raw-HTTP helpers for the IDX API, sending exactly what @okta/okta-auth-js v8 sends (see
 * shared/reference/IDX-NOTES.md): for tests that need the status line and headers, that talk to
 * more than one process, or that send what a conforming client never would.
 */

export const ION = 'application/ion+json; okta-version=1.0.0';

/** okta-auth-js names itself in this header on every request. */
const SDK_HEADER = { 'X-Okta-User-Agent-Extended': 'okta-auth-js/8.0.0 nodejs/20 (latchkey tests)' };

// The IDX wire format is loosely typed JSON; the tests walk it freely.
export type Json = any;

export interface HttpAnswer {
  status: number;
  contentType: string | null;
  json: Json;
  /** The Set-Cookie headers of the answer. */
  setCookies: string[];
}

async function answer(r: Response): Promise<HttpAnswer> {
  const text = await r.text();
  let json: Json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = { unparsable: text };
  }
  return { status: r.status, contentType: r.headers.get('content-type'), json, setCookies: r.headers.getSetCookie() };
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** A PKCE pair as okta-auth-js makes one (S256). */
export function pkce(): Pkce {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface InteractParams {
  clientId: string;
  redirectUri: string;
  scopes?: string[];
  pkce?: Pkce;
  state?: string;
  nonce?: string;
  /** Replaces or removes (undefined) any parameter, for requests a client would not send. */
  override?: Record<string, string | undefined>;
}

/** POST {issuer}/v1/interact, form-encoded. */
export async function interact(issuer: string, p: InteractParams): Promise<HttpAnswer & { pkce: Pkce }> {
  const pair = p.pkce ?? pkce();
  const params: Record<string, string | undefined> = {
    client_id: p.clientId, scope: (p.scopes ?? ['openid', 'profile', 'email', 'offline_access']).join(' '), redirect_uri: p.redirectUri,
    code_challenge: pair.challenge, code_challenge_method: 'S256', state: p.state ?? randomBytes(16).toString('hex'),
    ...(p.nonce && { nonce: p.nonce }), ...p.override,
  };
  const body = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  const r = await fetch(`${issuer}/v1/interact`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...SDK_HEADER } });
  return { ...(await answer(r)), pkce: pair };
}

/** POST {org}/idp/idx/introspect with `{ interactionHandle }` or `{ stateToken }`, ion both ways. */
export async function introspect(orgUrl: string, body: { interactionHandle: string } | { stateToken: string } | Record<string, unknown>): Promise<HttpAnswer> {
  return postIdx(`${orgUrl}/idp/idx/introspect`, body, { 'Content-Type': ION, Accept: ION });
}

/** A POST to an IDX endpoint; a string body is sent as it is (for malformed requests). */
export async function postIdx(url: string, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json; okta-version=1.0.0' }): Promise<HttpAnswer> {
  const r = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { ...SDK_HEADER, ...headers } });
  return answer(r);
}

/** The remediation form of that name in an IDX response. */
export function remediation(response: Json, name: string): Json | undefined {
  return (response?.remediation?.value ?? []).find((r: Json) => r.name === name);
}

export const remediationNames = (response: Json): string[] => (response?.remediation?.value ?? []).map((r: Json) => r.name);

/** The i18n keys of a response's top-level messages. */
export const messageKeys = (response: Json): string[] => (response?.messages?.value ?? []).map((m: Json) => m.i18n?.key);

/** Moves an href onto another process (same path), as a load balancer would route it. */
export function rehost(href: string, origin?: string): string {
  if (!origin) return href;
  const u = new URL(href);
  return `${origin}${u.pathname}${u.search}`;
}

/**
 * Submits a form (a remediation, or a top-level action such as `cancel`) the way okta-auth-js does:
 * POST to its href with `Content-Type: application/json` and `Accept:` its `accepts`; the body is
 * the defaults (mutable fields with a value), then the user's values, then every immutable field
 * with its value (this is how the stateHandle travels). `origin` sends it to another process.
 */
export async function submit(response: Json, name: string, values: Record<string, unknown> = {}, origin?: string): Promise<HttpAnswer> {
  const form = remediation(response, name) ?? (response?.[name]?.rel ? response[name] : undefined);
  if (!form) throw new Error(`no form "${name}" in ${JSON.stringify(remediationNames(response))}`);
  const defaults: Record<string, unknown> = {};
  const immutable: Record<string, unknown> = {};
  for (const field of form.value ?? []) {
    if (field.mutable === false) immutable[field.name] = field.value ?? '';
    else if (field.value) defaults[field.name] = field.value;
  }
  return postIdx(rehost(form.href, origin), { ...defaults, ...values, ...immutable }, { 'Content-Type': 'application/json', Accept: form.accepts ?? 'application/ion+json' });
}

/** The interaction code of a successful response. */
export function interactionCodeOf(response: Json): string | undefined {
  return (response?.successWithInteractionCode?.value ?? []).find((f: Json) => f.name === 'interaction_code')?.value;
}

/** POST {issuer}/v1/token, form-encoded. */
export async function token(issuer: string, params: Record<string, string>): Promise<HttpAnswer> {
  const r = await fetch(`${issuer}/v1/token`, {
    method: 'POST', body: new URLSearchParams(params), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...SDK_HEADER },
  });
  return answer(r);
}

/** The token request okta-auth-js makes with the interaction code of a finished sign-in. */
export function redeem(issuer: string, o: { clientId: string; redirectUri: string; interactionCode: string; verifier: string }): Promise<HttpAnswer> {
  return token(issuer, { client_id: o.clientId, redirect_uri: o.redirectUri, grant_type: 'interaction_code', code_verifier: o.verifier, interaction_code: o.interactionCode });
}

/** Resolves the JSONPath subset IDX uses in `relatesTo` (`$.a.b[0]`); undefined when it names nothing. */
export function resolveJsonPath(document: Json, path: string): Json | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps = path.slice(1);
  const token = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]/gy;
  let at: Json = document;
  let consumed = 0;
  for (let m = token.exec(steps); m; m = token.exec(steps)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = m[1] !== undefined ? at[m[1]] : at[Number(m[2])];
    consumed = token.lastIndex;
    if (at === undefined) return undefined;
  }
  return consumed === steps.length ? at : undefined;
}

/** Every `relatesTo` path anywhere in a response (a string, or an array of strings). */
export function relatesToPaths(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => relatesToPaths(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'relatesTo') out.push(...(Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string'));
      else relatesToPaths(value, out);
    }
  }
  return out;
}

/** The IDX state handle in the configuration the hosted sign-in page gives its widget. */
export function hostedStateToken(html: string): string {
  const match = /getSignInWidgetConfig: function \(\) \{ return (\{.*?\}); \}/.exec(html);
  if (!match) throw new Error('the page carries no widget configuration');
  return JSON.parse(match[1]).stateToken;
}

/** interact → introspect → identify → password over plain HTTP (the password must be accepted): the step after it. */
export async function passwordAnswered(issuer: string, orgUrl: string, o: { clientId: string; redirectUri: string; login: string; password: string }): Promise<Json> {
  const started = await interact(issuer, { clientId: o.clientId, redirectUri: o.redirectUri });
  const first = await introspect(orgUrl, { interactionHandle: started.json.interaction_handle });
  const identified = await submit(first.json, 'identify', { identifier: o.login });
  const answered = await submit(identified.json, 'challenge-authenticator', { credentials: { passcode: o.password } });
  assert.equal(answered.status, 200, JSON.stringify(answered.json));
  return answered.json;
}
