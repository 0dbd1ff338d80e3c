/**
 * Helpers of the report integration tests (not a test file itself): generated answers written
 * straight to the feedback table in batches, and the direct computation every report figure is
 * compared with — from the raw answers, with its own Helsinki-day arithmetic, never the snapshots.
 */
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '#local/stack.ts';
import type { AppConfig } from '#shared/config.ts';
import type { OrgNode } from '#shared/platform/org-tree.ts';
import { answerKeys } from '#shared/feedback/dynamo-feedback-store.ts';
import { DynamoAggregateStore } from '#shared/reporting/dynamo-aggregate-store.ts';
import { ARRIVAL_LAG_MS } from '#shared/reporting/aggregate.ts';
import type { Channel, StoredAnswer } from '#shared/feedback/answer.ts';
import type { Scope } from '#shared/manifest.ts';
import { nps, type NpsCounts } from '#shared/reporting/nps.ts';
import { suppressCells, suppressCellTree, suppressTree, type CellTree, type CountTree } from '#shared/reporting/suppression.ts';
import { CHANNELS } from '#shared/feedback/answer.ts';
import { postJson } from '../../support/local-stack.ts';
import { seededRandom } from '#local/seeded-random.ts';
import { allNodes } from '../support/org-nodes.ts';

export { allNodes };

/** The Helsinki calendar date of an instant, computed here independently of shared/platform/time.ts. */
const helsinkiFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
export function helsinkiDay(iso: string): string {
  return helsinkiFormat.format(new Date(iso));
}

/** The statements of the demo survey. */
export const STATEMENTS = ['smooth', 'help', 'safe', 'useful', 'info', 'together', 'respect'] as const;

/** Small deterministic PRNG, shared with the demo data. */
export const rng = seededRandom;

/** What an answer is made of before it becomes a StoredAnswer. */
export interface AnswerSpec {
  unitId: string;
  submittedAt: string;
  receivedAt?: string;
  channel: Channel;
  /** 0–10 or undefined (not answered). */
  nps?: number;
  role?: 'client' | 'relative';
  statements?: Record<string, number | 'cant_say'>;
  text?: string;
}

let seq = 0;

/** A StoredAnswer as the submit path would store it. */
export function storedAnswer(config: AppConfig, s: AnswerSpec): StoredAnswer {
  const unit = config.org.unit(s.unitId)!;
  const answers: StoredAnswer['answers'] = { ...(s.statements ?? {}) } as StoredAnswer['answers'];
  if (s.nps !== undefined) answers.nps = s.nps;
  if (!Object.keys(answers).length) answers.smooth = 3;
  seq += 1;
  return {
    id: `gen-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 10)}`,
    unitId: unit.id,
    serviceId: unit.parentId!,
    serviceAreaId: config.org.node(unit.parentId!)!.parentId!,
    regionId: config.org.regionId,
    surveyId: unit.surveyId,
    surveyVersion: 1,
    channel: s.channel,
    assisted: false,
    lang: 'fi',
    answers,
    ...(s.text ? { text: s.text } : {}),
    ...(s.role ? { role: s.role } : {}),
    submittedAt: s.submittedAt,
    receivedAt: s.receivedAt ?? s.submittedAt,
    date: helsinkiDay(s.submittedAt),
  };
}

/** Writes answers straight to the feedback table: BatchWriteItem of 25, several requests at once. */
export async function writeAnswers(stack: LocalStack, answers: readonly StoredAnswer[], parallel = 8): Promise<void> {
  const db = DynamoDBDocumentClient.from(stack.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const table = stack.tableNames.feedback;
  const batches: StoredAnswer[][] = [];
  for (let i = 0; i < answers.length; i += 25) batches.push(answers.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      let items: Record<string, unknown>[] | undefined = batch.map((a) => ({ PutRequest: { Item: { ...answerKeys(a), ...a } } }));
      while (items?.length) {
        const r = await db.send(new BatchWriteCommand({ RequestItems: { [table]: items as never } }));
        items = r.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Every unit at or below a node. */
export function unitsUnder(config: AppConfig, nodeId: string): OrgNode[] {
  const n = config.org.node(nodeId)!;
  return n.kind === 'unit' ? [n] : config.org.children(nodeId).flatMap((c) => unitsUnder(config, c.id));
}

/** NPS buckets counted directly: 9–10 promoters, 7–8 passives, 0–6 detractors. */
export function bucketsOf(answers: readonly StoredAnswer[]): NpsCounts {
  const c = { promoters: 0, passives: 0, detractors: 0 };
  for (const a of answers) {
    const s = a.answers.nps;
    if (typeof s !== 'number') continue;
    if (s >= 9) c.promoters++;
    else if (s >= 7) c.passives++;
    else c.detractors++;
  }
  return c;
}

/** Direct figures of a set of answers, in the API's shape, or `suppressed` under the threshold. */
export function expectedCell(period: string, answers: readonly StoredAnswer[], threshold = 5, hidden?: boolean) {
  const c = bucketsOf(answers);
  const n = c.promoters + c.passives + c.detractors;
  if (hidden ?? (n >= 1 && n < threshold)) return { period, suppressed: true };
  const r = nps(c);
  return { period, n, promoters: c.promoters, passives: c.passives, detractors: c.detractors, nps: r.nps, ci95: r.ci95 };
}

/**
 * The nodes hidden tree-wide over one span (docs/domain.md#computations from the region root down, as the reports apply
 * it on every endpoint), given each node's answers over the span, counted directly.
 */
export function treeHidden(config: AppConfig, answersOfNode: (id: string) => readonly StoredAnswer[], threshold = 5): Set<string> {
  const build = (id: string): CountTree => {
    const b = bucketsOf(answersOfNode(id));
    return { id, n: b.promoters + b.passives + b.detractors, children: config.org.children(id).map((c) => build(c.id)) };
  };
  return suppressTree(build(config.org.regionId), threshold);
}

/** A statement's cell sizes counted directly: answers 1–5 with "can't say", and answers 1–5. */
export function statementCellOf(answers: readonly StoredAnswer[], statementId: string): [number, number] {
  let n = 0;
  let cantSay = 0;
  for (const a of answers) {
    const v = a.answers[statementId];
    if (v === 'cant_say') cantSay++;
    else if (typeof v === 'number') n++;
  }
  return [n + cantSay, n];
}

/**
 * The nodes whose row of one statement the reports hide over one month: the statement's own tree from
 * the region root down by both cell sizes, starting from the nodes the month's NPS tree hides
 * (`npsHidden`), given each node's answers over the month, counted directly.
 */
export function statementTreeHidden(
  config: AppConfig,
  answersOfNode: (id: string) => readonly StoredAnswer[],
  statementId: string,
  npsHidden: ReadonlySet<string>,
  threshold = 5,
): Set<string> {
  const build = (id: string): CellTree => ({
    id,
    counts: statementCellOf(answersOfNode(id), statementId),
    children: config.org.children(id).map((c) => build(c.id)),
  });
  return suppressCellTree(build(config.org.regionId), threshold, npsHidden);
}

/**
 * The channels of a unit whose columns the export leaves blank for a month, from the unit's answers in
 * it: first the channels the breakdown hides (by answers to the NPS question: every one with such
 * answers when the unit is hidden, else the small ones and their complements within the unit), then
 * by answers per channel, small ones and complements within the unit, starting from those.
 */
export function exportChannelBlanks(unitAnswers: readonly StoredAnswer[], unitHidden: boolean, threshold = 5): Set<string> {
  const of = (c: string) => unitAnswers.filter((a) => a.channel === c);
  const npsOf = CHANNELS.map((c) => {
    const b = bucketsOf(of(c));
    return b.promoters + b.passives + b.detractors;
  });
  const byNps = unitHidden
    ? npsOf.map(() => true)
    : suppressCells(
        npsOf.map((n) => [n]),
        threshold,
      );
  const apiHidden = CHANNELS.map((_, i) => byNps[i]! && npsOf[i]! > 0);
  const flags = suppressCells(
    CHANNELS.map((c) => [of(c).length]),
    threshold,
    apiHidden,
  );
  return new Set(CHANNELS.filter((_, i) => flags[i]));
}

/** The answers of a node with a Helsinki day in from…to. */
export function answersOf(config: AppConfig, all: readonly StoredAnswer[], nodeId: string, from: string, to: string): StoredAnswer[] {
  const units = new Set(unitsUnder(config, nodeId).map((u) => u.id));
  return all.filter((a) => units.has(a.unitId) && helsinkiDay(a.submittedAt) >= from && helsinkiDay(a.submittedAt) <= to);
}

/** A bearer token from the local issuer. */
export async function token(stack: LocalStack, orgNodes: readonly string[], scopes: readonly Scope[] = ['reports:read']): Promise<string> {
  const r = await postJson(stack, '/dev/token', { scopes, orgNodes });
  if (r.status !== 200) throw new Error(`POST /dev/token answered ${r.status}`);
  return ((await r.json()) as { token: string }).token;
}

/** GET with a bearer token; the status and parsed JSON body. */
export async function getJson<T = Record<string, unknown>>(
  stack: LocalStack,
  path: string,
  bearer?: string,
): Promise<{ status: number; body: T }> {
  const r = await fetch(stack.url + path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  return { status: r.status, body: (await r.json()) as T };
}

/** The last day of a month YYYY-MM. */
export function lastDay(month: string): string {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
}

/**
 * Moves the aggregation watermark to just before `earliestArrival`, as if earlier runs had found
 * nothing: the first run then reads the arrival index from there instead of 400 days of empty
 * hourly partitions, which on dynalite costs ~20 s. Nothing arrived before it, so no answer is missed.
 */
export async function startAggregationAt(stack: LocalStack, earliestArrival: string): Promise<void> {
  const db = DynamoDBDocumentClient.from(stack.dynamo);
  await new DynamoAggregateStore(db, stack.tableNames.aggregates).setWatermark(
    new Date(Date.parse(earliestArrival) + ARRIVAL_LAG_MS - 1000).toISOString(),
  );
}
