/**
 * Section `load`: `POST /api/feedback` under sustained concurrent load with autocannon (programmatic
 * API) against the local stack, for `BENCH_LOAD_SECONDS` (default 120). Every body is distinct (a run
 * marker and a sequence number in the text); some requests carry a fresh Idempotency-Key, and some
 * repeat the key and body of an earlier keyed request that already got its 201, which must replay the
 * same id and store nothing. Afterwards the run's answers are counted in the table: stored answers ==
 * distinct ids of first-time 201s == requests answered 201 without `idempotent-replayed`, and every
 * replay returned its original's id — nothing lost, nothing doubled.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { LocalStack } from '#local/stack.ts';
import { ms, table, type SectionReport } from './report.ts';

/** Default run length; `BENCH_LOAD_SECONDS` overrides it for a quick check. */
export const LOAD_SECONDS_DEFAULT = 120;
/** Concurrent connections (pipelining 1: one request in flight per connection). */
export const LOAD_CONNECTIONS = 10;

/** What was sent on a connection, so its response can be told apart. */
interface Sent {
  /** The sequence number written in the body's text (a repeat carries its original's). */
  n: number;
  kind: 'plain' | 'keyed' | 'repeat';
  key?: string;
  body: string;
}

/** Runs section `load` against a running local stack. */
export async function benchLoad(stack: LocalStack, progress: (s: string) => void): Promise<SectionReport> {
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? LOAD_SECONDS_DEFAULT);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(`BENCH_LOAD_SECONDS must be a positive number, got ${process.env.BENCH_LOAD_SECONDS}`);
  const marker = `load-${randomUUID()}`;
  let seq = 0;
  // Keys whose first request got its 201, with the body and id: a repeat resends exactly that body.
  const completedKeys: { n: number; key: string; body: string; id: string }[] = [];
  // Requests sent whose response autocannon never read: in flight when the duration ran out.
  const inFlight = new Set<number>();
  const firstIds: string[] = [];
  const replays: { key: string; id: string }[] = [];
  const statuses = new Map<number, number>();
  let created = 0;
  let replayMismatches = 0;

  const bodyOf = (n: number) =>
    JSON.stringify({
      unitId: ['keskusta-ta', 'rantala-ta', 'laboratorio', 'fysioterapia'][n % 4],
      channel: n % 3 ? 'web' : 'qr',
      lang: ['fi', 'sv', 'en'][n % 3],
      answers: { nps: n % 11, smooth: 1 + (n % 5), help: n % 6 === 5 ? 'cant_say' : 1 + (n % 5) },
      text: `${marker} ${n}`,
    });

  progress(`load: ${seconds} s of POST /api/feedback on ${LOAD_CONNECTIONS} connections…`);
  const result = await autocannon({
    url: stack.url,
    connections: LOAD_CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/feedback',
        setupRequest: (req, context) => {
          const n = seq++;
          let sent: Sent;
          // Of every 10 requests: 3 with a fresh key, 1 repeating a finished keyed request, 6 without a key.
          if (n % 10 < 3) sent = { n, kind: 'keyed', key: `${marker}-${n}`, body: bodyOf(n) };
          else if (n % 10 === 3 && completedKeys.length) {
            const k = completedKeys[n % completedKeys.length]!;
            sent = { n: k.n, kind: 'repeat', key: k.key, body: k.body };
          } else sent = { n, kind: 'plain', body: bodyOf(n) };
          if (sent.kind !== 'repeat') inFlight.add(n);
          (context as { sent?: Sent }).sent = sent;
          return {
            ...req,
            headers: { 'content-type': 'application/json', ...(sent.key ? { 'idempotency-key': sent.key } : {}) },
            body: sent.body,
          };
        },
        onResponse: (status, body, context, headers) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const sent = (context as { sent: Sent }).sent;
          if (sent.kind !== 'repeat') inFlight.delete(sent.n);
          if (status !== 201) return;
          const id = (JSON.parse(body) as { id: string }).id;
          if (headers?.['idempotent-replayed'] === 'true') {
            replays.push({ key: sent.key ?? '', id });
            if (sent.kind !== 'repeat') replayMismatches++;
            return;
          }
          created++;
          firstIds.push(id);
          if (sent.kind === 'repeat') replayMismatches++;
          if (sent.kind === 'keyed') completedKeys.push({ n: sent.n, key: sent.key!, body: sent.body, id });
        },
      },
    ],
  });

  // Every answer of this run, by its marker, read from the table with the stack's own client.
  const storedRows: { id: string; n: number }[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await stack.dynamo.send(
      new ScanCommand({
        TableName: stack.tableNames.feedback,
        ConsistentRead: true,
        FilterExpression: 'begins_with(#t, :m)',
        ExpressionAttributeNames: { '#t': 'text', '#id': 'id' },
        ExpressionAttributeValues: { ':m': { S: `${marker} ` } },
        ProjectionExpression: '#id, #t',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) storedRows.push({ id: item.id!.S!, n: Number(item.text!.S!.slice(marker.length + 1)) });
    start = page.LastEvaluatedKey as typeof start;
  } while (start);

  // autocannon stops at the deadline without reading the answers in flight: those requests may have
  // been stored, and are counted apart; every other stored row must be a first-time 201's id.
  const first = new Set(firstIds);
  const distinctFirst = first.size;
  const storedOfAnswered = storedRows.filter((r) => first.has(r.id)).length;
  const storedInFlight = storedRows.filter((r) => !first.has(r.id) && inFlight.has(r.n)).length;
  const unexplained = storedRows.length - storedOfAnswered - storedInFlight;
  const storedIds = new Set(storedRows.map((r) => r.id));
  const lost = firstIds.filter((id) => !storedIds.has(id)).length;
  const seqs = storedRows.map((r) => r.n);
  const doubled = seqs.length - new Set(seqs).size + unexplained;
  const originalOf = new Map(completedKeys.map((k) => [k.key, k.id]));
  const wrongReplays = replays.filter((r) => originalOf.get(r.key) !== r.id).length + replayMismatches;
  const non2xx = result.non2xx + result.errors + result.timeouts;
  const consistent = storedOfAnswered === distinctFirst && distinctFirst === created;

  const targets = [
    { name: 'load: non-2xx, errors and timeouts', measured: String(non2xx), limit: '0', pass: non2xx === 0 },
    {
      name: 'load: stored (answered) == distinct 201 ids == 201 requests',
      measured: `${storedOfAnswered} / ${distinctFirst} / ${created}`,
      limit: 'all equal',
      pass: consistent,
    },
    { name: 'load: answers lost or doubled', measured: String(lost + doubled), limit: '0', pass: lost + doubled === 0 },
    { name: 'load: replays with another id (or stored anew)', measured: String(wrongReplays), limit: '0', pass: wrongReplays === 0 },
  ];
  return {
    title: 'Load: `POST /api/feedback` with autocannon',
    lines: [
      `autocannon ${LOAD_CONNECTIONS} connections, pipelining 1, **${seconds} s** (\`BENCH_LOAD_SECONDS\`, default ${LOAD_SECONDS_DEFAULT}), against the local stack in this process (handlers through tsx, dynalite in memory) on this machine's cores, shared with the client.`,
      'Bodies all distinct; of every 10 requests 3 carry a fresh Idempotency-Key, 1 repeats the key and body of a keyed request already answered (a replay), 6 carry no key.',
      '',
      ...table(
        ['figure', 'value'],
        [
          ['requests sent', result.requests.sent.toLocaleString('en-US')],
          ['throughput (req/s, mean)', result.requests.average.toFixed(0)],
          ['latency p50 (ms)', ms(result.latency.p50)],
          ['latency p99 (ms)', ms(result.latency.p99)],
          ['latency max (ms)', ms(result.latency.max)],
          ['statuses', [...statuses].map(([s, n]) => `${s}×${n}`).join(' ')],
          ['non-2xx / errors / timeouts', `${result.non2xx} / ${result.errors} / ${result.timeouts}`],
          ['201 first-time (distinct ids)', `${created} (${distinctFirst})`],
          ['201 replays (idempotent-replayed)', String(replays.length)],
          ['answers of this run in the table', String(storedRows.length)],
          ['… of requests answered 201', String(storedOfAnswered)],
          ['… of requests in flight at the deadline (no answer read)', `${storedInFlight} of ${inFlight.size}`],
        ],
        [1],
      ),
    ],
    targets,
  };
}
