// What a client may filter and sort customers by; GET /v1/customers/metadata shows this.
import type { ResourceDef } from '../platform/search.ts';

const compactDocument = (v: string) => v.replace(/[.\-/\s]/g, '').toUpperCase();

export const customerResource: ResourceDef = {
  name: 'customers',
  alias: 'c',
  defaultSort: [{ field: 'number', direction: 'asc' }],
  fields: [
    { name: 'id', type: 'uuid', filterable: true },
    { name: 'number', type: 'integer', filterable: true, sortable: true, unique: true, description: 'Per-tenant sequential number' },
    { name: 'person_type', type: 'enum', enum: ['PF', 'PJ'], required: true, filterable: true, sortable: true },
    {
      name: 'name',
      type: 'string',
      maxLength: 200,
      required: true,
      filterable: true,
      sortable: true,
      foldedSql: 'c.name_search',
      description: '`contains` and `starts_with` ignore case and accents',
    },
    { name: 'trading_name', type: 'string', maxLength: 200, filterable: true, sortable: true },
    {
      name: 'document',
      type: 'string',
      maxLength: 32,
      filterable: true,
      sortable: true,
      normalize: compactDocument,
      description: 'CPF/CNPJ/NIF, digits only (punctuation in filters is ignored)',
    },
    { name: 'document_kind', type: 'enum', enum: ['cpf', 'cnpj', 'nif'], filterable: true },
    {
      name: 'email',
      type: 'string',
      maxLength: 254,
      filterable: true,
      description: 'Matches any of the customer e-mails',
      sql: '(SELECT min(e.email) FROM customer_emails e WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.id)',
      predicate: (op, ph) => {
        const cmp =
          op === 'contains' || op === 'starts_with'
            ? `e.email ILIKE ${ph}`
            : op === 'in'
              ? `e.email = ANY(${ph})`
              : `e.email ${{ eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }[op as 'eq']} lower(${ph})`;
        const exists = `EXISTS (SELECT 1 FROM customer_emails e WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.id AND ${op === 'neq' ? cmp.replace('<>', '=') : cmp})`;
        return op === 'neq' ? `NOT ${exists}` : exists;
      },
    },
    { name: 'state_registration', type: 'string', maxLength: 20, filterable: true },
    { name: 'birth_date', type: 'date', filterable: true, sortable: true },
    { name: 'gender', type: 'enum', enum: ['female', 'male', 'other', 'not_informed'], filterable: true },
    { name: 'country', type: 'string', maxLength: 2, filterable: true, sortable: true },
    { name: 'external_code', type: 'string', maxLength: 64, filterable: true, sortable: true },
    { name: 'active', type: 'boolean', filterable: true, sortable: true },
    { name: 'associate', type: 'boolean', filterable: true, sortable: true },
    { name: 'created_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'updated_at', type: 'datetime', filterable: true, sortable: true },
    { name: 'phones', type: 'array' },
    { name: 'emails', type: 'array' },
    { name: 'addresses', type: 'array' },
    { name: 'metadata', type: 'object' },
  ],
};
