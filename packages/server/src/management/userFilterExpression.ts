import { ApiError } from '../http/apiError.js';
import type { UserCondition, UserField } from '../store/repositories/users.js';

/**
 * Okta's expression language of `GET /api/v1/users?filter=` and `?search=` (SCIM-like):
 * `attribute op "value"`, `attribute pr`, joined by `and` / `or` (`and` binds tighter) and grouped
 * in parentheses. Operators are case-insensitive, attribute names are not. What Okta allows:
 * - filter: `eq`, `gt`, `ge`, `lt`, `le` on status, lastUpdated, id, and profile login, email,
 *   firstName, lastName;
 * - search: also `sw`, `pr`, and `co` (on firstName, lastName, email, login only), on any profile
 *   attribute and id, status, created, activated, statusChanged, lastUpdated, lastLogin,
 *   passwordChanged.
 * Anything else is Okta's 400 E0000031 `Invalid search criteria.`.
 */
export type ExpressionKind = 'filter' | 'search';

const invalid = (syntax = false) => new ApiError(400, 'E0000031', 'Invalid search criteria.', syntax ? [{ errorSummary: 'Invalid search syntax.' }] : []);

const DATES = new Set(['created', 'activated', 'statusChanged', 'lastUpdated', 'lastLogin', 'passwordChanged']);
const CONTAINS = new Set(['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login']);
const FILTER_FIELDS = new Set(['status', 'lastUpdated', 'id', ...CONTAINS]);
const SEARCH_FIELDS = new Set(['id', 'status', ...DATES]);
const PROFILE_ATTRIBUTE = /^profile\.[A-Za-z][A-Za-z0-9_]*$/;
const OPERATORS: Record<ExpressionKind, readonly string[]> = { filter: ['eq', 'gt', 'ge', 'lt', 'le'], search: ['eq', 'sw', 'co', 'pr', 'gt', 'ge', 'lt', 'le'] };

type Token = { word: string } | { text: string } | { paren: '(' | ')' };

/** Okta refuses an overly long or complex expression; this bound also bounds the parser's recursion. */
const MAX_LENGTH = 2048;

function tokens(expression: string): Token[] {
  if (expression.length > MAX_LENGTH) throw invalid();
  const text = expression.trimEnd();
  const found: Token[] = [];
  const pattern = /\s*(?:([()])|"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_.-]+))/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) throw invalid(true);
    found.push(m[1] ? { paren: m[1] as '(' | ')' } : m[2] !== undefined ? { text: m[2].replace(/\\(.)/g, '$1') } : { word: m[3] });
    at = pattern.lastIndex;
  }
  return found;
}

/** Parses `expression` as Okta's `filter` or `search` into a condition on users; throws 400 E0000031 when Okta would refuse it. */
export function parseUserExpression(expression: string, kind: ExpressionKind): UserCondition {
  const list = tokens(expression);
  let next = 0;
  /** Consumes the next token when it is the keyword `word` (in any case). */
  const keyword = (word: string): boolean => {
    const t = list[next];
    const found = t !== undefined && 'word' in t && t.word.toLowerCase() === word;
    if (found) next++;
    return found;
  };

  const either = (): UserCondition => {
    const parts = [both()];
    while (keyword('or')) parts.push(both());
    return parts.length === 1 ? parts[0] : { any: parts };
  };
  const both = (): UserCondition => {
    const parts = [term()];
    while (keyword('and')) parts.push(term());
    return parts.length === 1 ? parts[0] : { all: parts };
  };
  const term = (): UserCondition => {
    const t = list[next++];
    if (t && 'paren' in t && t.paren === '(') {
      const inner = either();
      const close = list[next++];
      if (!close || !('paren' in close) || close.paren !== ')') throw invalid(true);
      return inner;
    }
    if (!t || !('word' in t)) throw invalid(true);
    return comparison(t.word);
  };
  const comparison = (field: string): UserCondition => {
    const opToken = list[next++];
    const op = opToken && 'word' in opToken ? opToken.word.toLowerCase() : undefined;
    if (!op || !OPERATORS[kind].includes(op)) throw invalid(!op);
    if (!allowed(field, kind) || (op === 'co' && !CONTAINS.has(field))) throw invalid();
    if (op === 'pr') return { field: field as UserField, op };
    const valueToken = list[next++];
    if (!valueToken || !('text' in valueToken)) throw invalid(true);
    return typedComparison(field as UserField, op, valueToken.text);
  };

  const condition = either();
  if (next !== list.length) throw invalid(true);
  return condition;
}

function allowed(field: string, kind: ExpressionKind): boolean {
  return kind === 'filter' ? FILTER_FIELDS.has(field) : SEARCH_FIELDS.has(field) || PROFILE_ATTRIBUTE.test(field);
}

/** The comparison with its value typed: dates as epoch milliseconds (an unreadable date is refused); `sw`/`co` on dates are refused. */
function typedComparison(field: UserField, op: string, value: string): UserCondition {
  if (op === 'sw' || op === 'co') {
    if (DATES.has(field)) throw invalid();
    return { field, op, value };
  }
  const ordered = op as 'eq' | 'gt' | 'ge' | 'lt' | 'le';
  if (!DATES.has(field)) return { field, op: ordered, value };
  const at = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(at)) throw invalid();
  return { field, op: ordered, value: at };
}
