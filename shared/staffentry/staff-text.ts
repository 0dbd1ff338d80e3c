/** The staff entry pages' texts in fi, sv and en. */
import type { Lang } from '../platform/index.ts';

/** Every text of the staff entry pages, in one language. */
export interface StaffText {
  codeTitle: string;
  codeIntro: (unit: string) => string;
  codeLabel: string;
  codeHint: (hours: number) => string;
  signIn: string;
  errCodeMissing: string;
  errCodeWrong: string;
  lockedTitle: string;
  locked: (minutes: number) => string;
  sessionEnded: string;
  crossSiteTitle: string;
  crossSite: string;
  formTitle: string;
  formIntro: (unit: string) => string;
  channelLegend: string;
  channelPaper: string;
  channelOral: string;
  assisted: string;
  givenOnLabel: string;
  givenOnHint: (days: number) => string;
  errChannel: string;
  errGivenOnFormat: string;
  errGivenOnFuture: string;
  errGivenOnOld: (days: number) => string;
  saved: string;
  submit: string;
}

/** The staff entry texts by language. */
export const STAFF_UI: Readonly<Record<Lang, StaffText>> = {
  fi: {
    codeTitle: 'Palautteen kirjaus',
    codeIntro: (u) => `Tällä sivulla henkilökunta kirjaa paperilla tai suullisesti annettua palautetta yksikölle ${u}.`,
    codeLabel: 'Yksikön kirjauskoodi',
    codeHint: (h) => `Koodin saa yksikön palautevastaavalta. Kirjautuminen on voimassa tällä laitteella ${h} tuntia.`,
    signIn: 'Kirjaudu',
    errCodeMissing: 'Syötä yksikön kirjauskoodi.',
    errCodeWrong: 'Koodi on väärä. Tarkista koodi ja yritä uudelleen.',
    lockedTitle: 'Liian monta väärää koodia',
    locked: (m) =>
      `Kirjautuminen on suljettu ${m} minuutiksi, koska koodi syötettiin väärin liian monta kertaa. Jo kirjautuneet voivat jatkaa.`,
    sessionEnded: 'Kirjautuminen on päättynyt, eikä palautetta tallennettu. Syötä kirjauskoodi ja kirjaa palaute uudelleen.',
    crossSiteTitle: 'Lomaketta ei tallennettu',
    crossSite: 'Lomake lähetettiin toiselta sivustolta, joten sitä ei tallennettu. Avaa kirjaussivu uudelleen.',
    formTitle: 'Kirjaa palaute',
    formIntro: (u) => `Yksikkö: ${u}. Kirjaa yksi palaute kerrallaan niin kuin vastaaja sen antoi.`,
    channelLegend: 'Miten palaute annettiin?',
    channelPaper: 'Paperilomakkeella',
    channelOral: 'Suullisesti',
    assisted: 'Vastaaja sai apua vastaamiseen',
    givenOnLabel: 'Päivä, jona palaute annettiin',
    givenOnHint: (d) => `Muodossa VVVV-KK-PP, enintään ${d} päivää sitten.`,
    errChannel: 'Valitse, annettiinko palaute paperilla vai suullisesti.',
    errGivenOnFormat: 'Anna päivä muodossa VVVV-KK-PP.',
    errGivenOnFuture: 'Päivä ei voi olla tulevaisuudessa.',
    errGivenOnOld: (d) => `Päivä voi olla enintään ${d} päivää sitten.`,
    saved: 'Palaute tallennettiin. Voit kirjata seuraavan.',
    submit: 'Tallenna palaute',
  },
  sv: {
    codeTitle: 'Inmatning av respons',
    codeIntro: (u) => `På den här sidan matar personalen in respons som getts på papper eller muntligt till enheten ${u}.`,
    codeLabel: 'Enhetens inmatningskod',
    codeHint: (h) => `Koden får du av enhetens responsansvariga. Inloggningen gäller på den här enheten i ${h} timmar.`,
    signIn: 'Logga in',
    errCodeMissing: 'Ange enhetens inmatningskod.',
    errCodeWrong: 'Koden är fel. Kontrollera koden och försök igen.',
    lockedTitle: 'För många fel koder',
    locked: (m) =>
      `Inloggningen är stängd i ${m} minuter eftersom koden angavs fel för många gånger. Den som redan är inloggad kan fortsätta.`,
    sessionEnded: 'Inloggningen har gått ut och responsen sparades inte. Ange inmatningskoden och mata in responsen på nytt.',
    crossSiteTitle: 'Blanketten sparades inte',
    crossSite: 'Blanketten skickades från en annan webbplats och sparades därför inte. Öppna inmatningssidan på nytt.',
    formTitle: 'Mata in respons',
    formIntro: (u) => `Enhet: ${u}. Mata in en respons i taget så som svararen gav den.`,
    channelLegend: 'Hur gavs responsen?',
    channelPaper: 'På pappersblankett',
    channelOral: 'Muntligt',
    assisted: 'Svararen fick hjälp att svara',
    givenOnLabel: 'Dag då responsen gavs',
    givenOnHint: (d) => `I formen ÅÅÅÅ-MM-DD, högst ${d} dagar sedan.`,
    errChannel: 'Välj om responsen gavs på papper eller muntligt.',
    errGivenOnFormat: 'Ange dagen i formen ÅÅÅÅ-MM-DD.',
    errGivenOnFuture: 'Dagen kan inte vara i framtiden.',
    errGivenOnOld: (d) => `Dagen kan vara högst ${d} dagar sedan.`,
    saved: 'Responsen sparades. Du kan mata in nästa.',
    submit: 'Spara responsen',
  },
  en: {
    codeTitle: 'Feedback entry',
    codeIntro: (u) => `On this page staff type in feedback given on paper or orally at ${u}.`,
    codeLabel: "The unit's entry code",
    codeHint: (h) => `Ask the unit's feedback contact for the code. The sign-in lasts ${h} hours on this device.`,
    signIn: 'Sign in',
    errCodeMissing: "Enter the unit's entry code.",
    errCodeWrong: 'The code is wrong. Check it and try again.',
    lockedTitle: 'Too many wrong codes',
    locked: (m) =>
      `Sign-in is closed for ${m} minutes because the code was typed wrong too many times. Anyone already signed in can go on.`,
    sessionEnded: 'Your sign-in has ended and the feedback was not saved. Enter the entry code and type the feedback in again.',
    crossSiteTitle: 'The form was not saved',
    crossSite: 'The form was sent from another website, so it was not saved. Open the entry page again.',
    formTitle: 'Enter feedback',
    formIntro: (u) => `Unit: ${u}. Enter one person's feedback at a time, as they gave it.`,
    channelLegend: 'How was the feedback given?',
    channelPaper: 'On a paper form',
    channelOral: 'Orally',
    assisted: 'The person was helped to answer',
    givenOnLabel: 'Date the feedback was given',
    givenOnHint: (d) => `As YYYY-MM-DD, at most ${d} days ago.`,
    errChannel: 'Choose whether the feedback was given on paper or orally.',
    errGivenOnFormat: 'Give the date as YYYY-MM-DD.',
    errGivenOnFuture: 'The date cannot be in the future.',
    errGivenOnOld: (d) => `The date can be at most ${d} days ago.`,
    saved: 'The feedback was saved. You can enter the next one.',
    submit: 'Save the feedback',
  },
};
