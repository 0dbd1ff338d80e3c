/**
 * The posters feature's public surface: other features and handlers import it only from here. The
 * renderers (pdf-lib, qrcode) are left out on purpose: the pages that link the posters must not
 * bundle half a megabyte of PDF code, and only the posters handler imports them (`poster-file.ts`).
 */
export * from './contracts.ts';
export * from './manifest.ts';
export * from './poster.ts';
