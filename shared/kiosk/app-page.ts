/**
 * The kiosk app's files: the page (a server-rendered shell with the attract screen, the unit's survey
 * in every language as a JSON data block and one inline script pinned by hash), the web app manifest
 * and the service worker. The page has no link: a person at the kiosk cannot navigate off the app.
 */
import { fillPath, html, LANG_NAMES, LANGS, type Lang, raw, inlineScript } from '../platform/index.ts';
import { KIOSK_APP_BUNDLE } from './browser/kiosk-app.generated.ts';
import { KIOSK_SW_BUNDLE } from './browser/kiosk-sw.generated.ts';
import { DATA_ELEMENT_ID, IDLE_CONTINUE_SECONDS, type KioskAppData } from './app-data.ts';
import { KIOSK_PATHS } from './manifest.ts';

const script = inlineScript(KIOSK_APP_BUNDLE);

/** The service worker's script, served as its own file (a service worker cannot be inline). */
export const KIOSK_SERVICE_WORKER = KIOSK_SW_BUNDLE;

/**
 * The app page's Content-Security-Policy: its one inline script by hash, requests only to its own
 * origin (the answers), its own manifest and service worker, no form posts, never framed.
 */
export const KIOSK_CSP = `default-src 'none'; script-src ${script.hash}; style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`;

// Large touch targets (at least 3rem = 48 px), WCAG AA contrast as on the form (text #1a1a1a, accent
// #0b4f8a, focus #ffbf47 + #1a1a1a), and nothing a finger can select or drag by accident.
const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1.25rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;user-select:none;-webkit-user-select:none;overscroll-behavior:none}
header{background:#f3f2f1;border-bottom:4px solid #0b4f8a}
.bar{max-width:56rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
.unit{font-weight:700;margin:0}
.langs{display:flex;gap:.5rem}
.pending{margin:0;font-size:1rem;color:#484f53}
main{max-width:56rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:2rem;margin:.75rem 0 1rem}
h1:focus{outline:none}
.lead{font-size:1.375rem}
button{font:inherit;font-weight:700;min-height:3rem;min-width:3rem;border-radius:.375rem;padding:.5rem 1.25rem;cursor:pointer;border:2px solid #0b4f8a;background:#fff;color:#0b4f8a}
button.primary{background:#00703c;border-color:#00703c;color:#fff;box-shadow:0 2px 0 #002d18}
button[aria-pressed=true]{background:#0b4f8a;color:#fff}
.starts{display:flex;flex-direction:column;gap:1rem;max-width:28rem;margin-top:2rem}
.starts button{min-height:4.5rem;font-size:1.5rem}
:focus-visible{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 6px #1a1a1a}
fieldset{border:0;margin:0 0 1.75rem;padding:0}
legend,.label{display:block;font-weight:700;margin-bottom:.5rem;padding:0}
.opts{display:flex;flex-wrap:wrap;gap:.5rem}
.opts label{position:relative;display:flex;align-items:center;justify-content:center;gap:.5rem;min-height:3.25rem;min-width:3.25rem;padding:.5rem .75rem;border:2px solid #505a5f;border-radius:.375rem;cursor:pointer;text-align:center}
.opts.nps label{flex:1 1 0;padding:.5rem 0}
.opts.col{flex-direction:column}
.opts.col label{justify-content:flex-start;text-align:left}
.opts input{position:absolute;opacity:0;width:1px;height:1px}
.opts label:has(input:checked){background:#0b4f8a;border-color:#0b4f8a;color:#fff}
.opts label:has(input:focus-visible){outline:3px solid #ffbf47;box-shadow:0 0 0 6px #1a1a1a}
@media (forced-colors:active){.opts label:has(input:checked){outline:4px solid Highlight;outline-offset:-6px}}
.ends{display:flex;justify-content:space-between;gap:1rem;font-size:1rem;color:#484f53;margin:.25rem 0 0}
textarea{width:100%;min-height:8rem;font:inherit;padding:.5rem;border:2px solid #505a5f;border-radius:.375rem;user-select:text;-webkit-user-select:text}
.actions{display:flex;flex-wrap:wrap;gap:1rem;justify-content:space-between;margin-top:1rem}
.err{color:#b10e1e;font-weight:700}
dialog{max-width:32rem;border:4px solid #0b4f8a;border-radius:.5rem;padding:1.5rem}
dialog::backdrop{background:rgba(0,0,0,.6)}
dialog h2{margin-top:0}
.count{font-size:2.5rem;font-weight:700;margin:.5rem 0}
.vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
`;

/** A JSON data block that no `</script` or `<!--` inside a string can end early. */
function dataBlock(data: KioskAppData): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/** The kiosk app's page for one unit. */
export function renderKioskApp(data: KioskAppData): string {
  const t = data.text[data.lang];
  const manifestUrl = fillPath(KIOSK_PATHS.webManifest, { unitId: data.unitId });
  const titles = LANGS.map((l) => data.text[l].attractTitle).join(' · ');
  return `<!doctype html>${html`<html lang="${data.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="theme-color" content="#0b4f8a"><title>${titles} – ${data.unitName[data.lang]}</title><link rel="manifest" href="${manifestUrl}"><style>${raw(CSS)}</style></head><body><header><div class="bar"><p class="unit">${data.unitName[data.lang]}</p><p id="pending" class="pending"></p><div id="langs" class="langs" role="group" aria-label="${t.langLabel}" hidden>${LANGS.map(
    (l) => html`<button type="button" data-lang="${l}" lang="${l}" aria-pressed="${String(l === data.lang)}">${LANG_NAMES[l]}</button>`,
  )}</div></div></header><main><section id="attract"><h1 tabindex="-1">${LANGS.map(
    (l, i) => html`${i ? ' · ' : ''}<span lang="${l}">${data.text[l].attractTitle}</span>`,
  )}</h1><p class="lead">${t.attractLead}</p><div class="starts">${LANGS.map(
    (l) => html`<button type="button" class="primary" data-start="${l}" lang="${l}">${data.text[l].start}</button>`,
  )}</div></section><section id="survey" hidden></section><section id="thanks" hidden></section><section id="blocked" hidden><h1 tabindex="-1">${t.notEnrolledTitle}</h1><p>${t.notEnrolledBody}</p></section></main><dialog id="idle" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body"><h2 id="idle-title">${t.idleTitle}</h2><p id="idle-body">${t.idleBody.replace('{s}', String(IDLE_CONTINUE_SECONDS))}</p><p class="count" aria-hidden="true"></p><div class="actions"><button type="button" class="primary" data-idle="continue">${t.idleContinue}</button><button type="button" data-idle="clear">${t.idleClear}</button></div></dialog><script type="application/json" id="${DATA_ELEMENT_ID}">${raw(dataBlock(data))}</script><script>${raw(script.code)}</script></body></html>`}`;
}

/** The web app manifest: the app full screen, starting at the unit's kiosk page and staying in it. */
export function kioskWebManifest(unitId: string, unitName: string, lang: Lang): string {
  const app = fillPath(KIOSK_PATHS.app, { unitId });
  return JSON.stringify({
    name: `Palaute – ${unitName}`,
    short_name: 'Palaute',
    lang,
    start_url: app,
    scope: app,
    id: app,
    display: 'fullscreen',
    orientation: 'any',
    background_color: '#ffffff',
    theme_color: '#0b4f8a',
  });
}
