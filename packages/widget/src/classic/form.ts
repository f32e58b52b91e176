import type { Values } from '../idx/body.js';
import type { IdxField } from '../idx/types.js';
import { h } from '../ui/dom.js';
import { renderFields, type FieldHint } from '../ui/fields.js';
import type { ClassicContext } from './view.js';

/** A field of a Classic form: its name in the request body, and how it is shown (label key, autofill, keyboard). */
export interface ClassicField extends FieldHint {
  name: string;
  secret?: boolean;
  /** A choice among these (a drop-down list). */
  options?: Array<{ label: string; value: string }>;
}

/** A button of the form: the first submits it (Enter), the others send the same fields their own way ("Reset via SMS"). */
export interface FormAction {
  label: string;
  submit(values: Values): void;
}

export interface ClassicFormSpec {
  fields: ClassicField[];
  actions: FormAction[];
  /** Shown above the fields (a QR code). */
  content?: Node[];
  /** What must hold before anything is sent (the two new passwords match): the error, else undefined. */
  check?(values: Values): string | undefined;
}

/**
 * A form rendered with the widget's field renderer (labels, show/hide toggles, required fields
 * flagged before anything is sent): every field is required.
 */
export function classicForm(c: ClassicContext, spec: ClassicFormSpec): HTMLFormElement {
  const described: IdxField[] = spec.fields.map(({ name, secret, options }) => ({ name, secret, options, type: 'string', required: true }));
  const hints = Object.fromEntries(spec.fields.map(({ name, secret: _secret, options: _options, ...shown }) => [name, shown]));
  const fields = renderFields(described, hints, c.t);
  const run = (action: FormAction) => {
    if (!fields.validate()) return c.act.invalid([c.t.t('oform.errorbanner.title')]);
    const values = fields.values();
    const problem = spec.check?.(values);
    if (problem) return c.act.invalid([problem]);
    action.submit(values);
  };
  const [main, ...others] = spec.actions;
  const onsubmit = (event: Event) => {
    event.preventDefault();
    run(main);
  };
  return h('form', { novalidate: true, 'data-se': 'o-form', onsubmit },
    ...(spec.content ?? []), ...fields.nodes,
    h('button', { type: 'submit', class: 'lk-button' }, main.label),
    ...others.map((action) => h('button', { type: 'button', class: 'lk-button lk-button-secondary', onclick: () => run(action) }, action.label)));
}

/** A secret answer (`answer`), under its question when known (`label`), else "Answer". */
export const answerField = (question?: string): ClassicField => ({
  name: 'answer', secret: true, autocomplete: 'off', revealKeys: { show: 'oie.challenge.answer.showAnswer', hide: 'oie.challenge.answer.hideAnswer' },
  ...(question ? { label: question } : { labelKey: 'mfa.challenge.answer.placeholder' }),
});

/** The one-time code field (`passCode`). */
export const passCodeField = (labelKey: string): ClassicField => ({ name: 'passCode', labelKey, autocomplete: 'one-time-code', inputmode: 'numeric' });
