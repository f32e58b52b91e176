/** An upgrade step that would do harm or cannot apply now; the message says why and what to do first. */
export class UpgradeRefusal extends Error {}
