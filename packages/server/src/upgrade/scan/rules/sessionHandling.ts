import type { Node } from '@babel/types';
import type { Finding } from '../finding.js';
import { positionOf, type ParsedScript } from '../syntax.js';
import { methodCall } from './authClients.js';
import type { Rule } from './rule.js';

/** Classic success handling: an Okta session from a sessionToken. Under the Identity Engine the widget and okta-auth-js end with tokens. */
const usesClassicSession = (node: Node): boolean =>
  (node.type === 'Identifier' && node.name === 'sessionToken')
  || (methodCall(node)?.method.name === 'setCookieAndRedirect');

const isFunction = (node: Node | undefined): boolean => node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionExpression';

const within = (parsed: ParsedScript, outer: Node, predicate: (n: Node) => boolean) =>
  parsed.nodes.filter(({ node }) => node.start! >= outer.start! && node.end! <= outer.end! && predicate(node));

/** `widget.renderEl(options, success)` whose success handler uses the Classic session. */
function classicRenderEls(parsed: ParsedScript): Array<{ call: Node; handler: Node }> {
  return parsed.nodes.flatMap(({ node }) => {
    const call = methodCall(node);
    const handler = call?.method.name === 'renderEl' && node.type === 'CallExpression' ? node.arguments[1] : undefined;
    return handler && isFunction(handler) && within(parsed, handler, usesClassicSession).length > 0 ? [{ call: call!.method, handler }] : [];
  });
}

const renderElSession: Rule = (parsed) => classicRenderEls(parsed).map(({ call }): Finding => ({
  ...positionOf(parsed, call), rule: 'widget.renderElSession', what: 'renderEl success handler uses sessionToken or setCookieAndRedirect',
  why: 'under the Identity Engine the widget ends with tokens (Interaction Code flow), not with a sessionToken',
  instead: 'widget.showSignInToGetTokens({ el }).then((tokens) => authClient.handleLoginRedirect(tokens)), or widget.showSignInAndRedirect({ el }) to go through the org\'s sign-in page',
}));

/** Other uses of the Classic session (outside the renderEl handlers already reported). */
const classicSession: Rule = (parsed) => {
  const handlers = classicRenderEls(parsed).map((r) => r.handler);
  const inHandler = (n: Node) => handlers.some((h) => n.start! >= h.start! && n.end! <= h.end!);
  return parsed.nodes.filter(({ node }) => usesClassicSession(node) && !inHandler(node)).map(({ node }): Finding => {
    const cookie = node.type !== 'Identifier';
    return {
      ...positionOf(parsed, node), rule: cookie ? 'authjs.setCookieAndRedirect' : 'authjs.sessionToken',
      what: cookie ? 'session.setCookieAndRedirect(…)' : 'sessionToken',
      why: 'an Identity Engine sign-in ends with tokens, not with a one-time sessionToken to trade for a session cookie',
      instead: cookie
        ? 'authClient.tokenManager.setTokens(transaction.tokens) for an embedded sign-in, or authClient.signInWithRedirect() to sign in on the org\'s page'
        : 'transaction.tokens (IdxStatus.SUCCESS); the Okta session is set by the Interaction Code flow itself',
    };
  });
};

export const sessionHandlingRules: Rule[] = [renderElSession, classicSession];
