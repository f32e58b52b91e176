import type { Finding } from '../finding.js';
import type { ParsedScript } from '../syntax.js';

/** One kind of change an app needs; a new one is a new file in this folder and a line in index.ts. */
export type Rule = (parsed: ParsedScript) => Finding[];
