type Child = Node | string | false | null | undefined;
type Attributes = Record<string, string | boolean | undefined | ((event: Event) => void)>;

/**
 * Creates an element: `on…` functions become listeners, `true` attributes are set empty, `false`
 * and undefined ones are left out. Text children are text nodes, never HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== false) element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

let lastId = 0;
/** An id unique in the page (several widgets may share it). */
export const uniqueId = (hint: string): string => `lk-${++lastId}-${hint.replace(/[^\w-]/g, '-')}`;

/** A button that reads as a link (an action beside the form: "Back to sign in", "Forgot password?"). */
export const link = (label: string, onclick: () => void): HTMLButtonElement => h('button', { type: 'button', class: 'lk-link', onclick }, label);
