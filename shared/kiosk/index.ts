/** The kiosk feature's public surface: other features and handlers import it only from here. */
export * from './app-data.ts';
export * from './app-page.ts';
export * from './app-text.ts';
export * from './contracts.ts';
export * from './device-cookie.ts';
export * from './dynamo-kiosk-store.ts';
export * from './kiosk-api.ts';
export * from './kiosk-store.ts';
export * from './kiosk.ts';
export * from './manifest.ts';
export * from './settings.ts';
export * from './store-from-env.ts';
