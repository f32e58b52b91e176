import { optionBody, setPath, type Values } from '../idx/body.js';
import type { IdxField, IdxOption } from '../idx/types.js';
import type { Translator } from '../i18n/translator.js';
import { h, uniqueId } from './dom.js';

/** How a view wants a field shown: its label (Okta's key, translated, or a text as is), autofill and keyboard hints. */
export interface FieldHint {
  labelKey?: string;
  /** A label shown as it is (the security question the answer is to). */
  label?: string;
  /** Okta's keys of the labels of the field's options, in their order (translated; the server's label where none). */
  optionLabelKeys?: string[];
  autocomplete?: string;
  inputmode?: string;
  /** The show/hide toggle's keys of a secret that is not a password (an answer). */
  revealKeys?: { show: string; hide: string };
  /** Label keys of a choice's options, by value (the server labels them in English). */
  optionKeys?: Record<string, string>;
}
/** Hints by field path (`identifier`, `credentials.passcode`). */
export type Hints = Record<string, FieldHint>;

export interface RenderedFields {
  nodes: HTMLElement[];
  /** What the person entered, nested by path. */
  values(): Values;
  /** Marks required fields left empty; false when there is one. */
  validate(): boolean;
  /** The server sent a message about one of the fields. */
  hasServerErrors: boolean;
}

interface Control {
  node: HTMLElement;
  path: string;
  required: boolean;
  read(): unknown;
  showError(text: string | undefined): void;
  /** Checks what the control holds itself (the fields of a chosen alternative); false when one is wrong. */
  validate?(): boolean;
}

export const humanize = (name: string): string => {
  const words = name.replace(/[-_.]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The field's error line, tied to `described` by aria-describedby and aria-invalid. */
function errorLine(described: HTMLElement, container: HTMLElement): (text: string | undefined) => void {
  const line = h('p', { class: 'lk-field-error', id: uniqueId('error') });
  return (text) => {
    line.textContent = text ?? '';
    if (text) {
      container.append(line);
      described.setAttribute('aria-invalid', 'true');
      described.setAttribute('aria-describedby', line.id);
    } else {
      line.remove();
      described.removeAttribute('aria-invalid');
      described.removeAttribute('aria-describedby');
    }
  };
}

function checkbox(id: string, path: string, label: string, field: IdxField): Omit<Control, 'path' | 'required'> {
  const input = h('input', { type: 'checkbox', id, name: path, checked: field.value === true });
  const node = h('div', { class: 'lk-field lk-check' }, input, h('label', { class: 'lk-label', for: id }, label));
  return { node, read: () => input.checked, showError: errorLine(input, node) };
}

/** The labels of a field's options, translated where the view names their keys. */
const optionLabels = (field: IdxField, hint: FieldHint, t: Translator): string[] =>
  (field.options ?? []).map((option, i) => {
    const key = hint.optionLabelKeys?.[i] ?? hint.optionKeys?.[String(option.value)];
    return key ? t.t(key) : option.label;
  });

/** One radio button per option; `checked`: the one chosen at first. */
function radioRows(path: string, labels: string[], checked?: number) {
  const name = uniqueId(path);
  return labels.map((label, i) => {
    const id = `${name}-${i}`;
    const input = h('input', { type: 'radio', id, name, value: String(i), checked: i === checked });
    return { input, row: h('div', { class: 'lk-radio' }, input, h('label', { for: id }, label)) };
  });
}

function radios(path: string, label: string, field: IdxField, hint: FieldHint, t: Translator): Omit<Control, 'path' | 'required'> {
  const inputs = radioRows(path, optionLabels(field, hint, t));
  const node = h('fieldset', { class: 'lk-field' }, h('legend', { class: 'lk-legend' }, label), ...inputs.map((x) => x.row));
  const read = () => {
    const chosen = inputs.findIndex((x) => x.input.checked);
    return chosen < 0 ? undefined : optionBody(field.options![chosen].value);
  };
  return { node, read, showError: errorLine(node, node) };
}

/** A string field with options (Okta's list of security questions): a drop-down list, as Okta's widget shows it. */
function dropDown(id: string, path: string, label: string, field: IdxField): Omit<Control, 'path' | 'required'> {
  const select = h('select', { class: 'lk-input', id, name: path },
    ...(field.options ?? []).map((option) => h('option', { value: String(option.value) }, option.label)));
  const node = h('div', { class: 'lk-field' }, h('label', { class: 'lk-label', for: id }, label), select);
  return { node, read: () => select.value, showError: errorLine(select, node) };
}

/** The fields of an option whose value is a form, when it has any to fill in (not a choice fixed whole, like an authenticator's id). */
function editableForm(value: unknown): IdxField[] | undefined {
  const fields = (value as { form?: { value?: IdxField[] } } | undefined)?.form?.value;
  return fields?.some((f) => f.visible !== false && f.mutable !== false) ? fields : undefined;
}

/**
 * Alternative forms (a chosen or a custom security question): a radio button each, and the fields
 * of the chosen one below. It starts on the first one the server found fault with, else the first.
 */
function alternatives(path: string, label: string, field: IdxField, hints: Hints, t: Translator): Omit<Control, 'path' | 'required'> & { hasServerErrors: boolean } {
  const forms = (field.options ?? []).map((o) => editableForm(o.value) ?? []);
  const rendered = forms.map((fields) => renderFields(fields, hints, t, `${path}.`));
  const chosenAtFirst = Math.max(0, rendered.findIndex((r) => r.hasServerErrors));
  const inputs = radioRows(path, optionLabels(field, hints[path] ?? {}, t), chosenAtFirst);
  // Only the chosen form is in the page (no second "Answer" field); the other keeps what was typed in it.
  const panels = rendered.map((r) => h('div', { class: 'lk-alternative' }, ...r.nodes));
  const shown = h('div');
  const chosen = () => inputs.findIndex((x) => x.input.checked);
  const show = () => shown.replaceChildren(panels[chosen()]);
  inputs.forEach((x) => x.input.addEventListener('change', show));
  show();
  const node = h('fieldset', { class: 'lk-field' }, h('legend', { class: 'lk-legend' }, label), ...inputs.map((x) => x.row), shown);
  const entered = (i: number) => (rendered[i].values()[field.name] ?? {}) as Values;
  return {
    node,
    read: () => ({ ...(optionBody(field.options![chosen()].value) as Values), ...entered(chosen()) }),
    showError: errorLine(node, node),
    validate: () => rendered[chosen()].validate(),
    hasServerErrors: rendered.some((r) => r.hasServerErrors),
  };
}

function textInput(id: string, path: string, label: string, field: IdxField, hint: FieldHint, t: Translator): Omit<Control, 'path' | 'required'> {
  const input = h('input', {
    class: 'lk-input', id, name: path, type: field.secret ? 'password' : 'text', autocomplete: hint.autocomplete ?? 'off',
    inputmode: hint.inputmode, spellcheck: 'false', autocapitalize: 'none', value: typeof field.value === 'string' ? field.value : undefined,
  });
  const node = h('div', { class: 'lk-field' }, h('label', { class: 'lk-label', for: id }, label));
  if (!field.secret) node.append(input);
  else {
    // A show/hide toggle on every password field (Okta's showPasswordToggleOnSignInPage, always on).
    const toggle = h('button', { type: 'button', class: 'lk-toggle', 'aria-pressed': 'false', 'aria-controls': id });
    const set = (shown: boolean) => {
      input.type = shown ? 'text' : 'password';
      toggle.setAttribute('aria-pressed', String(shown));
      const keys = hint.revealKeys ?? { show: 'oie.password.showPassword', hide: 'oie.password.hidePassword' };
      toggle.textContent = t.t(shown ? keys.hide : keys.show);
    };
    toggle.addEventListener('click', () => set(input.type === 'password'));
    set(false);
    node.append(h('div', { class: 'lk-secret' }, input, toggle));
  }
  return { node, read: () => input.value, showError: errorLine(input, node) };
}

/**
 * Okta's `display` option on a profile attribute says how to show it: a checkbox, or a choice among
 * the options it carries (a select or radio buttons). The field as the renderer reads it.
 */
function displayed(field: IdxField): IdxField {
  const only = field.options?.length === 1 ? field.options[0] : undefined;
  if (only?.label !== 'display') return field;
  const display = (only.value as { value?: { inputType?: string; options?: IdxOption[] } } | undefined)?.value ?? {};
  if (display.inputType === 'checkbox') return { ...field, type: 'boolean', options: undefined };
  if (!display.options) return { ...field, options: undefined };
  // Radio buttons: any type but string makes the renderer use them (a string with options is a drop-down list).
  return { ...field, type: display.inputType === 'radio' ? 'radio' : 'string', options: display.options };
}

/**
 * Renders a form's fields generically: text, secret (password), boolean (checkbox), options
 * (radio group) and nested forms (their fields, named by path). Fields the server fixed or hid
 * are not shown; they travel in the body as they are (idx/body.ts).
 */
export function renderFields(fields: IdxField[], hints: Hints, t: Translator, pathPrefix = ''): RenderedFields {
  const controls: Control[] = [];
  let hasServerErrors = false;
  const walk = (list: IdxField[], prefix: string, parentRequired: boolean) => {
    for (const given of list) {
      const field = displayed(given);
      if (field.visible === false || field.mutable === false) continue;
      const path = prefix + field.name;
      if (field.form && !field.options) {
        walk(field.form.value, `${path}.`, field.required === true);
        continue;
      }
      const hint = hints[path] ?? {};
      const label = hint.label ?? (hint.labelKey ? t.t(hint.labelKey) : field.label ?? humanize(field.name));
      const id = uniqueId(path);
      const alternative = field.options?.some((o) => editableForm(o.value)) ? alternatives(path, label, field, hints, t) : undefined;
      if (alternative?.hasServerErrors) hasServerErrors = true;
      const made = alternative ?? (field.type === 'boolean' ? checkbox(id, path, label, field)
        : field.options && field.type === 'string' && !hint.optionKeys ? dropDown(id, path, label, field)
          : field.options ? radios(path, label, field, hint, t)
            : textInput(id, path, label, field, hint, t));
      const control = { ...made, path, required: field.type !== 'boolean' && (field.required === true || parentRequired) };
      const serverMessages = field.messages?.value ?? [];
      if (serverMessages.length > 0) {
        hasServerErrors = true;
        control.showError(serverMessages.map((m) => t.message(m)).join(' '));
      }
      controls.push(control);
    }
  };
  walk(fields, pathPrefix, false);
  return {
    nodes: controls.map((c) => c.node),
    hasServerErrors,
    values: () => {
      const values: Values = {};
      for (const c of controls) {
        const value = c.read();
        if (value !== undefined) setPath(values, c.path, value);
      }
      return values;
    },
    validate: () => {
      let valid = true;
      for (const c of controls) {
        if (c.validate) {
          if (!c.validate()) valid = false;
          continue;
        }
        const value = c.read();
        const empty = value === undefined || (typeof value === 'string' && value.trim() === '');
        c.showError(c.required && empty ? t.t('model.validation.field.blank') : undefined);
        if (c.required && empty) valid = false;
      }
      return valid;
    },
  };
}
