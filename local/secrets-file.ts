import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { deriveSmsSecrets } from '#shared/sms/secrets-manager-source.ts';
import type { SecretsSource, SmsSecrets } from '#shared/sms/secrets.ts';

/**
 * The Secrets Manager stand-in: the SMS secret as a git-ignored JSON file (mode 600), made with random
 * values on first start; without a file (tests) the values live in memory only.
 */
export class FileSecrets implements SecretsSource {
  private readonly secrets: SmsSecrets;

  constructor(file?: string) {
    const fresh = () => ({ hmacKey: randomBytes(32).toString('base64url'), encryptionKey: randomBytes(32).toString('base64url') });
    let raw: { hmacKey: string; encryptionKey: string };
    if (file && existsSync(file)) raw = JSON.parse(readFileSync(file, 'utf8'));
    else {
      raw = fresh();
      if (file) writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`, { mode: 0o600 });
    }
    this.secrets = deriveSmsSecrets(raw);
  }

  async smsSecrets(): Promise<SmsSecrets> {
    return this.secrets;
  }
}
