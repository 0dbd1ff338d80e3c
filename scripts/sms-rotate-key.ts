/**
 * `npm run sms:rotate-key -- <command>`: the operator's side of rotating the SMS keys (README
 * "Rotating the SMS keys"). It edits the secret's JSON and never prints a key: on AWS it is a filter
 * between `aws secretsmanager get-secret-value` and `put-secret-value` (stdin → stdout); locally it
 * edits the local stack's secrets file in place (`--file`, default `.data/secrets.json`).
 *
 *   status                                   versions, states and dates (no keys)
 *   add [--write-delay MINUTES]              a new version, looked up at once, written from now + delay (default 15)
 *   usage --table NAME [--endpoint URL]      rows per key version that still need it (scans the sms table)
 *   retire ID --table NAME [--endpoint URL]  retires a version once no row needs it; its keys leave the secret
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { helsinkiDate } from '#shared/platform/time.ts';
import { addVersion, describeVersions, retireVersion, secretDocument, type SmsSecretDocument } from '#shared/sms/key-versions.ts';

/** Rows per key version that a retirement would orphan. */
export interface KeyVersionUsage {
  /** Opt-outs not yet copied under a newer version: retiring their version would forget them. */
  optOuts: number;
  /** Cooldowns still running: retiring their version would let the person be asked again early. */
  cooldowns: number;
  /** Invitations not yet settled: their numbers are encrypted under the version. */
  pendingInvitations: number;
}

/** Counts, per key version, the rows of the sms table that still need it (rows without a version are version 1). */
export async function keyVersionUsage(db: DynamoDBDocumentClient, table: string, today: string): Promise<Map<number, KeyVersionUsage>> {
  const usage = new Map<number, KeyVersionUsage>();
  const of = (v: unknown) => {
    const id = typeof v === 'number' ? v : 1;
    const u = usage.get(id) ?? { optOuts: 0, cooldowns: 0, pendingInvitations: 0 };
    usage.set(id, u);
    return u;
  };
  const pages = paginateScan(
    { client: db },
    {
      TableName: table,
      // Ids, states and days only: the scan reads nothing that a log or terminal should not show.
      ProjectionExpression: 'pk, sk, keyVersion, rekeyedTo, #until, #status',
      ExpressionAttributeNames: { '#until': 'until', '#status': 'status' },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      if (pk.startsWith('PERSON#') && item.sk === 'OPTOUT' && item.rekeyedTo === undefined) of(item.keyVersion).optOuts += 1;
      else if (pk.startsWith('PERSON#') && item.sk === 'COOLDOWN' && String(item.until) > today) of(item.keyVersion).cooldowns += 1;
      else if (pk.startsWith('INV#') && ['pending', 'queued', 'sending'].includes(String(item.status)))
        of(item.keyVersion).pendingInvitations += 1;
    }
  }
  return usage;
}

/** Whether any row still needs a version. */
export function inUse(u: KeyVersionUsage | undefined): boolean {
  return !!u && u.optOuts + u.cooldowns + u.pendingInvitations > 0;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      'write-delay': { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
    },
  });
  const [command, arg] = positionals;
  const now = new Date();
  const today = helsinkiDate(now);
  const fromStdin = values.file === undefined && !process.stdin.isTTY;
  const file = values.file ?? '.data/secrets.json';
  const read = (): SmsSecretDocument => {
    if (fromStdin) return secretDocument(JSON.parse(readFileSync(0, 'utf8')));
    if (!existsSync(file)) throw new Error(`no secrets file at ${file} (start the local stack once, or pipe the secret in)`);
    return secretDocument(JSON.parse(readFileSync(file, 'utf8')));
  };
  const write = (doc: SmsSecretDocument) => {
    if (fromStdin) process.stdout.write(JSON.stringify(doc));
    else writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
    process.stderr.write(`${JSON.stringify(describeVersions(doc), null, 2)}\n`);
  };
  const usage = async () => {
    if (!values.table) throw new Error('--table is required (the sms table, e.g. palaute-local-sms)');
    const client = new DynamoDBClient(values.endpoint ? { endpoint: values.endpoint } : {});
    try {
      return await keyVersionUsage(DynamoDBDocumentClient.from(client), values.table, today);
    } finally {
      client.destroy();
    }
  };

  switch (command) {
    case 'status':
      process.stdout.write(`${JSON.stringify(describeVersions(read()), null, 2)}\n`);
      return;
    case 'add': {
      const delay = values['write-delay'] === undefined ? undefined : Number(values['write-delay']);
      write(addVersion(read(), now, today, delay));
      return;
    }
    case 'usage':
      process.stdout.write(`${JSON.stringify(Object.fromEntries(await usage()), null, 2)}\n`);
      return;
    case 'retire': {
      const id = Number(arg);
      if (!Number.isSafeInteger(id)) throw new Error('retire needs the version id, e.g. retire 1');
      const doc = read();
      const u = (await usage()).get(id);
      if (inUse(u))
        throw new Error(
          `version ${id} is still needed: ${JSON.stringify(u)}. Wait until cooldowns end and invitations are sent; opt-outs move to the newest version only when their people visit again (README "Rotating the SMS keys").`,
        );
      write(retireVersion(doc, id, now, today));
      return;
    }
    default:
      throw new Error(
        'usage: npm run sms:rotate-key -- status | add [--write-delay MINUTES] | usage --table NAME | retire ID --table NAME',
      );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    // Messages name versions and fields, never a key (key-versions.ts).
    process.stderr.write(`sms:rotate-key: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
