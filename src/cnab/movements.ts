// What a remittance asks the bank to do with a title ("movimento" / "ocorrência" de remessa). Cobre
// names each request once; every remittance layout maps the ones its bank offers to the bank's
// own code and text, and a layout without a request refuses it (never sends another code).

export const MOVEMENT_KINDS = [
  'entry',
  'write_off',
  'rebate_grant',
  'rebate_cancel',
  'due_date_change',
  'discount_grant',
  'discount_cancel',
  'protest',
  'protest_stop_write_off',
  'protest_stop_keep',
  'amount_change',
  'negativation',
  'negativation_stop',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface MovementCode {
  code: string;
  /** The manual's own text of the code. */
  text: string;
}

/** The movements a layout offers, by kind. */
export type MovementTable = Partial<Record<MovementKind, MovementCode>>;

/**
 * FEBRABAN CNAB 240 v10.7, table C004 "Código de Movimento Remessa" (segment P 16-17). Banks that
 * follow the FEBRABAN layout take these codes; the ones Cobre can ask for are listed.
 */
export const FEBRABAN_240_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Entrada de Títulos' },
  write_off: { code: '02', text: 'Pedido de Baixa' },
  rebate_grant: { code: '04', text: 'Concessão de Abatimento' },
  rebate_cancel: { code: '05', text: 'Cancelamento de Abatimento' },
  due_date_change: { code: '06', text: 'Alteração de Vencimento' },
  discount_grant: { code: '07', text: 'Concessão de Desconto' },
  discount_cancel: { code: '08', text: 'Cancelamento de Desconto' },
  protest: { code: '09', text: 'Protestar' },
  protest_stop_write_off: { code: '10', text: 'Sustar Protesto e Baixar Título' },
  protest_stop_keep: { code: '11', text: 'Sustar Protesto e Manter em Carteira' },
  negativation: { code: '45', text: 'Negativação Sem Protesto' },
  negativation_stop: { code: '46', text: 'Solicitação de Baixa de Título Negativado Sem Protesto' },
  amount_change: { code: '47', text: 'Alteração do Valor Nominal do Título' },
};

/** The code a layout writes for `kind`, or undefined when its bank offers no such request. */
export function movementCodeOf(table: MovementTable, kind: MovementKind): MovementCode | undefined {
  return Object.hasOwn(table, kind) ? table[kind] : undefined;
}

/** The kind a layout's code stands for (reading a file back). */
export function movementKindOf(table: MovementTable, code: string): MovementKind | undefined {
  for (const kind of MOVEMENT_KINDS) if (table[kind]?.code === code) return kind;
  return undefined;
}
