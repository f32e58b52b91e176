import { ION, post, WidgetError, type Answer } from '../api/http.js';
import { formBody, type Values } from './body.js';
import type { IdxForm, IdxResponse } from './types.js';

/** An IDX answer: the next state to show, and the raw answer when its status was an error. */
export interface IdxAnswer {
  response: IdxResponse;
  error?: Answer;
}

/** Every IDX answer, error or not, is a full ion state; anything else cannot be shown. */
function read(answer: Answer): IdxAnswer {
  const response = answer.responseJSON as IdxResponse | undefined;
  if (!response?.version) throw WidgetError.fromAnswer(answer);
  return { response, error: answer.status >= 400 ? answer : undefined };
}

/** POST {baseUrl}/idp/idx/introspect: the state of a new interaction or of a state handle to resume. */
export async function introspect(baseUrl: string, body: { interactionHandle: string } | { stateToken: string }): Promise<IdxAnswer> {
  return read(await post(`${baseUrl}/idp/idx/introspect`, JSON.stringify(body), { 'Content-Type': ION, Accept: ION }, true));
}

/** Submits a remediation or an action to its own href, with what the person entered. */
export async function submit(form: IdxForm, entered: Values = {}): Promise<IdxAnswer> {
  const headers = { 'Content-Type': form.accepts ?? 'application/json', Accept: ION };
  return read(await post(form.href, JSON.stringify(formBody(form.value ?? [], entered)), headers, true));
}
