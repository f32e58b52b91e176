import { authenticatorUi } from './authenticators/index.js';
import type { EventContext } from './events.js';
import type { Values } from './idx/body.js';
import { currentAuthenticator, isError, remediations, resolveRelatesTo, topMessages } from './idx/state.js';
import type { IdxForm, IdxOption, IdxResponse } from './idx/types.js';
import type { Translator } from './i18n/translator.js';
import { choiceField, renderChoices } from './ui/choices.js';
import { gracePeriodText } from './ui/gracePeriod.js';
import { h, link } from './ui/dom.js';
import { renderFields } from './ui/fields.js';
import type { Screen } from './ui/frame.js';
import { viewFor } from './views/index.js';
import type { Ceremony, ViewContext } from './views/types.js';

/** What the person can do on a screen; the flow carries it out. */
export interface ScreenActions {
  submit(form: IdxForm, values?: Values): void;
  /** Shows another remediation of the same state (no request), or the first one again. */
  showForm(name?: string): void;
  /** Required fields left empty: nothing was sent. */
  invalid(errors: string[]): void;
}

/** Labels of the current authenticator's actions (other than poll, which the flow runs by itself). */
const ACTION_LABELS: Record<string, string> = { resend: 'email.button.resend', recover: 'forgotpassword' };

/** A state's messages: errors are announced at once, the rest politely. */
function messagesOf(response: IdxResponse, t: Translator): { errors: string[]; notices: string[] } {
  const messages = topMessages(response);
  return { errors: messages.filter(isError).map((m) => t.message(m)), notices: messages.filter((m) => !isError(m)).map((m) => t.message(m)) };
}

/** The form's authenticator: what the form (or its authenticator field) relates to, else the current one. */
function contextOf(response: IdxResponse, form: IdxForm, t: Translator): ViewContext {
  const relatesTo = form.relatesTo ?? form.value?.find((f) => f.relatesTo)?.relatesTo;
  return { response, form, t, authenticator: resolveRelatesTo(response, relatesTo) ?? currentAuthenticator(response) };
}

/** Runs the browser's part of a form (a WebAuthn ceremony), then submits what it answered; a refusal or failure is shown. */
const perform = (ceremony: Ceremony, form: IdxForm, actions: ScreenActions, t: Translator) => () =>
  void ceremony.run().then((values) => actions.submit(form, values), () => actions.invalid([t.t(ceremony.failureKey)]));

/** A remediation's own form: its fields and a submit button, its choices, or the button that runs its ceremony. */
function formContent(c: ViewContext, actions: ScreenActions): { body: Node; serverErrors: boolean } {
  const view = viewFor(c.form.name);
  if (view.waiting) return { body: h('div', { 'data-se': c.form.name }, ...view.waiting(c)), serverErrors: false };
  const ceremony = view.ceremony?.(c);
  if (ceremony) {
    const run = perform(ceremony, c.form, actions, c.t);
    const onsubmit = (event: Event) => {
      event.preventDefault();
      run();
    };
    return { body: h('form', { 'data-se': c.form.name, onsubmit }, h('button', { type: 'submit', class: 'lk-button' }, c.t.t(ceremony.buttonKey))), serverErrors: false };
  }
  const answers = view.answers?.(c);
  if (answers) {
    const buttons = answers.map((a) => h('button', { type: 'button', class: 'lk-button', onclick: () => actions.submit(c.form, a.values) }, a.label));
    return { body: h('div', { 'data-se': c.form.name }, ...buttons), serverErrors: false };
  }
  if (view.choices && choiceField(c.form)) {
    const detail = (option: IdxOption) => {
      const related = resolveRelatesTo(c.response, option.relatesTo);
      return Object.values(related?.profile ?? {})[0] ?? gracePeriodText(related?.gracePeriod, c.t);
    };
    return { body: renderChoices(c.form, (values) => actions.submit(c.form, values), detail), serverErrors: false };
  }
  const fields = renderFields(c.form.value ?? [], view.hints?.(c) ?? {}, c.t);
  const onsubmit = (event: Event) => {
    event.preventDefault();
    if (fields.validate()) actions.submit(c.form, fields.values());
    else actions.invalid([c.t.t('oform.errorbanner.title')]);
  };
  const submit = h('button', { type: 'submit', class: 'lk-button' }, view.submitLabel?.(c) ?? c.t.t('oform.next'));
  const body = h('form', { novalidate: true, 'data-se': c.form.name, onsubmit }, ...(view.content?.(c) ?? []), ...fields.nodes, submit);
  return { body, serverErrors: fields.hasServerErrors };
}

/** Resend, recover…: the current authenticator's actions, under the form. */
function authenticatorActions(c: ViewContext, actions: ScreenActions): Node[] {
  const current = currentAuthenticator(c.response);
  if (!current || viewFor(c.form.name).hidesAuthenticatorActions) return [];
  // The identify form's password (asked with the username) offers only its recovery.
  const offered = Object.entries(ACTION_LABELS).filter(([name]) => c.form.name !== 'identify' || name === 'recover');
  return offered.flatMap(([name, key]) => {
    const action = current[name as keyof typeof current] as IdxForm | undefined;
    if (!action?.href) return [];
    const prompt = name === 'resend' ? authenticatorUi(current).resendPromptKey : undefined;
    return [h('p', { class: 'lk-hint' }, prompt ? `${c.t.t(prompt)} ` : '', link(c.t.t(key), () => actions.submit(action)))];
  });
}

/** The other remediations of the state, as links: shown in place when they have fields, sent at once when not. */
function otherRemediations(response: IdxResponse, shown: IdxForm, t: Translator, actions: ScreenActions): Node[] {
  return remediations(response).filter((r) => r.name !== shown.name).flatMap((r) => {
    const view = viewFor(r.name);
    const c = contextOf(response, r, t);
    const label = view.linkLabel?.(c);
    if (!label) return [];
    const ceremony = view.ceremony?.(c);
    if (ceremony) return [link(label, perform(ceremony, r, actions, t))];
    const hasFields = r.value?.some((f) => f.visible !== false && f.mutable !== false);
    return [link(label, () => (hasFields ? actions.showForm(r.name) : actions.submit(r)))];
  });
}

/** afterRender's context, with only the keys that have a value (as Okta's widget reports it). */
const eventContext = (controller: string | null, formName: string, authenticatorKey?: string, methodType?: string): EventContext => ({
  controller, formName, ...(authenticatorKey && { authenticatorKey }), ...(methodType && { methodType }),
});

export interface StateScreen {
  screen: Screen;
  event: EventContext;
}

/** A state with remediations: `formName` (one of them), by default the first. */
export function stateScreen(response: IdxResponse, formName: string | undefined, t: Translator, hideSignOutLinkInMFA: boolean, actions: ScreenActions): StateScreen {
  const all = remediations(response);
  const form = all.find((r) => r.name === formName) ?? all[0];
  const c = contextOf(response, form, t);
  const view = viewFor(form.name);
  const { body, serverErrors } = formContent(c, actions);
  const { errors, notices } = messagesOf(response, t);
  if (errors.length === 0 && serverErrors) errors.push(t.t('oform.errorbanner.title'));

  const footer: Node[] = form === all[0] ? otherRemediations(response, form, t, actions) : [link(t.t('oform.back'), () => actions.showForm())];
  const signOutHidden = view.mfa && hideSignOutLinkInMFA;
  const cancel = response.cancel;
  if (cancel && !view.withoutSignOut && !signOutHidden) footer.push(link(t.t('goback'), () => actions.submit(cancel)));

  return {
    screen: {
      title: view.title(c),
      subtitle: view.subtitle?.(c),
      identifier: form.name === 'identify' ? undefined : response.user?.value.identifier,
      errors,
      notices,
      body: [body, ...authenticatorActions(c, actions)],
      footer,
    },
    event: eventContext(view.controller?.(c) ?? null, form.name, c.authenticator?.key, c.authenticator?.methods?.[0]?.type),
  };
}

/** Messages only, and a way to start again: a state that cannot go on, or a failure outside IDX. */
const messageScreen = (errors: string[], notices: string[], t: Translator, restart?: () => void): Screen => ({
  title: '',
  errors,
  notices,
  body: [],
  footer: restart ? [link(t.t('goback'), restart)] : [],
});

/** A state that cannot go on (expired, denied) or finished elsewhere (the magic link's other tab). */
export function terminalScreen(response: IdxResponse, t: Translator, restart?: () => void): StateScreen {
  const { errors, notices } = messagesOf(response, t);
  return { screen: messageScreen(errors, notices, t, restart), event: eventContext(null, 'terminal') };
}

/** A failure that is not an IDX state (no network, an OAuth error). */
export const failureScreen = (summary: string, t: Translator, restart?: () => void): Screen => messageScreen([summary], [], t, restart);

/** While the interaction code becomes tokens, or the browser leaves for the app. */
export const signingInScreen = (t: Translator): Screen => ({
  title: t.t('oie.success.text.signingIn.with.ellipsis'),
  errors: [],
  notices: [],
  body: [h('div', { class: 'lk-spinner', 'aria-hidden': 'true' })],
  footer: [],
});
