import { factorWords } from '../factors.js';
import { backToSignIn, messageScreen, type ClassicContext, type ClassicScreen } from '../view.js';

/** The factor being verified or activated (MFA_CHALLENGE, MFA_ENROLL_ACTIVATE), its words and where its code goes; undefined when the widget cannot show it. */
export function factorUnderWay(c: ClassicContext) {
  const factor = c.tx?._embedded?.factor;
  const words = factor && factorWords(factor);
  const next = c.tx?._links?.next?.href;
  return factor && words && next ? { factor, words, next } : undefined;
}

/** A factor step with nothing the widget can offer (WebAuthn only): said so, with the way back. */
export const noFactor = (c: ClassicContext, controller: string, parts: Partial<ClassicScreen> = {}): ClassicScreen =>
  messageScreen(controller, '', { errors: [c.t.t('latchkey.classic.noFactor')], footer: backToSignIn(c), ...parts });
