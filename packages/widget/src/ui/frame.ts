import { h } from './dom.js';
import { installStyles } from './styles.js';
import { brandVariables } from './theme.js';

export interface Branding {
  language: string;
  logo?: string;
  logoText?: string;
  brandName?: string;
  brandColor?: string;
}

const paragraphs = (texts: string[]) => texts.map((text) => h('p', {}, text));

/** What one state shows. */
export interface Screen {
  title: string;
  subtitle?: string;
  /** Who is signing in, once identified. */
  identifier?: string;
  /** Announced at once (role="alert") and focused. */
  errors: string[];
  /** Announced politely (role="status"). */
  notices: string[];
  body: Node[];
  footer: Node[];
}

/**
 * The card: logo, title, the two live regions, the body and the footer. It stays in the page
 * while states change, so screen readers announce what changes in its live regions.
 */
export class Frame {
  readonly root: HTMLElement;
  private readonly title = h('h2', { class: 'lk-title', tabindex: '-1' });
  private readonly subtitle = h('p', { class: 'lk-subtitle' });
  private readonly identifier = h('p', { class: 'lk-identifier' });
  private readonly alert = h('div', { class: 'lk-alert', role: 'alert', tabindex: '-1' });
  private readonly status = h('div', { class: 'lk-status', role: 'status', tabindex: '-1' });
  private readonly body = h('div', { class: 'lk-body' });
  private readonly footer = h('div', { class: 'lk-footer' });

  constructor(container: Element, branding: Branding) {
    installStyles();
    const header = branding.logo
      ? h('img', { class: 'lk-logo', src: branding.logo, alt: branding.logoText ?? branding.brandName ?? '' })
      : branding.brandName && h('p', { class: 'lk-brand-name' }, branding.brandName);
    this.root = h('div', { class: 'lk-widget', lang: branding.language },
      h('div', { class: 'lk-card' },
        header && h('div', { class: 'lk-header' }, header),
        h('div', { class: 'lk-content' }, this.title, this.identifier, this.subtitle, this.alert, this.status, this.body),
        this.footer));
    if (branding.brandColor) for (const [name, value] of Object.entries(brandVariables(branding.brandColor))) this.root.style.setProperty(name, value);
    container.replaceChildren(this.root);
  }

  /** Shows a state, then moves focus: to the errors when there are some, else to the first field or button. */
  show(screen: Screen): void {
    this.setText(this.title, screen.title);
    this.setText(this.subtitle, screen.subtitle);
    this.setText(this.identifier, screen.identifier);
    this.alert.replaceChildren(...paragraphs(screen.errors));
    this.status.replaceChildren(...paragraphs(screen.notices));
    this.body.replaceChildren(...screen.body);
    this.footer.replaceChildren(...screen.footer);
    const firstControl = this.body.querySelector<HTMLElement>('input, select, textarea, button');
    const notices = screen.notices.length > 0 ? this.status : undefined;
    (screen.errors.length > 0 ? this.alert : firstControl ?? notices ?? this.title).focus();
  }

  /** Errors found before asking the server (a required field left empty). */
  showErrors(errors: string[]): void {
    this.alert.replaceChildren(...paragraphs(errors));
    this.alert.focus();
  }

  notice(text: string): void {
    this.status.replaceChildren(...paragraphs([text]));
  }

  /** While a request is out: the form cannot be sent twice, and assistive technology knows it is busy. */
  busy(on: boolean): void {
    this.root.setAttribute('aria-busy', String(on));
    for (const button of this.root.querySelectorAll<HTMLButtonElement>('button')) button.disabled = on;
  }

  private setText(element: HTMLElement, text: string | undefined): void {
    element.textContent = text ?? '';
    element.hidden = !text;
  }
}
