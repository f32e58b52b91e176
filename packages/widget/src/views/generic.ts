import { humanize } from '../ui/fields.js';
import type { View } from './types.js';

/** Any remediation without a view of its own: its name for a title, its fields as the server labels them. */
export const generic: View = {
  name: '',
  title: (c) => humanize(c.form.name),
  linkLabel: (c) => humanize(c.form.name),
};
