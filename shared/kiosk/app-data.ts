/**
 * What the kiosk app's page hands its script (a JSON data block in the page): the unit, its survey in
 * every language and the app's texts. Types and import-free constants only, so the browser bundle
 * takes nothing else from the server.
 */
import type { Lang, LocalizedSurvey } from '../platform/index.ts';

/** The app's texts in one language. */
export interface KioskText {
  attractTitle: string;
  attractLead: string;
  start: string;
  langLabel: string;
  send: string;
  cancel: string;
  errNothing: string;
  thanksTitle: string;
  thanksBody: string;
  done: string;
  idleTitle: string;
  /** `{s}`: the seconds left to continue. */
  idleBody: string;
  idleContinue: string;
  idleClear: string;
  notEnrolledTitle: string;
  notEnrolledBody: string;
  /** `{n}`: answers waiting for the network. */
  pending: string;
}

/** The data block of the kiosk app's page. */
export interface KioskAppData {
  unitId: string;
  unitName: Record<Lang, string>;
  /** The language the page opened in (`?lang=`, else the browser's, else Finnish). */
  lang: Lang;
  surveys: Record<Lang, LocalizedSurvey>;
  text: Record<Lang, KioskText>;
  /** Where the answers go, the device check, the service worker and its scope. */
  answersUrl: string;
  deviceUrl: string;
  serviceWorkerUrl: string;
  scope: string;
}

/** Seconds without a touch on a started answer before the app asks whether to continue. */
export const IDLE_ASK_SECONDS = 60;
/** Seconds the question stays before the answers are cleared: at least 20 (WCAG 2.2.1 Timing Adjustable). */
export const IDLE_CONTINUE_SECONDS = 30;
/** Seconds the thank-you screen stays before the app is ready for the next person. */
export const THANKS_SECONDS = 8;
/** Seconds between tries to send queued answers while there is any. */
export const DRAIN_EVERY_SECONDS = 30;
/** The id of the page's data block. */
export const DATA_ELEMENT_ID = 'kiosk-data';
