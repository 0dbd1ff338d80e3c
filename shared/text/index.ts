/** The text feature's public surface: redaction, themes and sentiment of free-text comments. */
export { analyseComment, type CommentAnalysis, type CommentAnalysisInput } from './analyse.ts';
export * from './classifier-loader.ts';
export * from './classify.ts';
export * from './redaction.ts';
export * from './redaction-settings.ts';
export * from './settings.ts';
export * from './taxonomy.ts';
