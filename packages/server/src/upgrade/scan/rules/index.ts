import type { Rule } from './rule.js';
import { widgetConfigRules } from './widgetConfig.js';
import { authnCallRules } from './authnCalls.js';
import { sessionHandlingRules } from './sessionHandling.js';

/** Every rule `latchkey upgrade scan` applies; a new one is a file in this folder and an entry here. */
export const RULES: readonly Rule[] = [...widgetConfigRules, ...authnCallRules, ...sessionHandlingRules];
