// "Baixar como Excel": every contract matching the current filters, streamed page by page.
import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import type { Filter } from '../platform/search.ts';
import type { ColumnSpec } from '../platform/spreadsheet/index.ts';
import { listContracts } from './contracts.ts';

export const CONTRACT_EXPORT_COLUMNS: ColumnSpec[] = [
  { key: 'number', header: 'Número', type: 'integer' },
  { key: 'customer_number', header: 'Nº do cliente', type: 'integer' },
  { key: 'customer_name', header: 'Cliente', type: 'string', maxLength: 200 },
  { key: 'customer_document', header: 'CPF/CNPJ', type: 'string', maxLength: 32 },
  { key: 'status', header: 'Situação', type: 'string' },
  { key: 'start_date', header: 'Início', type: 'date' },
  { key: 'end_date', header: 'Término', type: 'date' },
  { key: 'billing_day', header: 'Dia de faturamento', type: 'integer' },
  { key: 'due_days', header: 'Dias para vencimento', type: 'integer' },
  { key: 'payment_method', header: 'Forma de pagamento', type: 'string' },
  { key: 'collection_account', header: 'Conta de cobrança', type: 'string', maxLength: 200 },
  { key: 'billing_period', header: 'Periodicidade', type: 'string' },
  { key: 'services', header: 'Serviços', type: 'string', maxLength: 400 },
  { key: 'cancellation_date', header: 'Cancelado a partir de', type: 'date' },
  { key: 'cancel_reason', header: 'Motivo do cancelamento', type: 'string', maxLength: 200 },
  { key: 'external_code', header: 'Código externo', type: 'string', maxLength: 64 },
  { key: 'description', header: 'Descrição', type: 'string', maxLength: 200 },
];

export const STATUS_PT: Record<string, string> = {
  pending: 'Pendente',
  active: 'Ativo',
  inactive: 'Inativo',
  suspended: 'Suspenso',
  cancelled: 'Cancelado',
};
const PAYMENT_PT: Record<string, string> = { boleto: 'Boleto', pix: 'Pix', both: 'Boleto e Pix' };
const PERIOD_PT: Record<string, string> = { monthly: 'Mensal', quarterly: 'Trimestral', semiannual: 'Semestral', yearly: 'Anual' };

/** The export rows, fetched 500 at a time by cursor (never the whole table in memory). */
export async function* contractExportRows(
  db: Queryable,
  scope: Scope,
  filters: Filter[],
  today: string,
): AsyncGenerator<Record<string, unknown>> {
  let cursor: string | undefined;
  do {
    const page = await listContracts(db, scope, { filters, limit: 500, ...(cursor ? { cursor } : {}) }, { today });
    for (const c of page.data) {
      yield {
        number: c.number,
        customer_number: c.customer.number,
        customer_name: c.customer.name,
        customer_document: c.customer.document,
        status: STATUS_PT[c.status] ?? c.status,
        start_date: c.start_date,
        end_date: c.end_date,
        billing_day: c.billing_day,
        due_days: c.due_days,
        payment_method: PAYMENT_PT[c.payment_method] ?? c.payment_method,
        collection_account: c.collection_account
          ? (c.collection_account.label ?? `Conta nº ${c.collection_account.number}`)
          : 'Conta padrão',
        billing_period: c.billing_period ? PERIOD_PT[c.billing_period] : null,
        services: c.items.map((i) => (i.quantity === '1' ? i.service.code : `${i.service.code} × ${i.quantity}`)).join(', '),
        cancellation_date: c.cancellation?.effective_date ?? null,
        cancel_reason: c.cancellation?.reason ?? null,
        external_code: c.external_code,
        description: c.description,
      };
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}
