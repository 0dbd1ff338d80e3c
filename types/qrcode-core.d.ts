/**
 * The QR encoder of the `qrcode` package alone (`lib/core/qrcode.js`): its main entry also loads the
 * PNG, terminal and file renderers (pngjs and more, ~40 KB in the bundle) that the posters never use.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}
