import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { orgDocumentSchema, type OrgDocument } from './schema.js';

export interface OrgFileProblem {
  /** Where in the document, e.g. `users[1].login`; empty for the whole file. */
  path: string;
  line: number;
  column: number;
  message: string;
}

/** Every problem of an org file, each located; `message` has one `file:line:col path: message` line per problem. */
export class OrgFileError extends Error {
  constructor(readonly source: string, readonly errors: OrgFileProblem[]) {
    super(errors.map((e) => `${source}:${e.line}:${e.column} ${e.path ? `${e.path}: ` : ''}${e.message}`).join('\n'));
    this.name = 'OrgFileError';
  }
}

/** Parses an org file (YAML, or JSON which is YAML too) into a validated, normalized document. */
export function parseOrgFile(text: string, source: string): OrgDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new OrgFileError(source, doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { path: '', line, column: col, message: e.message.split('\n')[0] };
    }));
  }
  const result = orgDocumentSchema.safeParse(doc.toJS(), { error: messageFor });
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap(flattenUnion).flatMap((issue) => locate(doc, lineCounter, issue));
  throw new OrgFileError(source, problems.sort((a, b) => a.line - b.line || a.column - b.column));
}

/** Shorter messages than zod's defaults for the common cases; undefined keeps zod's. */
function messageFor(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
  if (issue.code === 'invalid_value') return issue.values.length === 1 ? `must be ${String(issue.values[0])}` : `must be one of ${issue.values.join(', ')}`;
  return undefined;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/**
 * A union (a password hash: string or object) fails as a whole; when exactly one branch got past
 * the type check, its specific issues say more than "invalid input".
 */
function flattenUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const near = issue.errors.filter((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
  if (near.length !== 1) return [issue];
  return near[0].map((i) => ({ ...i, path: [...issue.path, ...i.path] })).flatMap(flattenUnion);
}

/** Each issue at the YAML node of its path, or of the nearest parent that exists (a missing key). */
function locate(doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): OrgFileProblem[] {
  const at = (path: PropertyKey[], offset: number, message: string): OrgFileProblem => {
    const { line, col } = lines.linePos(offset);
    return { path: formatPath(path), line, column: col, message };
  };
  const path = issue.path;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (!isNode(node) || !node.range) continue;
    if (issue.code === 'unrecognized_keys' && depth === path.length && isMap(node)) {
      // One problem per unknown key, at the key itself, so a typo points to its own line.
      return issue.keys.map((key) => {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        const keyNode = pair && isNode(pair.key) && pair.key.range ? pair.key : node;
        return at([...path, key], keyNode.range![0], 'is not a known key');
      });
    }
    return [at(path, node.range[0], issue.message)];
  }
  return [at(path, 0, issue.message)];
}

/** `users[1].profile.email` */
function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
