import type { Translator } from '../i18n/translator.js';
import type { IdxAuthenticator } from '../idx/types.js';
import { h } from '../ui/dom.js';

/**
 * What setting up an authenticator app shows above the code: the QR code to scan and, for an app
 * that cannot scan it, the shared secret to type.
 */
export function totpSetup(t: Translator, data: NonNullable<IdxAuthenticator['contextualData']>): Node[] {
  const { qrcode, sharedSecret } = data;
  // Only an embedded image: the QR code carries the secret, so it is never fetched from elsewhere.
  const image = qrcode?.href?.startsWith('data:image/') ? qrcode.href : undefined;
  return [
    image && h('p', { class: 'lk-hint' }, t.t('oie.enroll.google_authenticator.scanBarcode.description')),
    image && h('img', { class: 'lk-qrcode', src: image, alt: t.t('oie.enroll.google_authenticator.scanBarcode.title'), 'data-se': 'qrcode' }),
    sharedSecret && h('p', { class: 'lk-hint' }, t.t('oie.enroll.google_authenticator.manualSetupInstructions')),
    sharedSecret && h('code', {
      class: 'lk-shared-secret', 'data-se': 'shared-secret', 'aria-label': t.t('oie.enroll.google_authenticator.sharedSecret.ariaLabel', [sharedSecret]),
    }, sharedSecret),
  ].filter((n): n is HTMLElement => Boolean(n));
}
