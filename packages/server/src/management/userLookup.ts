import type { Store } from '../store/store.js';
import type { User } from '../store/repositories/users.js';
import { notFound } from '../http/apiError.js';

/** The user a management path names, by id or login (as Okta takes either): 404 E0000007 when there is none. */
export async function userNamed(store: Store, idOrLogin: string): Promise<User> {
  const user = (await store.users.findById(idOrLogin)) ?? (await store.users.findByLogin(idOrLogin));
  if (!user) throw notFound(idOrLogin, 'User');
  return user;
}
