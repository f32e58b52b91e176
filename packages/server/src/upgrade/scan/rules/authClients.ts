import type { Node } from '@babel/types';
import type { ParsedScript } from '../syntax.js';

/** Names apps give an okta-auth-js client, when the construction is in another file. */
const USUAL_NAMES = /^(authClient|oktaAuth|authJs|auth|okta)$/i;

const isAuthConstruction = (node: Node | null | undefined): boolean =>
  node?.type === 'NewExpression' && node.callee.type === 'Identifier' && /^(OktaAuth|OktaAuthJs|AuthJS)$/.test(node.callee.name);

/** Whether an expression is an okta-auth-js client: a name bound to `new OktaAuth(…)` here, or a name or property apps use for one. */
export function isAuthClient(parsed: ParsedScript, e: Node): boolean {
  if (e.type === 'MemberExpression' || e.type === 'OptionalMemberExpression') {
    return e.property.type === 'Identifier' && USUAL_NAMES.test(e.property.name);
  }
  if (e.type === 'ThisExpression' || e.type !== 'Identifier') return false;
  if (USUAL_NAMES.test(e.name)) return true;
  return parsed.nodes.some(({ node }) => node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.id.name === e.name && isAuthConstruction(node.init));
}

/** `client.method(…)` (or `client?.method(…)`): the client expression and the method's name node, when it is a call of that shape. */
export function methodCall(node: Node): { client: Node; method: Node & { type: 'Identifier' } } | undefined {
  if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return undefined;
  const callee = node.callee;
  if ((callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') || callee.property.type !== 'Identifier' || callee.computed) return undefined;
  return { client: callee.object, method: callee.property };
}
