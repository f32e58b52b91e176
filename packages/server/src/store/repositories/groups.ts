import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { GroupsTable } from '../schema.js';
import { prepared } from '../prepared.js';

const namesOfUser = prepared((db, p: { userId: string }) => db.selectFrom('group_members').innerJoin('groups', 'groups.id', 'group_members.group_id')
  .select('groups.name').where('group_members.user_id', '=', p.userId).orderBy('groups.name'));

export interface Group {
  id: string;
  name: string;
  description: string | null;
  createdAt: number;
}

/** Every user belongs to Everyone implicitly, as in Okta; it is never stored as a membership. */
export const EVERYONE = 'Everyone';

const toGroup = (r: Selectable<GroupsTable>): Group => ({ id: r.id, name: r.name, description: r.description, createdAt: r.created_at });

export class GroupsRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<Group[]> {
    return (await this.db.selectFrom('groups').selectAll().orderBy('name').execute()).map(toGroup);
  }

  async findById(id: string): Promise<Group | undefined> {
    const r = await this.db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toGroup(r);
  }

  async findByName(name: string): Promise<Group | undefined> {
    const r = await this.db.selectFrom('groups').selectAll().where('name', '=', name).executeTakeFirst();
    return r && toGroup(r);
  }

  async insert(group: Group): Promise<void> {
    await this.db.insertInto('groups').values({ id: group.id, name: group.name, description: group.description, created_at: group.createdAt }).execute();
  }

  async updateDescription(id: string, description: string | null): Promise<void> {
    await this.db.updateTable('groups').set({ description }).where('id', '=', id).execute();
  }

  /** Names of the groups a user belongs to (Everyone is implicit and not listed). */
  async groupNamesOf(userId: string): Promise<string[]> {
    const rows = await namesOfUser.rows(this.db, { userId });
    return rows.map((r) => r.name);
  }

  async setMemberships(userId: string, groupIds: string[]): Promise<void> {
    // Delete-then-insert is all or nothing: a failed insert must not leave the user in no group.
    if (!this.db.isTransaction) return this.db.transaction().execute((tx) => new GroupsRepository(tx).setMemberships(userId, groupIds));
    await this.db.deleteFrom('group_members').where('user_id', '=', userId).execute();
    if (groupIds.length > 0) {
      await this.db.insertInto('group_members').values(groupIds.map((group_id) => ({ group_id, user_id: userId }))).execute();
    }
  }

  async memberships(): Promise<Array<{ userId: string; groupName: string }>> {
    const rows = await this.db.selectFrom('group_members').innerJoin('groups', 'groups.id', 'group_members.group_id')
      .select(['group_members.user_id as userId', 'groups.name as groupName']).execute();
    return rows;
  }
}
