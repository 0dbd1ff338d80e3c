/**
 * The DashConfig the page embeds (dashboard-page.ts), read once when the script starts: every module
 * of the script shares these, as the page's one script of old shared its closure.
 */
import { DASH_CONFIG_ID, type DashConfig } from '../dashboard-config.ts';

/** The page's config: language, texts, org tree, scale labels, sign-in and default period. */
export const cfg = JSON.parse(document.getElementById(DASH_CONFIG_ID)!.textContent!) as DashConfig;
/** The texts in the page's language. */
export const T = cfg.text;
/** The page's language. */
export const L = cfg.lang;
