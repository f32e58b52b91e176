/**
 * What the enrollment QR code carries: the org's URL and a one-time token, as a URI a device app
 * (the `latchkey verify` command, the device page) takes scanned or pasted.
 */
const SCHEME = 'latchkey-verify:';

export const enrollmentUri = (orgUrl: string, token: string): string =>
  `${SCHEME}//enroll?${new URLSearchParams({ org: orgUrl, token }).toString()}`;

/** The org URL and token of an enrollment URI, or undefined when it is not one. */
export function parseEnrollmentUri(uri: string): { orgUrl: string; token: string } | undefined {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    return undefined;
  }
  const orgUrl = url.searchParams.get('org');
  const token = url.searchParams.get('token');
  if (url.protocol !== SCHEME || url.host !== 'enroll' || !orgUrl || !token || !/^https?:\/\//.test(orgUrl)) return undefined;
  return { orgUrl: orgUrl.replace(/\/+$/, ''), token };
}
