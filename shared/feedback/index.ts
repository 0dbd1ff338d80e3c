/** The feedback feature's public surface: other features and handlers import it only from here. */
export * from './answer.ts';
export * from './contracts.ts';
export * from './dynamo-feedback-store.ts';
export * from './feedback-store.ts';
export * from './form-context.ts';
export * from './form-input.ts';
export * from './form-page.ts';
export * from './manifest.ts';
export * from './metrics.ts';
export * from './purge-expired.ts';
export * from './retention.ts';
export * from './settings.ts';
export * from './store-from-env.ts';
export * from './submit-feedback.ts';
export * from './ui-text.ts';
export * from './validate-feedback.ts';
