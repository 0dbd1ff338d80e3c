/**
 * A fault-injecting TCP proxy between the handlers' DynamoDB client and dynalite, so that a fault
 * test takes DynamoDB away for real: the SDK sees refused or reset connections, or a peer that
 * never answers, exactly as it would see an unreachable endpoint — no client is mocked.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * How DynamoDB is unavailable:
 * - `refuse`: nothing listens (ECONNREFUSED), the open connections are reset — an endpoint that is gone;
 * - `reset`: connections are accepted and reset at once (ECONNRESET) — a failing load balancer;
 * - `blackhole`: connections are accepted and nothing ever comes back — packets dropped, so only
 *   the client's own timeouts end the wait.
 */
export type OutageMode = 'refuse' | 'reset' | 'blackhole';

/** The proxy's controls, as `LocalStack.faults` offers them. */
export interface DynamoFaultControl {
  /** Takes DynamoDB away until `dynamoUp()`; connections open now break as the mode says. */
  dynamoDown(mode?: OutageMode): Promise<void>;
  /** Brings DynamoDB back: new connections reach dynalite again. */
  dynamoUp(): Promise<void>;
  /**
   * Lets `count` more requests of the DynamoDB operation (`PutItem`) through, then takes DynamoDB
   * away (as `dynamoDown(mode)`) at the next one, which never reaches dynalite: a crash partway
   * through a run, at an exact point.
   */
  dynamoDownAfter(operation: string, count: number, mode?: OutageMode): void;
  /** Requests of each DynamoDB operation that reached dynalite through the proxy. */
  operations(): Readonly<Record<string, number>>;
}

/** The operation header the SDK sends on every DynamoDB request (`x-amz-target: DynamoDB_20120810.PutItem`). */
const TARGET = /x-amz-target:\s*DynamoDB_\d+\.(\w+)/gi;
/** Bytes of the previous chunk kept to find a header split across two chunks. */
const TAIL = 64;

/** A running proxy. */
export interface FaultProxy extends DynamoFaultControl {
  url: string;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 in front of `upstreamPort`. */
export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  let mode: OutageMode | undefined;
  let trip: { operation: string; left: number; mode: OutageMode } | undefined;
  const counts: Record<string, number> = {};
  const open = new Set<Socket>();
  // Each forwarding client socket and its upstream; a pair silenced by a blackhole stays silent.
  const pairs = new Map<Socket, { upstream: Socket; silent: boolean }>();
  let port = 0;

  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    if (mode === 'reset' || mode === 'refuse') return void client.resetAndDestroy();
    if (mode === 'blackhole') return void client.resume();
    const upstream = connect(upstreamPort, '127.0.0.1');
    const pair = { upstream, silent: false };
    pairs.set(client, pair);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => {
      if (!pair.silent) client.destroy();
    });
    client.on('close', () => {
      pairs.delete(client);
      upstream.destroy();
    });
    upstream.pipe(client);
    let tail = '';
    client.on('data', (chunk: Buffer) => {
      if (mode || pair.silent) return; // down: swallowed (blackhole), or the socket is already gone
      const text = tail + chunk.toString('latin1');
      for (const m of text.matchAll(TARGET)) {
        if (m.index + m[0].length <= tail.length) continue; // counted with the previous chunk
        const op = m[1]!;
        if (trip && op === trip.operation && trip.left-- <= 0) {
          const down = trip.mode;
          trip = undefined;
          void takeDown(down);
          return;
        }
        counts[op] = (counts[op] ?? 0) + 1;
      }
      tail = text.slice(-TAIL);
      upstream.write(chunk);
    });
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });

  async function takeDown(next: OutageMode): Promise<void> {
    const wasListening = server.listening;
    mode = next;
    if (next === 'blackhole') {
      // The client's socket stays open and nothing comes back on it, ever.
      for (const pair of pairs.values()) {
        pair.silent = true;
        pair.upstream.destroy();
      }
    } else for (const s of open) s.resetAndDestroy();
    if (next === 'refuse' && wasListening) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    dynamoDown: (m = 'refuse') => takeDown(m),
    dynamoUp: async () => {
      // Sockets held by a blackhole stay silent; the client times them out as it would on AWS.
      mode = undefined;
      if (!server.listening) await listen();
    },
    dynamoDownAfter: (operation, count, m = 'refuse') => {
      trip = { operation, left: count, mode: m };
    },
    operations: () => ({ ...counts }),
    close: async () => {
      mode = 'reset';
      for (const s of open) s.destroy();
      for (const pair of pairs.values()) pair.upstream.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
