import type { Counts } from './counts.ts';
import type { Granularity } from './periods.ts';

/** One stored snapshot: the counts of a node over a period, and the instant its sources were read. */
export interface Snapshot {
  nodeId: string;
  granularity: Granularity;
  period: string;
  counts: Counts;
  /** Answers that arrived before this instant are in the counts; a later snapshot never loses to an earlier one. */
  asOf: string;
}

/** Storage of the NPS snapshots. */
export interface AggregateStore {
  /** Writes a snapshot unless one computed from a later `asOf` is already there; returns whether it was written. */
  put(s: Snapshot): Promise<boolean>;
  /** A node's snapshots of one granularity with periods in [from, to], in period order. */
  range(nodeId: string, g: Granularity, fromPeriod: string, toPeriod: string): Promise<Snapshot[]>;
  /** The snapshots of several nodes for one period (missing ones are absent from the map). */
  many(nodeIds: readonly string[], g: Granularity, period: string): Promise<Map<string, Snapshot>>;
  /** Where the incremental run stopped: answers that arrived before it are aggregated. */
  getWatermark(): Promise<string | undefined>;
  /** Moves the watermark forward (never back). */
  setWatermark(iso: string): Promise<void>;
}
