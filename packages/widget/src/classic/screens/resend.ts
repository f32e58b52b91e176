import { hint, linkTo, type ClassicContext } from '../view.js';

/** The transaction's resend link (one, or one per factor type), under a code form: sends another code. */
export function resendLinks(c: ClassicContext, labelKey: string): Node[] {
  const resend = c.tx?._links?.resend;
  const first = Array.isArray(resend) ? resend[0] : resend;
  return first ? [hint(...linkTo(c, c.t.t(labelKey), first.href))] : [];
}
