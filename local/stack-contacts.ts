/**
 * The contacts a local stack holds, as tools and tests reach them: writing one seals it with the
 * stack's local key and puts it in the contacts table exactly as the submit path does (so demo and
 * test contact requests are encrypted like real ones, and the handlers read them through the real
 * vault); `ids` lists which answers still have one. Runs outside any invocation, as a tool, so the
 * local IAM does not check it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type Contact, contactPut, type DataKeys, sealContact } from '#shared/contacts/index.ts';

/** Contact requests of one local stack, in its contacts table. */
export class StackContacts {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    dynamo: DynamoDBClient,
    private readonly table: string,
    private readonly keys: DataKeys,
  ) {
    this.doc = DynamoDBDocumentClient.from(dynamo);
  }

  /** Stores a contact for an answer, sealed as the submit path seals it; a second put for one answer fails. */
  async put(feedbackId: string, contact: Contact, unitId = 'unknown'): Promise<void> {
    await this.doc.send(new PutCommand(contactPut(this.table, await sealContact(this.keys, feedbackId, unitId, contact))));
  }

  /** The answer ids that still have a contact stored. */
  async ids(): Promise<string[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({ TableName: this.table, ProjectionExpression: 'feedbackId', ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) ids.push(item.feedbackId as string);
      start = page.LastEvaluatedKey;
    } while (start);
    return ids;
  }
}
