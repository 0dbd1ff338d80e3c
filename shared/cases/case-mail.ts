/**
 * The mails of the daily case job: to a node's functional mailboxes, with counts and a link to the
 * node's queue in the workbench only — never a comment, a name or a contact detail. Three languages
 * in one mail: a functional mailbox is read by whoever is on duty.
 */
import type { LocalizedText, Mail } from '../platform/index.ts';

/** The workbench's queue path for a node; the workbench (`/admin/cases`) reads `node`. */
export const workbenchLink = (baseUrl: string, nodeId: string, filter = '') =>
  `${baseUrl}/admin/cases?node=${encodeURIComponent(nodeId)}${filter}`;

/** The reminder of cases soon due in a node's queue. */
export function reminderMail(
  to: readonly string[],
  node: { id: string; name: LocalizedText },
  count: number,
  days: number,
  baseUrl: string,
): Mail {
  const link = workbenchLink(baseUrl, node.id);
  return {
    to,
    subject: `Palaute: ${count} käsittelemätöntä asiaa erääntyy ${days} päivän kuluessa – ${node.name.fi}`,
    text: [
      `${node.name.fi}: ${count} palauteasiaa erääntyy ${days} päivän kuluessa. Käsittele ne työjonossa:`,
      link,
      '',
      `${node.name.sv}: ${count} responsärenden förfaller inom ${days} dagar. Handlägg dem i arbetskön:`,
      link,
      '',
      `${node.name.en}: ${count} feedback cases fall due within ${days} days. Handle them in the workbench:`,
      link,
    ].join('\n'),
  };
}

/** The escalation to a parent node's handlers: cases past due in the units under it. */
export function escalationMail(
  to: readonly string[],
  parent: { id: string; name: LocalizedText },
  units: readonly { id: string; name: LocalizedText; count: number }[],
  baseUrl: string,
): Mail {
  const total = units.reduce((n, u) => n + u.count, 0);
  const lines = (lang: keyof LocalizedText) => units.map((u) => `- ${u.name[lang]}: ${u.count}`);
  const link = workbenchLink(baseUrl, parent.id, '&escalated=true');
  return {
    to,
    subject: `Palaute: ${total} asiaa myöhässä, eskaloitu – ${parent.name.fi}`,
    text: [
      `${total} palauteasiaa on ohittanut määräaikansa yksiköissä kohteessa ${parent.name.fi}:`,
      ...lines('fi'),
      link,
      '',
      `${total} responsärenden har passerat sin tidsfrist i enheterna under ${parent.name.sv}:`,
      ...lines('sv'),
      link,
      '',
      `${total} feedback cases are past due in the units under ${parent.name.en}:`,
      ...lines('en'),
      link,
    ].join('\n'),
  };
}
