/**
 * Synth-time validation of the deployment's config files. The same parse runs at every cold start;
 * running it at synth means a typo in config/region.json stops `cdk synth`, not production traffic.
 */
import { parseConfig, SURVEY_FILES, type AppConfig } from '#shared/config.ts';
import { ConfigError } from '#shared/platform/org-tree.ts';

/** Outcome of checking the config: the parsed config, or the message naming every bad field. */
export type ConfigCheck = { ok: true; config: AppConfig } | { ok: false; message: string };

/**
 * Parses the region and survey config (the bundled files unless others are given). A ConfigError
 * becomes a failed check carrying its message; any other error is a bug and propagates.
 */
export function checkConfig(region?: unknown, surveyFiles = SURVEY_FILES): ConfigCheck {
  try {
    // parseConfig falls back to the bundled config/region.json when region is undefined.
    return { ok: true, config: parseConfig(region, surveyFiles) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, message: e.message };
    throw e;
  }
}
