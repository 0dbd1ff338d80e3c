/**
 * What the reporting feature reads of cases: the labels each commented answer carries now (a
 * handler's correction or the remote model's, else intake's) and which answers' labels changed in a
 * window, so the aggregation counts themes as the cases say and recounts the days a correction touched.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamo, getKeys, tableNameFromEnv } from '../platform/index.ts';
import type { Sentiment, ThemeId } from '../text/index.ts';
import { DynamoCaseStore } from './dynamo-case-store.ts';
import { CASES_TABLE_ENV } from './manifest.ts';

/** A case's labels as the reports count them. */
export interface CaseLabels {
  themes: ThemeId[];
  sentiment: Sentiment;
}

/** Reads cases' labels for the aggregation. */
export interface CaseLabelSource {
  /** The labels of the cases with these ids (case id = answer id); cases without labels, or none yet, are absent. */
  labelsOf(ids: readonly string[]): Promise<Map<string, CaseLabels>>;
  /** The unit and Helsinki day of every answer whose case was relabelled in [fromIso, toIso]. */
  relabelledBetween(fromIso: string, toIso: string): Promise<{ unitId: string; date: string }[]>;
}

/** CaseLabelSource on the cases table: BatchGetItem by id (labels only), Query of the sparse `byRelabel` index. */
export class DynamoCaseLabels implements CaseLabelSource {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async labelsOf(ids: readonly string[]): Promise<Map<string, CaseLabels>> {
    const items = await getKeys(
      this.db,
      this.table,
      [...new Set(ids)].map((id) => ({ pk: `CASE#${id}` })),
    );
    const out = new Map<string, CaseLabels>();
    for (const i of items) {
      const themes = i.themes as ThemeId[] | undefined;
      const sentiment = i.sentiment as Sentiment | undefined;
      if (themes?.length && sentiment) out.set(i.id as string, { themes, sentiment });
    }
    return out;
  }

  async relabelledBetween(fromIso: string, toIso: string): Promise<{ unitId: string; date: string }[]> {
    const ids = await new DynamoCaseStore(this.db, this.table).relabelledBetween(fromIso, toIso);
    const cases = await getKeys(
      this.db,
      this.table,
      [...new Set(ids)].map((id) => ({ pk: `CASE#${id}` })),
    );
    return cases.map((c) => ({ unitId: c.unitId as string, date: c.answerDate as string }));
  }
}

let labels: CaseLabelSource | undefined;

/** The process's reader of case labels, on the cases table named in the environment. */
export function caseLabelsFromEnv(): CaseLabelSource {
  labels ??= new DynamoCaseLabels(dynamo(), tableNameFromEnv('cases', { envVar: CASES_TABLE_ENV }));
  return labels;
}
