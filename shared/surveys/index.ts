/** The surveys feature's public surface: other features and handlers import it only from here. */
export * from './contracts.ts';
export * from './get-survey.ts';
export * from './list-units.ts';
export * from './manifest.ts';
