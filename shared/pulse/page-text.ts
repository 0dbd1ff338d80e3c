/** The supervisors' pulse page's texts in fi, sv and en. */
import type { Lang, SignInText, StaffChromeText } from '../platform/index.ts';

/** Texts of the pulse page. */
export interface PulsePageText extends SignInText, StaffChromeText {
  node: string;
  show: string;
  loading: string;
  failed: string;
  roundsTitle: string;
  noRounds: string;
  trendTitle: string;
  trendCaption: string;
  closes: string;
  survey: string;
  answers: string;
  responseRate: string;
  index: string;
  hidden: string;
  results: string;
  resultsTitle: string;
  hiddenRound: string;
  statement: string;
  n: string;
  mean: string;
  shareAgree: string;
  change: string;
  textsTitle: string;
  noTexts: string;
  textsHidden: string;
  combinedTitle: string;
  openTitle: string;
  opensOn: string;
  closesOn: string;
  staffCount: string;
  openButton: string;
  opened: string;
  sheetLink: string;
  compareTitle: string;
  compareLead: string;
  unit: string;
  nps: string;
  correlation: string;
  noCorrelation: string;
  notCausation: string;
  scatterLabel: string;
  thresholdNote: string;
}

/** The pulse page's texts by language. */
export const PULSE_PAGE_TEXT: Record<Lang, PulsePageText> = {
  fi: {
    title: 'Työyhteisön pulssi',
    noscript: 'Pulssisivu vaatii JavaScriptin. Ota se käyttöön selaimessasi.',
    signIn: 'Kirjaudu sisään',
    signOut: 'Kirjaudu ulos',
    signInLead: 'Kirjaudu sisään nähdäksesi yksikkösi pulssikyselyt.',
    signedOut: 'Olet kirjautunut ulos.',
    expired: 'Istuntosi on vanhentunut. Kirjaudu sisään uudelleen.',
    notConfigured: 'Henkilöstön kirjautumista ei ole määritetty tähän ympäristöön.',
    signInFailed: 'Kirjautuminen epäonnistui. Yritä uudelleen.',
    signedInAs: 'Kirjautuneena: {name}',
    node: 'Organisaation osa',
    show: 'Näytä',
    loading: 'Ladataan…',
    failed: 'Tietojen haku epäonnistui: {detail}',
    roundsTitle: 'Kierrokset',
    noRounds: 'Ei kierroksia.',
    trendTitle: 'Pulssi-indeksi kierroksittain',
    trendCaption: 'Pulssi-indeksi (0–100) kierroksittain',
    closes: 'Päättyy',
    survey: 'Kysely',
    answers: 'Vastauksia / koodeja',
    responseRate: 'Vastausprosentti',
    index: 'Indeksi',
    hidden: 'ei näytetä',
    results: 'Tulokset',
    resultsTitle: 'Kierroksen tulokset',
    hiddenRound: 'Tuloksia ei näytetä, koska vastauksia on alle {min}.',
    statement: 'Väittämä',
    n: 'Vastauksia',
    mean: 'Keskiarvo (1–5)',
    shareAgree: 'Samaa mieltä',
    change: 'Muutos edelliseen',
    textsTitle: 'Avoimet vastaukset',
    noTexts: 'Ei avoimia vastauksia.',
    textsHidden: 'Avoimia vastauksia näytetään, kun vastauksia on vähintään {min}.',
    combinedTitle: 'Yhteensä (vain näytettävät kierrokset)',
    openTitle: 'Avaa uusi kierros',
    opensOn: 'Alkaa',
    closesOn: 'Päättyy',
    staffCount: 'Henkilöstön määrä (koodeja)',
    openButton: 'Avaa kierros',
    opened: 'Kierros avattu: {n} koodia.',
    sheetLink: 'Tulostettavat koodilaput',
    compareTitle: 'Henkilöstö ja asiakkaat rinnakkain',
    compareLead: 'Yksiköiden pulssi-indeksi ja asiakkaiden NPS ajalta {from}–{to}.',
    unit: 'Yksikkö',
    nps: 'Asiakkaiden NPS',
    correlation: 'Korrelaatio yksiköiden välillä: r = {r} ({n} yksikköä, joista molemmat luvut näytetään).',
    noCorrelation: 'Korrelaatiota ei lasketa: alle kolme yksikköä, joista molemmat luvut näytetään.',
    notCausation: 'Korrelaatio kertoo vain, että luvut vaihtelevat yhdessä. Se ei osoita, että toinen aiheuttaisi toisen.',
    scatterLabel: 'Hajontakuvio: vaaka-akselilla pulssi-indeksi, pystyakselilla asiakkaiden NPS',
    thresholdNote: 'Lukuja näytetään vasta, kun vastauksia on vähintään {min}; avoimia vastauksia vähintään {text}.',
  },
  sv: {
    title: 'Arbetsgemenskapens puls',
    noscript: 'Pulssidan kräver JavaScript. Slå på det i din webbläsare.',
    signIn: 'Logga in',
    signOut: 'Logga ut',
    signInLead: 'Logga in för att se din enhets pulsenkäter.',
    signedOut: 'Du har loggat ut.',
    expired: 'Din session har gått ut. Logga in igen.',
    notConfigured: 'Inloggning för personal har inte konfigurerats i den här miljön.',
    signInFailed: 'Inloggningen misslyckades. Försök igen.',
    signedInAs: 'Inloggad: {name}',
    node: 'Del av organisationen',
    show: 'Visa',
    loading: 'Laddar…',
    failed: 'Det gick inte att hämta uppgifterna: {detail}',
    roundsTitle: 'Omgångar',
    noRounds: 'Inga omgångar.',
    trendTitle: 'Pulsindex per omgång',
    trendCaption: 'Pulsindex (0–100) per omgång',
    closes: 'Slutar',
    survey: 'Enkät',
    answers: 'Svar / koder',
    responseRate: 'Svarsfrekvens',
    index: 'Index',
    hidden: 'visas inte',
    results: 'Resultat',
    resultsTitle: 'Omgångens resultat',
    hiddenRound: 'Resultaten visas inte eftersom det finns färre än {min} svar.',
    statement: 'Påstående',
    n: 'Svar',
    mean: 'Medelvärde (1–5)',
    shareAgree: 'Av samma åsikt',
    change: 'Förändring från föregående',
    textsTitle: 'Öppna svar',
    noTexts: 'Inga öppna svar.',
    textsHidden: 'Öppna svar visas när det finns minst {min} svar.',
    combinedTitle: 'Totalt (endast omgångar som visas)',
    openTitle: 'Öppna en ny omgång',
    opensOn: 'Börjar',
    closesOn: 'Slutar',
    staffCount: 'Antal anställda (koder)',
    openButton: 'Öppna omgången',
    opened: 'Omgången har öppnats: {n} koder.',
    sheetLink: 'Kodlappar för utskrift',
    compareTitle: 'Personal och kunder sida vid sida',
    compareLead: 'Enheternas pulsindex och kundernas NPS för tiden {from}–{to}.',
    unit: 'Enhet',
    nps: 'Kundernas NPS',
    correlation: 'Korrelation mellan enheterna: r = {r} ({n} enheter där båda talen visas).',
    noCorrelation: 'Ingen korrelation beräknas: färre än tre enheter där båda talen visas.',
    notCausation: 'En korrelation visar bara att talen varierar tillsammans. Den visar inte att det ena orsakar det andra.',
    scatterLabel: 'Spridningsdiagram: pulsindex på den vågräta axeln, kundernas NPS på den lodräta',
    thresholdNote: 'Tal visas först när det finns minst {min} svar; öppna svar när det finns minst {text}.',
  },
  en: {
    title: 'Work unit pulse',
    noscript: 'The pulse page needs JavaScript. Turn it on in your browser.',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signInLead: "Sign in to see your unit's pulse surveys.",
    signedOut: 'You have signed out.',
    expired: 'Your session has expired. Sign in again.',
    notConfigured: 'Staff sign-in is not configured in this environment.',
    signInFailed: 'Signing in failed. Try again.',
    signedInAs: 'Signed in: {name}',
    node: 'Part of the organisation',
    show: 'Show',
    loading: 'Loading…',
    failed: 'Could not load the data: {detail}',
    roundsTitle: 'Rounds',
    noRounds: 'No rounds.',
    trendTitle: 'Pulse index by round',
    trendCaption: 'Pulse index (0–100) by round',
    closes: 'Closes',
    survey: 'Survey',
    answers: 'Answers / codes',
    responseRate: 'Response rate',
    index: 'Index',
    hidden: 'not shown',
    results: 'Results',
    resultsTitle: 'Round results',
    hiddenRound: 'Results are not shown: fewer than {min} answers.',
    statement: 'Statement',
    n: 'Answers',
    mean: 'Mean (1–5)',
    shareAgree: 'Agree',
    change: 'Change from previous',
    textsTitle: 'Open answers',
    noTexts: 'No open answers.',
    textsHidden: 'Open answers show with at least {min} answers.',
    combinedTitle: 'Combined (shown rounds only)',
    openTitle: 'Open a new round',
    opensOn: 'Opens',
    closesOn: 'Closes',
    staffCount: 'Staff count (codes)',
    openButton: 'Open round',
    opened: 'Round opened: {n} codes.',
    sheetLink: 'Printable code slips',
    compareTitle: 'Staff and customers side by side',
    compareLead: "Units' pulse index and customer NPS over {from} to {to}.",
    unit: 'Unit',
    nps: 'Customer NPS',
    correlation: 'Correlation across units: r = {r} ({n} units with both figures shown).',
    noCorrelation: 'No correlation computed: fewer than three units with both figures shown.',
    notCausation: 'A correlation only says the two figures tend to move together. It does not show that one causes the other.',
    scatterLabel: 'Scatter chart: pulse index across, customer NPS up',
    thresholdNote: 'Figures show from {min} answers; open answers from {text}.',
  },
};
