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

/**
 * A value built at the first call and the same value at every call after. For zod schemas that only
 * validate config: a Lambda bundle gets its config validated when it is built (shared/config.ts) and
 * never calls the builder, so its cold start does not pay for constructing them (~0.1 ms a schema).
 */
export function lazyValue<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
