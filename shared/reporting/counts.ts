/**
 * The additive counts every report is computed from (docs/domain.md#computations): NPS buckets, each statement's counts
 * of 1–5 and "can't say", NPS buckets by channel and by role, answers with text. Counts, never
 * percentages, so any node and any period is the sum of its parts.
 */
import { npsBucket, type NpsCounts } from './nps.ts';
import type { StoredAnswer } from '../feedback/index.ts';
import type { Sentiment } from '../text/index.ts';

/** Answers and NPS buckets of one group (a channel, a role). */
export interface GroupCounts extends NpsCounts {
  /** Answers in the group, with or without an NPS answer. */
  n: number;
}

/** Comments of one theme by sentiment: positive, neutral, negative, mixed (SENTIMENTS order). */
export type SentimentTally = [number, number, number, number];

/** The index of each sentiment in a SentimentTally. */
export const SENTIMENT_INDEX: Readonly<Record<Sentiment, number>> = { positive: 0, neutral: 1, negative: 2, mixed: 3 };

/** A theme's tally by sentiment name (zeros for a theme without comments). */
export function sentimentCounts(t: SentimentTally | undefined): Record<Sentiment, number> {
  const [positive, neutral, negative, mixed] = t ?? [0, 0, 0, 0];
  return { positive, neutral, negative, mixed };
}

/** Counts of one statement: index 0–4 hold the counts of 1–5, index 5 "can't say". */
export type StatementTally = [number, number, number, number, number, number];

/** The group counts a breakdown reads: by channel, respondent role or visit mode. */
export type GroupKey = 'channels' | 'roles' | 'visitModes';

/** The additive counts of a set of answers. */
export interface Counts {
  /** Answers. */
  n: number;
  nps: NpsCounts;
  statements: Record<string, StatementTally>;
  channels: Record<string, GroupCounts>;
  /** By respondent role: `client`, `relative`, or `unspecified`. */
  roles: Record<string, GroupCounts>;
  /**
   * By visit mode: `individual`, `group`, `home`, `remote`, or `unspecified`. Absent from snapshots
   * written before visit modes existed (read as none until their days are recomputed).
   */
  visitModes?: Record<string, GroupCounts>;
  withText: number;
  /**
   * Comments with themes and sentiment (as their cases carry them: a handler's correction counts).
   * Absent in snapshots written before themes existed.
   */
  labelled?: number;
  /** By theme id: its comments by sentiment. A comment counts under each of its themes. */
  themes?: Record<string, SentimentTally>;
}

/** Counts of nothing: the identity of `addCounts`. */
export function emptyCounts(): Counts {
  return { n: 0, nps: { promoters: 0, passives: 0, detractors: 0 }, statements: {}, channels: {}, roles: {}, visitModes: {}, withText: 0 };
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
  c.visitModes ??= {};
  addGroup(c.visitModes, a.visitMode ?? 'unspecified', group);
  if (a.text) c.withText = 1;
  if (a.text && a.themes?.length && a.sentiment) {
    c.labelled = 1;
    c.themes = {};
    for (const t of a.themes) {
      const tally: SentimentTally = [0, 0, 0, 0];
      tally[SENTIMENT_INDEX[a.sentiment]] = 1;
      c.themes[t] = tally;
    }
  }
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
  a.visitModes ??= {};
  for (const [k, g] of Object.entries(b.visitModes ?? {})) addGroup(a.visitModes, k, g);
  a.withText += b.withText;
  if (b.labelled) a.labelled = (a.labelled ?? 0) + b.labelled;
  for (const [id, t] of Object.entries(b.themes ?? {})) {
    a.themes ??= {};
    a.themes[id] ??= [0, 0, 0, 0];
    const cur = a.themes[id];
    for (const [i, x] of t.entries()) cur[i] = (cur[i] ?? 0) + x;
  }
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
