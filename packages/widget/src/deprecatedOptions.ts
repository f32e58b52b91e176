import { DROPPED_WIDGET_OPTIONS } from '../../server/src/upgrade/droppedWidgetOptions.js';

/*
 * Options of Okta's Classic widget that the Identity Engine dropped are accepted, so an existing page
 * keeps working, and the page is told once what replaces each. The table is the upgrade tooling's
 * (latchkey upgrade scan finds the same options in an app's code); docs/widget.md shows it. In
 * Classic mode (`useClassicEngine`) they are not dropped: the widget does not call this then.
 */
const warned = new Set<string>();

const valueAt = (options: object, path: string): unknown =>
  path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), options);

/** One console.warn per dropped option present, once per page however many widgets it makes. */
export function warnDroppedOptions(options: object): void {
  for (const { path, replacement } of DROPPED_WIDGET_OPTIONS) {
    if (valueAt(options, path) === undefined || warned.has(path)) continue;
    warned.add(path);
    console.warn(`latchkey-widget: "${path}" is not used by the Identity Engine: ${replacement}.`);
  }
}
