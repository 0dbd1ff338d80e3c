/**
 * What a reader may see of staff survey answers (docs/domain.md, staff experience). Anonymous by
 * construction: a round's figures appear only with `minAnswers` answers, a statement's only when its
 * own answers reach it too, free text and answer distributions only with `minAnswersForText`. Every
 * roll-up (a unit's rounds over a period, a service area's units) adds up only cells that are shown
 * on their own, so no difference of two figures — siblings from a parent, one period from a longer
 * one — is ever made of answers below the threshold.
 */
import type { Lang } from '../platform/index.ts';
import { isSmall } from '../reporting/index.ts';
import { maskNames, type RedactedText } from '../text/index.ts';
import type { Round } from './model.ts';
import type { PulseThresholds } from './settings.ts';

/** One statement's figures. */
export interface StatementFigures {
  id: string;
  /** Answers to the statement. */
  n: number;
  /** Mean of 1–5, two decimals. */
  mean: number;
  /** Share answering 4 or 5, 0–1, three decimals. */
  shareAgree: number;
  /** Count of each value 1…5; only with at least `minAnswersForText` answers (distributions are shown no sooner). */
  counts?: [number, number, number, number, number];
  /** Change of the mean from the previous round of the unit and survey, where both are shown. */
  change?: number;
}

/** A statement whose own answers are too few: only that it is hidden. */
export interface HiddenStatement {
  id: string;
  suppressed: true;
}

/** A round's results as the API gives them: the round without its raw counters, and what may be shown. */
export interface RoundResults extends Omit<Round, 'counts'> {
  /** answers ÷ codes, three decimals. */
  responseRate: number;
  suppressed: boolean;
  /** Absent while suppressed. */
  statements?: (StatementFigures | HiddenStatement)[];
  /** 0–100 over the shown statements; absent while suppressed. */
  index?: number;
  /** Absent while suppressed or below the text threshold. */
  texts?: string[];
  /** The round the changes are measured from. */
  previousId?: string;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** The figures of one statement's counts (n > 0). */
export function statementFigures(id: string, counts: readonly number[], withCounts: boolean): StatementFigures {
  const n = sum(counts);
  const total = counts.reduce((s, c, i) => s + c * (i + 1), 0);
  return {
    id,
    n,
    mean: round2(total / n),
    shareAgree: round3(((counts[3] ?? 0) + (counts[4] ?? 0)) / n),
    ...(withCounts ? { counts: [...counts] as StatementFigures['counts'] & {} } : {}),
  };
}

/** Whether a round's figures may be shown. */
export const roundShown = (r: Pick<Round, 'answers'>, t: PulseThresholds): boolean => r.answers > 0 && !isSmall(r.answers, t.minAnswers);

/** Whether a statement's cell of a shown round may be shown: its own answers reach the threshold too. */
export const cellShown = (n: number, t: PulseThresholds): boolean => n > 0 && !isSmall(n, t.minAnswers);

/**
 * The statement cells of a round a roll-up may add up: those shown on their own, nothing else. A
 * hidden round contributes nothing.
 */
export function shownCells(r: Round, t: PulseThresholds): Record<string, number[]> {
  if (!roundShown(r, t)) return {};
  const out: Record<string, number[]> = {};
  for (const [s, c] of Object.entries(r.counts)) if (cellShown(sum(c), t)) out[s] = [...c];
  return out;
}

/**
 * The pulse index, 0–100: the mean of every shown answer to every statement on 1–5, mapped so that
 * 1 is 0 and 5 is 100. Undefined with no shown answers.
 */
export function pulseIndex(cells: Readonly<Record<string, readonly number[]>>): number | undefined {
  let n = 0;
  let above = 0;
  for (const c of Object.values(cells))
    c.forEach((k, i) => {
      n += k;
      above += k * i;
    });
  return n === 0 ? undefined : Math.round((100 * above) / (4 * n));
}

/**
 * A round's results for a reader in `lang`: figures from `minAnswers`, texts (names masked) from
 * `minAnswersForText`, each statement's change from `previous` where both are shown.
 */
export function roundResults(
  r: Round,
  statementIds: readonly string[],
  t: PulseThresholds,
  texts: readonly RedactedText[],
  lang: Lang,
  previous?: Round,
): RoundResults {
  const { counts: _raw, ...fields } = r;
  const base = {
    ...fields,
    responseRate: r.codes ? round3(r.answers / r.codes) : 0,
  };
  if (!roundShown(r, t)) return { ...base, suppressed: true };
  const cells = shownCells(r, t);
  const before = previous ? shownCells(previous, t) : {};
  const withCounts = !isSmall(r.answers, t.minAnswersForText);
  const statements = statementIds.map((id): StatementFigures | HiddenStatement => {
    const c = cells[id];
    if (!c) return { id, suppressed: true };
    const f = statementFigures(id, c, withCounts && !isSmall(sum(c), t.minAnswersForText));
    const p = before[id];
    return p ? { ...f, change: round2(f.mean - statementFigures(id, p, false).mean) } : f;
  });
  const index = pulseIndex(cells);
  return {
    ...base,
    suppressed: false,
    statements,
    ...(index === undefined ? {} : { index }),
    // Sorted, so the order says nothing about when each was given.
    ...(withCounts ? { texts: texts.map((x) => maskNames(x, lang)).sort((a, b) => a.localeCompare(b, lang)) } : {}),
    ...(previous ? { previousId: previous.id } : {}),
  };
}

/** Rounds combined: the sums of their shown cells only. */
export interface CombinedFigures {
  surveyId: string;
  /** Rounds in the roll-up, shown or not. */
  rounds: number;
  /** Rounds whose figures are in it. */
  roundsShown: number;
  /** Answers of the shown rounds. */
  answers: number;
  statements: StatementFigures[];
  index?: number;
}

/** Combines rounds of one survey (a unit over a period, or every unit under a node): shown cells only. */
export function combineRounds(
  surveyId: string,
  rounds: readonly Round[],
  statementIds: readonly string[],
  t: PulseThresholds,
): CombinedFigures {
  const cells: Record<string, number[]> = {};
  let shown = 0;
  let answers = 0;
  for (const r of rounds) {
    if (!roundShown(r, t)) continue;
    shown++;
    answers += r.answers;
    for (const [s, c] of Object.entries(shownCells(r, t))) cells[s] = (cells[s] ?? [0, 0, 0, 0, 0]).map((k, i) => k + (c[i] ?? 0));
  }
  const index = pulseIndex(cells);
  return {
    surveyId,
    rounds: rounds.length,
    roundsShown: shown,
    answers,
    statements: statementIds.filter((id) => cells[id]).map((id) => statementFigures(id, cells[id]!, false)),
    ...(index === undefined ? {} : { index }),
  };
}
