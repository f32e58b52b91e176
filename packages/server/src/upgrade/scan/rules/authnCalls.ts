import type { Node } from '@babel/types';
import type { Finding } from '../finding.js';
import { edit, positionOf, textOf, type ParsedScript } from '../syntax.js';
import { isAuthClient, methodCall } from './authClients.js';
import type { Rule } from './rule.js';

/**
 * okta-auth-js calls of the Classic authn API and their Identity Engine (IDX) counterparts. Each takes
 * the same options object (username, password, recoveryToken), so renaming the call is safe; what the
 * app does with the result may not be (an IdxTransaction carries tokens, not a sessionToken), and
 * the session rules find that.
 */
const COUNTERPARTS: Record<string, { idx: string; note: string }> = {
  signInWithCredentials: { idx: 'idx.authenticate', note: 'the result is an IdxTransaction: status SUCCESS carries tokens (authClient.tokenManager.setTokens(transaction.tokens)), other statuses carry nextStep' },
  forgotPassword: { idx: 'idx.recoverPassword', note: 'factorType gives way to authenticators: [\'okta_email\'] (or let the password policy choose)' },
  unlockAccount: { idx: 'idx.unlockAccount', note: 'factorType gives way to authenticators: [\'okta_email\'] (or let the password policy choose)' },
  verifyRecoveryToken: { idx: 'idx.start', note: 'idx.start({ recoveryToken }) resumes the recovery where the emailed link points' },
};

/** Names bound to the result of an authn call: `const t = await client.signInWithCredentials(…)`, or the parameter of its `.then(t => …)`. */
function authnResults(parsed: ParsedScript): Map<string, Node> {
  const results = new Map<string, Node>();
  const authnClient = (call: Node | null | undefined): Node | undefined => {
    const unwrapped = call?.type === 'AwaitExpression' ? call.argument : call;
    const m = unwrapped && methodCall(unwrapped);
    return m && COUNTERPARTS[m.method.name] && isAuthClient(parsed, m.client) ? m.client : undefined;
  };
  for (const { node } of parsed.nodes) {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      const client = authnClient(node.init);
      if (client) results.set(node.id.name, client);
    }
    const then = methodCall(node);
    if (then?.method.name === 'then' && node.type === 'CallExpression') {
      const client = authnClient(then.client);
      const handler = node.arguments[0];
      const param = handler && (handler.type === 'ArrowFunctionExpression' || handler.type === 'FunctionExpression') ? handler.params[0] : undefined;
      if (client && param?.type === 'Identifier') results.set(param.name, client);
    }
  }
  return results;
}

const authnCalls: Rule = (parsed) => parsed.nodes.flatMap(({ node }): Finding[] => {
  const call = methodCall(node);
  const counterpart = call && COUNTERPARTS[call.method.name];
  if (!call || !counterpart || !isAuthClient(parsed, call.client)) return [];
  return [{
    ...positionOf(parsed, call.method), rule: 'authjs.authn', what: `${call.method.name}(…)`,
    why: `${call.method.name} drives the Classic Engine's /api/v1/authn; the Identity Engine signs in through IDX`,
    instead: `${counterpart.idx}(…): ${counterpart.note}`,
    fix: [edit(parsed, call.method.start!, call.method.end!, counterpart.idx)],
  }];
});

/** `transaction.cancel()` on an authn transaction becomes the client's `idx.cancel()`. */
const transactionCancel: Rule = (parsed) => {
  const results = authnResults(parsed);
  return parsed.nodes.flatMap(({ node }): Finding[] => {
    const call = methodCall(node);
    if (call?.method.name !== 'cancel' || call.client.type !== 'Identifier' || !results.has(call.client.name)) return [];
    const client = textOf(parsed, results.get(call.client.name)!);
    return [{
      ...positionOf(parsed, call.client), rule: 'authjs.cancel', what: `${call.client.name}.cancel()`,
      why: 'an IdxTransaction has no cancel: the client ends the interaction',
      instead: `${client}.idx.cancel()`, fix: [edit(parsed, call.client.start!, call.method.end!, `${client}.idx.cancel`)],
    }];
  });
};

export const authnCallRules: Rule[] = [authnCalls, transactionCancel];
