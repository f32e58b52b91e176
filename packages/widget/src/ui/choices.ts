import { optionBody, type Values } from '../idx/body.js';
import type { IdxField, IdxForm, IdxOption } from '../idx/types.js';
import { h } from './dom.js';

/** The field a choice form asks about: the first with options (`authenticator`). */
export const choiceField = (form: IdxForm): IdxField | undefined => form.value?.find((f) => f.options && f.visible !== false);

/** One choice of a list: its label, what tells it apart from a choice of the same name, and what choosing it does. */
export interface Choice {
  label: string;
  detail?: string;
  choose(): void;
}

/**
 * Choices as a list of buttons. Buttons, not radios plus a submit button: one keyboard press per
 * choice, and each button's text is its accessible name.
 */
export const choiceList = (choices: Choice[]): HTMLElement => h('ul', { class: 'lk-choices' }, ...choices.map(({ label, detail, choose }) =>
  h('li', {}, h('button', { type: 'button', class: 'lk-choice', onclick: choose }, h('span', {}, label, detail && h('span', { class: 'lk-choice-detail' }, detail))))));

/**
 * A form that is one choice (select an authenticator) as a list of buttons: choosing one submits
 * it. `detail` tells apart choices of the same name (two phones: their numbers).
 */
export function renderChoices(form: IdxForm, choose: (values: Values) => void, detail: (option: IdxOption) => string | undefined): HTMLElement {
  const field = choiceField(form);
  return choiceList((field?.options ?? []).map((option) => ({
    label: option.label, detail: detail(option), choose: () => choose({ [field!.name]: optionBody(option.value) }),
  })));
}
