/**
 * The WorkbenchConfig the page embeds (workbench-page.ts), read once when the script starts, and the
 * formatting of times in the page's language and Helsinki's time zone.
 */
import { STAFF_CONFIG_ID } from '../../platform/staff-page.ts';
import type { WorkbenchConfig } from '../workbench-config.ts';

/** The page's config: language, texts, org tree and sign-in. */
export const cfg = JSON.parse(document.getElementById(STAFF_CONFIG_ID)!.textContent!) as WorkbenchConfig;
/** The texts in the page's language. */
export const T = cfg.text;
/** The page's language. */
export const L = cfg.lang;

const LOCALES = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;
const TIME = new Intl.DateTimeFormat(LOCALES[L], { timeZone: 'Europe/Helsinki', dateStyle: 'medium', timeStyle: 'short' });
const DAY = new Intl.DateTimeFormat(LOCALES[L], { timeZone: 'Europe/Helsinki', dateStyle: 'medium' });

/** An instant as Helsinki date and time, e.g. "1.12.2026 klo 9.30". */
export const fmtTime = (iso: string) => TIME.format(new Date(iso));
/** An instant's Helsinki day, e.g. "15.12.2026" (due dates are the end of a Helsinki day). */
export const fmtDay = (iso: string) => DAY.format(new Date(iso));
