// What a client may filter and sort contracts by; GET /v1/contracts/metadata shows this.
import type { ResourceDef } from '../platform/search.ts';
import { CONTRACT_STATUSES } from './state-machine.ts';
import { PAYMENT_METHODS } from './schemas.ts';

export const contractResource: ResourceDef = {
  name: 'contracts',
  alias: 'c',
  defaultSort: [{ field: 'number', direction: 'asc' }],
  fields: [
    { name: 'id', type: 'uuid', filterable: true },
    { name: 'number', type: 'integer', filterable: true, sortable: true, unique: true, description: 'Per-tenant sequential number' },
    { name: 'customer_id', type: 'uuid', required: true, filterable: true },
    {
      name: 'customer_name',
      type: 'string',
      maxLength: 200,
      filterable: true,
      sortable: true,
      sql: '(SELECT cu.name FROM customers cu WHERE cu.tenant_id = c.tenant_id AND cu.id = c.customer_id)',
    },
    { name: 'status', type: 'enum', enum: CONTRACT_STATUSES, filterable: true, sortable: true },
    {
      name: 'service_id',
      type: 'uuid',
      filterable: true,
      description: 'Contracts with an item of this service (any time)',
      sql: '(SELECT min(i.service_id::text) FROM contract_items i WHERE i.tenant_id = c.tenant_id AND i.contract_id = c.id)',
      predicate: (op, ph) => {
        const cmp = op === 'in' ? `i.service_id = ANY(${ph}::uuid[])` : `i.service_id = ${ph}::uuid`;
        const exists = `EXISTS (SELECT 1 FROM contract_items i WHERE i.tenant_id = c.tenant_id AND i.contract_id = c.id AND ${cmp})`;
        return op === 'neq' ? `NOT ${exists}` : exists;
      },
    },
    { name: 'start_date', type: 'date', required: true, filterable: true, sortable: true },
    { name: 'end_date', type: 'date', filterable: true, sortable: true },
    { name: 'billing_day', type: 'integer', filterable: true, sortable: true },
    { name: 'due_days', type: 'integer', filterable: true, sortable: true },
    { name: 'payment_method', type: 'enum', enum: PAYMENT_METHODS, filterable: true, sortable: true },
    {
      name: 'collection_account_id',
      type: 'uuid',
      filterable: true,
      description: "The contract's own collection account (null: the tenant's default)",
    },
    { name: 'external_code', type: 'string', maxLength: 64, filterable: true, sortable: true },
    { name: 'description', type: 'string', maxLength: 2000, filterable: true },
    { name: 'cancellation_effective_date', type: 'date', filterable: true, sortable: true },
    { name: 'activated_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'created_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'updated_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'items', type: 'array' },
    { name: 'suspensions', type: 'array' },
    { name: 'metadata', type: 'object' },
  ],
};
