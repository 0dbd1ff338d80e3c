/** The pulse feature's storage port: rounds, one-time codes, anonymous answers and sealed sheets. */
import type { RedactedText } from '../text/index.ts';
import type { SealedCodes } from './codes.ts';
import type { CodeState, PulseAnswer, Round } from './model.ts';

/** The sealed sheet of a round. */
export interface SheetRecord {
  roundId: string;
  sealed: SealedCodes;
}

/** Where rounds, codes and answers live (DynamoDB; the tests' own fakes). */
export interface PulseStore {
  /** Stores a new round with the hashes of its codes and its sealed sheet. */
  createRound(round: Round, codeHashes: readonly string[], sheet: { hash: string; sealed: SealedCodes; expiresAt: number }): Promise<void>;
  /** One round, or undefined. */
  getRound(id: string): Promise<Round | undefined>;
  /** Every round of a work unit, oldest first. */
  roundsOf(nodeId: string): Promise<Round[]>;
  /** Whether the code (by hash) is unknown, used or open. */
  codeState(hash: string): Promise<CodeState>;
  /**
   * Marks the code used, stores the answer and counts it in its round, all or nothing; `used` when the
   * code was used meanwhile (nothing stored).
   */
  answer(codeHash: string, answer: PulseAnswer): Promise<'stored' | 'used'>;
  /** The redacted open texts of a round's answers. */
  texts(roundId: string): Promise<RedactedText[]>;
  /** The sealed sheet with this token hash, or undefined. */
  sheet(hash: string): Promise<SheetRecord | undefined>;
}
