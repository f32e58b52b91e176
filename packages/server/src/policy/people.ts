/**
 * Okta's people condition: `{ users: { include: [ids] }, groups: { include: [names] } }`. Absent or
 * empty means everyone; `Everyone` in groups also means everyone.
 */
export interface PeopleCondition {
  users?: { include?: string[] };
  groups?: { include?: string[] };
}

export interface Person {
  id: string;
  groups: string[];
}

export function peopleMatch(condition: PeopleCondition | undefined, person: Person | undefined): boolean {
  const users = condition?.users?.include ?? [];
  const groups = condition?.groups?.include ?? [];
  if (users.length === 0 && groups.length === 0) return true;
  if (groups.includes('Everyone')) return true;
  if (!person) return false;
  return users.includes(person.id) || groups.some((g) => person.groups.includes(g));
}
