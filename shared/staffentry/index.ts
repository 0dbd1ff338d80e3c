/** The staff entry feature's public surface: other features and handlers import it only from here. */
export * from './contracts.ts';
export * from './dynamo-staffentry-store.ts';
export * from './entry-code.ts';
export * from './given-on.ts';
export * from './lockout.ts';
export * from './manifest.ts';
export * from './session.ts';
export * from './staff-entry.ts';
export * from './staff-page.ts';
export * from './staff-text.ts';
export * from './staffentry-store.ts';
export * from './store-from-env.ts';
export * from './staff-http.ts';
