/** The contacts feature's public surface: other features and handlers import it only from here. */
export * from './contact-item.ts';
export * from './contact-vault.ts';
export * from './contact.ts';
export * from './contracts.ts';
export * from './data-keys.ts';
export * from './dynamo-contact-vault.ts';
export * from './envelope.ts';
export * from './from-env.ts';
export * from './kms-data-keys.ts';
export * from './manifest.ts';
export * from './phone.ts';
