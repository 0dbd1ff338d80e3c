import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MetadataJson } from 'libphonenumber-js/core';

/**
 * File name of the phone metadata beside a Lambda bundle: `lib/bundling.ts` (`SIDECAR_FILES`) copies
 * libphonenumber-js's `metadata.max.json` there for the functions that take contact requests, and
 * the bench does the same.
 */
export const PHONE_METADATA_FILE = 'phone-metadata.json';
/** The package file the sidecar is a copy of: the complete metadata, for strict validation in every country. */
export const PHONE_METADATA_SOURCE = 'libphonenumber-js/metadata.max.json';

let metadata: MetadataJson | undefined;

/**
 * The phone library's metadata for every country (about 150 KB), read at first use only. Bundled,
 * it would push the submit functions past their 150 KB budget and every cold start would parse it,
 * while only the few answers with a contact phone need it. Beside a bundle it is the sidecar file;
 * run from source (the local stack, tests) it is the installed package's own file.
 */
export function phoneMetadata(): MetadataJson {
  metadata ??= JSON.parse(readFileSync(metadataPath(), 'utf8')) as MetadataJson;
  return metadata;
}

function metadataPath(): string {
  const beside = fileURLToPath(new URL(PHONE_METADATA_FILE, import.meta.url));
  return existsSync(beside) ? beside : createRequire(import.meta.url).resolve(PHONE_METADATA_SOURCE);
}
