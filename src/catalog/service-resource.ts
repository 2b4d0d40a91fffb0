// What a client may filter and sort services by; GET /v1/services/metadata shows this.
import type { ResourceDef } from '../platform/search.ts';
import { BILLING_PERIODS, PRICING_MODELS } from './schemas.ts';

export const serviceResource: ResourceDef = {
  name: 'services',
  alias: 's',
  defaultSort: [{ field: 'number', direction: 'asc' }],
  fields: [
    { name: 'id', type: 'uuid', filterable: true },
    { name: 'number', type: 'integer', filterable: true, sortable: true, unique: true, description: 'Per-tenant sequential number' },
    { name: 'code', type: 'string', maxLength: 40, required: true, filterable: true, sortable: true },
    { name: 'name', type: 'string', maxLength: 200, required: true, filterable: true, sortable: true },
    { name: 'description', type: 'string', maxLength: 2000, filterable: true },
    { name: 'unit', type: 'string', maxLength: 20, required: true, filterable: true, sortable: true },
    {
      name: 'pricing_model',
      type: 'enum',
      enum: PRICING_MODELS,
      required: true,
      filterable: true,
      sortable: true,
      description: 'Of the latest price version',
    },
    { name: 'billing_period', type: 'enum', enum: BILLING_PERIODS, filterable: true, sortable: true },
    { name: 'price_cents', type: 'decimal', description: 'Price in force today, in cents' },
    { name: 'tiers', type: 'array' },
    { name: 'included_quantity', type: 'decimal' },
    { name: 'active', type: 'boolean', filterable: true, sortable: true },
    { name: 'external_code', type: 'string', maxLength: 64, filterable: true, sortable: true },
    {
      name: 'in_use',
      type: 'boolean',
      filterable: true,
      description: 'Used by at least one contract item',
      sql: 'EXISTS (SELECT 1 FROM contract_items ci WHERE ci.tenant_id = s.tenant_id AND ci.service_id = s.id)',
    },
    { name: 'created_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'updated_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'metadata', type: 'object' },
  ],
};
