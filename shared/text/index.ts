/** The text feature's public surface: redaction, themes and sentiment of free-text comments. */
export * from './classify.ts';
export * from './redaction.ts';
export * from './taxonomy.ts';
export * from './settings.ts';
