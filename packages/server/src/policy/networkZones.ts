import { BlockList, isIP } from 'node:net';

/** An address, CIDR block (`10.0.0.0/8`, one address without the suffix) or range (`10.0.0.1-10.0.0.9`). */
export interface Gateway {
  type: 'CIDR' | 'RANGE';
  value: string;
}

/**
 * Okta's IP network zone (Network Zones API): `gateways` are the addresses it covers; `proxies` the
 * proxies that may forward requests from them: their X-Forwarded-For is believed (see zoneProxies).
 */
export interface NetworkZone {
  id: string;
  name: string;
  type: 'IP';
  gateways: Gateway[];
  proxies?: Gateway[];
}

/**
 * Okta's network condition: `connection: ANYWHERE` matches every address; otherwise the address
 * must be in one of `include` (when any) and in none of `exclude`. Entries are zone ids; raw
 * ranges (`10.0.0.0/8`) keep working as before zones existed.
 */
export interface NetworkCondition {
  connection?: 'ANYWHERE' | 'ZONE';
  include?: string[];
  exclude?: string[];
}

/** The address IPv4-mapped IPv6 stands for, and its family. */
function normalized(ip: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const address = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** Adds one gateway; answers false for a malformed one, which then covers nothing rather than failing every sign-in. */
function addGateway(list: BlockList, type: 'CIDR' | 'RANGE', value: string): boolean {
  try {
    if (type === 'RANGE') {
      const [from, to, extra] = value.split('-').map((s) => s.trim());
      if (extra !== undefined || isIP(from) === 0 || isIP(from) !== isIP(to)) return false;
      list.addRange(from, to, normalized(from).family);
      return true;
    }
    const [address, bits, extra] = value.split('/');
    if (extra !== undefined || isIP(address) === 0) return false;
    if (bits === undefined) list.addAddress(address, normalized(address).family);
    else if (/^\d+$/.test(bits)) list.addSubnet(address, Number(bits), normalized(address).family);
    else return false;
    return true;
  } catch {
    return false;
  }
}

/** Whether a gateway value is well formed for its type (the org file refuses others). */
export function gatewayValid(type: 'CIDR' | 'RANGE', value: string): boolean {
  return addGateway(new BlockList(), type, value);
}

/** Whether an address is one of `gateways` (IPv4-mapped IPv6 as its IPv4 address); built once, asked often. */
export function addressMatcher(gateways: Gateway[]): (ip: string) => boolean {
  const list = new BlockList();
  gateways.forEach((g) => addGateway(list, g.type, g.value));
  return (ip) => {
    const { address, family } = normalized(ip);
    return isIP(address) !== 0 && list.check(address, family);
  };
}

/**
 * Okta's zone `proxies`: the proxies of every IP zone are trusted to say, in X-Forwarded-For, whom
 * they forward (Okta uses them "to identify the client IP of a request"), as the server's own
 * trusted proxies are.
 */
export const zoneProxies = (zones: NetworkZone[]): Gateway[] => zones.flatMap((z) => z.proxies ?? []);

/** Whether `ip` is in a zone or raw range named by `refs`; answers the first that holds it. */
export function zoneOf(ip: string, refs: string[], zones: NetworkZone[]): string | undefined {
  for (const ref of refs) {
    const zone = zones.find((z) => z.id === ref);
    const gateways: Gateway[] = zone ? zone.gateways : [{ type: ref.includes('-') ? 'RANGE' : 'CIDR', value: ref }];
    if (addressMatcher(gateways)(ip)) return zone ? `zone ${zone.name}` : ref;
  }
  return undefined;
}

/** The network condition for `ip`: matched or not, and why in a few words. */
export function networkMatch(condition: NetworkCondition | undefined, ip: string, zones: NetworkZone[]): { matched: boolean; why: string } {
  if (!condition || condition.connection === 'ANYWHERE' || (!condition.include?.length && !condition.exclude?.length)) return { matched: true, why: 'anywhere' };
  const excluded = condition.exclude?.length ? zoneOf(ip, condition.exclude, zones) : undefined;
  if (excluded) return { matched: false, why: `${ip} is in excluded ${excluded}` };
  if (!condition.include?.length) return { matched: true, why: `${ip} is in no excluded zone` };
  const included = zoneOf(ip, condition.include, zones);
  return included ? { matched: true, why: `${ip} is in ${included}` } : { matched: false, why: `${ip} is in no included zone` };
}
