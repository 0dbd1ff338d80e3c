/**
 * vitest's global setup, run once before any test file loads: brings the generated browser scripts
 * up to date with shared/<feature>/browser/ (lib/browser-bundles.ts), so every test — the pages
 * rendered under tsx, the e2e runs in Chromium, the real Lambda bundles — serves the current code.
 */
import { writeBrowserBundles } from '#lib/browser-bundles.ts';

export default function setup(): void {
  writeBrowserBundles();
}
