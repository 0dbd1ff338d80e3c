import * as z from '#shared/zod.ts';
import { tables, type TableName } from '#shared/manifest.ts';

/**
 * Reads a table's name from the environment variable the manifest assigns to it; fails fast at
 * cold start with a message naming the missing variable, never later inside a request.
 */
export function tableNameFromEnv(table: TableName, env: NodeJS.ProcessEnv = process.env): string {
  const name = tables[table].envVar;
  const parsed = z.string().check(z.minLength(1)).safeParse(env[name]);
  if (!parsed.success) throw new Error(`Missing environment variable ${name} (name of the ${table} table)`);
  return parsed.data;
}
