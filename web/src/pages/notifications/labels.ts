// pt-BR names of the notification and dunning API's values (channels, events, message statuses,
// schedule actions), shared by the settings screens, the charge page and the customer page.

export const CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export type ChannelKind = (typeof CHANNELS)[number];

export const CHANNEL_LABEL: Record<string, string> = { email: 'E-mail', sms: 'SMS', whatsapp: 'WhatsApp' };

export const EVENTS = ['charge_created', 'reminder', 'due_today', 'overdue', 'paid_receipt', 'contract_suspended'] as const;
export const EVENT_LABEL: Record<string, string> = {
  charge_created: 'Cobrança (nova cobrança)',
  reminder: 'Lembrete (antes do vencimento)',
  due_today: 'Vence hoje',
  overdue: 'Em atraso',
  paid_receipt: 'Recibo de pagamento',
  contract_suspended: 'Contrato suspenso',
};
/** The steps a clerk sends by hand ("Enviar agora"). */
export const MANUAL_EVENTS = ['charge_created', 'reminder', 'due_today', 'overdue'] as const;
export const MANUAL_EVENT_LABEL: Record<string, string> = {
  charge_created: 'Cobrança',
  reminder: 'Lembrete',
  due_today: 'Vence hoje',
  overdue: 'Em atraso',
};

export const LOCALES = ['pt-BR', 'pt-PT'] as const;
export const LOCALE_LABEL: Record<string, string> = { 'pt-BR': 'Português (Brasil)', 'pt-PT': 'Português (Portugal)' };

export const MESSAGE_STATUS_LABEL: Record<string, string> = {
  queued: 'Na fila',
  sending: 'Enviando',
  sent: 'Enviada',
  failed: 'Falhou',
  bounced: 'Devolvida',
  skipped: 'Ignorada',
};

export const ACTION_LABEL: Record<string, string> = {
  notify: 'Lembrar (enviar mensagem)',
  suspend_contract: 'Suspender contrato',
  flag_protest: 'Marcar para protesto',
};
export const STEP_EVENTS_FOR: Record<string, string[]> = {
  notify: ['reminder', 'due_today', 'overdue'],
  suspend_contract: ['contract_suspended'],
  flag_protest: [],
};

export const DAY_KIND_LABEL: Record<string, string> = {
  calendar: 'Dias corridos',
  business: 'Dias úteis (sem fins de semana e feriados nacionais)',
};

export const SOURCE_LABEL: Record<string, string> = {
  contract: 'definida no contrato',
  customer: 'definida no cliente',
  tenant: 'régua padrão da empresa',
  built_in: 'régua padrão do Cobre (modelo embutido)',
};

export const OUTCOME_LABEL: Record<string, string> = {
  queued: 'Mensagem(ns) na fila',
  not_sent: 'Nenhuma mensagem enviada',
  flagged: 'Marcada para protesto',
  suspended: 'Contrato suspenso',
  no_contract: 'Sem contrato para suspender',
  not_active: 'Contrato não estava ativo',
  failed: 'Falhou',
  pending: 'Em andamento',
};

/** "−5 dias", "no vencimento", "+7 dias". */
export function offsetLabel(n: number): string {
  if (n === 0) return 'no dia do vencimento';
  const abs = Math.abs(n);
  return `${abs} dia${abs === 1 ? '' : 's'} ${n < 0 ? 'antes do' : 'depois do'} vencimento`;
}

export function channelsLabel(list: string[]): string {
  return list.length ? list.map((c) => CHANNEL_LABEL[c] ?? c).join(', ') : '—';
}
