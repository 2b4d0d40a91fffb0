// The built-in templates, used until a tenant saves its own (notification_templates).
import type { Locale, NotificationEvent } from './variables.ts';
import type { ChannelKind } from '../providers/types.ts';

export interface TemplateContent {
  subject: string | null;
  body: string;
  /** E-mail: HTML with the same placeholders; null → made from `body` by the e-mail layout. */
  html: string | null;
  /** WhatsApp: the Meta-approved template's name; `body` lists its parameters, one per line. */
  whatsapp_template: string | null;
}

type Texts = { subject: string; intro: string; sms: string; wa: string };

const BR: Record<NotificationEvent, Texts> = {
  charge_created: {
    subject: 'Cobrança nº {{cobranca.numero}} de {{empresa.nome}}: {{cobranca.valor}}, vence em {{cobranca.vencimento}}',
    intro:
      'Olá, {{pagador.nome}}.\n\n{{empresa.nome}} emitiu a cobrança nº {{cobranca.numero}} ({{cobranca.descricao}}) no valor de {{cobranca.valor}}, com vencimento em {{cobranca.vencimento}}.',
    sms: '{{empresa.nome}}: cobrança de {{cobranca.valor}}, vence {{cobranca.vencimento}}. Pague: {{link_pagamento}}',
    wa: 'cobranca_emitida',
  },
  reminder: {
    subject: 'Lembrete: cobrança nº {{cobranca.numero}} vence em {{cobranca.vencimento}}',
    intro:
      'Olá, {{pagador.nome}}.\n\nLembramos que a cobrança nº {{cobranca.numero}} de {{empresa.nome}}, no valor de {{cobranca.valor_hoje}}, vence em {{cobranca.vencimento}}.',
    sms: '{{empresa.nome}}: lembrete, {{cobranca.valor_hoje}} vence {{cobranca.vencimento}}. Pague: {{link_pagamento}}',
    wa: 'cobranca_lembrete',
  },
  due_today: {
    subject: 'A cobrança nº {{cobranca.numero}} vence hoje',
    intro:
      'Olá, {{pagador.nome}}.\n\nA cobrança nº {{cobranca.numero}} de {{empresa.nome}}, no valor de {{cobranca.valor_hoje}}, vence hoje ({{cobranca.vencimento}}).',
    sms: '{{empresa.nome}}: {{cobranca.valor_hoje}} vence hoje. Pague: {{link_pagamento}}',
    wa: 'cobranca_vence_hoje',
  },
  overdue: {
    subject: 'Cobrança nº {{cobranca.numero}} em atraso',
    intro:
      'Olá, {{pagador.nome}}.\n\nNão identificamos o pagamento da cobrança nº {{cobranca.numero}} de {{empresa.nome}}, vencida em {{cobranca.vencimento}} ({{cobranca.dias_atraso}} dias de atraso). O valor atualizado para pagamento hoje é {{cobranca.valor_hoje}}, com {{cobranca.multa_juros}} de multa e juros.\n\nSe você já pagou, desconsidere esta mensagem.',
    sms: '{{empresa.nome}}: cobrança vencida em {{cobranca.vencimento}}, hoje {{cobranca.valor_hoje}}. Pague: {{link_pagamento}}',
    wa: 'cobranca_atraso',
  },
  paid_receipt: {
    subject: 'Recebemos seu pagamento: cobrança nº {{cobranca.numero}}',
    intro:
      'Olá, {{pagador.nome}}.\n\n{{empresa.nome}} recebeu o pagamento de {{pagamento.valor}} em {{pagamento.data}} referente à cobrança nº {{cobranca.numero}} ({{cobranca.descricao}}). Obrigado!',
    sms: '{{empresa.nome}}: recebemos {{pagamento.valor}} em {{pagamento.data}}. Recibo: {{link_pagamento}}',
    wa: 'cobranca_recibo',
  },
  contract_suspended: {
    subject: 'Contrato nº {{contrato.numero}} suspenso por falta de pagamento',
    intro:
      'Olá, {{pagador.nome}}.\n\nO contrato nº {{contrato.numero}} ({{contrato.descricao}}) com {{empresa.nome}} foi suspenso porque a cobrança nº {{cobranca.numero}}, vencida em {{cobranca.vencimento}}, continua em aberto. O valor atualizado é {{cobranca.valor_hoje}}. Após o pagamento o contrato é reativado.',
    sms: '{{empresa.nome}}: contrato {{contrato.numero}} suspenso por falta de pagamento. Regularize: {{link_pagamento}}',
    wa: 'contrato_suspenso',
  },
};

const PT: Record<NotificationEvent, Texts> = {
  charge_created: {
    subject: 'Cobrança n.º {{cobranca.numero}} de {{empresa.nome}}: {{cobranca.valor}}, vence a {{cobranca.vencimento}}',
    intro:
      'Olá, {{pagador.nome}}.\n\n{{empresa.nome}} emitiu a cobrança n.º {{cobranca.numero}} ({{cobranca.descricao}}) no valor de {{cobranca.valor}}, com vencimento a {{cobranca.vencimento}}.',
    sms: '{{empresa.nome}}: cobrança de {{cobranca.valor}}, vence a {{cobranca.vencimento}}. Pagar: {{link_pagamento}}',
    wa: 'cobranca_emitida',
  },
  reminder: {
    subject: 'Lembrete: a cobrança n.º {{cobranca.numero}} vence a {{cobranca.vencimento}}',
    intro:
      'Olá, {{pagador.nome}}.\n\nRecordamos que a cobrança n.º {{cobranca.numero}} de {{empresa.nome}}, no valor de {{cobranca.valor_hoje}}, vence a {{cobranca.vencimento}}.',
    sms: '{{empresa.nome}}: lembrete, {{cobranca.valor_hoje}} vence a {{cobranca.vencimento}}. Pagar: {{link_pagamento}}',
    wa: 'cobranca_lembrete',
  },
  due_today: {
    subject: 'A cobrança n.º {{cobranca.numero}} vence hoje',
    intro:
      'Olá, {{pagador.nome}}.\n\nA cobrança n.º {{cobranca.numero}} de {{empresa.nome}}, no valor de {{cobranca.valor_hoje}}, vence hoje ({{cobranca.vencimento}}).',
    sms: '{{empresa.nome}}: {{cobranca.valor_hoje}} vence hoje. Pagar: {{link_pagamento}}',
    wa: 'cobranca_vence_hoje',
  },
  overdue: {
    subject: 'Cobrança n.º {{cobranca.numero}} em atraso',
    intro:
      'Olá, {{pagador.nome}}.\n\nNão registámos o pagamento da cobrança n.º {{cobranca.numero}} de {{empresa.nome}}, vencida a {{cobranca.vencimento}} ({{cobranca.dias_atraso}} dias de atraso). O valor atualizado para pagamento hoje é {{cobranca.valor_hoje}}, incluindo {{cobranca.multa_juros}} de multa e juros.\n\nSe já efetuou o pagamento, ignore esta mensagem.',
    sms: '{{empresa.nome}}: cobrança vencida a {{cobranca.vencimento}}, hoje {{cobranca.valor_hoje}}. Pagar: {{link_pagamento}}',
    wa: 'cobranca_atraso',
  },
  paid_receipt: {
    subject: 'Recebemos o seu pagamento: cobrança n.º {{cobranca.numero}}',
    intro:
      'Olá, {{pagador.nome}}.\n\n{{empresa.nome}} recebeu o pagamento de {{pagamento.valor}} a {{pagamento.data}} referente à cobrança n.º {{cobranca.numero}} ({{cobranca.descricao}}). Obrigado!',
    sms: '{{empresa.nome}}: recebemos {{pagamento.valor}} a {{pagamento.data}}. Recibo: {{link_pagamento}}',
    wa: 'cobranca_recibo',
  },
  contract_suspended: {
    subject: 'Contrato n.º {{contrato.numero}} suspenso por falta de pagamento',
    intro:
      'Olá, {{pagador.nome}}.\n\nO contrato n.º {{contrato.numero}} ({{contrato.descricao}}) com {{empresa.nome}} foi suspenso porque a cobrança n.º {{cobranca.numero}}, vencida a {{cobranca.vencimento}}, continua por pagar. O valor atualizado é {{cobranca.valor_hoje}}. Após o pagamento o contrato é reativado.',
    sms: '{{empresa.nome}}: contrato {{contrato.numero}} suspenso por falta de pagamento. Regularize: {{link_pagamento}}',
    wa: 'contrato_suspenso',
  },
};

function emailBody(t: Texts, event: NotificationEvent, locale: Locale): string {
  const pix = locale === 'pt-PT' ? 'Pix (copiar e colar)' : 'Pix copia e cola';
  const pay =
    event === 'paid_receipt'
      ? locale === 'pt-PT'
        ? 'Recibo: {{link_pagamento}}'
        : 'Recibo: {{link_pagamento}}'
      : `${locale === 'pt-PT' ? 'Para pagar (boleto, Pix e valor atualizado)' : 'Para pagar (boleto, Pix e valor atualizado)'}: {{link_pagamento}}\n\n${pix}: {{pix_copia_e_cola}}\n\n${locale === 'pt-PT' ? 'Linha digitável' : 'Linha digitável'}: {{boleto_linha_digitavel}}`;
  const unsubscribe =
    locale === 'pt-PT' ? 'Não quer receber lembretes? {{link_descadastrar}}' : 'Não quer receber lembretes? {{link_descadastrar}}';
  return `${t.intro}\n\n${pay}\n\n${unsubscribe}`;
}

export function defaultTemplate(event: NotificationEvent, channel: ChannelKind, locale: Locale): TemplateContent {
  const t = (locale === 'pt-PT' ? PT : BR)[event];
  if (channel === 'email') return { subject: t.subject, body: emailBody(t, event, locale), html: null, whatsapp_template: null };
  if (channel === 'sms') return { subject: null, body: t.sms, html: null, whatsapp_template: null };
  // WhatsApp templates are approved by Meta with numbered parameters; these are ours, in order.
  const params =
    event === 'paid_receipt'
      ? ['{{pagador.nome}}', '{{empresa.nome}}', '{{pagamento.valor}}', '{{pagamento.data}}', '{{link_pagamento}}']
      : event === 'contract_suspended'
        ? ['{{pagador.nome}}', '{{empresa.nome}}', '{{contrato.numero}}', '{{cobranca.valor_hoje}}', '{{link_pagamento}}']
        : ['{{pagador.nome}}', '{{empresa.nome}}', '{{cobranca.valor_hoje}}', '{{cobranca.vencimento}}', '{{link_pagamento}}'];
  return { subject: null, body: params.join('\n'), html: null, whatsapp_template: t.wa };
}
