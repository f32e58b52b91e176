import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The number in E.164 (`+14155552671`) if `typed` is a valid phone number written internationally
 * (with its country code, as Okta asks for it); otherwise undefined.
 */
export function e164(typed: unknown): string | undefined {
  if (typeof typed !== 'string' || typed.length > 32) return undefined;
  const number = parsePhoneNumberFromString(typed.trim());
  return number?.isValid() ? number.number : undefined;
}

/**
 * The number as Okta shows an enrolled phone: the country code and the last four digits, the rest
 * as X in the national grouping (`+1 XXX-XXX-5309`).
 */
export function maskPhone(number: string): string {
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed) return 'XXX';
  const national = parsed.formatInternational().slice(`+${parsed.countryCallingCode} `.length).replace(/\s+/g, '-');
  const shown = national.length - national.replace(/\d/g, '').length - 4;
  let seen = 0;
  return `+${parsed.countryCallingCode} ${national.replace(/\d/g, (d) => (seen++ < shown ? 'X' : d))}`;
}
