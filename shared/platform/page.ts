import { LANG_NAMES, LANG_NAV_LABEL, LANGS, type Lang } from './i18n.ts';
import { html, raw, type Html } from './html.ts';

// One small stylesheet inline: no request to another host, and the whole page stays far under 30 KB.
// Colours meet WCAG AA contrast (text #1a1a1a / links #0b4f8a on white, focus ring #ffbf47 + #1a1a1a).
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
header{background:#f3f2f1;border-bottom:4px solid #0b4f8a}
.bar{max-width:46rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem}
.region{font-weight:700;margin:0}
nav ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem}
a{color:#0b4f8a}
a[aria-current]{font-weight:700;color:#1a1a1a}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;margin:.5rem 0 1rem}
fieldset{border:0;margin:0 0 1.125rem;padding:0}
legend,.label{font-weight:700;margin-bottom:.5rem;padding:0}
.vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.opts{display:flex;flex-wrap:wrap;gap:.375rem}
.opts label{display:flex;align-items:center;gap:.375rem;border:2px solid #505a5f;border-radius:.25rem;padding:.375rem .625rem;min-height:2.75rem;cursor:pointer}
.opts.col{flex-direction:column;align-items:stretch}
.opts.two label{flex:1 1 9rem}
.q{margin:0 0 1.125rem}
.row{display:flex;gap:.375rem;align-items:flex-start}
.nums{flex:1 1 auto;min-width:0}
.pts{display:flex}
.pt{position:relative;flex:1 1 0;min-width:0;cursor:pointer}
.pt+.pt{margin-left:-2px}
.pt input[type=radio]{position:absolute;inset:0;z-index:3;width:100%;height:100%;margin:0;opacity:0;cursor:pointer;scroll-margin-top:10rem}
.box{position:relative;display:flex;align-items:center;justify-content:center;min-height:2.75rem;border:2px solid #505a5f;font-weight:700;text-align:center;line-height:1.2}
.pt:first-child .box{border-radius:.25rem 0 0 .25rem}
.pt:last-child .box{border-radius:0 .25rem .25rem 0}
.pt.other{flex:0 0 5.5rem}
.other .box{border-radius:.25rem;padding:.25rem .5rem;font-weight:400;font-size:.9375rem}
.pt:hover .box{background:#f3f2f1}
.pt input:checked+.box{background:#0b4f8a;border-color:#0b4f8a;color:#fff;z-index:1}
.pt input:focus-visible+.box{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 6px #1a1a1a;z-index:2}
@media (forced-colors:active){.pt input:checked+.box{outline:4px solid Highlight;outline-offset:-6px}}
.faces .box{flex-direction:column;min-height:4.75rem;padding:.25rem .125rem;font-weight:400;font-size:.8125rem;overflow-wrap:anywhere}
.face{width:2rem;height:2rem;flex:none}
.faces+.pts{margin-top:.375rem}
.secondary{color:#0b4f8a;background:#fff;border:2px solid #0b4f8a;box-shadow:none;margin-top:1rem}
.ends{display:flex;justify-content:space-between;font-size:.8125rem;line-height:1.3;margin:.25rem 0 0;gap:.75rem;color:#484f53}
.ends>span:last-child{text-align:right}
@media (min-width:40rem){.stmt legend{float:left;width:45%;padding-right:1rem}.stmt .scale{margin-left:45%}}
.contact:not(.open):not(:has(#contact:checked)) .reveal{display:none}
input[type=radio],input[type=checkbox]{flex:none;width:1.25rem;height:1.25rem;margin:0;accent-color:#0b4f8a}
textarea,.field{scroll-margin-top:10rem;width:100%;font:inherit;padding:.5rem;border:2px solid #505a5f;border-radius:.25rem}
.hint{color:#484f53;margin:.25rem 0 .5rem}
.count{margin:.25rem 0 0}
.contact input[type=checkbox]{scroll-margin-top:10rem}
button{font:inherit;font-weight:700;color:#fff;background:#00703c;border:0;border-radius:.25rem;padding:.75rem 1.5rem;cursor:pointer;box-shadow:0 2px 0 #002d18}
:focus-visible{outline:3px solid #ffbf47;outline-offset:0;box-shadow:0 0 0 6px #1a1a1a}
.has-error{border-left:5px solid #b10e1e;padding-left:.75rem}
.err{color:#b10e1e;font-weight:700;margin:.25rem 0}
.error-summary{border:4px solid #b10e1e;padding:1rem;margin-bottom:1.5rem}
.error-summary h2{margin-top:0;font-size:1.25rem}
.error-summary a{color:#b10e1e;font-weight:700}
footer{border-top:1px solid #b1b4b6;margin-top:2rem}
footer ul{list-style:none;margin:0 auto;padding:1rem;max-width:46rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
`;

/** Where the language switch links: the same page with another `lang` and the other query kept. */
export type LangHref = (lang: Lang) => string;

/** A link in a page's footer; `current` marks the page it is on. */
export interface FooterLink {
  href: string;
  text: string;
  current?: boolean;
}

/**
 * Wraps page content in the common layout: region header, language switch, main landmark, footer.
 * Every page built with it is public, and every public page must link the privacy notice and the
 * accessibility statement, so `footer` is required: a page that forgets them does not compile.
 */
export function layout(opts: {
  lang: Lang;
  title: string;
  regionName: string;
  langHref: LangHref;
  body: Html;
  footer: readonly FooterLink[];
}): string {
  return `<!doctype html>${html`<html lang="${opts.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${opts.title}</title><style>${raw(CSS)}</style></head><body><header><div class="bar"><p class="region">${opts.regionName}</p><nav aria-label="${LANG_NAV_LABEL[opts.lang]}"><ul>${LANGS.map(
    (l) =>
      html`<li><a href="${opts.langHref(l)}" lang="${l}" hreflang="${l}"${l === opts.lang ? raw(' aria-current="page"') : ''}>${LANG_NAMES[l]}</a></li>`,
  )}</ul></nav></div></header><main id="main">${opts.body}</main><footer><ul>${opts.footer.map(
    (f) => html`<li><a href="${f.href}"${f.current ? raw(' aria-current="page"') : ''}>${f.text}</a></li>`,
  )}</ul></footer></body></html>`}`;
}
