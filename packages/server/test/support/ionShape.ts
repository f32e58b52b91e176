/**
 * Structural comparison of two IDX (ion) responses: Okta's recorded one and ours. It compares what
 * okta-auth-js and the sign-in widget read — keys, remediation names and order, field names and
 * flags, methods and media types, relatesTo targets, authenticator items, message keys — and
 * ignores what legitimately differs between two servers: ids, handles, hosts, times, codes.
 *
 * Every difference is a readable path and what was expected there, e.g.
 * `remediation[identify].value[rememberMe].label: expected "Remember Me", got "Keep me signed in"`.
 * Paths name remediations and fields by `name` rather than by index, so one missing field does not
 * shift every later path.
 */
import { isDeepStrictEqual } from 'node:util';

export type Json = Record<string, unknown>;

export interface Difference {
  path: string;
  message: string;
}

export const describeDifference = (d: Difference): string => `${d.path}: ${d.message}`;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Field values that are ids, handles or codes: only whether they are there is compared. */
const OPAQUE_FIELD_VALUES = new Set(['stateHandle', 'id', 'enrollmentId', 'interaction_code', 'client_id']);
/** Field properties compared by value (absent and present-but-different are both differences). */
const FIELD_FLAGS = ['type', 'required', 'visible', 'mutable', 'secret'] as const;

// ---------------------------------------------------------------------------------------------
// relatesTo: the small JSONPath subset IDX uses (`$.a.b[0]`)

/** What a `relatesTo` path points at in `root`, or undefined (okta-auth-js throws on such a path). */
export function resolveJsonPath(root: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  const steps = path.slice(1).match(/\.[A-Za-z_$][\w$-]*|\[\d+\]/g) ?? [];
  if (steps.join('') !== path.slice(1)) return undefined;
  let cur: unknown = root;
  for (const step of steps) {
    if (step.startsWith('[')) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[Number(step.slice(1, -1))];
    } else {
      if (!isObject(cur)) return undefined;
      cur = cur[step.slice(1)];
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** A relatesTo target independent of indexes: `$.authenticatorEnrollments.value[*] → okta_password`. */
function relatesToIdentity(root: unknown, path: string): string | undefined {
  const target = resolveJsonPath(root, path);
  if (target === undefined) return undefined;
  const key = isObject(target) ? (target.key ?? (isObject(target.value) ? target.value.key : undefined)) : undefined;
  return `${path.replace(/\[\d+\]/g, '[*]')} → ${String(key)}`;
}

// ---------------------------------------------------------------------------------------------
// Remediations and authenticators the org has not enabled

export interface NotEnabled {
  /** Remediation name → why our org does not offer it. */
  remediations?: Record<string, string>;
  /** Authenticator key → why our user has no such authenticator. */
  authenticators?: Record<string, string>;
}

/**
 * The reference without what the org under test has not enabled: those remediations, and for
 * those authenticator keys the options that relate to them and their items in
 * `authenticators` / `authenticatorEnrollments`, the relatesTo paths of the options left renumbered
 * to the items' new places (they are then compared by target).
 */
export function withoutNotEnabled(reference: Json, notEnabled: NotEnabled): Json {
  const remediations = new Set(Object.keys(notEnabled.remediations ?? {}));
  const keys = new Set(Object.keys(notEnabled.authenticators ?? {}));
  const keyOf = (path: unknown) => {
    const target = typeof path === 'string' ? resolveJsonPath(reference, path) : undefined;
    return isObject(target) ? target.key : undefined;
  };
  // The items left of each list move up: relatesTo paths into the list are renumbered to follow them.
  const lists = ['authenticators', 'authenticatorEnrollments'];
  const kept = (list: string) => asArray(isObject(reference[list]) ? reference[list].value : undefined).map((a) => !(isObject(a) && keys.has(a.key as string)));
  const renumber = (path: unknown): unknown => {
    const m = typeof path === 'string' ? /^\$\.(authenticators|authenticatorEnrollments)\.value\[(\d+)\]$/.exec(path) : null;
    return m ? `$.${m[1]}.value[${kept(m[1]).slice(0, Number(m[2])).filter(Boolean).length}]` : path;
  };
  const pruneFields = (fields: unknown): unknown => asArray(fields).map((f) => {
    if (!isObject(f)) return f;
    const out: Json = { ...f };
    if (Array.isArray(f.options)) {
      out.options = f.options.filter((o) => !(isObject(o) && keys.has(keyOf(o.relatesTo) as string)))
        .map((o) => (isObject(o) && o.relatesTo !== undefined ? { ...o, relatesTo: renumber(o.relatesTo) } : o));
    }
    if (isObject(f.form)) out.form = { ...f.form, value: pruneFields(f.form.value) };
    return out;
  });
  const out: Json = structuredClone(reference);
  if (isObject(out.remediation)) {
    out.remediation = {
      ...out.remediation,
      value: asArray(out.remediation.value)
        .filter((r) => !(isObject(r) && remediations.has(r.name as string)))
        .map((r) => (isObject(r) ? { ...r, value: pruneFields(r.value) } : r)),
    };
  }
  for (const list of lists) {
    const entry = out[list];
    if (isObject(entry)) out[list] = { ...entry, value: asArray(entry.value).filter((a) => !(isObject(a) && keys.has(a.key as string))) };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The comparison

class Comparison {
  readonly differences: Difference[] = [];
  constructor(private readonly expectedRoot: Json, private readonly actualRoot: Json) {}

  private add(path: string, message: string): void {
    this.differences.push({ path, message });
  }

  private value(path: string, expected: unknown, actual: unknown): void {
    if (!isDeepStrictEqual(expected, actual)) this.add(path, `expected ${show(expected)}, got ${show(actual)}`);
  }

  /** Reports keys present on one side only; answers the keys present on both. */
  private keys(path: string, expected: Json, actual: Json, skip: readonly string[] = []): string[] {
    const both: string[] = [];
    for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (skip.includes(k)) continue;
      const inE = expected[k] !== undefined;
      const inA = actual[k] !== undefined;
      if (inE && !inA) this.add(`${path}${path ? '.' : ''}${k}`, 'expected present, got absent');
      else if (!inE && inA) this.add(`${path}${path ? '.' : ''}${k}`, 'expected absent, got present');
      else if (inE && inA) both.push(k);
    }
    return both;
  }

  response(): void {
    const e = this.expectedRoot;
    const a = this.actualRoot;
    for (const k of this.keys('', e, a)) {
      switch (k) {
        case 'version':
        case 'intent':
          this.value(k, e[k], a[k]);
          break;
        case 'remediation':
          this.remediations(e[k], a[k]);
          break;
        case 'messages':
          this.messages(k, e[k], a[k]);
          break;
        case 'cancel':
        case 'successWithInteractionCode':
          this.form(k, e[k], a[k]);
          break;
        case 'currentAuthenticatorEnrollment':
        case 'currentAuthenticator':
          this.typed(k, e[k], a[k], 'object');
          if (isObject(e[k]) && isObject(a[k])) this.authenticator(`${k}.value`, (e[k] as Json).value, (a[k] as Json).value);
          break;
        case 'authenticatorEnrollments':
        case 'authenticators':
          this.authenticatorList(k, e[k], a[k]);
          break;
        case 'user':
        case 'app':
          this.typed(k, e[k], a[k], 'object');
          if (isObject(e[k]) && isObject(a[k]) && isObject((e[k] as Json).value) && isObject((a[k] as Json).value)) {
            this.keys(`${k}.value`, (e[k] as Json).value as Json, (a[k] as Json).value as Json);
          }
          break;
        default:
          // stateHandle, expiresAt and anything else: being there is what counts.
          break;
      }
    }
  }

  private typed(path: string, e: unknown, a: unknown, type: string): void {
    if (!isObject(a)) return this.add(path, `expected an object, got ${show(a)}`);
    if (isObject(e) && e.type !== undefined) this.value(`${path}.type`, e.type, a.type);
    else this.value(`${path}.type`, type, a.type);
  }

  private remediations(e: unknown, a: unknown): void {
    this.typed('remediation', e, a, 'array');
    const eList = asArray(isObject(e) ? e.value : undefined).filter(isObject);
    const aList = asArray(isObject(a) ? a.value : undefined).filter(isObject);
    this.value('remediation.value[*].name', eList.map((r) => r.name), aList.map((r) => r.name));
    for (const er of eList) {
      const ar = aList.find((r) => r.name === er.name);
      if (ar) this.form(`remediation[${String(er.name)}]`, er, ar);
    }
  }

  /** A remediation or an action (cancel, recover, resend, poll, successWithInteractionCode). */
  private form(path: string, e: unknown, a: unknown): void {
    if (!isObject(e) || !isObject(a)) return this.value(path, e, a);
    for (const k of this.keys(path, e, a)) {
      switch (k) {
        case 'href':
          this.value(`${path}.href`, hrefPath(e.href), hrefPath(a.href));
          break;
        case 'relatesTo':
          this.relatesToList(`${path}.relatesTo`, e.relatesTo, a.relatesTo);
          break;
        case 'value':
          this.fields(`${path}.value`, e.value, a.value);
          break;
        default:
          // rel, name, method, accepts, produces, refresh (its value is a setting: only presence)
          if (k !== 'refresh') this.value(`${path}.${k}`, e[k], a[k]);
      }
    }
  }

  private relatesToList(path: string, e: unknown, a: unknown): void {
    const eList = asArray(e);
    const aList = asArray(a);
    if (eList.length !== aList.length) this.add(path, `expected ${eList.length} paths, got ${aList.length}`);
    for (let i = 0; i < Math.min(eList.length, aList.length); i++) this.relatesTo(`${path}[${i}]`, eList[i], aList[i]);
  }

  private relatesTo(path: string, e: unknown, a: unknown): void {
    if (typeof a !== 'string') return this.add(path, `expected a JSONPath string, got ${show(a)}`);
    const aTarget = relatesToIdentity(this.actualRoot, a);
    if (aTarget === undefined) return this.add(path, `${show(a)} does not resolve in the response`);
    const eTarget = typeof e === 'string' ? relatesToIdentity(this.expectedRoot, e) : undefined;
    if (eTarget !== undefined) this.value(path, eTarget, aTarget);
  }

  private fields(path: string, e: unknown, a: unknown): void {
    const eList = asArray(e).filter(isObject);
    const aList = asArray(a).filter(isObject);
    this.value(`${path}[*].name`, eList.map((f) => f.name), aList.map((f) => f.name));
    for (const ef of eList) {
      const af = aList.find((f) => f.name === ef.name);
      if (af) this.field(`${path}[${String(ef.name)}]`, ef, af);
    }
  }

  private field(path: string, e: Json, a: Json): void {
    for (const flag of FIELD_FLAGS) this.value(`${path}.${flag}`, e[flag], a[flag]);
    for (const k of this.keys(path, e, a, FIELD_FLAGS)) {
      switch (k) {
        case 'label':
          this.value(`${path}.label`, e.label, a.label);
          break;
        case 'value':
          if (!OPAQUE_FIELD_VALUES.has(e.name as string) && (typeof e.value !== 'object' || e.value === null)) this.value(`${path}.value`, e.value, a.value);
          break;
        case 'form':
          this.fields(`${path}.form.value`, (e.form as Json)?.value, (a.form as Json)?.value);
          break;
        case 'options':
          this.options(`${path}.options`, e.options, a.options);
          break;
        case 'messages':
          this.messages(`${path}.messages`, e.messages, a.messages);
          break;
        default:
          break;
      }
    }
  }

  private options(path: string, e: unknown, a: unknown): void {
    const eList = asArray(e).filter(isObject);
    const aList = asArray(a).filter(isObject);
    if (eList.length !== aList.length) this.add(path, `expected ${eList.length} options, got ${aList.length}`);
    for (let i = 0; i < Math.min(eList.length, aList.length); i++) {
      const p = `${path}[${i}]`;
      const [eo, ao] = [eList[i], aList[i]];
      for (const k of this.keys(p, eo, ao)) {
        if (k === 'label') this.value(`${p}.label`, eo.label, ao.label);
        else if (k === 'relatesTo') this.relatesTo(`${p}.relatesTo`, eo.relatesTo, ao.relatesTo);
        else if (k === 'value') {
          const ef = isObject(eo.value) && isObject(eo.value.form) ? eo.value.form.value : undefined;
          const af = isObject(ao.value) && isObject(ao.value.form) ? ao.value.form.value : undefined;
          if (ef === undefined || af === undefined) this.value(`${p}.value`, eo.value, ao.value);
          else this.fields(`${p}.value.form.value`, ef, af);
        }
      }
    }
  }

  private messages(path: string, e: unknown, a: unknown): void {
    this.typed(path, e, a, 'array');
    const eList = asArray(isObject(e) ? e.value : undefined).filter(isObject);
    const aList = asArray(isObject(a) ? a.value : undefined).filter(isObject);
    const i18nKey = (m: Json) => (isObject(m.i18n) ? m.i18n.key : undefined);
    this.value(`${path}.value[*].i18n.key`, eList.map(i18nKey), aList.map(i18nKey));
    for (let i = 0; i < Math.min(eList.length, aList.length); i++) {
      const p = `${path}.value[${String(i18nKey(eList[i]))}]`;
      this.value(`${p}.class`, eList[i].class, aList[i].class);
      this.keys(p, eList[i], aList[i], ['class', 'i18n']);
      if (isObject(eList[i].i18n) && isObject(aList[i].i18n)) this.keys(`${p}.i18n`, eList[i].i18n as Json, aList[i].i18n as Json, ['key']);
    }
  }

  private authenticatorList(path: string, e: unknown, a: unknown): void {
    this.typed(path, e, a, 'array');
    const eList = asArray(isObject(e) ? e.value : undefined).filter(isObject);
    const aList = asArray(isObject(a) ? a.value : undefined).filter(isObject);
    this.value(`${path}.value[*].key`, eList.map((x) => x.key), aList.map((x) => x.key));
    for (let i = 0; i < Math.min(eList.length, aList.length); i++) this.authenticator(`${path}.value[${i}]`, eList[i], aList[i]);
  }

  /** An authenticator or enrollment item: type, key, methods, which keys are there; nested actions as forms. */
  private authenticator(path: string, e: unknown, a: unknown): void {
    if (!isObject(e) || !isObject(a)) return this.value(path, e, a);
    for (const k of this.keys(path, e, a)) {
      const [ev, av] = [e[k], a[k]];
      if (k === 'type' || k === 'key' || k === 'displayName') this.value(`${path}.${k}`, ev, av);
      else if (k === 'methods') this.value(`${path}.methods[*].type`, asArray(ev).map((m) => (m as Json)?.type), asArray(av).map((m) => (m as Json)?.type));
      else if (isObject(ev) && ev.rel !== undefined) this.form(`${path}.${k}`, ev, av);
      else if (isObject(ev) && isObject(av)) this.keys(`${path}.${k}`, ev, av);
    }
  }
}

/** An href without its origin, and with the authorization server's id (an id) generalized. */
function hrefPath(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined;
  let path: string;
  try {
    path = new URL(href).pathname;
  } catch {
    path = href;
  }
  return path.replace(/^\/oauth2\/[^/]+\/v1\//, '/oauth2/{authorizationServerId}/v1/');
}

/** Every structural difference between Okta's recorded response and ours. */
export function compareIon(expected: Json, actual: Json): Difference[] {
  const c = new Comparison(expected, actual);
  c.response();
  return c.differences;
}

// ---------------------------------------------------------------------------------------------
// Accounting against a list of known differences

export interface KnownDifference {
  /** The exact path of the difference, as compareIon prints it. */
  path: string;
  reason: string;
  /** A wire-format bug okta-auth-js or the widget would care about (the reason says the fix). */
  bug?: boolean;
}

export interface Accounting {
  /** Differences no known difference explains: each fails the comparison. */
  unexplained: Difference[];
  /** Known differences that did not occur: the list is stale (a fix landed) and must shrink. */
  stale: KnownDifference[];
  /** Each known difference with the differences it explains. */
  explained: Array<{ known: KnownDifference; differences: Difference[] }>;
}

export function account(differences: Difference[], known: KnownDifference[]): Accounting {
  const explained = known.map((k) => ({ known: k, differences: differences.filter((d) => d.path === k.path) }));
  return {
    unexplained: differences.filter((d) => !known.some((k) => k.path === d.path)),
    stale: explained.filter((e) => e.differences.length === 0).map((e) => e.known),
    explained: explained.filter((e) => e.differences.length > 0),
  };
}
