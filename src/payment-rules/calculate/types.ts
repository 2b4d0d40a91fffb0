// Plain-data shapes of the amount-due engine. Field names of the rule stay Portuguese, as in the CRM
// record ("Desconto Pontualidade") the API mirrors; the rest is English.
import type {
  AcrescimoDesconto,
  TipoAplicacaoCalculo,
  TipoCalculoValor,
  TipoJuros,
  TipoPessoa,
  TipoPrazoPagamento,
  TipoSaldo,
} from '../rule-codes.ts';

export interface PaymentRuleData {
  id: string;
  codigo?: number;
  descricao: string;
  acrescimo_desconto: AcrescimoDesconto;
  tipo_aplicacao_calculo: TipoAplicacaoCalculo;
  tipo_calculo_valor: TipoCalculoValor;
  tipo_juros: TipoJuros;
  tipo_saldo: TipoSaldo;
  tipo_prazo_pagamento: TipoPrazoPagamento;
  tipo_pessoa: TipoPessoa;
  /** API 'S' → true, 'N' → false. */
  desconto_extra: boolean;
  codigo_externo?: string;
  /** Set by the system on save; ignored by the engine. */
  data_alteracao?: string;
  // --- Fields Cobre adds (the seed record has no rate) ---
  /** Percent as a decimal string, up to 4 places: "2.5" = 2,5 %. Required for N. */
  percentual?: string;
  /** Integer cents. V: fixed amount (per day for P). M: target amount. Required for V and M. */
  valor_fixo_centavos?: number;
  /** ADV: at least this many days before the due date (default 1). VCE: the rule's own grace. */
  dias?: number;
  /** Cap on this rule's amount, in cents. */
  teto_centavos?: number;
  /** Cap on this rule's amount, as a percent of its base (decimal string, up to 4 places). */
  teto_percentual?: string;
}

export interface LateChargePolicy {
  /** Multa: percent (decimal string) of the net balance, or a fixed amount in integer cents. */
  fine?: { kind: 'percent' | 'fixed'; value: string | number; capPercent?: string };
  /** Juros de mora: percent per 30-day month, pro rata per day; compound = linear convention. */
  interest?: { monthlyPercent: string; compound: boolean };
  /** Days after the due date during which neither fine nor interest is charged. */
  graceDays: number;
  /** "Não receber após": days after the due date payment is still taken; absent = no limit. Printing and PSP terms only; the amount engine ignores it. */
  acceptDaysAfterDue?: number;
}

export interface ChargeForCalculation {
  amountCents: number;
  dueDate: string;
  issueDate: string;
  /** Already paid (partial payments, abatements). */
  paidCents: number;
  customerIsAssociate: boolean;
  /** Consumer (PF): the fine is capped at 2 % (CDC art. 52 §1). */
  customerIsConsumer: boolean;
}

export interface RuleAmount {
  ruleId: string;
  descricao: string;
  amountCents: number;
}

export interface AmountDueBreakdown {
  originalCents: number;
  discounts: RuleAmount[];
  surcharges: RuleAmount[];
  fineCents: number;
  interestCents: number;
  paidCents: number;
  /** What must be paid on that date; never negative. */
  totalCents: number;
  daysLate: number;
}
