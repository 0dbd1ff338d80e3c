import * as z from './zod.ts';
import { tables, type TableName } from '../manifest.ts';

/**
 * Reads a required environment variable; fails fast at cold start with a message naming the
 * missing variable, never later inside a request.
 */
export function requireEnv(name: string, what: string, env: NodeJS.ProcessEnv = process.env): string {
  const parsed = z.string().check(z.minLength(1)).safeParse(env[name]);
  if (!parsed.success) throw new Error(`Missing environment variable ${name} (${what})`);
  return parsed.data;
}

/** Reads a table's name from the environment variable the manifest assigns to it. */
export function tableNameFromEnv(table: TableName, env: NodeJS.ProcessEnv = process.env): string {
  return requireEnv(tables[table].envVar, `name of the ${table} table`, env);
}
