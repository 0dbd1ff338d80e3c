/**
 * The pulse feature's paths, written once: the manifest's routes, the pages' links and the browser
 * script all read them here. Plain constants only, so the browser bundle may import them.
 */

/** The staff answer form of one code. */
export const PULSE_FORM_PATH = '/p/{code}';
/** The thank-you page after an answer (no code in it: the code is spent). */
export const PULSE_THANKS_PATH = '/pulse/thanks';
/** The printable sheet of a round's codes, opened with the sheet token of the round's creation. */
export const PULSE_SHEET_PATH = '/pulse/sheet/{sheet}';
/** The supervisors' pulse page in the staff area. */
export const PULSE_PAGE_PATH = '/admin/pulse';
/** The API's rounds. */
export const PULSE_ROUNDS_PATH = '/api/pulse/rounds';
/** One round's results. */
export const PULSE_RESULTS_PATH = '/api/pulse/rounds/{roundId}/results';
/** Staff and customers side by side. */
export const PULSE_COMPARE_PATH = '/api/pulse/compare';
