import type { FastifyReply } from 'fastify';
import type { Message } from '../vocabulary/messages.js';
import type { Remediation } from '../engine/remediations.js';
import type { Field, RelatesTo } from '../vocabulary/fields.js';
import type { AuthenticatorView, CurrentAuthenticatorView, Step, StepView } from '../engine/step.js';

/** Okta's IDX wire format (ion) for engine steps. Shapes follow the recorded responses in shared/reference. */
export const ION_CONTENT_TYPE = 'application/ion+json; okta-version=1.0.0';
const ACCEPTS = 'application/json; okta-version=1.0.0';
const VERSION = '1.0.0';

type Json = Record<string, unknown>;

/**
 * Sends an ion body with exactly Okta's media type. A serializer of our own keeps Fastify from
 * rewriting the header (it would quote the version and add a charset).
 */
export function sendIon(reply: FastifyReply, status: number, body: Json): FastifyReply {
  return reply.code(status).header('Content-Type', ION_CONTENT_TYPE).serializer(JSON.stringify).send(body);
}

const stateHandleField = (stateHandle: string): Json => ({ name: 'stateHandle', required: true, value: stateHandle, visible: false, mutable: false });

function messagesOf(messages: Message[]): Json {
  return {
    type: 'array',
    value: messages.map((m) => ({ message: m.text, i18n: { key: m.key, ...(m.params && { params: m.params }) }, class: m.class })),
  };
}

function field(f: Field, relatesTo: (r: RelatesTo) => string): Json {
  return {
    name: f.name,
    ...(f.label !== undefined && { label: f.label }),
    ...(f.type !== undefined && { type: f.type }),
    ...(f.value !== undefined && { value: f.value }),
    ...(f.required !== undefined && { required: f.required }),
    ...(f.secret && { secret: true }),
    ...(f.visible !== undefined && { visible: f.visible }),
    ...(f.mutable !== undefined && { mutable: f.mutable }),
    ...(f.form && { form: { value: f.form.map((x) => field(x, relatesTo)) } }),
    ...(f.options && {
      options: f.options.map((o) => ('value' in o ? o : {
        label: o.label,
        value: { form: { value: o.form.map((x) => field(x, relatesTo)) } },
        ...(o.relatesTo && { relatesTo: relatesTo(o.relatesTo) }),
      })),
    }),
    ...(f.minLength !== undefined && { minLength: f.minLength }),
    ...(f.maxLength !== undefined && { maxLength: f.maxLength }),
    ...(f.messages?.length && { messages: messagesOf(f.messages) }),
  };
}

function form(baseUrl: string, stateHandle: string, r: Remediation, relatesTo: (r: RelatesTo) => string): Json {
  return {
    rel: ['create-form'],
    name: r.name,
    ...(r.relatesTo && { relatesTo: [relatesTo(r.relatesTo)] }),
    href: `${baseUrl}${r.path}`,
    method: 'POST',
    produces: ION_CONTENT_TYPE,
    ...(r.refresh !== undefined && { refresh: r.refresh }),
    value: [...r.fields.map((f) => field(f, relatesTo)), stateHandleField(stateHandle)],
    accepts: ACCEPTS,
  };
}

/** An enrollment as Okta lists it: the user's enrollment id (the authenticator's id goes in select options). */
const enrollment = (a: AuthenticatorView): Json => ({
  type: a.type, key: a.key, id: a.enrollmentId, displayName: a.displayName, methods: a.methods, ...(a.profile && { profile: a.profile }), ...a.details,
});

/** An authenticator offered for enrollment: the authenticator's own id. */
const authenticator = (a: AuthenticatorView): Json => ({
  type: a.type, key: a.key, id: a.id, displayName: a.displayName, methods: a.methods, ...(a.gracePeriod && { gracePeriod: a.gracePeriod }),
});

/** Okta names it the current authenticator (not enrollment) while it is enrolled, answered on another device, or no enrollment of the user's. */
const namedCurrentAuthenticator = (a: CurrentAuthenticatorView): boolean => a.enrolling === true || a.answeredElsewhere === true || a.notEnrollment === true;

/** The authenticator being challenged or enrolled, with its actions (resend, poll) as forms, as Okta nests them. */
function currentAuthenticator(a: CurrentAuthenticatorView, baseUrl: string, stateHandle: string, relatesTo: (r: RelatesTo) => string): Json {
  const action = (name: string, path: string) => form(baseUrl, stateHandle, { name, path, fields: [] }, relatesTo);
  return {
    ...(a.contextualData && { contextualData: a.contextualData }),
    ...(a.resend && { resend: action('resend', '/idp/idx/challenge/resend') }),
    ...(a.recover && { recover: action('recover', '/idp/idx/recover') }),
    ...(a.pollMs !== undefined && { poll: { ...action('poll', '/idp/idx/challenge/poll'), refresh: a.pollMs } }),
    ...(namedCurrentAuthenticator(a) ? authenticator(a) : enrollment(a)),
    ...(a.settings && { settings: a.settings }),
  };
}

/** A step as Okta's IDX response. */
export function renderStep(step: Step, baseUrl: string): Json {
  const { view, stateHandle } = step;
  const enrollments = view.authenticatorEnrollments;
  const offered = view.authenticators ?? [];
  const relatesTo = (r: RelatesTo): string => {
    if (r.to === 'currentAuthenticatorEnrollment' || r.to === 'currentAuthenticator') return `$.${r.to}`;
    if (r.to === 'object') return r.name; // as Okta writes it for its own objects, without `$.`
    if (r.to === 'authenticator') return `$.authenticators.value[${offered.findIndex((e) => e.key === r.key)}]`;
    return `$.authenticatorEnrollments.value[${enrollments.findIndex((e) => e.key === r.key && (!r.enrollmentId || e.enrollmentId === r.enrollmentId))}]`;
  };
  const current = view.current && { type: 'object', value: currentAuthenticator(view.current, baseUrl, stateHandle, relatesTo) };
  return {
    version: VERSION,
    stateHandle,
    expiresAt: new Date(view.expiresAt).toISOString(),
    intent: view.intent,
    ...(view.remediations.length > 0 && { remediation: { type: 'array', value: view.remediations.map((r) => form(baseUrl, stateHandle, r, relatesTo)) } }),
    ...(view.messages.length > 0 && { messages: messagesOf(view.messages) }),
    ...(current && (namedCurrentAuthenticator(view.current!) ? { currentAuthenticator: current } : { currentAuthenticatorEnrollment: current })),
    ...(view.recoveryAuthenticator && { recoveryAuthenticator: { type: 'object', value: { ...authenticator(view.recoveryAuthenticator), settings: view.recoveryAuthenticator.settings } } }),
    ...(offered.length > 0 && { authenticators: { type: 'array', value: offered.map(authenticator) } }),
    ...(enrollments.length > 0 && { authenticatorEnrollments: { type: 'array', value: enrollments.map(enrollment) } }),
    ...(view.user && { user: { type: 'object', value: view.user } }),
    ...Object.fromEntries(Object.entries(view.context ?? {}).map(([name, value]) => [name, { type: 'object', value }])),
    cancel: form(baseUrl, stateHandle, { name: 'cancel', path: '/idp/idx/cancel', fields: [] }, relatesTo),
    app: { type: 'object', value: view.app },
    ...(view.success && 'redirect' in view.success && {
      success: { name: 'success-redirect', href: view.success.redirect },
    }),
    ...(view.success && 'interactionCode' in view.success && {
      successWithInteractionCode: {
        rel: ['create-form'],
        name: 'issue',
        href: view.success.tokenEndpoint,
        method: 'POST',
        value: [
          { name: 'grant_type', required: true, value: 'interaction_code' },
          { name: 'interaction_code', required: true, value: view.success.interactionCode },
          { name: 'client_id', required: true, value: view.success.clientId },
          { name: 'code_verifier', required: true },
        ],
        accepts: 'application/x-www-form-urlencoded',
      },
    }),
  };
}

/** A terminal error: no remediation, only messages (the transaction cannot go on). */
export function renderTerminal(messages: Message[]): Json {
  return { version: VERSION, intent: 'LOGIN', messages: messagesOf(messages) };
}

/** Attaches field-level messages (keyed by field name) to the fields of the step's forms. */
export function withFieldMessages(view: StepView, fieldMessages: Record<string, Message[]>): StepView {
  if (Object.keys(fieldMessages).length === 0) return view;
  return {
    ...view,
    remediations: view.remediations.map((r) => ({ ...r, fields: withMessages(r.fields, fieldMessages, '') })),
  };
}

/**
 * Fields with their messages; `credentials.passcode` names the passcode field in the form of
 * `credentials`, and in each of its alternative forms (options) that has one, as Okta puts them.
 */
function withMessages(fields: Field[], fieldMessages: Record<string, Message[]>, prefix: string): Field[] {
  return fields.map((f) => {
    const path = `${prefix}${f.name}`;
    return {
      ...f,
      ...(fieldMessages[path] && { messages: fieldMessages[path] }),
      ...(f.form && { form: withMessages(f.form, fieldMessages, `${path}.`) }),
      ...(f.options && { options: f.options.map((o) => ('form' in o ? { ...o, form: withMessages(o.form, fieldMessages, `${path}.`) } : o)) }),
    };
  });
}
