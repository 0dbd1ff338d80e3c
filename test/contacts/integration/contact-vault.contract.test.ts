/**
 * The ContactVault contract: one list of behaviours run against the in-memory fake (for case
 * handling's use-case tests) and DynamoContactVault on dynalite with the local key, contacts written
 * there by the submit path's own transaction. Then what only the real adapter has: the stored item
 * holds nothing in clear, and a contact copied to another answer's key does not open.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDataKeys } from '#local/local-data-keys.ts';
import { type Contact, type ContactVault, contactItem, DynamoContactVault, sealContact } from '#shared/contacts/index.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { type ContractDb, startContractDb } from '../../support/dynalite-tables.ts';
import { MemoryContactVault } from '../support/memory-contact-vault.ts';

let db: ContractDb;
beforeAll(async () => {
  db = await startContractDb();
});
afterAll(() => db?.close());

const keys = new LocalDataKeys();

/** A vault and the way contacts get into it. */
interface Subject {
  vault: ContactVault;
  put(feedbackId: string, contact: Contact): Promise<void>;
}

let seq = 0;
const newId = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

function answer(id: string): StoredAnswer {
  return {
    id,
    unitId: 'keskusta-ta',
    serviceId: 'terveysasemat',
    serviceAreaId: 'terveys',
    regionId: 'esimerkki',
    surveyId: 'thl-aikuiset',
    surveyVersion: 1,
    channel: 'web',
    assisted: false,
    lang: 'fi',
    answers: { nps: 2 },
    contactRequested: true,
    submittedAt: '2026-11-23T10:00:00.000Z',
    receivedAt: '2026-11-23T10:00:00.000Z',
    date: '2026-11-23',
  };
}

const implementations: [string, () => Promise<Subject>][] = [
  [
    'in memory (the fake)',
    async () => {
      const vault = new MemoryContactVault();
      return { vault, put: async (id, c) => vault.put(id, c) };
    },
  ],
  [
    'on DynamoDB (dynalite) with the local key',
    async () => {
      const contacts = await db.freshTable('contacts');
      const store = new DynamoFeedbackStore(db.doc, { feedback: await db.freshTable('feedback'), idempotency: '', contacts });
      return {
        vault: new DynamoContactVault(db.doc, contacts, keys),
        put: async (id, c) => store.putAnswer(answer(id), await sealContact(keys, id, 'keskusta-ta', c)),
      };
    },
  ],
];

describe.each(implementations)('ContactVault %s', (_, make) => {
  it('reads null for an answer without a contact', async () => {
    const { vault } = await make();
    expect(await vault.read(newId())).toBeNull();
  });

  it('reads a stored contact back, absent fields omitted', async () => {
    const { vault, put } = await make();
    const [a, b] = [newId(), newId()];
    await put(a, { name: 'Liisa', phone: '+358407654321', email: 'liisa@example.fi' });
    await put(b, { email: 'b@example.fi' });
    expect(await vault.read(a)).toEqual({ name: 'Liisa', phone: '+358407654321', email: 'liisa@example.fi' });
    expect(await vault.read(b)).toEqual({ email: 'b@example.fi' });
  });

  it('keeps the first contact when the same answer is stored again', async () => {
    const { vault, put } = await make();
    const id = newId();
    await put(id, { phone: '+358407654321' });
    await put(id, { phone: '+358505551234' });
    expect(await vault.read(id)).toEqual({ phone: '+358407654321' });
  });

  it('erases exactly the contacts that exist, counts them, and is repeatable', async () => {
    const { vault, put } = await make();
    const [a, b, c] = [newId(), newId(), newId()];
    await put(a, { phone: '+358407654321' });
    await put(b, { email: 'b@example.fi' });
    await put(c, { email: 'c@example.fi' });
    expect(await vault.erase([a, b, a, newId()])).toBe(2);
    expect(await vault.read(a)).toBeNull();
    expect(await vault.read(b)).toBeNull();
    expect(await vault.read(c)).toEqual({ email: 'c@example.fi' });
    expect(await vault.erase([a, b])).toBe(0);
    expect(await vault.erase([])).toBe(0);
  });
});

describe('DynamoContactVault', () => {
  it('refuses a sealed contact moved under another answer', async () => {
    const contacts = await db.freshTable('contacts');
    const vault = new DynamoContactVault(db.doc, contacts, keys);
    const [a, b] = [newId(), newId()];
    const sealed = await sealContact(keys, a, 'keskusta-ta', { phone: '+358407654321' });
    await db.doc.send(new PutCommand({ TableName: contacts, Item: { ...contactItem(sealed), pk: `CONTACT#${b}`, feedbackId: b } }));
    await expect(vault.read(b)).rejects.toThrow();
  });
});

describe('the submit transaction on dynalite', () => {
  it('writes neither the answer nor the contact when one of them cannot be written', async () => {
    const [feedback, contacts] = [await db.freshTable('feedback'), await db.freshTable('contacts')];
    const store = new DynamoFeedbackStore(db.doc, { feedback, idempotency: '', contacts });
    const id = newId();
    // A contact already there under this answer's id: the transaction's second Put fails its condition.
    const earlier = await sealContact(keys, id, 'keskusta-ta', { email: 'first@example.fi' });
    await db.doc.send(new PutCommand({ TableName: contacts, Item: contactItem(earlier) }));
    await expect(store.putAnswer(answer(id), await sealContact(keys, id, 'keskusta-ta', { email: 'x@example.fi' }))).rejects.toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    expect(await store.listUnitAnswers('keskusta-ta', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z')).toEqual([]);
    expect(await new DynamoContactVault(db.doc, contacts, keys).read(id)).toEqual({ email: 'first@example.fi' });
  });
});
