// What a client may filter and sort webhook endpoints and deliveries by.
import type { ResourceDef } from '../platform/search.ts';
import { DELIVERY_STATUSES } from './schemas.ts';

export const endpointResource: ResourceDef = {
  name: 'webhook_endpoints',
  alias: 'w',
  defaultSort: [{ field: 'created_at', direction: 'asc' }],
  fields: [
    { name: 'id', type: 'uuid', filterable: true },
    { name: 'url', type: 'string', maxLength: 2048, required: true, filterable: true, sortable: true },
    { name: 'description', type: 'string', maxLength: 500, filterable: true },
    { name: 'active', type: 'boolean', filterable: true, sortable: true },
    { name: 'created_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'updated_at', type: 'datetime', filterable: true, sortable: true },
  ],
};

export const deliveryResource: ResourceDef = {
  name: 'webhook_deliveries',
  alias: 'd',
  defaultSort: [
    { field: 'created_at', direction: 'desc' },
    { field: 'event_seq', direction: 'desc' },
  ],
  fields: [
    { name: 'id', type: 'uuid', filterable: true },
    { name: 'status', type: 'enum', enum: DELIVERY_STATUSES, filterable: true, sortable: true },
    { name: 'event_type', type: 'string', maxLength: 100, filterable: true, sortable: true },
    { name: 'event_id', type: 'uuid', filterable: true },
    { name: 'event_seq', type: 'integer', filterable: true, sortable: true },
    { name: 'resource_type', type: 'string', maxLength: 100, filterable: true },
    { name: 'resource_id', type: 'string', maxLength: 100, filterable: true },
    { name: 'attempt_count', type: 'integer', filterable: true, sortable: true },
    { name: 'last_status_code', type: 'integer', filterable: true },
    { name: 'next_attempt_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'created_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'delivered_at', type: 'datetime', filterable: true, sortable: true },
  ],
};
