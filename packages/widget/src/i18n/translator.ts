import type { IdxMessage } from '../idx/types.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';

export type Strings = Record<string, string>;
/** Okta's `language` option: a code, or a function choosing among the supported and the browser's. */
export type LanguageOption = string | ((supported: string[], userLanguages: string[]) => string);

const BUNDLES: Record<string, Strings> = { en, fr, de };

/** `{0}`, `{1}`… replaced by the parameters. */
const format = (text: string, params: unknown[] = []) => text.replace(/\{(\d+)\}/g, (whole, i) => (params[Number(i)] === undefined ? whole : String(params[Number(i)])));

/**
 * The language to speak: the option, else the browser's first language the widget (or the app's
 * `i18n` overrides) can speak, else English. `fr-CA` falls back to `fr`.
 */
export function chooseLanguage(option: LanguageOption | undefined, overrides: Record<string, Strings>): string {
  const supported = [...new Set([...Object.keys(BUNDLES), ...Object.keys(overrides)])];
  const userLanguages = [...(navigator.languages ?? [navigator.language])].filter(Boolean);
  const wanted = typeof option === 'function' ? [option(supported, userLanguages)] : option ? [option] : userLanguages;
  for (const code of wanted) {
    const match = supported.find((s) => s.toLowerCase() === code.toLowerCase()) ?? supported.find((s) => s.toLowerCase() === code.split('-')[0].toLowerCase());
    if (match) return match;
  }
  return 'en';
}

/** Strings in one language; the app's `i18n: { fr: { key: 'text' } }` win over the built-in ones. */
export class Translator {
  constructor(readonly language: string, private readonly overrides: Record<string, Strings> = {}) {}

  private lookup(language: string, key: string): string | undefined {
    return this.overrides[language]?.[key] ?? BUNDLES[language]?.[key];
  }

  t(key: string, params?: unknown[]): string {
    return format(this.lookup(this.language, key) ?? this.lookup('en', key) ?? key, params);
  }

  /** A server message: translated when the language has its key, else the server's own (English) text. */
  message(m: IdxMessage): string {
    const key = m.i18n?.key;
    const translated = key === undefined ? undefined : this.lookup(this.language, key);
    if (translated !== undefined) return format(translated, m.i18n?.params);
    return m.message || (key ? this.t(key, m.i18n?.params) : '');
  }
}
