/** The texts of the staff answer form, its refusals, the thank-you page and the printable sheet, in fi, sv and en. */
import type { Lang } from '../platform/index.ts';

/** Texts of the answer pages. */
export interface PulseFormText {
  intro: (unit: string) => string;
  anonymous: string;
  optional: string;
  submit: string;
  errorTitle: string;
  answerOne: string;
  badValue: string;
  tooLong: string;
  unknownTitle: string;
  unknownBody: string;
  usedTitle: string;
  usedBody: string;
  notOpenTitle: string;
  notOpenBody: (day: string) => string;
  closedTitle: string;
  closedBody: string;
  thanksTitle: string;
  thanksBody: string;
  busy: string;
  sheetTitle: (unit: string) => string;
  sheetLead: (opens: string, closes: string) => string;
  sheetSlip: string;
  sheetCode: string;
  sheetPrint: string;
  sheetUnknownTitle: string;
  sheetUnknownBody: string;
  qrLabel: (code: string) => string;
}

/** The answer pages' texts by language. */
export const PULSE_FORM_TEXT: Record<Lang, PulseFormText> = {
  fi: {
    intro: (unit) => `Työyhteisön kysely: ${unit}.`,
    anonymous:
      'Vastaat nimettömänä. Koodia ei ole yhdistetty sinuun, eikä vastaukseen tallenneta koodia, kellonaikaa eikä laitteesi tietoja. Tuloksia näytetään vasta, kun vastauksia on riittävästi.',
    optional: 'Voit jättää kohdan vastaamatta.',
    submit: 'Lähetä vastaus',
    errorTitle: 'Tarkista vastauksesi',
    answerOne: 'Vastaa vähintään yhteen väittämään.',
    badValue: 'Valitse vaihtoehto 1–5.',
    tooLong: 'Teksti on liian pitkä.',
    unknownTitle: 'Koodia ei löydy',
    unknownBody: 'Tarkista koodi lapusta. Jos koodi on oikein, kysy esihenkilöltäsi uusi lappu.',
    usedTitle: 'Koodilla on jo vastattu',
    usedBody: 'Jokaisella koodilla voi vastata kerran. Kiitos, jos vastasit jo!',
    notOpenTitle: 'Kysely ei ole vielä auki',
    notOpenBody: (day) => `Kysely avautuu ${day}.`,
    closedTitle: 'Kysely on päättynyt',
    closedBody: 'Tähän kyselyyn ei voi enää vastata.',
    thanksTitle: 'Kiitos vastauksestasi!',
    thanksBody: 'Vastauksesi on tallennettu nimettömänä.',
    busy: 'Palvelu on hetkellisesti ruuhkautunut. Vastauksesi on yhä lomakkeella: lähetä se hetken päästä uudelleen.',
    sheetTitle: (unit) => `Vastauskoodit – ${unit}`,
    sheetLead: (opens, closes) =>
      `Kysely on auki ${opens}–${closes}. Leikkaa laput ja jaa ne satunnaisessa järjestyksessä: älä kirjaa, kuka sai minkäkin koodin.`,
    sheetSlip: 'Vastaa työyhteisön kyselyyn nimettömänä: skannaa QR-koodi tai avaa osoite ja syötä koodi.',
    sheetCode: 'Koodi',
    sheetPrint: 'Tulosta',
    sheetUnknownTitle: 'Tulostetta ei löydy',
    sheetUnknownBody: 'Linkki on väärä tai vanhentunut.',
    qrLabel: (code) => `QR-koodi, joka avaa kyselyn koodilla ${code}`,
  },
  sv: {
    intro: (unit) => `Enkät för arbetsgemenskapen: ${unit}.`,
    anonymous:
      'Du svarar anonymt. Koden är inte kopplad till dig, och varken koden, klockslaget eller uppgifter om din enhet sparas med svaret. Resultat visas först när det finns tillräckligt många svar.',
    optional: 'Du kan lämna en fråga obesvarad.',
    submit: 'Skicka svaret',
    errorTitle: 'Kontrollera ditt svar',
    answerOne: 'Svara på minst ett påstående.',
    badValue: 'Välj ett alternativ 1–5.',
    tooLong: 'Texten är för lång.',
    unknownTitle: 'Koden hittas inte',
    unknownBody: 'Kontrollera koden på lappen. Om koden är rätt, be din chef om en ny lapp.',
    usedTitle: 'Koden har redan använts',
    usedBody: 'Varje kod kan användas en gång. Tack om du redan har svarat!',
    notOpenTitle: 'Enkäten har inte öppnat ännu',
    notOpenBody: (day) => `Enkäten öppnar ${day}.`,
    closedTitle: 'Enkäten har avslutats',
    closedBody: 'Det går inte längre att svara på enkäten.',
    thanksTitle: 'Tack för ditt svar!',
    thanksBody: 'Ditt svar har sparats anonymt.',
    busy: 'Tjänsten är tillfälligt överbelastad. Ditt svar finns kvar i formuläret: skicka det på nytt om en stund.',
    sheetTitle: (unit) => `Svarskoder – ${unit}`,
    sheetLead: (opens, closes) =>
      `Enkäten är öppen ${opens}–${closes}. Klipp lapparna och dela ut dem i slumpmässig ordning: anteckna inte vem som fick vilken kod.`,
    sheetSlip: 'Svara anonymt på arbetsgemenskapens enkät: skanna QR-koden eller öppna adressen och ange koden.',
    sheetCode: 'Kod',
    sheetPrint: 'Skriv ut',
    sheetUnknownTitle: 'Utskriften hittas inte',
    sheetUnknownBody: 'Länken är fel eller har gått ut.',
    qrLabel: (code) => `QR-kod som öppnar enkäten med koden ${code}`,
  },
  en: {
    intro: (unit) => `Work unit survey: ${unit}.`,
    anonymous:
      'You answer anonymously. The code is not linked to you, and neither the code, the time of day nor anything about your device is stored with the answer. Results show only once there are enough answers.',
    optional: 'You may leave any item unanswered.',
    submit: 'Send answer',
    errorTitle: 'Check your answer',
    answerOne: 'Answer at least one statement.',
    badValue: 'Choose an option from 1 to 5.',
    tooLong: 'The text is too long.',
    unknownTitle: 'Code not found',
    unknownBody: 'Check the code on your slip. If it is right, ask your supervisor for a new slip.',
    usedTitle: 'This code has been used',
    usedBody: 'Each code answers once. Thank you if you already answered!',
    notOpenTitle: 'The survey is not open yet',
    notOpenBody: (day) => `The survey opens on ${day}.`,
    closedTitle: 'The survey has closed',
    closedBody: 'This survey no longer takes answers.',
    thanksTitle: 'Thank you for your answer!',
    thanksBody: 'Your answer was stored anonymously.',
    busy: 'The service is briefly busy. Your answer is still on the form: send it again in a moment.',
    sheetTitle: (unit) => `Answer codes – ${unit}`,
    sheetLead: (opens, closes) =>
      `The survey is open ${opens} to ${closes}. Cut the slips and hand them out in random order: do not note who got which code.`,
    sheetSlip: 'Answer the work unit survey anonymously: scan the QR code, or open the address and enter the code.',
    sheetCode: 'Code',
    sheetPrint: 'Print',
    sheetUnknownTitle: 'Sheet not found',
    sheetUnknownBody: 'The link is wrong or has expired.',
    qrLabel: (code) => `QR code that opens the survey with code ${code}`,
  },
};
