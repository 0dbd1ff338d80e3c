/** A PulseStore in memory for the pure property tests: the same contract as the DynamoDB store, no I/O. */
import type { CodeState, PulseAnswer, PulseStore, Round, SealedCodes, SheetRecord } from '#shared/pulse/index.ts';
import type { RedactedText } from '#shared/text/index.ts';

/** Rounds, codes, answers and sheets in maps. */
export class MemoryPulseStore implements PulseStore {
  readonly rounds = new Map<string, Round>();
  readonly codes = new Map<string, { roundId: string; used: boolean }>();
  readonly answers: PulseAnswer[] = [];
  readonly sheets = new Map<string, SheetRecord>();

  async createRound(round: Round, codeHashes: readonly string[], sheet: { hash: string; sealed: SealedCodes; expiresAt: number }) {
    for (const h of codeHashes) this.codes.set(h, { roundId: round.id, used: false });
    this.sheets.set(sheet.hash, { roundId: round.id, sealed: sheet.sealed });
    this.rounds.set(round.id, structuredClone(round));
  }

  async getRound(id: string) {
    const r = this.rounds.get(id);
    return r && structuredClone(r);
  }

  async roundsOf(nodeId: string) {
    return [...this.rounds.values()].filter((r) => r.nodeId === nodeId).map((r) => structuredClone(r));
  }

  async codeState(hash: string): Promise<CodeState> {
    const c = this.codes.get(hash);
    return !c ? { state: 'unknown' } : c.used ? { state: 'used', roundId: c.roundId } : { state: 'open', roundId: c.roundId };
  }

  async answer(codeHash: string, a: PulseAnswer): Promise<'stored' | 'used'> {
    const c = this.codes.get(codeHash);
    if (!c || c.used || c.roundId !== a.roundId) return 'used';
    c.used = true;
    this.put(a);
    return 'stored';
  }

  /** Stores an answer and counts it, without a code (the property tests build worlds directly). */
  put(a: PulseAnswer): void {
    const r = this.rounds.get(a.roundId)!;
    r.answers++;
    for (const [s, v] of Object.entries(a.values)) r.counts[s]![v - 1]!++;
    this.answers.push(structuredClone(a));
  }

  async texts(roundId: string): Promise<RedactedText[]> {
    return this.answers.filter((a) => a.roundId === roundId && a.text).map((a) => a.text!);
  }

  async sheet(hash: string) {
    return this.sheets.get(hash);
  }
}
