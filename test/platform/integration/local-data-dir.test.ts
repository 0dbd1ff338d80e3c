/** The local stack's data folder (answers, SMS outbox, local keys) is readable by its owner only. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '#local/stack.ts';

const tmp = mkdtempSync(join(tmpdir(), 'palaute-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the local data folder', () => {
  it.each([
    ['a new folder', join(tmp, 'new')],
    ['an existing world-readable folder', join(tmp, 'old')],
  ])('is 0700 when the stack starts on %s', async (_what, dir) => {
    if (dir.endsWith('old')) {
      mkdirSync(dir);
      chmodSync(dir, 0o755);
    }
    const stack = await startLocalStack({ port: 0, dynamoPort: 0, dataDir: dir });
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    } finally {
      await stack.close();
    }
  });
});
