import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * The entries of a JSON-lines file, oldest first; none when there is no file. The local stand-ins
 * (SMS and mail outboxes, event list) keep what they sent this way, so it survives a restart.
 */
export function readJsonLines<T>(file: string | undefined): T[] {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** Appends one entry to a JSON-lines file; nothing when the stand-in keeps its entries in memory only. */
export function appendJsonLine(file: string | undefined, entry: unknown): void {
  if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
}
