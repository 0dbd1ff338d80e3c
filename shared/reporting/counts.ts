/**
 * The additive counts every report is computed from (docs/domain.md#computations): NPS buckets, each statement's counts
 * of 1–5 and "can't say", NPS buckets by channel and by role, answers with text. Counts, never
 * percentages, so any node and any period is the sum of its parts.
 */
import { npsBucket, type NpsCounts } from './nps.ts';
import type { StoredAnswer } from '../feedback/index.ts';

/** Answers and NPS buckets of one group (a channel, a role). */
export interface GroupCounts extends NpsCounts {
  /** Answers in the group, with or without an NPS answer. */
  n: number;
}

/** Counts of one statement: index 0–4 hold the counts of 1–5, index 5 "can't say". */
export type StatementTally = [number, number, number, number, number, number];

/** The additive counts of a set of answers. */
export interface Counts {
  /** Answers. */
  n: number;
  nps: NpsCounts;
  statements: Record<string, StatementTally>;
  channels: Record<string, GroupCounts>;
  /** By respondent role: `client`, `relative`, or `unspecified`. */
  roles: Record<string, GroupCounts>;
  withText: number;
}

/** Counts of nothing: the identity of `addCounts`. */
export function emptyCounts(): Counts {
  return { n: 0, nps: { promoters: 0, passives: 0, detractors: 0 }, statements: {}, channels: {}, roles: {}, withText: 0 };
}

function addGroup(into: Record<string, GroupCounts>, key: string, g: GroupCounts): void {
  into[key] ??= { n: 0, promoters: 0, passives: 0, detractors: 0 };
  const cur = into[key];
  cur.n += g.n;
  cur.promoters += g.promoters;
  cur.passives += g.passives;
  cur.detractors += g.detractors;
}

/** Counts of a single answer. */
export function countAnswer(a: StoredAnswer): Counts {
  const c = emptyCounts();
  c.n = 1;
  const group: GroupCounts = { n: 1, promoters: 0, passives: 0, detractors: 0 };
  for (const [id, v] of Object.entries(a.answers)) {
    if (id === 'nps' && typeof v === 'number') {
      const b = npsBucket(v);
      c.nps[b] += 1;
      group[b] += 1;
    } else {
      const t: StatementTally = [0, 0, 0, 0, 0, 0];
      t[v === 'cant_say' ? 5 : (v as number) - 1] = 1;
      c.statements[id] = t;
    }
  }
  addGroup(c.channels, a.channel, group);
  addGroup(c.roles, a.role ?? 'unspecified', group);
  if (a.text) c.withText = 1;
  return c;
}

/** Adds b into a (mutating a) and returns a. */
export function addInto(a: Counts, b: Counts): Counts {
  a.n += b.n;
  a.nps.promoters += b.nps.promoters;
  a.nps.passives += b.nps.passives;
  a.nps.detractors += b.nps.detractors;
  for (const [id, t] of Object.entries(b.statements)) {
    a.statements[id] ??= [0, 0, 0, 0, 0, 0];
    const cur = a.statements[id];
    for (const [i, x] of t.entries()) cur[i] = (cur[i] ?? 0) + x;
  }
  for (const [k, g] of Object.entries(b.channels)) addGroup(a.channels, k, g);
  for (const [k, g] of Object.entries(b.roles)) addGroup(a.roles, k, g);
  a.withText += b.withText;
  return a;
}

/** The sum of any number of counts. */
export function sumCounts(list: Iterable<Counts>): Counts {
  const total = emptyCounts();
  for (const c of list) addInto(total, c);
  return total;
}

/** The counts of a list of answers; answers flagged `burst` (a kiosk's misuse filter) count nowhere. */
export function countAnswers(answers: Iterable<StoredAnswer>): Counts {
  const total = emptyCounts();
  // A kiosk's burst is kept for audit but never counted (docs/domain.md#kiosks: the misuse filter).
  for (const a of answers) if (!a.burst) addInto(total, countAnswer(a));
  return total;
}
