import type { AggregateStore, Snapshot } from '#shared/reporting/aggregate-store.ts';
import type { Granularity } from '#shared/reporting/periods.ts';
import { stored } from '../../support/fakes.ts';

/**
 * AggregateStore in memory, faithful to DynamoAggregateStore (test/reporting/integration/
 * aggregate-store.contract.test.ts runs the same behaviours against both): a snapshot from an earlier
 * `asOf` never overwrites a later one, ranges are inclusive and in period order, missing snapshots
 * are absent from `many`, a batch naming one key twice is refused as BatchGetItem refuses it, and the
 * watermark only moves forward. Everything handed in or out is a copy.
 */
export class MemoryAggregateStore implements AggregateStore {
  /** Snapshots by `{nodeId}#{granularity}` (the table's partition), then by period (its sort key). */
  private readonly partitions = new Map<string, Map<string, Snapshot>>();
  private watermark: string | undefined;

  async put(s: Snapshot): Promise<boolean> {
    const part = this.partitions.get(pkOf(s.nodeId, s.granularity)) ?? new Map<string, Snapshot>();
    const old = part.get(s.period);
    if (old && old.asOf > s.asOf) return false;
    part.set(s.period, stored(s));
    this.partitions.set(pkOf(s.nodeId, s.granularity), part);
    return true;
  }

  async range(nodeId: string, g: Granularity, fromPeriod: string, toPeriod: string): Promise<Snapshot[]> {
    const part = this.partitions.get(pkOf(nodeId, g)) ?? new Map<string, Snapshot>();
    return [...part.entries()]
      .filter(([p]) => p >= fromPeriod && p <= toPeriod)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, s]) => stored(s));
  }

  async many(nodeIds: readonly string[], g: Granularity, period: string): Promise<Map<string, Snapshot>> {
    if (new Set(nodeIds).size !== nodeIds.length) throw new Error('BatchGetItem: the provided list of item keys contains duplicates');
    const out = new Map<string, Snapshot>();
    for (const id of nodeIds) {
      const s = this.partitions.get(pkOf(id, g))?.get(period);
      if (s) out.set(id, stored(s));
    }
    return out;
  }

  async getWatermark(): Promise<string | undefined> {
    return this.watermark;
  }

  async setWatermark(iso: string): Promise<void> {
    if (this.watermark === undefined || this.watermark < iso) this.watermark = iso;
  }

  /** Every stored snapshot, by partition and period: what a test reads instead of scanning the table. */
  all(): Snapshot[] {
    return [...this.partitions.keys()]
      .sort()
      .flatMap((pk) => [...this.partitions.get(pk)!.keys()].sort().map((p) => stored(this.partitions.get(pk)!.get(p)!)));
  }
}

const pkOf = (nodeId: string, g: Granularity) => `${nodeId}#${g}`;
