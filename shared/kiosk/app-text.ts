/** The kiosk app's texts in Finnish, Swedish and English. */
import type { Lang } from '../platform/index.ts';
import type { KioskText } from './app-data.ts';

/** Every text of the kiosk app, by language. */
export const KIOSK_TEXT: Record<Lang, KioskText> = {
  fi: {
    attractTitle: 'Anna palautetta',
    attractLead: 'Kerro, miten onnistuimme. Vastaaminen vie noin minuutin, ja vastaat nimettömänä.',
    start: 'Aloita suomeksi',
    langLabel: 'Kieli',
    send: 'Lähetä',
    cancel: 'Keskeytä ja tyhjennä',
    errNothing: 'Vastaa ainakin yhteen kysymykseen ennen lähettämistä.',
    thanksTitle: 'Kiitos palautteestasi!',
    thanksBody: 'Palautteesi on tallennettu. Palautteiden avulla kehitämme palveluja.',
    done: 'Valmis',
    idleTitle: 'Jatketaanko?',
    idleBody: 'Vastauksesi tyhjennetään {s} sekunnin kuluttua, jos et jatka.',
    idleContinue: 'Jatka vastaamista',
    idleClear: 'Tyhjennä vastaukset',
    notEnrolledTitle: 'Laitetta ei ole otettu käyttöön',
    notEnrolledBody:
      'Tätä laitetta ei ole liitetty yksikön palautelaitteeksi, tai liitos on peruttu. Vastauksia ei voi nyt tallentaa. Pyydä henkilökuntaa ottamaan laite käyttöön uudelleen.',
    pending: 'Lähetystä odottaa {n}',
  },
  sv: {
    attractTitle: 'Ge respons',
    attractLead: 'Berätta hur vi lyckades. Det tar ungefär en minut, och du svarar anonymt.',
    start: 'Börja på svenska',
    langLabel: 'Språk',
    send: 'Skicka',
    cancel: 'Avbryt och töm',
    errNothing: 'Svara på minst en fråga innan du skickar.',
    thanksTitle: 'Tack för din respons!',
    thanksBody: 'Din respons har sparats. Vi använder responsen för att utveckla tjänsterna.',
    done: 'Klar',
    idleTitle: 'Vill du fortsätta?',
    idleBody: 'Dina svar töms om {s} sekunder om du inte fortsätter.',
    idleContinue: 'Fortsätt svara',
    idleClear: 'Töm svaren',
    notEnrolledTitle: 'Enheten är inte i bruk',
    notEnrolledBody:
      'Den här enheten är inte kopplad till verksamhetsställets responsterminal, eller så har kopplingen återkallats. Svar kan inte sparas nu. Be personalen att ta enheten i bruk igen.',
    pending: 'Väntar på att skickas: {n}',
  },
  en: {
    attractTitle: 'Give feedback',
    attractLead: 'Tell us how we did. It takes about a minute, and you answer anonymously.',
    start: 'Start in English',
    langLabel: 'Language',
    send: 'Send',
    cancel: 'Cancel and clear',
    errNothing: 'Answer at least one question before sending.',
    thanksTitle: 'Thank you for your feedback!',
    thanksBody: 'Your feedback has been saved. We use feedback to improve our services.',
    done: 'Done',
    idleTitle: 'Do you want to continue?',
    idleBody: 'Your answers will be cleared in {s} seconds unless you continue.',
    idleContinue: 'Continue answering',
    idleClear: 'Clear the answers',
    notEnrolledTitle: 'This device is not enrolled',
    notEnrolledBody:
      "This device is not enrolled as the unit's feedback kiosk, or its enrolment was revoked. Answers cannot be saved now. Ask the staff to enrol the device again.",
    pending: 'Waiting to be sent: {n}',
  },
};

/** Texts of the enrolment link's pages, by language. */
export const ENROL_TEXT: Record<Lang, { goneTitle: string; goneBody: string; unknownTitle: string; unknownBody: string }> = {
  fi: {
    goneTitle: 'Linkki on jo käytetty',
    goneBody:
      'Käyttöönottolinkki toimii vain kerran, tai palautelaite on poistettu. Luo työpöydällä uusi palautelaite ja avaa sen linkki tällä laitteella.',
    unknownTitle: 'Linkkiä ei löydy',
    unknownBody: 'Tarkista, että avasit koko käyttöönottolinkin.',
  },
  sv: {
    goneTitle: 'Länken har redan använts',
    goneBody:
      'Länken fungerar bara en gång, eller så har responsterminalen tagits bort. Skapa en ny terminal och öppna dess länk på den här enheten.',
    unknownTitle: 'Länken hittades inte',
    unknownBody: 'Kontrollera att du öppnade hela länken.',
  },
  en: {
    goneTitle: 'This link has been used',
    goneBody: 'An enrolment link works once, or the kiosk was removed. Create a new kiosk and open its link on this device.',
    unknownTitle: 'Link not found',
    unknownBody: 'Check that you opened the whole enrolment link.',
  },
};
