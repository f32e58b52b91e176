import { invalidField } from './apiError.js';

/** A query parameter given at most once (a repeated one arrives as a list): 400 E0000001 otherwise. */
export function once(value: unknown, name: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') throw invalidField(name, 'must be given once');
  return value;
}

/** A boolean query parameter: `true` or `false`, `fallback` when absent; 400 E0000001 otherwise. */
export function flag(value: unknown, name: string, fallback: boolean): boolean {
  const given = once(value, name);
  if (given === undefined) return fallback;
  if (given !== 'true' && given !== 'false') throw invalidField(name, 'must be true or false');
  return given === 'true';
}
