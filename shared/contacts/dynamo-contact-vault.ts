import { DeleteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Contact } from './contact.ts';
import { contactKey, fromContactItem, openContact } from './contact-item.ts';
import type { ContactVault } from './contact-vault.ts';
import type { DataKeys } from './data-keys.ts';

/** ContactVault on the contacts table and the key service: GetItem + Decrypt to read, DeleteItem to erase. */
export class DynamoContactVault implements ContactVault {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly keys: DataKeys,
  ) {}

  async read(feedbackId: string): Promise<Contact | null> {
    const got = await this.db.send(new GetCommand({ TableName: this.table, Key: contactKey(feedbackId), ConsistentRead: true }));
    return got.Item ? openContact(this.keys, fromContactItem(got.Item)) : null;
  }

  async erase(feedbackIds: readonly string[]): Promise<number> {
    let erased = 0;
    // One DeleteItem each, returning the old keys: the count is exact, and a daily job erases a few dozen.
    for (const id of new Set(feedbackIds)) {
      const out = await this.db.send(new DeleteCommand({ TableName: this.table, Key: contactKey(id), ReturnValues: 'ALL_OLD' }));
      if (out.Attributes) erased++;
    }
    return erased;
  }
}
