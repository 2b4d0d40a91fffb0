// What a client may filter and sort payment rules by; GET /v1/payment-rules/metadata and the CRM's
// /desconto-pontualidade/metadados show this.
import type { FieldDef, ResourceDef } from '../platform/search.ts';
import { codeValues, RULE_CODE_LISTS, type CodedField } from './rule-codes.ts';
import { CODIGO_EXTERNO_MAX, DESCRICAO_MAX } from './schemas.ts';

function coded(name: CodedField, description: string): FieldDef {
  return {
    name,
    type: 'enum',
    enum: codeValues(name),
    filterable: true,
    sortable: true,
    description: `${description} ${RULE_CODE_LISTS[name].map((o) => `${o.value} = ${o.label}`).join('; ')}`,
  };
}

export const ruleResource: ResourceDef = {
  name: 'payment_rules',
  alias: 'r',
  defaultSort: [{ field: 'codigo', direction: 'asc' }],
  fields: [
    { name: 'id', type: 'uuid', filterable: true },
    { name: 'codigo', type: 'integer', filterable: true, sortable: true, description: 'Per-tenant number (código interno), set by Cobre' },
    { name: 'descricao', type: 'string', maxLength: DESCRICAO_MAX, required: true, filterable: true, sortable: true },
    coded('acrescimo_desconto', 'Direction.'),
    coded('tipo_aplicacao_calculo', 'Once or per day.'),
    coded('tipo_calculo_valor', 'Percentage, fixed or target amount.'),
    coded('tipo_juros', 'Simple or compound.'),
    coded('tipo_saldo', 'Base.'),
    coded('tipo_prazo_pagamento', 'Window relative to the due date.'),
    coded('tipo_pessoa', 'Which customers.'),
    {
      ...coded('desconto_extra', 'Stacks on top of the others.'),
      sql: `(CASE WHEN r.desconto_extra THEN 'S' ELSE 'N' END)`,
    },
    {
      name: 'codigo_externo',
      type: 'string',
      maxLength: CODIGO_EXTERNO_MAX,
      filterable: true,
      sortable: true,
      description: 'Unique per tenant',
    },
    { name: 'percentual', type: 'decimal', filterable: true, sortable: true, description: 'Percent 0–100, up to 4 places (for N)' },
    { name: 'valor_fixo_centavos', type: 'money', filterable: true, sortable: true, description: 'Integer cents (for V and M)' },
    { name: 'dias', type: 'integer', filterable: true, sortable: true, description: 'ADV: days early; VCE: grace' },
    { name: 'teto_centavos', type: 'money', filterable: true, sortable: true },
    { name: 'teto_percentual', type: 'decimal', filterable: true, sortable: true },
    { name: 'ativo', type: 'boolean', filterable: true, sortable: true },
    { name: 'data_alteracao', type: 'datetime', filterable: true, sortable: true, description: 'Set by Cobre on every save' },
    { name: 'links', type: 'array', description: 'Where the rule is attached (tenant, services, customers, contracts)' },
  ],
};
