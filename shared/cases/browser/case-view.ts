/**
 * One case: the comment, NPS and facts, the status buttons (only the changes the status machine
 * allows; model.ts), the assignee, notes, the contact details behind a button (each reveal is
 * recorded by the API) and the history. Every change is a PATCH on the version shown; a conflict
 * shows the newer version.
 */
import { ApiError } from '../../platform/browser/staff-api.ts';
import { byId, h } from '../../platform/browser/dom.ts';
import { fill } from '../../platform/staff-page.ts';
import { MAX_ASSIGNEE_CHARS, MAX_NOTE_CHARS, nextStatuses, type CaseStatus } from '../model.ts';
import { type CaseContact, type CaseDetail, type CasePatch, getCase, getContact, patchCase } from './cases-api.ts';
import { cfg, fmtDay, fmtTime, T } from './config.ts';
import { flags } from './queue.ts';
import { say, showError, showFailure } from './view.ts';
import { labelList, sentimentLabel, themeLabel } from './labels.ts';

/** The contact details revealed for a case, kept while that case stays open in the page. */
let revealed: { id: string; contact: CaseContact } | undefined;
/** Where focus goes after the case is drawn again. */
type FocusTarget = 'status' | 'note' | 'assignee' | 'contact' | 'heading' | 'labels';

/**
 * The comment with the person names redaction marked shown in `<mark>` (the handlers of the unit see
 * them; anything leaving the unit masks them). Offsets outside the text are ignored.
 */
export function markedText(text: string, names: readonly { start: number; end: number }[]): (Node | string)[] {
  const out: (Node | string)[] = [];
  let at = 0;
  for (const n of [...names].sort((a, b) => a.start - b.start)) {
    if (n.start < at || n.end > text.length || n.end <= n.start) continue;
    out.push(text.slice(at, n.start), h('mark', { class: 'name', title: T.nameMarked }, text.slice(n.start, n.end)));
    at = n.end;
  }
  out.push(text.slice(at));
  return out;
}

/** Whether the case was ever `contacted`: closing a contact case without it needs a note. */
const everContacted = (c: CaseDetail) =>
  c.status === 'contacted' || c.history.some((e) => e.action === 'status_changed' && e.to === 'contacted');

/** The button text for a change of status, which depends on where the case is now. */
function statusLabel(from: CaseStatus, to: CaseStatus): string {
  if (to === 'contacted' || to === 'closed') return T[`to_${to}`];
  return from === 'closed' ? T.reopen : from === 'contacted' ? T.backToProgress : T.to_in_progress;
}

function historyLine(e: CaseDetail['history'][number]): string {
  const status = (s: CaseStatus | undefined) => (s ? T[`status_${s}`] : T.none);
  const themes = (ids: readonly string[]) => (ids.length ? ids.map(themeLabel).join(', ') : T.none);
  const change = [
    e.themesTo && `${T.themes}: ${themes(e.themesFrom ?? [])} → ${themes(e.themesTo)}`,
    e.sentimentTo && `${T.sentiment}: ${sentimentLabel(e.sentimentFrom ?? null)} → ${sentimentLabel(e.sentimentTo)}`,
  ]
    .filter(Boolean)
    .join('; ');
  return fill(T[`action_${e.action}`], {
    from: status(e.from),
    to: status(e.to),
    assignee: e.assignee ?? T.unassigned,
    days: e.days ?? '',
    change,
  });
}

/** The themes and sentiment of a commented case, with the form that corrects them. */
function labelsSection(c: CaseDetail, unitName: (id: string) => string): HTMLElement | false {
  if (c.text === null) return false;
  const themeBoxes = cfg.themes.map((t) => {
    const box = h('input', { type: 'checkbox', id: `theme-${t.id}`, name: 'themes', value: t.id }) as HTMLInputElement;
    box.checked = c.themes.includes(t.id);
    return h('div', { class: 'check' }, box, h('label', { for: `theme-${t.id}` }, t.label));
  });
  const sentiment = h(
    'select',
    { id: 'sentiment', name: 'sentiment' },
    ...cfg.sentiments.map((s) => {
      const o = h('option', { value: s }, T[`sentiment_${s}`]) as HTMLOptionElement;
      o.selected = c.sentiment === s;
      return o;
    }),
  ) as HTMLSelectElement;
  const needed = h('p', { id: 'themes-needed', class: 'needed', hidden: '' }, T.themesRequired);
  const form = h(
    'form',
    { class: 'stack', id: 'labels-form' },
    h(
      'fieldset',
      { class: 'theme-checks', id: 'theme-checks', 'aria-describedby': 'themes-needed', tabindex: '-1' },
      h('legend', {}, T.themes),
      ...themeBoxes,
    ),
    needed,
    h('div', { class: 'sentiment-field' }, h('label', { for: 'sentiment' }, T.sentiment), sentiment),
    h('button', { type: 'submit' }, T.saveLabels),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const themes = [...form.querySelectorAll<HTMLInputElement>('input[name="themes"]:checked')].map(
      (b) => b.value as CaseDetail['themes'][number],
    );
    if (!themes.length) {
      needed.hidden = false;
      byId('theme-checks').focus();
      return;
    }
    void save(c, { themes, sentiment: sentiment.value as NonNullable<CaseDetail['sentiment']> }, unitName, 'labels');
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'labels-h' },
    h('h3', { id: 'labels-h', tabindex: '-1' }, T.labelsTitle),
    labelList(c) || h('p', {}, T.noLabels),
    c.labelledBy && h('p', { class: 'meta', id: 'labelled-by' }, T[`labelledBy_${c.labelledBy}`]),
    h('p', { class: 'hint' }, T.labelsLead),
    form,
  );
}

const fact = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];

function contactList(ct: CaseContact): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    ...(ct.name ? fact(T.contactName, ct.name) : []),
    ...(ct.phone ? fact(T.contactPhone, h('a', { href: `tel:${ct.phone}` }, ct.phone)) : []),
    ...(ct.email ? fact(T.contactEmail, h('a', { href: `mailto:${ct.email}` }, ct.email)) : []),
  );
}

/** Draws the case; `focus` names what gets focus afterwards. */
export function renderCase(c: CaseDetail, unitName: (id: string) => string, focus?: FocusTarget): void {
  if (revealed && revealed.id !== c.id) revealed = undefined;
  byId('case-h').textContent = fill(T.caseTitle, { date: fmtTime(c.createdAt) });

  const facts = h(
    'dl',
    { class: 'facts' },
    ...fact(T.status, T[`status_${c.status}`]),
    ...fact(T.nps, c.nps === null ? T.none : String(c.nps)),
    ...fact(T.unitLabel, unitName(c.unitId)),
    ...fact(T.channel, c.channel),
    ...fact(T.language, c.lang),
    ...fact(T.createdAt, fmtTime(c.createdAt)),
    ...fact(T.due, c.status === 'closed' ? T.none : fmtDay(c.dueAt)),
    ...fact(T.assignee, c.assignee ?? T.unassigned),
  );

  // Status: only the changes the machine allows; closing an uncontacted contact case takes the note.
  const noteField = h('textarea', {
    id: 'note',
    name: 'note',
    maxlength: MAX_NOTE_CHARS,
    'aria-describedby': 'note-needed',
  }) as HTMLTextAreaElement;
  const needed = h('p', { id: 'note-needed', class: 'needed', hidden: '' }, T.noteRequired);
  const needsNote = c.contactRequested && !everContacted(c);
  const buttons = nextStatuses(c).map((to) => {
    const b = h('button', { type: 'button', 'data-status': to, class: to === 'closed' ? 'quiet' : undefined }, statusLabel(c.status, to));
    b.addEventListener('click', () => {
      const note = noteField.value.trim();
      if (to === 'closed' && needsNote && !note) {
        needed.hidden = false;
        noteField.setAttribute('aria-invalid', 'true');
        noteField.focus();
        return;
      }
      const patch: CasePatch = to === 'closed' && needsNote ? { status: to, note } : { status: to };
      void save(c, patch, unitName, 'status');
    });
    return b;
  });
  const statusSection = h(
    'section',
    { class: 'card', 'aria-labelledby': 'status-h' },
    h('h3', { id: 'status-h' }, T.statusTitle),
    h('p', { id: 'case-status', tabindex: '-1' }, fill(T.currentStatus, { status: T[`status_${c.status}`] })),
    c.overdue && h('p', { class: 'needed' }, T.overdueNote),
    c.escalated && h('p', { class: 'needed' }, T.escalatedNote),
    h('div', { class: 'actions' }, ...buttons),
  );

  const assigneeInput = h('input', {
    id: 'assignee',
    name: 'assignee',
    type: 'text',
    maxlength: MAX_ASSIGNEE_CHARS,
    autocomplete: 'off',
    'aria-describedby': 'assignee-hint',
    value: c.assignee ?? '',
  }) as HTMLInputElement;
  const assigneeForm = h(
    'form',
    { class: 'stack', id: 'assignee-form' },
    h('label', { for: 'assignee' }, T.assignee),
    h('p', { id: 'assignee-hint', class: 'hint' }, T.assigneeHint),
    assigneeInput,
    h('button', { type: 'submit' }, T.saveAssignee),
  );
  assigneeForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = assigneeInput.value.trim();
    void save(c, { assignee: v || null }, unitName, 'assignee');
  });
  statusSection.append(assigneeForm);

  const noteForm = h(
    'form',
    { class: 'stack', id: 'note-form' },
    h('label', { for: 'note' }, T.newNote),
    needed,
    noteField,
    h('button', { type: 'submit' }, T.addNote),
  );
  noteForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const note = noteField.value.trim();
    if (!note) return noteField.focus();
    void save(c, { note }, unitName, 'note');
  });
  const notes = h(
    'section',
    { class: 'card', 'aria-labelledby': 'notes-h' },
    h('h3', { id: 'notes-h' }, T.notes),
    c.notes.length
      ? h(
          'ul',
          { class: 'notes' },
          ...c.notes.map((n) =>
            h('li', {}, h('span', { class: 'meta' }, fill(T.noteByAt, { author: n.author, at: fmtTime(n.at) })), n.text),
          ),
        )
      : h('p', {}, T.noNotes),
    noteForm,
  );

  const contact = c.contactRequested && contactSection(c, unitName);

  const history = h(
    'section',
    { class: 'card', 'aria-labelledby': 'history-h' },
    h('h3', { id: 'history-h' }, T.history),
    h(
      'ol',
      { class: 'history' },
      ...[...c.history]
        .reverse()
        .map((e) => h('li', {}, h('span', { class: 'meta' }, fill(T.byActor, { at: fmtTime(e.at), actor: e.actor })), historyLine(e))),
    ),
  );

  byId('case').replaceChildren(
    h(
      'div',
      { class: 'case-grid' },
      h(
        'div',
        { class: 'case-grid' },
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'comment-h' },
          h('h3', { id: 'comment-h' }, T.comment),
          flags(c),
          h('blockquote', {}, ...(c.text === null ? [T.noText] : markedText(c.text, c.textNames))),
          h('h3', {}, T.caseFacts),
          facts,
        ),
        notes,
      ),
      h('div', { class: 'case-grid' }, statusSection, labelsSection(c, unitName), contact, history),
    ),
  );
  const target = {
    status: 'case-status',
    note: 'note',
    assignee: 'assignee',
    contact: 'contact-out',
    heading: 'case-h',
    labels: 'labels-h',
  } as const;
  if (focus) byId(target[focus]).focus();
}

function contactSection(c: CaseDetail, unitName: (id: string) => string): HTMLElement {
  const out = h('div', { id: 'contact-out', class: 'contact-out', tabindex: '-1' });
  if (revealed?.id === c.id) out.append(contactList(revealed.contact));
  const button = h('button', { type: 'button', id: 'show-contact', class: 'quiet' }, T.showContact);
  button.hidden = revealed?.id === c.id;
  button.addEventListener('click', async () => {
    say(T.loading);
    showError();
    try {
      const contact = await getContact(c.id);
      revealed = { id: c.id, contact };
      // The read is in the history now: show it, with the details.
      renderCase(await getCase(c.id), unitName, 'contact');
      say('');
    } catch (e) {
      const err = e instanceof ApiError ? e : undefined;
      const message =
        err?.status === 410
          ? T.contactDeleted
          : err?.status === 403
            ? T.contactForbidden
            : err?.status === 404
              ? T.noContactRequest
              : undefined;
      if (!message) return showFailure(e);
      say('');
      out.replaceChildren(h('p', {}, message));
      out.focus();
    }
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'contact-h' },
    h('h3', { id: 'contact-h' }, T.contact),
    h('p', {}, T.contactLead),
    button,
    out,
  );
}

/** Sends a change on the version shown; on a conflict shows the newer version and says so. */
async function save(c: CaseDetail, patch: CasePatch, unitName: (id: string) => string, focus: FocusTarget): Promise<void> {
  say(T.loading);
  showError();
  try {
    renderCase(await patchCase(c.id, c.version, patch), unitName, focus);
    say(T.saved);
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.code === 'conflict') {
      try {
        renderCase(await getCase(c.id), unitName);
      } catch (again) {
        return showFailure(again);
      }
      say('');
      showError(T.conflict);
      return;
    }
    if (e instanceof ApiError && e.status === 400 && patch.status === 'closed' && e.issues.some((i) => i.path === 'note')) {
      say('');
      byId('note-needed').hidden = false;
      byId('note').setAttribute('aria-invalid', 'true');
      byId('note').focus();
      return;
    }
    showFailure(e);
  }
}
