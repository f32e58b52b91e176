import type { IdxField } from './types.js';

export type Values = Record<string, unknown>;

const isValues = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The body a form posts, as okta-auth-js builds it: fields the server fixed (`mutable: false`, the
 * stateHandle among them) keep their value, then what the person entered, then the form's defaults.
 * Nested forms (`credentials.passcode`) nest; fields the form does not declare are not sent.
 */
export function formBody(fields: IdxField[], entered: Values = {}): Values {
  const body: Values = {};
  for (const field of fields) {
    const given = entered[field.name];
    let value: unknown;
    if (field.mutable === false) value = field.value;
    else if (field.form && !field.options) value = formBody(field.form.value, isValues(given) ? given : {});
    else value = given ?? field.value;
    if (value !== undefined && !(isValues(value) && Object.keys(value).length === 0)) body[field.name] = value;
  }
  return body;
}

/** Sets `credentials.passcode`-style paths in a nested object. */
export function setPath(target: Values, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let at = target;
  for (const key of keys) at = (at[key] = isValues(at[key]) ? at[key] : {}) as Values;
  at[last] = value;
}

/** The body of an option whose value is a nested form (an authenticator choice); plain values as they are. */
export const optionBody = (value: unknown): unknown => {
  const form = isValues(value) && isValues(value.form) ? (value.form.value as IdxField[] | undefined) : undefined;
  return form ? formBody(form) : value;
};
