/**
 * The platform every feature builds on; features import it only from here (and zod from ./zod.ts,
 * which must stay a namespace import for esbuild to drop unused parts of zod). Browser-safe modules —
 * the features' contracts.ts and the schema modules they use — import ./route-contract.ts instead,
 * because this index brings the AWS SDK and node built-ins.
 */
export * from './access.ts';
export * from './route-contract.ts';
export * from './app-config.ts';
export * from './clock.ts';
export * from './contracts.ts';
export * from './dynamo-batch.ts';
export * from './dynamo-query.ts';
export * from './dynamo.ts';
export * from './edge-settings.ts';
export * from './env.ts';
export * from './errors.ts';
export * from './event-handler.ts';
export * from './extra-statements.ts';
export * from './event-details.ts';
export * from './event-port.ts';
export * from './eventbridge-publisher.ts';
export * from './handling-settings.ts';
export * from './html-response.ts';
export * from './html.ts';
export * from './http.ts';
export * from './i18n.ts';
export * from './local-adapters.ts';
export * from './logger.ts';
export * from './mail-port.ts';
export * from './manifest-types.ts';
export * from './manifest.ts';
export * from './metrics.ts';
export * from './operations-settings.ts';
export * from './org-tree.ts';
export * from './page.ts';
export * from './ses-mailer.ts';
export * from './sqs-work-queue.ts';
export * from './staff-layout.ts';
export * from './staff-page.ts';
export * from './surveys.ts';
export * from './time.ts';
export * from './validation.ts';
export * from './work-queue-port.ts';
export * from './work-queue.ts';
