import { parse } from '@babel/parser';
import type { Node, ObjectExpression, Expression } from '@babel/types';

/** One script to scan: a whole JS/TS file, or an inline <script> of an HTML page. */
export interface Script {
  /** The file it is in, relative to the scanned path. */
  file: string;
  code: string;
  /** Where `code` starts in the file (offset, 1-based line, 0-based column), so findings and edits point into the file. */
  offset: number;
  line: number;
  column: number;
  typescript: boolean;
}

/** A parsed script: its tree, and its nodes in source order, each with the chain of its ancestors. */
export interface ParsedScript {
  script: Script;
  nodes: Array<{ node: Node; ancestors: Node[] }>;
}

/** Keys of a babel node that are not children. */
const NOT_CHILDREN = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'range']);

/** Parses with error recovery (a half-finished app still gets its findings); undefined when even that fails. */
export function parseScript(script: Script): ParsedScript | undefined {
  let program: Node;
  try {
    program = parse(script.code, {
      sourceType: 'unambiguous', errorRecovery: true, startLine: script.line, startColumn: script.column,
      plugins: script.typescript ? ['typescript', 'jsx'] : ['jsx'],
    }).program;
  } catch {
    return undefined;
  }
  const nodes: ParsedScript['nodes'] = [];
  const visit = (node: Node, ancestors: Node[]): void => {
    nodes.push({ node, ancestors });
    const inner = [...ancestors, node];
    for (const [key, value] of Object.entries(node)) {
      if (NOT_CHILDREN.has(key)) continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node, inner);
      }
    }
  };
  visit(program, []);
  return { script, nodes };
}

/** Where a node starts, in file terms. */
export const positionOf = (parsed: ParsedScript, node: Node) => ({
  file: parsed.script.file, line: node.loc!.start.line, column: node.loc!.start.column + 1,
});

/** The node's text. */
export const textOf = (parsed: ParsedScript, node: Node): string => parsed.script.code.slice(node.start!, node.end!);

/** An edit of the file from offsets within the script. */
export const edit = (parsed: ParsedScript, start: number, end: number, text: string) => ({ start: parsed.script.offset + start, end: parsed.script.offset + end, text });

/** A property's name when it is written plainly (`a:`, `'a':`, `a()`), not computed. */
export function keyName(p: Node): string | undefined {
  if ((p.type !== 'ObjectProperty' && p.type !== 'ObjectMethod') || p.computed) return undefined;
  if (p.key.type === 'Identifier') return p.key.name;
  return p.key.type === 'StringLiteral' ? p.key.value : undefined;
}

export const propertyNamed = (o: ObjectExpression, name: string) => o.properties.find((p) => keyName(p) === name);

/** The object literal an expression is: written in place, or a const/let/var of this script initialised with one. */
export function objectLiteral(parsed: ParsedScript, e: Expression | Node | undefined): ObjectExpression | undefined {
  if (!e) return undefined;
  if (e.type === 'ObjectExpression') return e;
  if (e.type !== 'Identifier') return undefined;
  const declared = parsed.nodes.find(({ node }) => node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.id.name === e.name);
  const init = declared && declared.node.type === 'VariableDeclarator' ? declared.node.init : undefined;
  return init?.type === 'ObjectExpression' ? init : undefined;
}

/** The edit deleting one property of an object literal, with its comma and the space up to what follows. */
export function deleteProperty(parsed: ParsedScript, o: ObjectExpression, p: ObjectExpression['properties'][number]) {
  const i = o.properties.indexOf(p);
  const next = o.properties[i + 1];
  const previous = o.properties[i - 1];
  if (next) return edit(parsed, p.start!, next.start!, '');
  if (previous) return edit(parsed, previous.end!, p.end!, '');
  return edit(parsed, p.start!, p.end!, '');
}

/** The edit adding `text` (a property, no comma) as the first property of an object literal, indented like the others. */
export function prependProperty(parsed: ParsedScript, o: ObjectExpression, text: string) {
  const first = o.properties[0];
  if (!first) return edit(parsed, o.start! + 1, o.start! + 1, ` ${text} `);
  const code = parsed.script.code;
  const lineStart = code.lastIndexOf('\n', first.start! - 1) + 1;
  const indent = code.slice(lineStart, first.start!);
  const separator = /^\s*$/.test(indent) ? `\n${indent}` : ' ';
  return edit(parsed, first.start!, first.start!, `${text},${separator}`);
}
