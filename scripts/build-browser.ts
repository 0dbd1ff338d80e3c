/**
 * `npm run build:browser`: bundles the browser scripts into their generated modules
 * (lib/browser-bundles.ts). Run by npm before start, typecheck and bench and after install.
 */
import { writeBrowserBundles } from '../lib/browser-bundles.ts';

const written = writeBrowserBundles();
if (written.length > 0) console.error(`browser bundles written: ${written.join(', ')}`);
