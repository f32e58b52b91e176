import { choiceField } from '../ui/choices.js';
import type { View } from './types.js';

/**
 * Choosing an authenticator (to verify with, or to set up): each choice a button. Beside another
 * form it is offered as a link, when there is more than one choice to make.
 */
export function selectAuthenticator(name: string, keys: { title: string; subtitle: string; link: string }, controller: string | null): View {
  return {
    name,
    title: (c) => c.t.t(keys.title),
    subtitle: (c) => c.t.t(keys.subtitle),
    choices: true,
    linkLabel: (c) => ((choiceField(c.form)?.options?.length ?? 0) > 1 ? c.t.t(keys.link) : undefined),
    controller: () => controller,
    mfa: true,
  };
}
