import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse as parseHtml } from 'parse5';
import type { Script } from './syntax.js';

const SCRIPT_EXTENSIONS = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts']);
const HTML_EXTENSIONS = new Set(['.html', '.htm']);
/** Folders of installed or generated code: what they hold is not the app's to change. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', '.next', 'out']);
/** Inline scripts with these types run as JavaScript. */
const JS_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'module']);

/** The files to scan under a folder, as paths relative to it. */
export async function filesUnder(path: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(join(path, folder), { withFileTypes: true })) {
      const at = join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) await walk(at);
      else if (entry.isFile() && isScanned(entry.name)) found.push(at);
    }
  };
  await walk('');
  return found.sort();
}

const isScanned = (name: string): boolean => SCRIPT_EXTENSIONS.has(extname(name)) || HTML_EXTENSIONS.has(extname(name));

/** The scripts of a file: all of a JS/TS file, or each inline <script> of an HTML page. */
export function scriptsOf(file: string, text: string): Script[] {
  const extension = extname(file);
  if (!HTML_EXTENSIONS.has(extension)) {
    return [{ file, code: text, offset: 0, line: 1, column: 0, typescript: /\.[mc]?tsx?$/.test(extension) }];
  }
  const scripts: Script[] = [];
  type HtmlNode = { nodeName: string; attrs?: Array<{ name: string; value: string }>; childNodes?: HtmlNode[]; content?: HtmlNode; value?: string;
    sourceCodeLocation?: { startOffset: number; startLine: number; startCol: number } };
  const visit = (node: HtmlNode): void => {
    if (node.nodeName === 'script') {
      const attrs = new Map((node.attrs ?? []).map((a) => [a.name, a.value]));
      const text = node.childNodes?.[0];
      if (!attrs.has('src') && JS_TYPES.has((attrs.get('type') ?? '').toLowerCase()) && text?.value && text.sourceCodeLocation) {
        const at = text.sourceCodeLocation;
        scripts.push({ file, code: text.value, offset: at.startOffset, line: at.startLine, column: at.startCol - 1, typescript: false });
      }
    }
    for (const child of node.childNodes ?? []) visit(child);
    if (node.content) visit(node.content);
  };
  visit(parseHtml(text, { sourceCodeLocationInfo: true }) as unknown as HtmlNode);
  return scripts;
}
