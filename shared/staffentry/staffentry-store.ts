import type { CodeHash } from './entry-code.ts';
import type { LockState } from './lockout.ts';

/** A unit's current entry code as stored: its hash, never the code. */
export interface EntryCodeRecord extends CodeHash {
  unitId: string;
  /** Random id of this code; each session names the code it was opened with. */
  codeId: string;
  /** When it was made (UTC ISO 8601). */
  createdAt: string;
}

/** A unit's wrong tries, with the version the next write is conditional on. */
export interface StoredLockState extends LockState {
  /** 0 when nothing is stored yet. */
  version: number;
}

/** A session as stored: under the hash of its id, with its unit, code and expiry. */
export interface SessionRecord {
  /** `sessionKey(id)`. */
  key: string;
  unitId: string;
  codeId: string;
  /** Epoch seconds; the session ends then (and DynamoDB TTL deletes the item afterwards). */
  expiresAt: number;
}

/** Where staff entry keeps its codes, lockouts and sessions (the DynamoDB table `staffentry`). */
export interface StaffEntryStore {
  /** Stores a unit's code, replacing the one before. */
  putCode(record: EntryCodeRecord): Promise<void>;
  getCode(unitId: string): Promise<EntryCodeRecord | undefined>;
  /** A unit's wrong tries, read strongly consistent (the next write is conditional on its version). */
  getLock(unitId: string): Promise<StoredLockState>;
  /**
   * Writes the next state if the stored version is still `state.version - 1`; false when another try
   * wrote first (the caller reads again and retries), so every try counts, however many instances run.
   */
  putLock(unitId: string, state: StoredLockState, expiresAt: Date): Promise<boolean>;
  putSession(session: SessionRecord): Promise<void>;
  getSession(key: string): Promise<SessionRecord | undefined>;
}
