/** The public information feature's public surface: other features and handlers import it only from here. */
export * from './contracts.ts';
export * from './documents.ts';
export * from './info-page.ts';
export * from './info-text.ts';
export * from './manifest.ts';
export * from './settings.ts';
