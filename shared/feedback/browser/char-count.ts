/**
 * The free text's character counter, after GOV.UK's "character count": the page says the limit in
 * words (`#text-limit`, the textarea's description), which is all a browser without JavaScript shows
 * and the `maxlength` enforces. This script shows the characters left under the box as one types, and
 * tells a screen reader the same once typing pauses — not at every key, which would drown the typing
 * out. Inlined by the form page under its CSP hash (lib/browser-bundles.ts).
 */

/** How long typing must pause before the count is read out, in ms (GOV.UK's figure). */
const ANNOUNCE_AFTER_MS = 1000;

const area = document.querySelector<HTMLTextAreaElement>('textarea[data-left]');
const limit = document.getElementById('text-limit');
if (area && limit && area.maxLength > 0) {
  const many = area.dataset.left ?? '';
  const one = area.dataset.leftOne ?? many;
  const format = new Intl.NumberFormat(document.documentElement.lang);
  const left = (): string => {
    const n = area.maxLength - area.value.length;
    return (n === 1 ? one : many).replace('{n}', format.format(n));
  };
  // The visible count is hidden from screen readers; they hear the limit, then the pause-time count.
  const shown = document.createElement('p');
  shown.className = 'hint count';
  shown.id = 'text-count';
  shown.setAttribute('aria-hidden', 'true');
  const spoken = document.createElement('p');
  spoken.className = 'vh';
  spoken.setAttribute('aria-live', 'polite');
  limit.classList.add('vh');
  limit.after(shown, spoken);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = (): void => {
    shown.textContent = left();
    clearTimeout(timer);
    timer = setTimeout(() => {
      spoken.textContent = left();
    }, ANNOUNCE_AFTER_MS);
  };
  shown.textContent = left();
  area.addEventListener('input', update);
}
