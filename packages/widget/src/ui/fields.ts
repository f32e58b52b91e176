import { optionBody, setPath, type Values } from '../idx/body.js';
import type { IdxField } from '../idx/types.js';
import type { Translator } from '../i18n/translator.js';
import { h, uniqueId } from './dom.js';

/** How a view wants a field shown: Okta's label key (translated), autofill and keyboard hints. */
export interface FieldHint {
  labelKey?: string;
  autocomplete?: string;
  inputmode?: string;
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

function radios(path: string, label: string, field: IdxField, hint: FieldHint, t: Translator): Omit<Control, 'path' | 'required'> {
  const name = uniqueId(path);
  const inputs = (field.options ?? []).map((option, i) => {
    const id = `${name}-${i}`;
    const input = h('input', { type: 'radio', id, name, value: String(i) });
    const key = hint.optionKeys?.[String(option.value)];
    return { input, row: h('div', { class: 'lk-radio' }, input, h('label', { for: id }, key ? t.t(key) : option.label)) };
  });
  const node = h('fieldset', { class: 'lk-field' }, h('legend', { class: 'lk-legend' }, label), ...inputs.map((x) => x.row));
  const read = () => {
    const chosen = inputs.findIndex((x) => x.input.checked);
    return chosen < 0 ? undefined : optionBody(field.options![chosen].value);
  };
  return { node, read, showError: errorLine(node, node) };
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
      toggle.textContent = t.t(shown ? 'oie.password.hidePassword' : 'oie.password.showPassword');
    };
    toggle.addEventListener('click', () => set(input.type === 'password'));
    set(false);
    node.append(h('div', { class: 'lk-secret' }, input, toggle));
  }
  return { node, read: () => input.value, showError: errorLine(input, node) };
}

/**
 * Renders a form's fields generically: text, secret (password), boolean (checkbox), options
 * (radio group) and nested forms (their fields, named by path). Fields the server fixed or hid
 * are not shown; they travel in the body as they are (idx/body.ts).
 */
export function renderFields(fields: IdxField[], hints: Hints, t: Translator): RenderedFields {
  const controls: Control[] = [];
  let hasServerErrors = false;
  const walk = (list: IdxField[], prefix: string, parentRequired: boolean) => {
    for (const field of list) {
      if (field.visible === false || field.mutable === false) continue;
      const path = prefix + field.name;
      if (field.form && !field.options) {
        walk(field.form.value, `${path}.`, field.required === true);
        continue;
      }
      const hint = hints[path] ?? {};
      const label = hint.labelKey ? t.t(hint.labelKey) : field.label ?? humanize(field.name);
      const id = uniqueId(path);
      const made = field.type === 'boolean' ? checkbox(id, path, label, field)
        : field.options ? radios(path, label, field, hint, t)
          : textInput(id, path, label, field, hint, t);
      const control = { ...made, path, required: field.type !== 'boolean' && (field.required === true || parentRequired) };
      const serverMessages = field.messages?.value ?? [];
      if (serverMessages.length > 0) {
        hasServerErrors = true;
        control.showError(serverMessages.map((m) => t.message(m)).join(' '));
      }
      controls.push(control);
    }
  };
  walk(fields, '', false);
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
        const value = c.read();
        const empty = value === undefined || (typeof value === 'string' && value.trim() === '');
        c.showError(c.required && empty ? t.t('model.validation.field.blank') : undefined);
        if (c.required && empty) valid = false;
      }
      return valid;
    },
  };
}
