/**
 * The one place that imports zod: the `mini` build with only the English locale, because the
 * classic import pulls every locale into each Lambda bundle (~440 KB, see docs/toolchain.md#zod). Import it
 * as a namespace (`import * as z from './zod.ts'`): a re-exported namespace object would stop
 * esbuild from dropping the unused parts of zod (measured: 421 KB vs 15 KB per bundle).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
