// Per-entity processing of a chunk of converted rows inside the caller's transaction. Both use
// the API's own validation: customers go through the customers use cases row by row (each in a
// savepoint, so one bad row never spoils the others); consumption goes through prepareUsage and
// writePreparedUsage a chunk at a time (set-based, like POST /v1/consumption/batch).
import type { Tx } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { prepareUsage, writePreparedUsage, type UsageDraft } from '../usage/index.ts';
import type { SheetRow } from '../platform/spreadsheet/index.ts';
import { customerColumnOf, importCustomerRow } from './customer-rows.ts';
import type { ImportErrorRow } from './queries.ts';

import type { RowOutcome } from './row-outcome.ts';

export interface ChunkResult {
  errors: ImportErrorRow[];
  invalidRows: number;
  created: number;
  updated: number;
  unchanged: number;
}

export interface ChunkProcessor {
  chunkSize: number;
  process(tx: Tx, rows: SheetRow[]): Promise<ChunkResult>;
}

const empty = (): ChunkResult => ({ errors: [], invalidRows: 0, created: 0, updated: 0, unchanged: 0 });

function tally(r: ChunkResult, outcome: RowOutcome): void {
  if (outcome === 'created') r.created++;
  else if (outcome === 'updated') r.updated++;
  else r.unchanged++;
}

export function customerProcessor(scope: Scope, headerOf: Record<string, string>, today: string): ChunkProcessor {
  return {
    chunkSize: 200,
    async process(tx, rows) {
      const result = empty();
      for (const row of rows) {
        await tx.query('SAVEPOINT import_row');
        try {
          tally(result, await importCustomerRow(tx, scope, row.values, today));
          await tx.query('RELEASE SAVEPOINT import_row');
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          await tx.query('ROLLBACK TO SAVEPOINT import_row');
          result.invalidRows++;
          const details = err.details.length ? err.details : [{ issue: err.message }];
          for (const d of details) {
            const key = customerColumnOf(d.field);
            const column = key && headerOf[key] ? headerOf[key] : (d.field ?? null);
            result.errors.push({
              row_number: row.rowNumber,
              column_name: column,
              message: d.issue,
              value: key ? (row.values[key] ?? null) : null,
            });
          }
        }
      }
      return result;
    },
  };
}

const USAGE_COLUMN: Record<string, string> = {
  contract_ref: 'contract',
  contract_id: 'contract',
  contract_item_id: 'contract',
  customer_ref: 'customer',
  customer_id: 'customer',
  service_code: 'service_code',
  service_id: 'service_code',
  quantity: 'quantity',
  reference_date: 'reference_date',
  description: 'description',
  external_id: 'external_id',
};

export function consumptionProcessor(scope: Scope, headerOf: Record<string, string>, importId: string): ChunkProcessor {
  // A repeated ID externo in one file is a mistake whatever the chunk it falls in.
  const seenExternal = new Map<string, number>();
  return {
    chunkSize: 1000,
    async process(tx, rows) {
      const result = empty();
      const bad = new Set<number>();
      const fail = (row: SheetRow, field: string, message: string) => {
        const key = USAGE_COLUMN[field] ?? null;
        result.errors.push({
          row_number: row.rowNumber,
          column_name: key ? headerOf[key] : field,
          message,
          value: key ? (row.values[key] ?? null) : null,
        });
        bad.add(row.rowNumber);
      };
      const kept: SheetRow[] = [];
      for (const row of rows) {
        const ext = row.values.external_id;
        const first = ext ? seenExternal.get(ext) : undefined;
        if (ext && first !== undefined) fail(row, 'external_id', `ID externo repetido no arquivo (linha ${first})`);
        else {
          if (ext) seenExternal.set(ext, row.rowNumber);
          kept.push(row);
        }
      }
      const drafts: UsageDraft[] = kept.map(({ values: v }) => ({
        contract_ref: v.contract,
        customer_ref: v.customer,
        service_code: v.service_code,
        quantity: v.quantity ?? '',
        reference_date: v.reference_date ?? '',
        description: v.description,
        external_id: v.external_id,
      }));
      const { records, errors } = await prepareUsage(tx, scope, drafts, { onExisting: 'update' });
      for (const e of errors) fail(kept[e.index], e.field, e.issue);
      const written = await writePreparedUsage(tx, scope, records, { importId });
      for (const w of written) tally(result, w.status === 'existing' ? 'unchanged' : w.status);
      result.invalidRows = bad.size;
      result.errors.sort((a, b) => a.row_number - b.row_number);
      return result;
    },
  };
}
