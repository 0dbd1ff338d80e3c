/** The SMS channel's secrets: on AWS one Secrets Manager secret, locally a git-ignored file. */
export interface SmsSecrets {
  /** Key of the keyed hashes of numbers and of the sampling decision. */
  hmacKey: Buffer;
  /** AES-256 key of the numbers held in pending invitations. */
  encryptionKey: Buffer;
}

/** Source of the secrets; implementations cache them for the life of the process. */
export interface SecretsSource {
  smsSecrets(): Promise<SmsSecrets>;
}
