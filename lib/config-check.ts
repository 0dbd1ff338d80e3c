/**
 * Synth-time validation of the deployment's config files. The same parses run at cold start (the
 * public documents only in the publicInfo function); running them at synth means a typo in
 * config/region.json or config/public-info.json stops `cdk synth`, not production traffic.
 */
import { type ConfigFile, type DeploymentConfig, parseAllConfig } from '#shared/public-info-config.ts';
import { ConfigError } from '#shared/platform/org-tree.ts';
import type { StaffSurveyFile } from '#shared/pulse/index.ts';

/** Outcome of checking the config: the parsed config, or the message naming every bad field. */
export type ConfigCheck = { ok: true; config: DeploymentConfig } | { ok: false; message: string };

/**
 * Parses every config file: region, surveys, the public documents and the staff surveys (the repository's files unless
 * others are given). A ConfigError becomes a failed check carrying its message; any other error is a
 * bug and propagates.
 */
export function checkConfig(
  region?: unknown,
  surveyFiles?: ConfigFile[],
  publicInfo?: ConfigFile,
  pulseSurveyFiles?: readonly StaffSurveyFile[],
): ConfigCheck {
  try {
    return { ok: true, config: parseAllConfig({ region, surveyFiles, publicInfo, pulseSurveyFiles }) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, message: e.message };
    throw e;
  }
}
