import { addressMatcher, zoneProxies, type NetworkZone } from '../policy/networkZones.js';

/** Fastify's trustProxy: all hops, none, or those a function trusts (it walks X-Forwarded-For from the peer while they are trusted). */
export type TrustProxy = boolean | ((address: string, hop: number) => boolean);

/**
 * Whose X-Forwarded-For is believed: the server's setting (`--trust-proxy`, `--trusted-proxies`)
 * and the proxies of the org's IP network zones. The zones are the store's, refreshed every second
 * from the configuration cache (see createHttpServer); the matcher is rebuilt only when they change.
 */
export class ProxyTrust {
  private zones: NetworkZone[] | undefined;
  private zoneProxy: (address: string) => boolean = () => false;
  private readonly serverProxy: (address: string) => boolean;

  constructor(private readonly trustAll: boolean, trustedProxies: string[] = []) {
    this.serverProxy = addressMatcher(trustedProxies.map((value) => ({ type: 'CIDR' as const, value })));
  }

  refresh(zones: NetworkZone[]): void {
    if (zones === this.zones) return;
    this.zones = zones;
    this.zoneProxy = addressMatcher(zoneProxies(zones));
  }

  /** What Fastify is given once: trusting every hop needs no zones; otherwise a function that reads the latest ones. */
  trustProxy(): TrustProxy {
    return this.trustAll || ((address) => this.serverProxy(address) || this.zoneProxy(address));
  }
}
