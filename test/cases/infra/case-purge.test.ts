/**
 * The nightly case purge's grants, stated by hand so a manifest change that widens them fails here
 * (test/platform/infra/stateless-stack.test.ts checks that CDK grants exactly what the manifest says):
 * `purgeContacts` may find cases through `byPurge`, read and rewrite them, Scan and BatchWriteItem the
 * cases table for the cases past the answers' retention, and delete contacts — nothing else; and no
 * other function may Scan or bulk-delete cases, which copy the patients' comments.
 */
import { describe, expect, it } from 'vitest';
import { functions, type FunctionName } from '#shared/manifest.ts';

describe('purgeContacts', () => {
  it('may Query byPurge, BatchGetItem, PutItem, Scan and BatchWriteItem the cases and DeleteItem the contacts only', () => {
    expect(functions.purgeContacts.tables).toEqual({
      cases: ['dynamodb:Query@byPurge', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:BatchWriteItem'],
      contacts: ['dynamodb:DeleteItem'],
    });
    // Erasing needs no key: a contact is deleted, never decrypted.
    expect('keys' in functions.purgeContacts).toBe(false);
  });

  it('is the only function that may Scan or BatchWriteItem the cases', () => {
    const sweepers = (Object.keys(functions) as FunctionName[]).filter((n) => {
      const cases: readonly string[] = (functions[n].tables as Record<string, readonly string[] | undefined>).cases ?? [];
      return cases.some((a) => a === 'dynamodb:Scan' || a === 'dynamodb:BatchWriteItem');
    });
    expect(sweepers).toEqual(['purgeContacts']);
  });

  // A backlog of expired cases takes long; a run cut short resumes the next night.
  it('may run for the longest Lambda timeout, 15 minutes', () => {
    expect(functions.purgeContacts.timeoutSeconds).toBe(900);
  });
});
