/**
 * The local stack refuses the contact key and table as IAM and KMS would: a submit function without
 * `kms:GenerateDataKey` on the contact key, or without PutItem on the contacts table, fails a
 * submission with a contact request (a 500, nothing stored — the transaction writes both or neither),
 * and the denial names the action and the key's or table's ARN. Answers without a contact need neither.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { functions } from '#shared/manifest.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ expectDenials: true });
});
afterAll(() => stack?.close());

const answer = { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 4 } };
const contact = { phone: '040 765 4321', consent: true };
const { tables } = functions.submitFeedback;

describe('submitFeedback without its contact grants', () => {
  it('without kms:GenerateDataKey: a contact request fails with nothing stored; an answer alone is stored', async () => {
    stack.iam.restrict('submitFeedback', { tables });
    try {
      const before = await snapshot(stack);
      expect((await postJson(stack, '/api/feedback', { ...answer, contact })).status).toBe(500);
      expect(await snapshot(stack)).toBe(before);
      expect(stack.iam.denials().at(-1)).toEqual({
        function: 'submitFeedback',
        action: 'kms:GenerateDataKey',
        resource: expect.stringMatching(/^arn:aws:kms:[^:]+:000000000000:key\/local-contacts$/),
      });
      expect((await postJson(stack, '/api/feedback', answer)).status).toBe(201);
    } finally {
      stack.iam.restoreManifest();
    }
  });

  it('without PutItem on contacts: the transaction is refused and neither item is written', async () => {
    const { contacts: _, ...others } = tables;
    stack.iam.restrict('submitFeedback', { tables: others, keys: functions.submitFeedback.keys });
    try {
      const answers = (await scanAll(stack, 'feedback')).length;
      expect((await postJson(stack, '/api/feedback', { ...answer, contact })).status).toBe(500);
      expect(await scanAll(stack, 'feedback')).toHaveLength(answers);
      expect(await scanAll(stack, 'contacts')).toEqual([]);
      expect(stack.iam.denials().at(-1)).toMatchObject({
        function: 'submitFeedback',
        action: 'dynamodb:PutItem',
        resource: expect.stringContaining('contacts'),
      });
    } finally {
      stack.iam.restoreManifest();
    }
  });
});
