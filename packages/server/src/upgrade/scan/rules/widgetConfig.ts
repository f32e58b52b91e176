import type { Node, ObjectExpression } from '@babel/types';
import type { Finding } from '../finding.js';
import { deleteProperty, keyName, objectLiteral, positionOf, prependProperty, propertyNamed, type ParsedScript } from '../syntax.js';
import { DROPPED_WIDGET_OPTIONS } from '../../droppedWidgetOptions.js';
import type { Rule } from './rule.js';

/** `new OktaSignIn(config)`, with `OktaSignIn` as a name or a property (window.OktaSignIn). */
const isWidgetConstruction = (node: Node): node is Node & { type: 'NewExpression' } =>
  node.type === 'NewExpression'
  && ((node.callee.type === 'Identifier' && node.callee.name === 'OktaSignIn')
    || (node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' && node.callee.property.name === 'OktaSignIn'));

/** The widget configurations of a script: the object literals passed to `new OktaSignIn`. */
export function widgetConfigs(parsed: ParsedScript): ObjectExpression[] {
  return parsed.nodes.flatMap(({ node }) => {
    if (!isWidgetConstruction(node)) return [];
    const config = objectLiteral(parsed, node.arguments[0]);
    return config ? [config] : [];
  });
}

const isTrue = (p: Node | undefined) => p?.type === 'ObjectProperty' && p.value.type === 'BooleanLiteral' && p.value.value;

/**
 * The widget must run the Interaction Code flow: `useClassicEngine: true` goes, and widgets before
 * v7 need `useInteractionCodeFlow: true` (v7 has it on by default and ignores the option, so adding
 * it is safe either way).
 */
const engineMode: Rule = (parsed) => widgetConfigs(parsed).flatMap((config) => {
  const findings: Finding[] = [];
  const classic = propertyNamed(config, 'useClassicEngine');
  if (isTrue(classic)) {
    findings.push({
      ...positionOf(parsed, classic!), rule: 'widget.useClassicEngine', what: 'useClassicEngine: true',
      why: 'it keeps the widget on the Classic Engine\'s /api/v1/authn pipeline: no Identity Engine policy or authenticator reaches this app',
      instead: 'delete it (the widget then uses the Interaction Code flow)', fix: [deleteProperty(parsed, config, classic!)],
    });
  }
  if (!propertyNamed(config, 'useInteractionCodeFlow')) {
    findings.push({
      ...positionOf(parsed, config), rule: 'widget.useInteractionCodeFlow', what: 'the widget configuration has no useInteractionCodeFlow',
      why: 'sign-in widgets before version 7 run the Classic authn flow unless useInteractionCodeFlow is true',
      instead: 'useInteractionCodeFlow: true (and upgrade the widget to version 7, where it is the default)',
      fix: [prependProperty(parsed, config, 'useInteractionCodeFlow: true')],
    });
  }
  if (!propertyNamed(config, 'clientId') || !propertyNamed(config, 'redirectUri')) {
    findings.push({
      ...positionOf(parsed, config), rule: 'widget.oidcApp', what: 'the widget configuration has no clientId or no redirectUri',
      why: 'the Interaction Code flow signs in to an OIDC app: the widget needs its client id and redirect URI',
      instead: 'clientId and redirectUri of an OIDC app whose grant types include Interaction Code',
    });
  }
  return findings;
});

/** Options the Identity Engine dropped (the shared table): flags are deleted by --fix, objects that hold the app's own code or data are left to a person. */
const droppedOptions: Rule = (parsed) => widgetConfigs(parsed).flatMap((config) => {
  const found = DROPPED_WIDGET_OPTIONS.flatMap((option) => {
    const [head, tail] = option.path.split('.');
    const outer = propertyNamed(config, head);
    const container = tail ? (outer?.type === 'ObjectProperty' ? objectLiteral(parsed, outer.value) : undefined) : config;
    const property = container && propertyNamed(container, tail ?? head);
    return property && container ? [{ option, container, property }] : [];
  });
  // A features object whose every flag goes is deleted whole (edits must not overlap).
  const features = propertyNamed(config, 'features');
  const featuresObject = features?.type === 'ObjectProperty' ? objectLiteral(parsed, features.value) : undefined;
  const allFeaturesGo = featuresObject !== undefined && features?.type === 'ObjectProperty' && featuresObject === features.value
    && featuresObject.properties.every((p) => found.some((f) => f.property === p && f.option.removable));
  return found.map(({ option, container, property }): Finding => {
    const wholeFeatures = allFeaturesGo && container === featuresObject;
    const isFirstFeature = wholeFeatures && property === featuresObject!.properties[0];
    return {
      ...positionOf(parsed, property), rule: 'widget.droppedOption', what: option.path,
      why: 'the Identity Engine does not read this option: the org\'s policies decide it', instead: option.replacement,
      ...(option.removable && { fix: wholeFeatures ? (isFirstFeature ? [deleteProperty(parsed, config, features!)] : []) : [deleteProperty(parsed, container, property)] }),
    };
  });
});

/** processCreds saw the password before the Classic widget sent it; the Identity Engine widget never calls it. */
const processCreds: Rule = (parsed) => widgetConfigs(parsed).flatMap((config) => {
  const hook = config.properties.find((p) => keyName(p) === 'processCreds');
  return hook ? [{
    ...positionOf(parsed, hook), rule: 'widget.processCreds', what: 'processCreds',
    why: 'the Identity Engine widget does not call processCreds: the code in it no longer runs',
    instead: 'a hook before the identify step: widget.before(\'identify\', …) (or move the logic to the server, e.g. an inline hook)',
  }] : [];
});

export const widgetConfigRules: Rule[] = [engineMode, droppedOptions, processCreds];
