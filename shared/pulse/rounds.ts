/**
 * The pulse API's use cases: opening a round with its one-time codes, listing the rounds under a
 * node with their roll-up, one round's results, and staff beside customers. Access as for reports:
 * the token's org nodes and everything below them.
 */
import { randomUUID } from 'node:crypto';
import {
  type AppConfig,
  assertCanSee,
  type Clock,
  fillPath,
  helsinkiDate,
  type Lang,
  NotFoundError,
  type OrgNode,
  ValidationError,
  addDays,
} from '../platform/index.ts';
import { childrenReport, type ReportDeps, suppressCells } from '../reporting/index.ts';
import { codeHash, newCode, newSheetToken, sealCodes, sheetHash } from './codes.ts';
import type { Round } from './model.ts';
import { PULSE_SHEET_PATH } from './paths.ts';
import type { PulseStore } from './pulse-store.ts';
import { combineRounds, type CombinedFigures, pulseIndex, roundResults, type RoundResults, roundShown, shownCells } from './results.ts';
import { pulseThresholds } from './settings.ts';
import type { StaffSurveyCatalog, StaffSurveyVersion } from './survey.ts';

/** What the use cases read. */
export interface PulseDeps {
  config: AppConfig;
  surveys: StaffSurveyCatalog;
  store: PulseStore;
  clock: Clock;
}

/** A new round's request (already shaped by its contract). */
export interface OpenRound {
  nodeId: string;
  surveyId: string;
  opensOn: string;
  closesOn: string;
  staffCount: number;
}

/** Longest round: a quarter. A pulse is short by nature; the wellbeing survey runs a few weeks. */
export const MAX_ROUND_DAYS = 92;
/** Days after closing that the codes and the sheet are kept (then DynamoDB's TTL deletes them). */
export const CODE_RETENTION_DAYS = 60;

const dayIndex = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** The node, or NotFoundError naming the field. */
function requireNode(deps: PulseDeps, id: string, path: string): OrgNode {
  const n = deps.config.org.node(id);
  if (!n) throw new NotFoundError('No such organisation node.', [{ path, message: `unknown node "${id}"` }]);
  return n;
}

/** Opens a round: checks the request, issues the codes, stores their hashes and the sealed sheet. */
export async function openRound(deps: PulseDeps, req: OpenRound, callerNodes: readonly string[]) {
  const node = requireNode(deps, req.nodeId, 'nodeId');
  assertCanSee(deps.config.org, callerNodes, node.id, { path: 'nodeId', message: 'You may not open rounds for this node.' });
  const survey = deps.surveys.survey(req.surveyId);
  if (!survey)
    throw new NotFoundError('No such staff survey.', [
      { path: 'surveyId', message: `unknown survey; known: ${deps.surveys.ids().join(', ')}` },
    ]);
  const today = helsinkiDate(deps.clock.now());
  const t = pulseThresholds(deps.config.org);
  const issues = [];
  if (node.kind !== 'unit')
    issues.push({ path: 'nodeId', message: 'must be a work unit (an org unit): rounds roll up the tree from units' });
  if (req.closesOn < req.opensOn) issues.push({ path: 'closesOn', message: 'must not be before opensOn' });
  else if (dayIndex(req.closesOn) - dayIndex(req.opensOn) >= MAX_ROUND_DAYS)
    issues.push({ path: 'closesOn', message: `a round may last at most ${MAX_ROUND_DAYS} days` });
  if (req.closesOn < today) issues.push({ path: 'closesOn', message: 'must not be in the past' });
  if (req.staffCount < t.minAnswers)
    issues.push({
      path: 'staffCount',
      message: `must be at least region.pulse.minAnswers (${t.minAnswers}): a smaller round could never show results`,
    });
  const version = deps.surveys.current(survey.id, req.opensOn);
  if (!version) issues.push({ path: 'opensOn', message: 'no version of the survey is in force on this day' });
  if (issues.length || !version) throw new ValidationError('The round is not valid.', issues);
  return storeNewRound(
    deps.store,
    { id: randomUUID(), nodeId: node.id, surveyId: survey.id, opensOn: req.opensOn, closesOn: req.closesOn },
    version,
    req.staffCount,
  );
}

/**
 * Issues `staffCount` codes for a new round of `version` and stores the round with the codes' hashes
 * and its sealed sheet; the codes and the sheet's link are returned once and never stored in the clear.
 */
export async function storeNewRound(
  store: PulseStore,
  round: Pick<Round, 'id' | 'nodeId' | 'surveyId' | 'opensOn' | 'closesOn'>,
  version: StaffSurveyVersion,
  staffCount: number,
): Promise<{ id: string; codes: string[]; sheetUrl: string }> {
  const codes = Array.from({ length: staffCount }, newCode);
  const full: Round = {
    ...round,
    version: version.version,
    codes: codes.length,
    answers: 0,
    counts: Object.fromEntries(version.statements.map((s) => [s.id, [0, 0, 0, 0, 0]])),
  };
  const token = newSheetToken();
  const expiresAt = Math.floor(Date.parse(`${addDays(round.closesOn, CODE_RETENTION_DAYS)}T00:00:00Z`) / 1000);
  await store.createRound(full, codes.map(codeHash), { hash: sheetHash(token), sealed: sealCodes(token, codes), expiresAt });
  return { id: full.id, codes, sheetUrl: fillPath(PULSE_SHEET_PATH, { sheet: token }) };
}

/** Every round of the units under a node (the node itself if a unit), oldest first. */
async function roundsUnder(deps: PulseDeps, nodeId: string): Promise<Round[]> {
  const org = deps.config.org;
  const units = org.units().filter((u) => u.id === nodeId || org.ancestors(u.id).some((a) => a.id === nodeId));
  const all = (await Promise.all(units.map((u) => deps.store.roundsOf(u.id)))).flat();
  return all.sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.id.localeCompare(b.id));
}

const statementIds = (deps: PulseDeps, r: Pick<Round, 'surveyId' | 'version' | 'counts'>) =>
  deps.surveys.version(r.surveyId, r.version)?.statements.map((s) => s.id) ?? Object.keys(r.counts);

/** A round as listed: its counts and, where shown, its index. */
function listed(deps: PulseDeps, r: Round) {
  const t = pulseThresholds(deps.config.org);
  const { statements: _s, texts: _t, previousId: _p, ...rest } = roundResults(r, statementIds(deps, r), t, [], 'fi');
  return rest;
}

/**
 * `GET /api/pulse/rounds?node=`: the rounds under the node closing within from…to (if given), and
 * per survey the shown rounds combined (a service area sees its units' rounds together).
 */
export async function listRounds(deps: PulseDeps, q: { node: string; from?: string; to?: string }, callerNodes: readonly string[]) {
  requireNode(deps, q.node, 'query.node');
  assertCanSee(deps.config.org, callerNodes, q.node);
  if (q.from && q.to && q.to < q.from)
    throw new ValidationError('The query is not valid.', [{ path: 'query.to', message: 'must not be before from' }]);
  const rounds = (await roundsUnder(deps, q.node)).filter((r) => (!q.from || r.closesOn >= q.from) && (!q.to || r.closesOn <= q.to));
  const t = pulseThresholds(deps.config.org);
  const combined: CombinedFigures[] = [];
  for (const surveyId of [...new Set(rounds.map((r) => r.surveyId))]) {
    const of = rounds.filter((r) => r.surveyId === surveyId);
    const ids = [...new Set(of.flatMap((r) => statementIds(deps, r)))];
    combined.push(combineRounds(surveyId, of, ids, t));
  }
  return { node: q.node, rounds: rounds.map((r) => listed(deps, r)), combined };
}

/** `GET /api/pulse/rounds/{roundId}/results`: one round, with the change from the unit's previous round of the survey. */
export async function getResults(deps: PulseDeps, id: string, lang: Lang, callerNodes: readonly string[]): Promise<RoundResults> {
  const r = await deps.store.getRound(id);
  if (!r) throw new NotFoundError('No such round.', [{ path: 'roundId', message: 'unknown round' }]);
  assertCanSee(deps.config.org, callerNodes, r.nodeId, { path: 'roundId', message: 'You may not see the results of this round.' });
  const t = pulseThresholds(deps.config.org);
  const previous = (await deps.store.roundsOf(r.nodeId))
    .filter((p) => p.surveyId === r.surveyId && p.id !== r.id && p.opensOn < r.opensOn)
    .sort((a, b) => a.opensOn.localeCompare(b.opensOn))
    .at(-1);
  // Texts are read only when they may be shown.
  const texts = roundShown(r, t) && r.answers >= t.minAnswersForText ? await deps.store.texts(r.id) : [];
  return roundResults(r, statementIds(deps, r), t, texts, lang, previous);
}

/** Pearson's correlation of paired values; null with fewer than 3 pairs or no spread. */
export function pearson(pairs: readonly (readonly [number, number])[]): number | null {
  const n = pairs.length;
  if (n < 3) return null;
  const mx = pairs.reduce((s, p) => s + p[0], 0) / n;
  const my = pairs.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : Math.round((sxy / Math.sqrt(sxx * syy)) * 1000) / 1000;
}

/** The note every comparison carries, in plain words. */
export const NOT_CAUSATION =
  'A correlation across units shows only that the two figures tend to move together; it does not show that one causes the other. Small numbers of units make it unreliable.';

/**
 * `GET /api/pulse/compare`: for each child of the node (units of a service, services of an area), its
 * pulse index over the shown rounds closing in from…to beside its customer NPS from the reports
 * (suppressed by their own rules), and Pearson's r across the children where both are shown.
 */
export async function compareStaffAndCustomers(
  deps: PulseDeps & { reports: ReportDeps },
  q: { node: string; from: string; to: string; surveyId?: string | undefined },
  callerNodes: readonly string[],
) {
  const node = requireNode(deps, q.node, 'query.node');
  assertCanSee(deps.config.org, callerNodes, node.id);
  const surveyId = q.surveyId ?? deps.surveys.ids().find((s) => deps.surveys.survey(s)?.kind === 'pulse');
  if (!surveyId || !deps.surveys.survey(surveyId))
    throw new NotFoundError('No such staff survey.', [{ path: 'query.surveyId', message: 'unknown staff survey' }]);
  const t = pulseThresholds(deps.config.org);
  const children = node.kind === 'unit' ? [node] : deps.config.org.children(node.id);
  const customers = await childrenReport(deps.reports, node.kind === 'unit' ? node.parentId! : node.id, q.from, q.to);
  const pulse = await Promise.all(
    children.map(async (c) => {
      const rounds = (await roundsUnder(deps, c.id)).filter((r) => r.surveyId === surveyId && r.closesOn >= q.from && r.closesOn <= q.to);
      const cells: Record<string, number[]> = {};
      let answers = 0;
      for (const r of rounds.filter((r) => roundShown(r, t))) {
        answers += r.answers;
        for (const [s, c2] of Object.entries(shownCells(r, t))) cells[s] = (cells[s] ?? [0, 0, 0, 0, 0]).map((k, i) => k + (c2[i] ?? 0));
      }
      return { answers, index: pulseIndex(cells) };
    }),
  );
  // Each child's cell holds only shown rounds (each at least minAnswers), so this finds nothing to
  // hide; it stays as the reports' own rule, so a later change to what a cell holds cannot leak.
  const hidden = suppressCells(
    pulse.map((p) => [p.answers]),
    t.minAnswers,
  );
  type Side = { suppressed: true } | { n: number; value: number };
  const units = children.map((c, i) => {
    const p = pulse[i]!;
    const cust = customers.children.find((k) => k.node === c.id);
    const nps: Side = cust && !('suppressed' in cust) && cust.nps !== null ? { n: cust.n, value: cust.nps } : { suppressed: true };
    const staff: Side = hidden[i] || p.index === undefined ? { suppressed: true } : { n: p.answers, value: p.index };
    return { node: c.id, name: c.name, pulse: staff, nps };
  });
  const pairs: [number, number][] = [];
  for (const u of units) if ('value' in u.pulse && 'value' in u.nps) pairs.push([u.pulse.value, u.nps.value]);
  return {
    node: node.id,
    from: q.from,
    to: q.to,
    surveyId,
    units,
    correlation: { r: pearson(pairs), n: pairs.length },
    note: NOT_CAUSATION,
  };
}
