import type { Case } from '#shared/cases/case.ts';
import {
  BadCursorError,
  cursorAfter,
  cursorKey,
  matchesFilters,
  queueSortKey,
  StaleVersionError,
  type CasePage,
  type CaseQuery,
  type CaseStore,
  type ExpiredCasePage,
  type OpenerMark,
} from '#shared/cases/case-store.ts';
import { stored } from '../../support/fakes.ts';

const LEVEL = { unit: 'unitId', service: 'serviceId', serviceArea: 'serviceAreaId', region: 'regionId' } as const;

/**
 * CaseStore in memory, faithful to DynamoCaseStore (test/cases/integration/case-store.contract.test.ts
 * runs the same behaviours against both): conditional create and save, queues by level newest first
 * on `{createdAt}#{id}` compared as DynamoDB compares the key strings, the sparse due and purge
 * windows. Everything handed in or out is a copy.
 */
export class MemoryCaseStore implements CaseStore {
  private readonly cases = new Map<string, Case>();
  private mark: OpenerMark | null = null;

  async create(c: Case): Promise<boolean> {
    if (this.cases.has(c.id)) return false;
    this.cases.set(c.id, stored(c));
    return true;
  }

  async get(id: string): Promise<Case | null> {
    const c = this.cases.get(id);
    return c ? stored(c) : null;
  }

  async getMany(ids: readonly string[]): Promise<Case[]> {
    return [...new Set(ids)].flatMap((id) => {
      const c = this.cases.get(id);
      return c ? [stored(c)] : [];
    });
  }

  async save(next: Case, basedOn: number): Promise<void> {
    if (next.version !== basedOn + 1) throw new Error(`save: version ${next.version} does not follow ${basedOn}`);
    if (this.cases.get(next.id)?.version !== basedOn) throw new StaleVersionError(next.id);
    this.cases.set(next.id, stored(next));
  }

  async list(q: CaseQuery): Promise<CasePage> {
    const from = q.fromIso ?? '0000';
    const to = `${q.toIso ?? '9999'}#~`;
    const after = q.cursor === undefined ? undefined : cursorKey(q.cursor);
    if (after && !(after.sk >= from && after.sk <= to)) throw new BadCursorError();
    const all = [...this.cases.values()]
      .filter((c) => c[LEVEL[q.kind]] === q.nodeId)
      .filter((c) => queueSortKey(c) >= from && queueSortKey(c) <= to)
      .filter((c) => after === undefined || queueSortKey(c) < after.sk)
      .filter((c) => matchesFilters(c, q))
      .sort((a, b) => (queueSortKey(a) < queueSortKey(b) ? 1 : -1));
    const shown = all.slice(0, q.limit);
    return { cases: shown.map(stored), next: all.length > q.limit ? cursorAfter(shown.at(-1)!) : null };
  }

  async openDueBy(untilIso: string): Promise<string[]> {
    return [...this.cases.values()]
      .filter((c) => c.status !== 'closed' && !c.escalated && `${c.dueAt}#${c.id}` <= `${untilIso}#~`)
      .sort((a, b) => (`${a.dueAt}#${a.id}` < `${b.dueAt}#${b.id}` ? -1 : 1))
      .map((c) => c.id);
  }

  async relabelledBetween(fromIso: string, toIso: string): Promise<string[]> {
    return [...this.cases.values()]
      .filter((c) => c.relabelledAt !== undefined && `${c.relabelledAt}#${c.id}` >= fromIso && `${c.relabelledAt}#${c.id}` <= `${toIso}#~`)
      .sort((a, b) => (`${a.relabelledAt}#${a.id}` < `${b.relabelledAt}#${b.id}` ? -1 : 1))
      .map((c) => c.id);
  }

  async purgeDueBy(date: string): Promise<string[]> {
    return [...this.cases.values()]
      .filter((c) => c.status === 'closed' && c.contactRequested && !c.contactDeletedAt && c.purgeOn !== undefined)
      .filter((c) => `${c.purgeOn}#${c.id}` <= `${date}#~`)
      .sort((a, b) => (`${a.purgeOn}#${a.id}` < `${b.purgeOn}#${b.id}` ? -1 : 1))
      .map((c) => c.id);
  }

  async *answeredThrough(lastDate: string): AsyncIterable<ExpiredCasePage> {
    const cases = [...this.cases.values()].filter((c) => c.answerDate <= lastDate);
    // Pages of a few, so a caller that acts page by page is exercised as on DynamoDB.
    for (let i = 0; i < cases.length; i += 2) {
      const page = cases.slice(i, i + 2);
      yield { scanned: page.length, cases: page.map((c) => ({ id: c.id, contactRequested: c.contactRequested })) };
    }
  }

  async deleteCases(ids: readonly string[]): Promise<number> {
    const unique = new Set(ids);
    for (const id of unique) this.cases.delete(id);
    return unique.size;
  }

  async watermark(): Promise<OpenerMark | null> {
    return this.mark && stored(this.mark);
  }

  async setWatermark(mark: OpenerMark): Promise<void> {
    this.mark = stored(mark);
  }

  /** Every case, for tests. */
  all(): Case[] {
    return [...this.cases.values()].map(stored);
  }
}
