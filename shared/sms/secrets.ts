/** The SMS channel's secrets: on AWS one Secrets Manager secret, locally a git-ignored file. */
export interface SmsSecrets {
  /** Key of the keyed hashes of numbers and of the sampling decision. */
  hmacKey: Buffer;
  /** AES-256 key of the numbers held in pending invitations. */
  encryptionKey: Buffer;
}

/**
 * One version of the SMS keys. Rows written under it record its `id` (never the keys), so a rotation
 * can tell which rows still depend on an older version.
 */
export interface SmsKeyVersion extends SmsSecrets {
  /** 1 for the keys the deployment generated (the single-value secret of old); each rotation adds the next. */
  id: number;
  /** `active`: looked up by every check; `retired`: used for nothing, its keys are gone from the secret. */
  state: 'active';
  /** The Helsinki day the version was added (the runbook's record; nothing depends on it). */
  createdOn: string;
  /**
   * UTC instant from which new hashes, invitations and links are written under this version. Until
   * then it is only looked up, so a function instance that still caches the previous keyring never
   * misses a row written under it.
   */
  writesFrom: string;
}

/** The SMS keys a function may use: every active version (retired ones carry no keys and are left out). */
export interface SmsKeyring {
  /** Active versions, newest (highest id) first; never empty. */
  active: readonly SmsKeyVersion[];
  /** Ids of retired versions: a link sealed under one of them is refused rather than trusted. */
  retired: readonly number[];
}

/** Source of the SMS keys; implementations cache them for at most `KEYRING_MAX_AGE_MS`. */
export interface SecretsSource {
  smsKeys(): Promise<SmsKeyring>;
}
