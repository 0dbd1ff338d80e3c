/**
 * The kiosk app: the attract screen, the survey in the chosen language, the thank-you screen and its
 * automatic reset, the idle question (WCAG 2.2.1: it asks first and gives 30 seconds to continue with
 * one tap), the not-enrolled notice, and the outbox that sends the answers whenever the network is
 * there (on start, on `online`, on a timer and after each answer). Inlined by the app page under its
 * CSP hash (lib/browser-bundles.ts); the page's data block holds the survey and the texts.
 */
import { h } from '../../platform/browser/dom.ts';
import type { Lang, LocalizedQuestion } from '../../platform/index.ts';
import {
  DATA_ELEMENT_ID,
  DRAIN_EVERY_SECONDS,
  IDLE_ASK_SECONDS,
  IDLE_CONTINUE_SECONDS,
  type KioskAppData,
  THANKS_SECONDS,
} from '../app-data.ts';
import { drainOutbox, enqueue, pendingCount } from './outbox.ts';

const data = JSON.parse(document.getElementById(DATA_ELEMENT_ID)!.textContent!) as KioskAppData;
const $ = <E extends HTMLElement>(id: string) => document.getElementById(id) as E;
const screens = { attract: $('attract'), survey: $('survey'), thanks: $('thanks'), blocked: $('blocked') };
const langs = $('langs');
const dialog = $<HTMLDialogElement>('idle');
const pending = $('pending');

let lang: Lang = data.lang;
let screen: keyof typeof screens = 'attract';
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let countdown: ReturnType<typeof setInterval> | undefined;
let thanksTimer: ReturnType<typeof setTimeout> | undefined;

const t = () => data.text[lang];

/** Shows one screen and moves focus to its heading, so a screen reader hears where it is. */
function show(name: keyof typeof screens): void {
  screen = name;
  for (const [k, el] of Object.entries(screens)) el.hidden = k !== name;
  langs.hidden = name !== 'survey';
  screens[name].querySelector('h1')?.focus();
  if (name === 'survey') armIdle();
  else stopIdle();
}

function setLang(l: Lang): void {
  lang = l;
  document.documentElement.lang = l;
  for (const b of langs.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.lang === l));
  langs.setAttribute('aria-label', t().langLabel);
  document.querySelector('.unit')!.textContent = data.unitName[l];
  $('idle-title').textContent = t().idleTitle;
  $('idle-body').textContent = t().idleBody.replace('{s}', String(IDLE_CONTINUE_SECONDS));
  dialog.querySelector('[data-idle=continue]')!.textContent = t().idleContinue;
  dialog.querySelector('[data-idle=clear]')!.textContent = t().idleClear;
  const blocked = screens.blocked;
  blocked.querySelector('h1')!.textContent = t().notEnrolledTitle;
  blocked.querySelector('p')!.textContent = t().notEnrolledBody;
  void showPending();
}

/** One group of choices: radios styled as large buttons. */
function choices(q: { id: string; text: string }, options: { value: string | number; label: string }[], cls: string): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, q.text),
    h(
      'div',
      { class: `opts ${cls}` },
      ...options.map((o) => h('label', {}, h('input', { type: 'radio', name: q.id, value: String(o.value) }), h('span', {}, o.label))),
    ),
  );
}

function question(q: LocalizedQuestion): HTMLElement {
  switch (q.type) {
    case 'nps': {
      const nums = Array.from({ length: 11 }, (_, i) => ({ value: i, label: String(i) }));
      const group = choices(q, nums, 'nps');
      group.append(
        h('p', { class: 'ends', 'aria-hidden': 'true' }, h('span', {}, `0 = ${q.minLabel}`), h('span', {}, `10 = ${q.maxLabel}`)),
      );
      group.querySelector('legend')!.append(h('span', { class: 'vh' }, ` (0 = ${q.minLabel}, 10 = ${q.maxLabel})`));
      return group;
    }
    case 'statement':
      return choices(q, q.options, '');
    case 'role':
      return choices(q, q.options, 'col');
    case 'text':
      return h(
        'div',
        {},
        h('label', { class: 'label', for: 'q-text' }, q.text),
        h('textarea', { id: 'q-text', name: 'text', maxlength: q.maxLength, rows: 4 }),
      );
  }
}

/** The answers on the screen: question id → value as the API takes it. */
function collect(): { answers: Record<string, number | string>; text?: string; role?: string } {
  const form = screens.survey.querySelector('form');
  const out: { answers: Record<string, number | string>; text?: string; role?: string } = { answers: {} };
  if (!form) return out;
  for (const input of form.querySelectorAll<HTMLInputElement>('input:checked')) {
    if (input.name === 'role') out.role = input.value;
    else out.answers[input.name] = input.value === 'cant_say' ? 'cant_say' : Number(input.value);
  }
  const text = form.querySelector('textarea')?.value.trim();
  if (text) out.text = text;
  return out;
}

/** Renders the survey in the current language, keeping whatever was answered already. */
function renderSurvey(keep = collect()): void {
  const survey = data.surveys[lang];
  const send = h('button', { type: 'submit', class: 'primary' }, t().send);
  const cancel = h('button', { type: 'button' }, t().cancel);
  cancel.addEventListener('click', reset);
  const error = h('p', { class: 'err', id: 'err', role: 'alert' });
  const form = h('form', { novalidate: '' }, ...survey.questions.map(question), error, h('div', { class: 'actions' }, send, cancel));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit(error);
  });
  screens.survey.replaceChildren(h('h1', { tabindex: '-1' }, survey.name), form);
  for (const [id, v] of Object.entries(keep.answers)) {
    const input = form.querySelector<HTMLInputElement>(`input[name="${id}"][value="${v}"]`);
    if (input) input.checked = true;
  }
  if (keep.role) {
    const input = form.querySelector<HTMLInputElement>(`input[name="role"][value="${keep.role}"]`);
    if (input) input.checked = true;
  }
  const area = form.querySelector('textarea');
  if (area && keep.text) area.value = keep.text;
}

async function submit(error: HTMLElement): Promise<void> {
  const { answers, text, role } = collect();
  if (!Object.keys(answers).length && !text) {
    error.textContent = t().errNothing;
    return;
  }
  await enqueue({
    channel: 'kiosk',
    lang,
    surveyId: data.surveys[lang].id,
    answers,
    ...(text ? { text } : {}),
    ...(role ? { role } : {}),
    answeredAt: new Date().toISOString(),
  } as { answeredAt: string });
  screens.thanks.replaceChildren(h('h1', { tabindex: '-1' }, t().thanksTitle), h('p', {}, t().thanksBody), done());
  show('thanks');
  thanksTimer = setTimeout(reset, THANKS_SECONDS * 1000);
  void drain();
}

function done(): HTMLElement {
  const b = h('button', { type: 'button', class: 'primary' }, t().done);
  b.addEventListener('click', reset);
  return b;
}

/** Back to the attract screen with nothing of the last person left on the screen. */
function reset(): void {
  clearTimeout(thanksTimer);
  if (dialog.open) dialog.close();
  clearInterval(countdown);
  screens.survey.replaceChildren();
  screens.thanks.replaceChildren();
  setLang(data.lang);
  if (screen !== 'blocked') show('attract');
}

function start(l: Lang): void {
  setLang(l);
  screens.survey.replaceChildren();
  renderSurvey({ answers: {} });
  show('survey');
}

// Idle: a started answer left alone is asked about, then cleared, so the next person never sees it.
function stopIdle(): void {
  clearTimeout(idleTimer);
}

function armIdle(): void {
  stopIdle();
  if (screen === 'survey' && !dialog.open) idleTimer = setTimeout(askIdle, IDLE_ASK_SECONDS * 1000);
}

function askIdle(): void {
  // Counted from a deadline, not by ticks: a tablet that dozes between ticks still clears on time.
  const deadline = Date.now() + IDLE_CONTINUE_SECONDS * 1000;
  const count = dialog.querySelector('.count')!;
  const tick = (): void => {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    count.textContent = String(left);
    if (left <= 0) reset();
  };
  tick();
  dialog.showModal();
  dialog.querySelector<HTMLButtonElement>('[data-idle=continue]')!.focus();
  countdown = setInterval(tick, 1000);
}

function keepGoing(): void {
  clearInterval(countdown);
  if (dialog.open) dialog.close();
  armIdle();
}

async function showPending(): Promise<void> {
  try {
    const n = await pendingCount();
    pending.textContent = n ? t().pending.replace('{n}', String(n)) : '';
  } catch {
    pending.textContent = '';
  }
}

let draining = false;
/** Sends the queue unless a send is under way; a not-enrolled answer blocks the app and says why. */
async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    if ((await drainOutbox(data.answersUrl)) === 'not_enrolled') block();
  } finally {
    draining = false;
    await showPending();
  }
}

function block(): void {
  clearTimeout(thanksTimer);
  show('blocked');
}

for (const b of screens.attract.querySelectorAll<HTMLButtonElement>('[data-start]')) {
  b.addEventListener('click', () => start(b.dataset.start as Lang));
}
for (const b of langs.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
  b.addEventListener('click', () => {
    const keep = collect();
    setLang(b.dataset.lang as Lang);
    renderSurvey(keep);
    screens.survey.querySelector('h1')?.focus();
  });
}
dialog.querySelector('[data-idle=continue]')!.addEventListener('click', keepGoing);
dialog.querySelector('[data-idle=clear]')!.addEventListener('click', reset);
// Escape closes a modal dialog: here it is the same simple action as "continue".
dialog.addEventListener('cancel', (e) => {
  e.preventDefault();
  keepGoing();
});
for (const type of ['pointerdown', 'keydown', 'input']) document.addEventListener(type, () => dialog.open || armIdle(), true);

window.addEventListener('online', () => void drain());
setInterval(() => void drain(), DRAIN_EVERY_SECONDS * 1000);
if ('serviceWorker' in navigator)
  void navigator.serviceWorker.register(data.serviceWorkerUrl, { scope: data.scope }).catch(() => undefined);
// The device check says at once when this device is not (or no longer) enrolled; offline, the
// queue waits and the app works on.
fetch(data.deviceUrl, { credentials: 'same-origin' })
  .then((r) => {
    if (r.status === 401) block();
  })
  .catch(() => undefined);
void drain();
