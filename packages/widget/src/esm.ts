/** The npm entry: `import { LatchkeySignIn } from '@latchkey/widget'` (also exported as OktaSignIn). */
export { LatchkeySignIn, LatchkeySignIn as OktaSignIn, LatchkeySignIn as default } from './widget.js';
export type { RenderOptions, RenderResult } from './widget.js';
export type { CodeResult } from './flow.js';
export type { WidgetOptions } from './options.js';
export type { Tokens } from './api/tokens.js';
export type { EventContext, EventError, EventName } from './events.js';
