import type { RunningNode } from '../server/node.ts';
import { platformEm } from '../server/db/orm.ts';
import { client, type Api } from './support/http.ts';
import { uniqueEmail, type TestTenant } from './support/tenant.ts';

/** Helpers shared by the personalisation, progress and onboarding tests. */

export const sql = (node: RunningNode, q: string, params: unknown[] = []): Promise<any[]> =>
  platformEm(node.services.orm).execute(q, params);

export const PROFILE = {
  age: 32,
  gender: 'female',
  height: 168,
  weight: 64,
  fitnessLevel: 'intermediate',
  fitnessGoal: 'build muscle',
};

export interface TestUser {
  id: number;
  token: string;
  api: Api;
}

/** Registers a user over HTTP and returns an API client carrying the tenant key and the user token. */
export async function registerUser(
  node: RunningNode,
  tenant: TestTenant,
  extra: Record<string, unknown> = {},
): Promise<TestUser> {
  const api = client(node.url, { apiKey: tenant.apiKey });
  const res = await api.post('/auth/register', { email: uniqueEmail(), password: 'correct-horse-battery-9', ...extra });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  const token = res.body.data.accessToken as string;
  return { id: res.body.data.user.id, token, api: client(node.url, { apiKey: tenant.apiKey, token }) };
}

/** User ids are platform-wide identities. Tables with a user_id column (whoever created them), for "nothing of the user remains" checks. */
export async function rowsOfUser(node: RunningNode, userId: number): Promise<Record<string, number>> {
  const tables = await sql(
    node,
    `select table_name from information_schema.columns
    where column_name = 'user_id' and table_schema = current_schema() order by table_name`,
  );
  const left: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await sql(node, `select count(*)::int as n from "${table}" where user_id = ?`, [userId]);
    left[table] = row.n;
  }
  const [user] = await sql(node, `select count(*)::int as n from users where id = ?`, [userId]);
  left['users'] = user.n;
  return left;
}
