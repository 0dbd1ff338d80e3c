/**
 * Section 9 `writes`: DynamoDB write capacity per answer on each channel and per visit on intake,
 * counted from the requests the handlers really send on the local stack. A middleware on the
 * handlers' own DynamoDB client reads every item a write touches before and after it (with the
 * stack's unguarded client, outside the handler's accounting) and bills it as DynamoDB on-demand
 * does: ⌈larger of old and new item / 1 KB⌉ write units, double inside a transaction, a refused
 * conditional write billed too, plus one write per global secondary index entry added, changed or
 * removed, the entry being the index's projection (keys only: table keys + index keys). dynalite's
 * own ReturnConsumedCapacity is not used: it counts neither transactions (the local stack emulates
 * them) nor index writes.
 */
import { Agent } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '#shared/config.ts';
import { tables, type TableName } from '#shared/manifest.ts';
import { dynamo } from '#shared/platform/dynamo.ts';
import { addDays, helsinkiDate, helsinkiInstant } from '#shared/platform/time.ts';
import { MAX_VISITS_PER_REQUEST } from '#shared/sms/visit.ts';
import type { LocalStack } from '#local/stack.ts';
import { CONTACT_BODY, FEEDBACK_BODY, send } from './latency.ts';
import { syntheticVisit } from './sms.ts';
import { table, type SectionReport } from './report.ts';

/** Answers posted per channel case; capacity per answer is the same for each, so a few suffice. */
export const ANSWERS_PER_CASE = 20;
/** Intake requests of MAX_VISITS_PER_REQUEST visits each (the sms section's synthetic mix). */
export const INTAKE_REQUESTS = 2;

type Item = Record<string, AttributeValue>;
const itemSize = (createRequire(import.meta.url)('dynalite/db/index.js') as { itemSize(item: Item): number }).itemSize;
/** Write units of an item of this size: whole kilobytes, at least one. */
const units = (item: Item | undefined) => (item ? Math.max(1, Math.ceil(itemSize(item) / 1024)) : 0);

/** One item a write request touches: where, its key, the item it puts (if a put), and whether in a transaction. */
interface Touch {
  table: TableName;
  key: Item;
  put?: Item;
  transactional: boolean;
}

/** Write units by `table` or `table/index`, and the requests by operation. */
interface Tally {
  write: Map<string, number>;
  requests: Map<string, number>;
}
const bump = (m: Map<string, number>, key: string, by: number) => m.set(key, (m.get(key) ?? 0) + by);
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** The wire-format input of the write operations the handlers use. */
interface WriteInput {
  TableName?: string;
  Item?: Item;
  Key?: Item;
  RequestItems?: Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>;
  TransactItems?: {
    Put?: { TableName: string; Item: Item };
    Update?: { TableName: string; Key: Item };
    Delete?: { TableName: string; Key: Item };
  }[];
}

/**
 * Adds the meter to the handlers' DynamoDB client; returns the tally and a function that removes it
 * (the later sections time that client, and the meter's reads would slow every write).
 */
function meterHandlers(stack: LocalStack): { tally: () => Tally; reset: () => void; remove: () => void } {
  const byRealName = new Map(Object.entries(stack.tableNames).map(([k, v]) => [v, k as TableName]));
  const keyOf = (t: TableName, item: Item): Item => {
    const spec = tables[t];
    const sk = 'sortKey' in spec ? (spec.sortKey as { name: string } | undefined) : undefined;
    return { [spec.partitionKey.name]: item[spec.partitionKey.name]!, ...(sk ? { [sk.name]: item[sk.name]! } : {}) };
  };
  const tableOf = (real: string | undefined): TableName => {
    const t = byRealName.get(real ?? '');
    if (!t) throw new Error(`bench writes: unknown table ${real}`);
    return t;
  };
  const touches = (op: string, input: WriteInput): Touch[] => {
    switch (op) {
      case 'PutItemCommand': {
        const t = tableOf(input.TableName);
        return [{ table: t, key: keyOf(t, input.Item!), put: input.Item!, transactional: false }];
      }
      case 'UpdateItemCommand':
      case 'DeleteItemCommand':
        return [{ table: tableOf(input.TableName), key: input.Key!, transactional: false }];
      case 'BatchWriteItemCommand':
        return Object.entries(input.RequestItems ?? {}).flatMap(([real, reqs]) => {
          const t = tableOf(real);
          return reqs.map((r) =>
            r.PutRequest
              ? { table: t, key: keyOf(t, r.PutRequest.Item), put: r.PutRequest.Item, transactional: false }
              : { table: t, key: r.DeleteRequest!.Key, transactional: false },
          );
        });
      case 'TransactWriteItemsCommand':
        return (input.TransactItems ?? []).map((e) => {
          if (e.Put) {
            const t = tableOf(e.Put.TableName);
            return { table: t, key: keyOf(t, e.Put.Item), put: e.Put.Item, transactional: true };
          }
          const u = e.Update ?? e.Delete;
          if (!u) throw new Error('bench writes: a transaction entry the meter does not price');
          return { table: tableOf(u.TableName), key: u.Key, transactional: true };
        });
      default:
        return [];
    }
  };
  const read = async (t: TableName, key: Item) =>
    (await stack.dynamo.send(new GetItemCommand({ TableName: stack.tableNames[t], Key: key, ConsistentRead: true }))).Item;
  /** What an index holds of an item: its projection when the item has the index's keys, else nothing. */
  const entryOf = (t: TableName, index: (typeof tables)[TableName]['indexes'][number], item: Item | undefined): Item | undefined => {
    const ix = index as { partitionKey: { name: string }; sortKey?: { name: string }; projection: string };
    if (!item?.[ix.partitionKey.name] || (ix.sortKey && !item[ix.sortKey.name])) return undefined;
    if (ix.projection === 'ALL') return item;
    return {
      ...keyOf(t, item),
      [ix.partitionKey.name]: item[ix.partitionKey.name]!,
      ...(ix.sortKey ? { [ix.sortKey.name]: item[ix.sortKey.name]! } : {}),
    };
  };

  let current: Tally = { write: new Map(), requests: new Map() };
  const name = 'benchWriteMeter';
  const client = dynamo();
  client.middlewareStack.add(
    // At build the document client has marshalled the input (just before the serializer): items are
    // in the wire format the sizes are defined on.
    (next, context) => async (args) => {
      const op = String(context.commandName);
      const touched = touches(op, args.input as WriteInput);
      if (!touched.length) return next(args);
      bump(current.requests, op.replace(/Command$/, ''), 1);
      const before = await Promise.all(touched.map((x) => read(x.table, x.key)));
      let refused = false;
      try {
        return await next(args);
      } catch (e) {
        // A refused condition is billed as a write all the same; anything else is the handler's concern.
        refused = true;
        throw e;
      } finally {
        const after = await Promise.all(touched.map((x) => read(x.table, x.key)));
        touched.forEach((x, i) => {
          const old = before[i];
          const now = after[i];
          // Refused: nothing changed, but the write is billed on the larger of the stored and the offered item.
          const base = Math.max(1, units(old), units(refused ? x.put : now));
          bump(current.write, x.table, x.transactional ? 2 * base : base);
          if (refused) return;
          for (const index of tables[x.table].indexes) {
            const was = entryOf(x.table, index, old);
            const is = entryOf(x.table, index, now);
            if (JSON.stringify(was) === JSON.stringify(is)) continue;
            // Keys changed: the old entry is deleted and the new one put, each a write.
            const sameKeys = was && is && JSON.stringify(keyOf(x.table, was)) === JSON.stringify(keyOf(x.table, is));
            bump(current.write, `${x.table}/${index.name}`, sameKeys ? Math.max(units(was), units(is)) : units(was) + units(is));
          }
        });
      }
    },
    { step: 'build', name, priority: 'high' },
  );
  return {
    tally: () => current,
    reset: () => {
      current = { write: new Map(), requests: new Map() };
    },
    remove: () => void client.middlewareStack.remove(name),
  };
}

/**
 * The sms section's visit `g` under an id and a phone number of this section's own, mapped one to one
 * so its re-sent visits and repeat visitors stay what they are, yet none meets the sms section's.
 */
function ownVisit(g: number, day: string): Record<string, unknown> {
  const v = syntheticVisit(g, day);
  const phone = typeof v.phone === 'string' ? v.phone.replace(/000(\d{4})$/, '900$1') : v.phone;
  return { ...v, visitId: `writes-${String(v.visitId)}`, phone };
}

/** One priced case: what is posted, and how many answers or visits it stores; `prepare` runs unmetered before it. */
interface WriteCase {
  label: string;
  prepare?: () => Promise<void>;
  run: () => Promise<number>;
}

/**
 * Answers through the one-time SMS link: the invitations are scheduled, released and sent unmetered
 * (a day 20 days ahead, so no other section's visits are due with them), then only the answers
 * (`POST /s/{token}`, the link used and the answer stored) are metered.
 */
function smsAnswers(stack: LocalStack, agent: Agent, base: URL, visitsToken: string): WriteCase {
  const links: string[] = [];
  return {
    label: 'sms (one-time link)',
    prepare: async () => {
      const day = addDays(helsinkiDate(new Date()), 20);
      stack.clock.set(helsinkiInstant(day, '18:00').toISOString());
      try {
        const before = stack.outbox.list().length;
        for (let g = 0; links.length < ANSWERS_PER_CASE && g < 50; g++) {
          const visits = Array.from({ length: 20 }, (_, i) => ({
            visitId: `writes-sms-${day}-${g}-${i}`,
            unitId: 'rantala-ta',
            visitedAt: helsinkiInstant(day, '10:00').toISOString(),
            phone: `042${String(g * 20 + i).padStart(7, '0')}`,
            age: 40,
            lang: 'fi',
            smsConsent: true,
            nonDisclosure: false,
          }));
          const res = await send(
            agent,
            base,
            'POST',
            '/api/visits',
            { 'content-type': 'application/json', authorization: `Bearer ${visitsToken}` },
            JSON.stringify({ visits }),
          );
          if (res.status !== 202) throw new Error(`bench writes: /api/visits answered ${res.status}`);
          stack.clock.set(helsinkiInstant(addDays(day, 1), '12:05').toISOString());
          await stack.scheduler.run('releaseInvitations');
          await stack.queues.invitations.idle();
          links.length = 0;
          for (const m of stack.outbox.list().slice(before)) links.push(new URL(/https?:\/\/\S+/.exec(m.text)![0]).pathname);
          stack.clock.set(helsinkiInstant(day, '18:00').toISOString());
        }
        if (links.length < ANSWERS_PER_CASE) throw new Error(`bench writes: only ${links.length} SMS links were sent`);
      } finally {
        stack.clock.set(helsinkiInstant(addDays(day, 1), '12:30').toISOString());
      }
    },
    run: async () => {
      try {
        for (const path of links.slice(0, ANSWERS_PER_CASE)) {
          const r = await send(agent, base, 'POST', path, { 'content-type': 'application/x-www-form-urlencoded' }, 'nps=9&smooth=4');
          if (r.status !== 303) throw new Error(`bench writes: ${path.slice(0, 4)}… answered ${r.status}`);
        }
      } finally {
        stack.clock.set(null);
      }
      return ANSWERS_PER_CASE;
    },
  };
}

/** Runs section 9 against a running local stack. */
export async function benchWrites(stack: LocalStack): Promise<SectionReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(stack.url);
  const config = loadConfig();
  const staffToken = await stack.auth.issue(['feedback:enter'], [config.org.regionId]);
  const visitsToken = await stack.auth.issue(['visits:write'], []);
  const json = { 'content-type': 'application/json' };
  const post = async (path: string, headers: Record<string, string>, body: string) => {
    const r = await send(agent, base, 'POST', path, headers, body);
    if (r.status !== 201) throw new Error(`bench writes: ${path} answered ${r.status}: ${r.body.slice(0, 300)}`);
  };
  const answers =
    (path: string, body: string, extra: () => Record<string, string> = () => ({})) =>
    async () => {
      for (let i = 0; i < ANSWERS_PER_CASE; i++) await post(path, { ...json, ...extra() }, body);
      return ANSWERS_PER_CASE;
    };
  const withChannel = (body: string, channel: string) => JSON.stringify({ ...(JSON.parse(body) as object), channel });
  const staff = () => ({ authorization: `Bearer ${staffToken}` });
  const idem = () => ({ 'idempotency-key': randomUUID() });
  const day = helsinkiDate(new Date());
  const cases: WriteCase[] = [
    { label: 'web', run: answers('/api/feedback', FEEDBACK_BODY) },
    { label: 'qr', run: answers('/api/feedback', withChannel(FEEDBACK_BODY, 'qr')) },
    { label: 'web, contact request', run: answers('/api/feedback', CONTACT_BODY) },
    { label: 'web, Idempotency-Key', run: answers('/api/feedback', FEEDBACK_BODY, idem) },
    { label: 'web, contact request, Idempotency-Key', run: answers('/api/feedback', CONTACT_BODY, idem) },
    { label: 'paper (staff entry)', run: answers('/api/feedback/entries', withChannel(FEEDBACK_BODY, 'paper'), staff) },
    { label: 'oral (staff entry)', run: answers('/api/feedback/entries', withChannel(FEEDBACK_BODY, 'oral'), staff) },
    { label: 'paper, contact request', run: answers('/api/feedback/entries', withChannel(CONTACT_BODY, 'paper'), staff) },
    {
      label: 'paper, Idempotency-Key',
      run: answers('/api/feedback/entries', withChannel(FEEDBACK_BODY, 'paper'), () => ({ ...staff(), ...idem() })),
    },
    {
      label: `visits on intake (${INTAKE_REQUESTS} × ${MAX_VISITS_PER_REQUEST}, the sms section's mix)`,
      run: async () => {
        // As the sms section: the clock at 18:00 on the visits' day, so none is in the future or too old.
        stack.clock.set(helsinkiInstant(day, '18:00').toISOString());
        try {
          for (let r = 0; r < INTAKE_REQUESTS; r++) {
            const visits = Array.from({ length: MAX_VISITS_PER_REQUEST }, (_, i) => ownVisit(r * MAX_VISITS_PER_REQUEST + i, day));
            const res = await send(
              agent,
              base,
              'POST',
              '/api/visits',
              { ...json, authorization: `Bearer ${visitsToken}` },
              JSON.stringify({ visits }),
            );
            if (res.status !== 202) throw new Error(`bench writes: /api/visits answered ${res.status}: ${res.body.slice(0, 300)}`);
          }
        } finally {
          stack.clock.set(null);
        }
        return INTAKE_REQUESTS * MAX_VISITS_PER_REQUEST;
      },
    },
    smsAnswers(stack, agent, base, visitsToken),
  ];

  const meter = meterHandlers(stack);
  const rows: string[][] = [];
  try {
    for (const c of cases) {
      await c.prepare?.();
      meter.reset();
      const n = await c.run();
      const t = meter.tally();
      const per = (k: string) => ((t.write.get(k) ?? 0) / n).toFixed(2);
      const columns = [...t.write.keys()].sort();
      rows.push([
        c.label,
        String(n),
        (sum(t.write) / n).toFixed(2),
        columns.map((k) => `${k} ${per(k)}`).join(', '),
        [...t.requests].map(([op, k]) => `${op} ${(k / n).toFixed(2)}`).join(', '),
      ]);
    }
  } finally {
    meter.remove();
    agent.destroy();
  }
  return {
    title: '9. Write capacity per answer and per visit',
    lines: [
      "Counted by a meter on the handlers' own DynamoDB client on the local stack, over HTTP: each write request's items are read before and after it (stack client, strongly consistent) and billed as on-demand DynamoDB bills them: ⌈larger of old and new item / 1 KB⌉ write units (KB = 1,024 bytes, sizes as dynalite computes them: names + values), twice that in a transaction, a refused conditional write billed on the larger of stored and offered item, and one write per index entry added, changed or removed (`byArrival` and `byDue` are keys-only). No target in the issue; information for the cost model.",
      '',
      ...table(['case', 'answers or visits posted', 'WCU each', 'by table / index, each', 'write requests each'], rows, [1, 2]),
    ],
    targets: [],
  };
}
