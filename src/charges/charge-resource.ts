import type { ResourceDef } from '../platform/search.ts';
import { CHARGE_STATUSES } from './schemas.ts';

export const chargeResource: ResourceDef = {
  name: 'charges',
  alias: 'ch',
  defaultSort: [{ field: 'due_date', direction: 'asc' }],
  fields: [
    { name: 'id', type: 'uuid', filterable: true },
    { name: 'number', type: 'integer', filterable: true, sortable: true, unique: true },
    { name: 'customer_id', type: 'uuid', required: true, filterable: true },
    { name: 'contract_id', type: 'uuid', filterable: true },
    { name: 'billing_run_id', type: 'uuid', filterable: true },
    { name: 'origin', type: 'enum', enum: ['one_off', 'billing_run'], filterable: true, sortable: true },
    { name: 'status', type: 'enum', enum: CHARGE_STATUSES, filterable: true, sortable: true },
    { name: 'amount_cents', type: 'money', required: true, filterable: true, sortable: true },
    { name: 'paid_cents', type: 'money', filterable: true, sortable: true },
    { name: 'issue_date', type: 'date', required: true, filterable: true, sortable: true },
    { name: 'due_date', type: 'date', required: true, filterable: true, sortable: true },
    { name: 'period_key', type: 'string', maxLength: 40, filterable: true },
    { name: 'payment_method', type: 'enum', enum: ['boleto', 'pix', 'both'], filterable: true },
    { name: 'external_code', type: 'string', maxLength: 64, filterable: true, sortable: true },
    { name: 'description', type: 'string', maxLength: 500, filterable: true },
    {
      name: 'customer_name',
      type: 'string',
      maxLength: 200,
      filterable: true,
      sortable: true,
      sql: '(SELECT cu.name FROM customers cu WHERE cu.tenant_id = ch.tenant_id AND cu.id = ch.customer_id)',
    },
    { name: 'created_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'paid_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'lines', type: 'array' },
    { name: 'metadata', type: 'object' },
  ],
};
