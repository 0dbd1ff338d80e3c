import * as z from './zod.ts';
import type { TableSpec } from './manifest-types.ts';

/**
 * Reads a required environment variable; fails fast at cold start with a message naming the
 * missing variable, never later inside a request.
 */
export function requireEnv(name: string, what: string, env: NodeJS.ProcessEnv = process.env): string {
  const parsed = z.string().check(z.minLength(1)).safeParse(env[name]);
  if (!parsed.success) throw new Error(`Missing environment variable ${name} (${what})`);
  return parsed.data;
}

/** Reads a table's name from the environment variable its manifest entry assigns to it. */
export function tableNameFromEnv(name: string, spec: Pick<TableSpec, 'envVar'>, env: NodeJS.ProcessEnv = process.env): string {
  return requireEnv(spec.envVar, `name of the ${name} table`, env);
}
