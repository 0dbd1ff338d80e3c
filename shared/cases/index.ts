/** The cases feature's public surface: what other features (reporting) read of cases. */
export * from './case-labels.ts';
export { CASES_TABLE_ENV, BY_RELABEL } from './manifest.ts';
