import type { InlineHook } from '../org/orgFile/registrationSchema.js';
import { openHookSecret } from '../org/registrationSettings.js';
import type { KeyEncryption } from '../platform/keyEncryption.js';
import { randomBase62 } from '../platform/ids.js';
import type { Message } from '../vocabulary/messages.js';
import { RegistrationMessages } from '../vocabulary/registrationMessages.js';

/** Okta's inline hook timeout; a timed-out (or 5xx, or unreachable) call is tried once more, as Okta does. */
export const HOOK_TIMEOUT_MS = 3000;
const ATTEMPTS = 2;

/** What the customer's service decided: go on with the profile (as it updated it), or deny with messages (by attribute where it named one). */
export type HookDecision =
  | { allowed: true; profile: Record<string, unknown> }
  | { allowed: false; messages: Message[]; fieldMessages: Record<string, Message[]> };

interface HookRequest {
  hook: InlineHook;
  sealing: KeyEncryption;
  baseUrl: string;
  ip: string;
  /** When the request is made (the platform clock's). */
  now: number;
  userProfile: Record<string, unknown>;
  timeoutMs?: number;
}

/**
 * Calls a registration inline hook (com.okta.user.pre-registration) with Okta's request body and
 * reads Okta's response: `commands` of type `com.okta.action.update` ({ registration: DENY }) and
 * `com.okta.user.profile.update` (attribute values to set), or `error` ({ errorSummary, errorCauses
 * with location `data.userProfile.<attribute>` }). A hook that cannot be reached, times out twice,
 * or answers anything but a 2xx JSON body denies the registration (fails closed: nobody is created
 * without the check the org asked for).
 */
export async function callRegistrationHook(r: HookRequest): Promise<HookDecision> {
  const { config } = r.hook.channel;
  const secret = openHookSecret(r.hook, r.sealing);
  const headers: Record<string, string> = {
    ...Object.fromEntries(config.headers.map((h) => [h.key, h.value])),
    ...(secret && { [secret.key]: secret.value }),
    Accept: 'application/json', 'Content-Type': 'application/json',
  };
  const body = JSON.stringify({
    eventId: randomBase62(22), eventTime: new Date(r.now).toISOString(), eventType: 'com.okta.user.pre-registration', eventTypeVersion: '1.0',
    contentType: 'application/json', cloudEventVersion: '0.1', source: `${r.baseUrl}/api/v1/inlineHooks/${r.hook.id}`,
    requestType: 'self.service.registration',
    data: { context: { request: { method: 'POST', url: { value: '/idp/idx/enroll/new' }, ipAddress: r.ip } }, userProfile: r.userProfile, action: 'ALLOW' },
  });
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const answer = await post(config.uri, headers, body, r.timeoutMs ?? HOOK_TIMEOUT_MS);
    if (answer === 'retry') continue;
    if (answer === 'failed') break;
    return decisionOf(answer, r.userProfile);
  }
  return { allowed: false, messages: [RegistrationMessages.hookFailed], fieldMessages: {} };
}

/** One call: the parsed body of a 2xx answer, 'retry' (timeout, network error, 5xx) or 'failed' (anything else; redirects are not followed). */
async function post(uri: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<unknown> {
  try {
    const res = await fetch(uri, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    if (res.status >= 500) return 'retry';
    if (res.status < 200 || res.status >= 300) return 'failed';
    return await res.json().catch(() => 'failed');
  } catch {
    return 'retry';
  }
}

interface HookResponse {
  commands?: Array<{ type?: string; value?: Record<string, unknown> }>;
  error?: { errorSummary?: string; errorCauses?: Array<{ errorSummary?: string; location?: string }> };
}

function decisionOf(answer: unknown, profile: Record<string, unknown>): HookDecision {
  const response = (answer && typeof answer === 'object' ? answer : {}) as HookResponse;
  const commands = Array.isArray(response.commands) ? response.commands : [];
  const denied = commands.some((c) => c?.type === 'com.okta.action.update' && c.value?.registration === 'DENY');
  if (denied || response.error) return denial(response.error);
  const updates = commands.filter((c) => c?.type === 'com.okta.user.profile.update' && c.value && typeof c.value === 'object');
  return { allowed: true, profile: Object.assign({ ...profile }, ...updates.map((c) => c.value)) };
}

/** Okta shows the causes' summaries, on the attribute a cause's location names; the top-level summary alone is not shown. */
function denial(error: HookResponse['error']): HookDecision {
  const fieldMessages: Record<string, Message[]> = {};
  const messages: Message[] = [];
  for (const cause of Array.isArray(error?.errorCauses) ? error.errorCauses : []) {
    if (typeof cause?.errorSummary !== 'string' || !cause.errorSummary) continue;
    const attribute = typeof cause.location === 'string' ? /^data\.userProfile\.(\w+)$/.exec(cause.location)?.[1] : undefined;
    const message = RegistrationMessages.hookDenied(cause.errorSummary);
    if (attribute) (fieldMessages[attribute] ??= []).push(message);
    else messages.push(message);
  }
  if (messages.length === 0 && Object.keys(fieldMessages).length === 0) messages.push(RegistrationMessages.hookFailed);
  return { allowed: false, messages, fieldMessages };
}
