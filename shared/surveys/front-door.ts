/**
 * The front door at `/`: a small page in fi, sv and en that leads to the feedback form of every unit
 * (grouped by service area and service, as people look for them), the public results, the staff
 * dashboard, the QR posters and, on the local stack, its developer pages. Someone who opens the bare address finds
 * the service instead of a JSON 404. No script, no data beyond the public list of units.
 */
import { FORM_PATHS } from '../feedback/index.ts';
import { type AppConfig, fillPath, html, type Html, type Lang, layout, type LocalizedText } from '../platform/index.ts';
import { posterHref } from '../posters/index.ts';
import { infoFooter } from '../publicinfo/index.ts';
import { DASHBOARD_PATH, DEV_SIGNIN_PATH, PUBLIC_RESULTS_PATHS } from '../reporting/index.ts';
import { FRONT_DOOR_PATH } from './manifest.ts';

const TEXT = {
  fi: {
    title: 'Asiakaspalaute',
    lead: 'Kerro kokemuksesi palvelusta, jota käytit. Vastaaminen vie pari minuuttia, ja voit vastata nimettömänä.',
    formsTitle: 'Anna palautetta',
    resultsTitle: 'Tulokset',
    results: 'Asiakaspalautteen tulokset yksiköittäin',
    staffTitle: 'Henkilöstölle',
    dashboard: 'Palauteraportit (kirjautuminen)',
    posters: 'Kaikkien yksiköiden QR-julisteet tulostettavaksi (PDF)',
    devTitle: 'Paikallinen kehitysympäristö',
  },
  sv: {
    title: 'Kundrespons',
    lead: 'Berätta om din erfarenhet av tjänsten du använde. Det tar ett par minuter, och du kan svara anonymt.',
    formsTitle: 'Ge respons',
    resultsTitle: 'Resultat',
    results: 'Resultat av kundresponsen per enhet',
    staffTitle: 'För personalen',
    dashboard: 'Responsrapporter (inloggning)',
    posters: 'Alla enheters QR-affischer för utskrift (PDF)',
    devTitle: 'Lokal utvecklingsmiljö',
  },
  en: {
    title: 'Customer feedback',
    lead: 'Tell us about the service you used. It takes a couple of minutes, and you can answer anonymously.',
    formsTitle: 'Give feedback',
    resultsTitle: 'Results',
    results: 'Customer feedback results by unit',
    staffTitle: 'For staff',
    dashboard: 'Feedback reports (sign-in)',
    posters: "Every unit's QR poster, for printing (PDF)",
    devTitle: 'Local development stack',
  },
} as const satisfies Record<Lang, Record<string, string>>;

/**
 * The local stack's developer pages (local/dev-routes.ts serves them; they exist nowhere else), each
 * with what it is for.
 */
const DEV_PAGES: readonly { path: string; text: LocalizedText }[] = [
  { path: DEV_SIGNIN_PATH, text: { fi: 'Kirjaudu esittelykäyttäjänä', sv: 'Logga in som demoanvändare', en: 'Sign in as a demo user' } },
  { path: '/dev/sms', text: { fi: 'Lähetetyt tekstiviestit', sv: 'Skickade sms', en: 'Text messages sent' } },
  { path: '/dev/mail', text: { fi: 'Lähetetyt sähköpostit', sv: 'Skickad e-post', en: 'Mail sent' } },
  { path: '/dev/events', text: { fi: 'Julkaistut tapahtumat', sv: 'Publicerade händelser', en: 'Events published' } },
  { path: '/dev/schedules', text: { fi: 'Ajastukset', sv: 'Schemalagda jobb', en: 'Schedules' } },
  { path: '/dev/queues', text: { fi: 'Jonot', sv: 'Köer', en: 'Queues' } },
  { path: '/dev/clock', text: { fi: 'Kello', sv: 'Klocka', en: 'Clock' } },
];

/** The front door in one language; `local` adds the developer pages. */
export function renderFrontDoor(config: AppConfig, lang: Lang, local: boolean): string {
  const t = TEXT[lang];
  const { org } = config;
  const region = org.node(org.regionId)!;
  const q = `?lang=${lang}`;
  const unitLink = (id: string) =>
    html`<li><a href="${fillPath(FORM_PATHS.form, { unitId: id })}${q}">${org.node(id)!.name[lang]}</a></li>`;
  // Units sit under a service, or straight under a service area: each level lists what it holds.
  const units = (id: string) => org.children(id).filter((n) => n.kind === 'unit');
  const list = (id: string) => (units(id).length ? html`<ul>${units(id).map((u) => unitLink(u.id))}</ul>` : '');
  const areas: Html[] = org.children(org.regionId).map(
    (area) =>
      html`<h3>${area.name[lang]}</h3>${list(area.id)}${org
        .children(area.id)
        .filter((n) => n.kind !== 'unit')
        .map((service) => html`<h4>${service.name[lang]}</h4>${list(service.id)}`)}`,
  );
  const dev = local
    ? html`<h2>${t.devTitle}</h2><ul>${DEV_PAGES.map((p) => html`<li><a href="${p.path}${q}">${p.text[lang]}</a></li>`)}</ul>`
    : '';
  const body = html`<h1>${t.title}</h1><p>${t.lead}</p><h2>${t.formsTitle}</h2>${areas}<h2>${t.resultsTitle}</h2><p><a href="${PUBLIC_RESULTS_PATHS[lang]}">${t.results}</a></p><h2>${t.staffTitle}</h2><p><a href="${DASHBOARD_PATH}${q}">${t.dashboard}</a></p><p><a href="${posterHref(region.id)}">${t.posters}</a></p>${dev}`;
  return layout({
    lang,
    title: `${t.title} – ${region.name[lang]}`,
    regionName: region.name[lang],
    langHref: (l) => `${FRONT_DOOR_PATH}?lang=${l}`,
    body,
    footer: infoFooter(lang),
  });
}
