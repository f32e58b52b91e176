import { isIP } from 'node:net';

/**
 * A small, explainable risk scorer (Okta's risk levels): each signal adds points, and every point
 * comes with its reason, which the decision log carries.
 *   new device (no successful sign-in of this user from it) ........ 1
 *   new network (the address's /24, or /48 for IPv6, never seen) .... 1
 *   recent failures: 2–4 ........................................... 1
 *                    5 or more ...................................... 2
 * LOW below 2 points, MEDIUM at 2, HIGH from 3.
 */
export type RiskLevel = 'LOW' | 'MEDIUM' | 'HIGH';

export interface RiskSignals {
  newDevice: boolean;
  /** The network the address is in, and whether the user signed in from it before. */
  network: { prefix: string; seen: boolean };
  /** Wrong answers for the account within RECENT_FAILURE_MINUTES. */
  recentFailures: number;
}

export interface RiskAssessment {
  level: RiskLevel;
  reasons: string[];
}

/** How far back failures count as recent. */
export const RECENT_FAILURE_MINUTES = 15;

export function assessRisk(s: RiskSignals): RiskAssessment {
  const points: Array<[number, string]> = [];
  if (s.newDevice) points.push([1, 'new device']);
  if (!s.network.seen) points.push([1, `new network ${s.network.prefix}`]);
  if (s.recentFailures >= 2) points.push([s.recentFailures >= 5 ? 2 : 1, `${s.recentFailures} failed attempts in ${RECENT_FAILURE_MINUTES} minutes`]);
  const score = points.reduce((sum, [p]) => sum + p, 0);
  return { level: score >= 3 ? 'HIGH' : score === 2 ? 'MEDIUM' : 'LOW', reasons: points.map(([, reason]) => reason) };
}

/** The network an address belongs to for "new network": its /24 (IPv4, IPv4-mapped included) or /48 (IPv6). */
export function networkPrefix(ip: string): string {
  const v4 = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  if (isIP(v4) === 4) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 3).map((g) => g.replace(/^0+(?=.)/, '').toLowerCase()).join(':')}::/48`;
}
