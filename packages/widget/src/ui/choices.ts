import { optionBody, type Values } from '../idx/body.js';
import type { IdxField, IdxForm, IdxOption } from '../idx/types.js';
import { h } from './dom.js';

/** The field a choice form asks about: the first with options (`authenticator`). */
export const choiceField = (form: IdxForm): IdxField | undefined => form.value?.find((f) => f.options && f.visible !== false);

/**
 * A form that is one choice (select an authenticator) as a list of buttons: choosing one submits
 * it. `detail` tells apart choices of the same name (two phones: their numbers). Buttons, not radios plus a submit button: one keyboard press per choice, and each button's
 * text is its accessible name.
 */
export function renderChoices(form: IdxForm, choose: (values: Values) => void, detail: (option: IdxOption) => string | undefined): HTMLElement {
  const field = choiceField(form);
  const items = (field?.options ?? []).map((option) => {
    const more = detail(option);
    const text = h('span', {}, option.label, more && h('span', { class: 'lk-choice-detail' }, more));
    return h('li', {}, h('button', { type: 'button', class: 'lk-choice', onclick: () => choose({ [field!.name]: optionBody(option.value) }) }, text));
  });
  return h('ul', { class: 'lk-choices' }, ...items);
}
