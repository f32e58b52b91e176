import type { Store } from '../store/store.js';
import type { Clock } from '../platform/clock.js';
import type { KeyService } from '../org/keys.js';
import type { TokenIssuer } from './tokens/issuer.js';

/** What the OAuth endpoints need from the rest of Latchkey. */
export interface OAuthDeps {
  store: Store;
  clock: Clock;
  keys: KeyService;
  tokens: TokenIssuer;
  baseUrl: string;
}
