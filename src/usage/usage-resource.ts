// What a client may filter and sort usage records by; GET /v1/consumption/metadata shows this.
import type { ResourceDef } from '../platform/search.ts';

export const usageResource: ResourceDef = {
  name: 'consumption',
  alias: 'u',
  defaultSort: [
    { field: 'reference_date', direction: 'asc' },
    { field: 'created_at', direction: 'asc' },
  ],
  fields: [
    { name: 'id', type: 'uuid', filterable: true },
    {
      name: 'contract_id',
      type: 'uuid',
      required: true,
      filterable: true,
      description: 'Contract (or give customer_id + service_id on create)',
    },
    { name: 'contract_item_id', type: 'uuid', filterable: true },
    { name: 'customer_id', type: 'uuid', filterable: true },
    { name: 'service_id', type: 'uuid', filterable: true },
    { name: 'quantity', type: 'decimal', required: true, filterable: true, sortable: true, description: '≥ 0, at most 6 decimal places' },
    { name: 'reference_date', type: 'date', required: true, filterable: true, sortable: true },
    { name: 'description', type: 'string', maxLength: 500, filterable: true, sortable: true },
    { name: 'external_id', type: 'string', maxLength: 128, filterable: true, sortable: true, description: 'Unique per tenant' },
    {
      name: 'billed',
      type: 'boolean',
      sql: '(u.billed_at IS NOT NULL)',
      filterable: true,
      sortable: true,
      description: 'Its period was billed: frozen',
    },
    { name: 'billed_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'billing_period_key', type: 'string', maxLength: 64, filterable: true },
    { name: 'charge_id', type: 'uuid', filterable: true },
    { name: 'created_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'updated_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'metadata', type: 'object' },
  ],
};
