/**
 * Why an upgrade step is refused: the org or app is not in a state where it applies (`conflict`),
 * something it names does not exist (`not_found`), a value is out of range (`invalid`), or `upgrade
 * check` finds blockers (`blocked`).
 */
export type RefusalReason = 'conflict' | 'not_found' | 'invalid' | 'blocked';

/** An upgrade step that would do harm or cannot apply now; the message says why and what to do first, the causes list each item. */
export class UpgradeRefusal extends Error {
  constructor(message: string, readonly reason: RefusalReason = 'conflict', readonly causes: string[] = []) {
    super(message);
  }
}
