/** The ConfigError a config parse throws, for tests that check which field it names. */
import { ConfigError } from '#shared/platform/org-tree.ts';

/** Runs a parse that must fail and returns its ConfigError; any other outcome fails the test. */
export function configErrorOf(parse: () => unknown): ConfigError {
  try {
    parse();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}
