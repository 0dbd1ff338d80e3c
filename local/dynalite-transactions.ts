import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** One entry of a TransactWriteItems request, in the wire format (attribute values typed, `{ S: … }`). */
type TransactItem = Partial<Record<'Put' | 'Delete' | 'Update' | 'ConditionCheck', Record<string, unknown>>>;

type Wire = Record<string, unknown>;

/** A DynamoDB error answer as the wire carries it. */
class WireError extends Error {
  constructor(
    readonly status: number,
    readonly body: Wire,
  ) {
    super(String(body.message ?? body.Message ?? body.__type));
  }
}

const TARGET_PREFIX = 'DynamoDB_20120810.';

/**
 * Adds TransactWriteItems to dynalite, which has none: the submit path writes an answer and its
 * encrypted contact in one transaction, and the local stack must run that code unchanged. Each
 * entry (Put, Delete, Update) runs as its single-item call with its condition, one transaction at a
 * time; when an entry's condition fails, the entries already written are put back as they were, and
 * the answer is AWS's `TransactionCanceledException` with a reason per entry. Other writers are not
 * held off meanwhile (dynalite has no locks): enough for one developer's stack and the tests, which
 * need the all-or-nothing outcome, not isolation under contention. ConditionCheck is refused.
 */
export function addTransactions(server: Server): void {
  const inner = server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  server.removeAllListeners('request');
  let queue: Promise<unknown> = Promise.resolve();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers['x-amz-target'] !== `${TARGET_PREFIX}TransactWriteItems`) return inner.call(server, req, res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const run = () => transact(server, req, JSON.parse(Buffer.concat(chunks).toString('utf8')) as { TransactItems?: TransactItem[] });
      const done = queue.then(run, run);
      queue = done.catch(() => undefined);
      done.then(
        () => reply(res, 200, {}),
        (e: unknown) =>
          e instanceof WireError
            ? reply(res, e.status, e.body)
            : reply(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(e) }),
      );
    });
  });
}

function reply(res: ServerResponse, status: number, body: Wire): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function transact(server: Server, req: IncomingMessage, body: { TransactItems?: TransactItem[] }): Promise<void> {
  const call = caller(server, req);
  const items = body.TransactItems ?? [];
  if (items.length === 0 || items.length > 100)
    throw new WireError(400, {
      __type: 'com.amazon.coral.validate#ValidationException',
      message: 'TransactItems must have 1 to 100 entries',
    });
  const undo: (() => Promise<unknown>)[] = [];
  for (const [i, item] of items.entries()) {
    const [kind, op] = Object.entries(item)[0] ?? [];
    if (!op || kind === 'ConditionCheck')
      throw new WireError(400, {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: `the local stack does not support ${kind ?? 'an empty entry'} in TransactWriteItems`,
      });
    const table = op.TableName as string;
    const key = kind === 'Put' ? keyOf(await keySchema(call, table), op.Item as Wire) : (op.Key as Wire);
    try {
      const out = await call(kind === 'Put' ? 'PutItem' : kind === 'Delete' ? 'DeleteItem' : 'UpdateItem', {
        ...op,
        ReturnValues: 'ALL_OLD',
      });
      const old = out.Attributes as Wire | undefined;
      undo.push(() => (old ? call('PutItem', { TableName: table, Item: old }) : call('DeleteItem', { TableName: table, Key: key })));
    } catch (e) {
      for (const u of undo.reverse()) await u();
      if (e instanceof WireError && String(e.body.__type).endsWith('ConditionalCheckFailedException')) {
        const reasons = items.map((_, j) =>
          j === i ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' } : { Code: 'None' },
        );
        throw new WireError(400, {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
          CancellationReasons: reasons,
        });
      }
      throw e;
    }
  }
}

/** Sends one single-item call to the same dynalite, with the transaction's own headers (dynalite checks their shape, not the signature). */
function caller(server: Server, req: IncomingMessage) {
  const { port } = server.address() as { port: number };
  return async (operation: string, input: Wire): Promise<Wire> => {
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `${TARGET_PREFIX}${operation}`,
        authorization: String(req.headers.authorization ?? ''),
        'x-amz-date': String(req.headers['x-amz-date'] ?? ''),
      },
      body: JSON.stringify(input),
    });
    const out = (await res.json()) as Wire;
    if (!res.ok) throw new WireError(res.status, out);
    return out;
  };
}

const schemas = new Map<string, string[]>();

/** The key attribute names of a table (cached: the manifest's tables never change key). */
async function keySchema(call: ReturnType<typeof caller>, table: string): Promise<string[]> {
  let names = schemas.get(table);
  if (!names) {
    const out = (await call('DescribeTable', { TableName: table })) as { Table: { KeySchema: { AttributeName: string }[] } };
    names = out.Table.KeySchema.map((k) => k.AttributeName);
    schemas.set(table, names);
  }
  return names;
}

function keyOf(names: string[], item: Wire): Wire {
  return Object.fromEntries(names.map((n) => [n, item[n]]));
}
