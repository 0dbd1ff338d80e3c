import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseSmsKeys, secretDocument, type SmsSecretDocument } from '#shared/sms/key-versions.ts';
import type { SecretsSource, SmsKeyring } from '#shared/sms/secrets.ts';

/**
 * The Secrets Manager stand-in: the SMS secret as a git-ignored JSON file (mode 600), made with random
 * values on first start; without a file (tests) the values live in memory only. The file is read
 * again whenever it changes, so `npm run sms:rotate-key -- … --file` takes effect in a running stack
 * as a new secret value does on AWS.
 */
export class FileSecrets implements SecretsSource {
  private raw: unknown;
  private ring: SmsKeyring;
  private mtimeMs = -1;

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) this.raw = JSON.parse(readFileSync(file, 'utf8'));
    else {
      // The single-pair format of a fresh deployment, so the local stack starts where AWS does.
      this.raw = { hmacKey: randomBytes(32).toString('base64url'), encryptionKey: randomBytes(32).toString('base64url') };
      if (file) writeFileSync(file, `${JSON.stringify(this.raw, null, 2)}\n`, { mode: 0o600 });
    }
    if (file) this.mtimeMs = statSync(file).mtimeMs;
    this.ring = parseSmsKeys(this.raw);
  }

  async smsKeys(): Promise<SmsKeyring> {
    if (this.file) {
      const mtimeMs = statSync(this.file).mtimeMs;
      if (mtimeMs !== this.mtimeMs) {
        const raw = JSON.parse(readFileSync(this.file, 'utf8'));
        this.ring = parseSmsKeys(raw);
        this.raw = raw;
        this.mtimeMs = mtimeMs;
      }
    }
    return this.ring;
  }

  /** The secret's document (the stored JSON, normalised to versions), as the rotation edits it. */
  document(): SmsSecretDocument {
    return secretDocument(this.raw);
  }

  /** Replaces the secret's value, in the file if there is one: the local `put-secret-value`. */
  replace(doc: SmsSecretDocument): void {
    this.ring = parseSmsKeys(doc);
    this.raw = doc;
    if (this.file) {
      writeFileSync(this.file, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
      this.mtimeMs = statSync(this.file).mtimeMs;
    }
  }
}
