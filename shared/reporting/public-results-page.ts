/**
 * The public results page (`/tulokset`, `/resultat`, `/results`): NPS of the last whole month for the
 * region, each service area and each unit in plain data tables, with a short explanation of NPS, its
 * interval and why some figures are hidden. Server-rendered in the common layout; no script, no free
 * text, nothing that tells a primary-suppressed cell from a complementary one.
 */
import { type Lang, html, raw, type Html, layout } from '../platform/index.ts';
import { infoFooter } from '../publicinfo/index.ts';
import type { PublicResults, PublicRow } from './public-results.ts';
import { PUBLIC_RESULTS_PATHS } from './api-contract.ts';
import { numberFormats } from './numbers.ts';

const TEXT = {
  fi: {
    title: 'Asiakaspalautteen tulokset',
    period: 'Suositteluindeksi (NPS) viimeisimmältä raportoidulta kuukaudelta',
    areasCaption: 'Koko hyvinvointialue ja palvelualueet',
    unitsCaption: (area: string) => `Yksiköt: ${area}`,
    areaCol: 'Palvelualue',
    unitCol: 'Yksikkö',
    npsCol: 'NPS',
    nCol: 'Vastauksia',
    ciCol: '95 %:n luottamus\u00adväli',
    hidden: 'Ei julkaista',
    none: 'Ei vastauksia',
    whatTitle: 'Mikä on NPS?',
    what: 'NPS (Net Promoter Score) kertoo, kuinka todennäköisesti asiakkaat suosittelisivat palvelua läheisilleen. Vastaajat arvioivat asteikolla 0–10. Suosittelijoita ovat 9–10 vastanneet ja arvostelijoita 0–6 vastanneet. NPS on suosittelijoiden prosenttiosuus miinus arvostelijoiden prosenttiosuus, ja se voi olla −100:n ja +100:n välillä.',
    ci: 'Luottamusväli kertoo luvun epävarmuuden: kun vastauksia on vähän, todellinen luku voi poiketa esitetystä paljonkin.',
    hiddenTitle: 'Miksi kaikkia lukuja ei näytetä?',
    hiddenText: (t: number) =>
      `Vastaajien yksityisyyden suojaamiseksi emme julkaise tuloksia, jotka perustuvat alle ${t} vastaukseen. Jos yhden yksikön tulos piilotetaan, piilotamme myös toisen, jotta piilotettua lukua ei voi laskea vähentämällä näkyvät luvut kokonaisluvusta. Tulokset julkaistaan kokonaisilta kuukausilta, jotta eri päivinä avattujen sivujen erotuksesta ei voi laskea yksittäisten päivien vastauksia. Avoimia vastauksia ei julkaista.`,
    locale: 'fi-FI',
  },
  sv: {
    title: 'Resultat av kundresponsen',
    period: 'Rekommendationsindex (NPS) för den senast rapporterade månaden',
    areasCaption: 'Hela välfärdsområdet och serviceområdena',
    unitsCaption: (area: string) => `Enheter: ${area}`,
    areaCol: 'Serviceområde',
    unitCol: 'Enhet',
    npsCol: 'NPS',
    nCol: 'Svar',
    ciCol: '95 % konfidens\u00adintervall',
    hidden: 'Publiceras inte',
    none: 'Inga svar',
    whatTitle: 'Vad är NPS?',
    what: 'NPS (Net Promoter Score) visar hur sannolikt kunderna skulle rekommendera tjänsten till sina närstående. De svarande bedömer på en skala 0–10. De som svarar 9–10 är rekommendatörer och de som svarar 0–6 kritiker. NPS är andelen rekommendatörer minus andelen kritiker i procent och kan vara mellan −100 och +100.',
    ci: 'Konfidensintervallet visar osäkerheten: när svaren är få kan det verkliga värdet avvika mycket från det som visas.',
    hiddenTitle: 'Varför visas inte alla siffror?',
    hiddenText: (t: number) =>
      `För att skydda de svarandes integritet publicerar vi inte resultat som bygger på färre än ${t} svar. Om en enhets resultat döljs, döljer vi också en annan enhets resultat så att det dolda inte kan räknas ut genom att dra av de synliga siffrorna från totalen. Resultaten publiceras för hela månader, så att enskilda dagars svar inte kan räknas ut ur skillnaden mellan sidor som öppnats olika dagar. Fritextsvar publiceras inte.`,
    locale: 'sv-FI',
  },
  en: {
    title: 'Customer feedback results',
    period: 'Net Promoter Score (NPS) for the latest reported month',
    areasCaption: 'The whole county and its service areas',
    unitsCaption: (area: string) => `Units: ${area}`,
    areaCol: 'Service area',
    unitCol: 'Unit',
    npsCol: 'NPS',
    nCol: 'Answers',
    ciCol: '95 % confidence interval',
    hidden: 'Not published',
    none: 'No answers',
    whatTitle: 'What is NPS?',
    what: 'NPS (Net Promoter Score) tells how likely clients would be to recommend the service to people close to them. Respondents answer on a scale of 0–10. Those answering 9–10 are promoters and those answering 0–6 detractors. NPS is the percentage of promoters minus the percentage of detractors and ranges from −100 to +100.',
    ci: 'The confidence interval shows the uncertainty: with few answers the true figure may differ a lot from the one shown.',
    hiddenTitle: 'Why are some figures not shown?',
    hiddenText: (t: number) =>
      `To protect respondents' privacy we do not publish results based on fewer than ${t} answers. When one unit's result is hidden, we hide another one too, so that the hidden figure cannot be worked out by subtracting the visible figures from the total. Results cover whole months, so that single days' answers cannot be worked out from the difference between pages opened on different days. Free-text answers are never published.`,
    locale: 'en-GB',
  },
} as const;

// Inline style attributes keep the common layout's stylesheet untouched; colours are the layout's.
// A little smaller than the text, so that the four columns fit a 390 px phone in English and Swedish,
// and the Finnish tables scroll only by the width of their longest name.
const TABLE = 'width:100%;border-collapse:collapse;font-size:.9375rem';
// A table too wide for a phone scrolls inside this box (focusable, so a keyboard can scroll it), with
// the row's name kept in view; the page itself never scrolls sideways.
const BOX = 'overflow-x:auto;max-width:100%;margin:0 0 2rem';
const ROW_HEAD = 'position:sticky;left:0;background:#fff';
const CELL = 'padding:.375rem .3125rem;border-bottom:1px solid #b1b4b6;text-align:left;vertical-align:top';
const NUM = 'padding:.375rem .3125rem;border-bottom:1px solid #b1b4b6;text-align:right;vertical-align:top;white-space:nowrap';
// Column headings may wrap ("95 %:n luottamus-/väli", at its soft hyphen); the figures under them do not.
const NUM_HEAD = 'padding:.375rem .3125rem;border-bottom:1px solid #b1b4b6;text-align:right;vertical-align:bottom';
// A caption is as wide as its table: held to the screen's width, it wraps instead of scrolling away.
const CAPTION = 'text-align:left;font-weight:700;font-size:1.1875rem;margin-bottom:.5rem;max-width:calc(100vw - 2rem)';

function date(d: string, lang: Lang): Html {
  const text = new Intl.DateTimeFormat(TEXT[lang].locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: lang === 'en' ? 'long' : 'numeric',
    year: 'numeric',
  }).format(new Date(`${d}T00:00:00Z`));
  return html`<time datetime="${d}">${text}</time>`;
}

function monthName(month: string, lang: Lang): Html {
  const text = new Intl.DateTimeFormat(TEXT[lang].locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
  return html`<time datetime="${month}">${text}</time>`;
}

function cells(r: PublicRow, lang: Lang): Html {
  const t = TEXT[lang];
  // The same words for a small group and for its complement: the page never tells them apart.
  if (r.suppressed) return html`<td colspan="3" style="${CELL}"><a href="#why-hidden">${t.hidden}</a></td>`;
  const f = r.figures!;
  const num = numberFormats(lang);
  if (f.n === 0) return html`<td style="${NUM}">–</td><td style="${NUM}">${num.int(0)}</td><td style="${CELL}">${t.none}</td>`;
  return html`<td style="${NUM}">${num.nps(f.nps)}</td><td style="${NUM}">${num.int(f.n)}</td><td style="${NUM}">${num.ci(f.ci95)}</td>`;
}

function table(caption: string, firstCol: string, rows: { row: PublicRow; strong?: boolean }[], lang: Lang): Html {
  const t = TEXT[lang];
  return html`<div style="${BOX}" role="region" aria-label="${caption}" tabindex="0"><table style="${TABLE}"><caption style="${CAPTION}">${caption}</caption><thead><tr><th scope="col" style="${CELL};vertical-align:bottom">${firstCol}</th><th scope="col" style="${NUM_HEAD}">${t.npsCol}</th><th scope="col" style="${NUM_HEAD}">${t.nCol}</th><th scope="col" style="${NUM_HEAD}">${t.ciCol}</th></tr></thead><tbody>${rows.map(
    ({ row, strong }) =>
      html`<tr><th scope="row" style="${CELL};${ROW_HEAD}${strong ? ';font-weight:700' : ';font-weight:400'}">${row.name[lang]}</th>${cells(row, lang)}</tr>`,
  )}</tbody></table></div>`;
}

/** The whole page in one language. */
export function renderPublicResults(r: PublicResults, lang: Lang, regionName: string): string {
  const t = TEXT[lang];
  const body = html`<h1>${t.title}</h1><p>${t.period}: ${monthName(r.month, lang)} (${date(r.from, lang)}–${date(r.to, lang)}).</p>${table(
    t.areasCaption,
    t.areaCol,
    [{ row: r.region, strong: true }, ...r.serviceAreas.map((a) => ({ row: a }))],
    lang,
  )}${r.serviceAreas.map((a) =>
    table(
      t.unitsCaption(a.name[lang]),
      t.unitCol,
      a.units.map((u) => ({ row: u })),
      lang,
    ),
  )}<h2>${t.whatTitle}</h2><p>${t.what}</p><p>${t.ci}</p><h2 id="why-hidden">${t.hiddenTitle}</h2><p>${t.hiddenText(r.threshold)}</p>`;
  return layout({
    lang,
    title: `${t.title} – ${regionName}`,
    regionName,
    langHref: (l) => PUBLIC_RESULTS_PATHS[l],
    body: raw(body.value),
    footer: infoFooter(lang),
  });
}
