import type { Message } from './messages.js';

/**
 * An answer that is not a next step: the surface renders it with its status. When `transaction`
 * stays usable (a wrong password), the surface answers the same state again with the message; when
 * it does not (expired, denied), the answer is terminal.
 */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly messages: Message[],
    readonly terminal: boolean,
    /** Field-level messages, keyed by the form field's path, e.g. `credentials.passcode`. */
    readonly fieldMessages: Record<string, Message[]> = {},
  ) {
    super(messages.map((m) => m.text).join('; ') || 'engine error');
  }
}
