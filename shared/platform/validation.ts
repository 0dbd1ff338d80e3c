import type * as z from './zod.ts';

/** One validation problem, addressed by a dotted path such as `answers.nps` or `serviceAreas[0].id`. */
export interface Issue {
  path: string;
  message: string;
}

/** Formats a zod path (`['answers', 'nps']`, `['units', 2, 'id']`) as `answers.nps` / `units[2].id`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Turns zod issues into the project's `{ path, message }` list; an empty path becomes `fallback`. */
export function toIssues(error: z.core.$ZodError, fallback = 'body'): Issue[] {
  return error.issues.flatMap((i) =>
    // One issue per unknown key, so that the error names the field that should not be there.
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: 'unknown field' }))
      : [{ path: formatPath(i.path) || fallback, message: i.message }],
  );
}
