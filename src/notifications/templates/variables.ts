// The variables a message template may use, per event. Names are in Portuguese: the clerks who
// edit templates read them (docs/notifications.md lists them with examples).
export const NOTIFICATION_EVENTS = ['charge_created', 'reminder', 'due_today', 'overdue', 'paid_receipt', 'contract_suspended'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export const CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export const LOCALES = ['pt-BR', 'pt-PT'] as const;
export type Locale = (typeof LOCALES)[number];

const COMMON: Record<string, string> = {
  'empresa.nome': 'Nome da empresa que cobra (nome fantasia, ou razão social)',
  'empresa.documento': 'CNPJ/CPF da empresa, formatado',
  'pagador.nome': 'Nome do pagador',
  'pagador.documento': 'CPF/CNPJ do pagador, formatado',
  'cobranca.numero': 'Número da cobrança',
  'cobranca.descricao': 'Descrição da cobrança',
  'cobranca.valor': 'Valor original (R$ 1.234,56)',
  'cobranca.valor_hoje': 'Valor a pagar hoje, com desconto ou multa e juros',
  'cobranca.vencimento': 'Data de vencimento (dd/mm/aaaa)',
  'cobranca.dias_atraso': 'Dias de atraso (0 até o vencimento)',
  'cobranca.multa_juros': 'Multa e juros até hoje (R$)',
  'cobranca.desconto': 'Desconto válido hoje (R$)',
  link_pagamento: 'Página de pagamento do pagador (boleto, Pix, recibo)',
  pix_copia_e_cola: 'Código Pix copia e cola (vazio sem chave Pix)',
  boleto_linha_digitavel: 'Linha digitável do boleto (vazia sem boleto)',
  link_descadastrar: 'Link para o pagador deixar de receber lembretes',
};

const RECEIPT: Record<string, string> = {
  'pagamento.valor': 'Valor pago',
  'pagamento.data': 'Data do pagamento (dd/mm/aaaa)',
};

const CONTRACT: Record<string, string> = {
  'contrato.numero': 'Número do contrato',
  'contrato.descricao': 'Descrição do contrato',
};

export function variablesFor(event: NotificationEvent): Record<string, string> {
  if (event === 'paid_receipt') return { ...COMMON, ...RECEIPT };
  if (event === 'contract_suspended') return { ...COMMON, ...CONTRACT };
  return COMMON;
}
