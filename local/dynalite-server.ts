import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { addTransactions } from './dynalite-transactions.ts';

/** A running dynalite: DynamoDB's API on LevelDB, reachable by any DynamoDB client at `url`. */
export interface DynaliteHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts dynalite on 127.0.0.1, with TransactWriteItems added (local/dynalite-transactions.ts). With `path` the data persists in that folder across restarts;
 * without it the store lives in memory (tests).
 */
export async function startDynalite(opts: { port: number; path?: string }): Promise<DynaliteHandle> {
  // Tables become ACTIVE at once instead of after dynalite's default 500 ms.
  const server: Server = dynalite({ ...(opts.path ? { path: opts.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  addTransactions(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err?: Error) => (err ? reject(err) : resolve()));
        // SDK clients keep idle keep-alive sockets; without this, close waits for them to time out.
        server.closeIdleConnections();
      }),
  };
}
