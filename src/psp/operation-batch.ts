// What a PSP operation handler receives and returns (operations.ts and recurrences.ts both write
// handlers; the sender calls them).
import type { Db } from '../platform/db/types.ts';
import type { Clock } from '../platform/clock.ts';
import type { Scope } from '../platform/scope.ts';
import type { PspClient } from './client.ts';
import type { ExchangeContext, ExchangeLog } from './connections.ts';
import type { OperationOutcome } from './outcomes.ts';
import type * as q from './queries.ts';

export interface OperationBatch {
  db: Db;
  scope: Scope;
  clock: Clock;
  connection: q.ConnectionRow;
  ops: q.OperationRow[];
  baseUrl: string;
  log: ExchangeLog;
  client(ctx: ExchangeContext): PspClient;
}

export type OperationHandler = (b: OperationBatch) => Promise<Map<string, OperationOutcome>>;
