// pt-BR names of the PSP (API Pix) values: charge kinds and statuses, received Pix outcomes,
// refunds, operations, Pix Automático recurrences and journeys, connection test steps.

export const PIX_KIND_LABEL: Record<string, string> = { cob: 'Pix imediato', cobv: 'Pix com vencimento', cobr: 'Pix Automático' };

export const PIX_CHARGE_STATUS_LABEL: Record<string, string> = {
  pending: 'Aguardando envio ao PSP',
  active: 'Ativa no PSP',
  completed: 'Concluída (paga)',
  removed: 'Removida',
  failed: 'Falhou',
};

export const OUTCOMES = ['exact', 'underpaid', 'overpaid', 'charge_closed', 'unmatched'] as const;
export const OUTCOME_LABEL: Record<string, string> = {
  exact: 'Exato',
  underpaid: 'A menor',
  overpaid: 'A maior',
  charge_closed: 'Cobrança encerrada',
  unmatched: 'Sem cobrança',
};

export const SOURCE_LABEL: Record<string, string> = {
  webhook: 'Webhook do PSP',
  reconciliation: 'Conciliação',
  cobr_webhook: 'Webhook do Pix Automático',
};

export const REFUND_STATUS_LABEL: Record<string, string> = {
  requested: 'Solicitada',
  processing: 'Em processamento no PSP',
  returned: 'Devolvida',
  failed: 'Falhou',
};

export const OPERATION_LABEL: Record<string, string> = {
  put_charge: 'Criar a cobrança Pix no PSP',
  update_charge: 'Atualizar a cobrança Pix no PSP',
  remove_charge: 'Remover a cobrança Pix no PSP',
  refund: 'Devolução',
  register_webhooks: 'Registrar o webhook',
  create_recurrence: 'Criar a recorrência',
  cancel_recurrence: 'Cancelar a recorrência',
  put_cobr: 'Enviar a cobrança do Pix Automático',
  retry_cobr: 'Retentativa do Pix Automático',
  cancel_cobr: 'Cancelar a cobrança do Pix Automático',
};

export const OPERATION_STATUS_LABEL: Record<string, string> = {
  queued: 'Na fila',
  sending: 'Enviando',
  done: 'Concluída',
  failed: 'Falhou',
  cancelled: 'Cancelada',
};

export const RECURRENCE_STATUS_LABEL: Record<string, string> = {
  creating: 'Criando no PSP',
  awaiting_approval: 'Aguardando autorização',
  approved: 'Autorizada',
  rejected: 'Recusada',
  expired: 'Expirada',
  cancelled: 'Cancelada',
  failed: 'Falhou',
};
/** A recurrence in one of these may still debit: a new one cannot be created, it can be cancelled. */
export const LIVE_RECURRENCE = ['creating', 'awaiting_approval', 'approved'];

export const JOURNEY_LABEL: Record<string, string> = {
  qr: 'QR code',
  qr_with_payment: 'QR code com o primeiro pagamento',
  push: 'Solicitação ao banco do pagador',
};

export const RETRY_POLICY_LABEL: Record<string, string> = {
  PERMITE_3R_7D: 'Permite até 3 retentativas em 7 dias',
  NAO_PERMITE: 'Não permite retentativas',
};

export const PERIODICITY_LABEL: Record<string, string> = {
  SEMANAL: 'Semanal',
  MENSAL: 'Mensal',
  TRIMESTRAL: 'Trimestral',
  SEMESTRAL: 'Semestral',
  ANUAL: 'Anual',
};

export const WEBHOOK_AUTH_LABEL: Record<string, string> = {
  path_token: 'Token na URL',
  hmac: 'HMAC (assinatura em cabeçalho)',
  mtls_proxy: 'Proxy mTLS (cabeçalho do proxy TLS)',
};

export const ACCOUNT_TYPE_LABEL: Record<string, string> = {
  CORRENTE: 'Conta corrente',
  POUPANCA: 'Poupança',
  PAGAMENTO: 'Conta de pagamento',
};

export const TEST_STEP_LABEL: Record<string, string> = {
  oauth_token: 'TLS com o certificado e token OAuth2',
  webhook: 'Consulta do webhook da chave Pix',
};

/** The API's English details of a successful test step, in Portuguese when known. */
const TEST_DETAIL: [RegExp, string][] = [
  [
    /^TLS with the client certificate and OAuth2 client credentials accepted$/,
    'O PSP aceitou o certificado do cliente (mTLS) e as credenciais OAuth2.',
  ],
  [/^a webhook is registered for the Pix key$/, 'Há um webhook registrado para a chave Pix.'],
  [/^no webhook registered yet for the Pix key/, 'Ainda não há webhook registrado para a chave Pix (o registro é feito em segundo plano).'],
];
export function testDetail(detail: string | null): string | null {
  if (!detail) return null;
  for (const [re, pt] of TEST_DETAIL) if (re.test(detail)) return pt;
  return detail;
}

/** What a cobv could not carry of Cobre's payment terms (terms.unexpressed[].code). */
export const UNEXPRESSED_LABEL: Record<string, string> = {
  discount_schedule: 'Desconto por antecipação com escalonamento que o Pix não reproduz',
  discount_whole_amount: 'Desconto sobre o valor total',
  discount_after_due: 'Desconto depois do vencimento',
  surcharge_rule: 'Acréscimo por regra de pagamento',
  grace_days: 'Dias de carência para multa e juros',
  compound_interest: 'Juros compostos',
  interest_rate_precision: 'Precisão da taxa de juros',
};
