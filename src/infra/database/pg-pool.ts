import * as net from 'node:net';
import { Logger } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { describeDriverError } from './connection-errors';

const log = new Logger('Database');

/** How much longer than statement_timeout a statement may go unanswered before its connection counts as dead. */
const DEAD_AFTER_GRACE_MS = 1000;

/**
 * The pool of a PostgreSQL server that may restart, fail over or vanish from the network at any time. Nothing
 * may crash the process and nothing may hang: waiting for a client and connecting are bounded by `timeoutMs`, a
 * statement by the server's `statement_timeout`, and a server that stops answering by a watchdog on the socket.
 */
export function createPool(url: string, max: number, timeoutMs: number): Pool {
  const pool = new Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    keepAlive: true,
  });
  pool.on('connect', (client) => {
    // A connection error (server restart, failover, network) is emitted as 'error' on the client, also while it
    // is checked out, where pg-pool listens for none: without this listener the process would die. The client's
    // queries fail with the error, and the pool drops the client when it is released.
    client.on('error', (err: Error) => log.warn(`PostgreSQL connection lost: ${describeDriverError(err)}`));
    watchForSilence(client, timeoutMs + DEAD_AFTER_GRACE_MS);
  });
  // pg-pool re-emits an idle client's error here (and drops the client); the client's own listener logged it.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Destroys the connection when the server leaves a request unanswered for `ms` (statement_timeout would have
 * answered long before): the client's queries then fail at once instead of waiting for TCP to give up, which
 * takes minutes on a network that drops packets.
 */
function watchForSilence(client: PoolClient, ms: number): void {
  const socket = client.connection.stream;
  if (!(socket instanceof net.Socket)) return;
  let writtenAtLastReply = socket.bytesWritten;
  socket.on('data', () => (writtenAtLastReply = socket.bytesWritten));
  socket.setTimeout(ms);
  socket.on('timeout', () => {
    if (socket.bytesWritten <= writtenAtLastReply) return; // idle in the pool: nothing asked
    const err = Object.assign(new Error(`PostgreSQL did not answer within ${ms} ms`), { code: 'ETIMEDOUT' });
    socket.destroy(err);
  });
}
