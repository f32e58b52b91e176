import { WidgetError } from './api/http.js';
import type { Translator } from './i18n/translator.js';

/**
 * What a failure outside the API's states says: the widget's own words (translated) where it has
 * them, else the server's; one the widget did not expect is logged and called unexpected.
 */
export function describeFailure(error: unknown, t: Translator): { summary: string; known?: WidgetError } {
  const known = error instanceof WidgetError ? error : undefined;
  if (!known) console.error('latchkey-widget:', error);
  const summary = known ? (known.details.key ? t.t(known.details.key) : known.errorSummary) : t.t('oform.error.unexpected');
  return { summary, known };
}
