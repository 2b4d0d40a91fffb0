// Templates per event, channel and locale: the tenant's own, or the built-in ones; edited with
// every variable checked on save, and previewed with a real charge or made-up values.
import type { Db, Queryable, Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError, notFound, type ErrorDetail } from '../platform/errors.ts';
import { recordEvent } from '../platform/events.ts';
import { isUuid } from '../platform/ids.ts';
import type { ChannelKind } from './providers/types.ts';
import { defaultTemplate, type TemplateContent } from './templates/defaults.ts';
import { parseTemplate } from './templates/engine.ts';
import { CHANNELS, LOCALES, NOTIFICATION_EVENTS, variablesFor, type Locale, type NotificationEvent } from './templates/variables.ts';
import { chargeFacts, renderMessage } from './content.ts';
import * as q from './queries.ts';

export interface TemplateKey {
  event: string;
  channel: string;
  locale: string;
}

function checkKey(k: TemplateKey): asserts k is { event: NotificationEvent; channel: ChannelKind; locale: Locale } {
  const problems: ErrorDetail[] = [];
  if (!NOTIFICATION_EVENTS.includes(k.event as NotificationEvent))
    problems.push({ field: 'event', issue: `must be one of ${NOTIFICATION_EVENTS.join(', ')}` });
  if (!CHANNELS.includes(k.channel as ChannelKind)) problems.push({ field: 'channel', issue: `must be one of ${CHANNELS.join(', ')}` });
  if (!LOCALES.includes(k.locale as Locale)) problems.push({ field: 'locale', issue: `must be one of ${LOCALES.join(', ')}` });
  if (problems.length)
    throw new DomainError('validation_failed', `Unknown template: ${problems.map((p) => `${p.field} ${p.issue}`).join('; ')}`, problems);
}

function present(
  k: { event: NotificationEvent; channel: ChannelKind; locale: Locale },
  t: TemplateContent,
  custom: { updated_at: string } | null,
) {
  return {
    event: k.event,
    channel: k.channel,
    locale: k.locale,
    subject: t.subject,
    body: t.body,
    html: t.html,
    whatsapp_template: t.whatsapp_template,
    customized: custom !== null,
    updated_at: custom?.updated_at ?? null,
    variables: Object.entries(variablesFor(k.event as NotificationEvent)).map(([name, description]) => ({ name, description })),
  };
}

export async function listTemplates(db: Queryable, scope: Scope) {
  const own = new Map((await q.listTemplates(db, scope.tenantId)).map((r) => [`${r.event}|${r.channel}|${r.locale}`, r]));
  const out = [];
  for (const event of NOTIFICATION_EVENTS) {
    for (const channel of CHANNELS) {
      for (const locale of LOCALES) {
        const r = own.get(`${event}|${channel}|${locale}`);
        out.push(present({ event, channel, locale }, r ?? defaultTemplate(event, channel, locale), r ?? null));
      }
    }
  }
  return out;
}

export async function getTemplate(db: Queryable, scope: Scope, k: TemplateKey) {
  checkKey(k);
  const r = await q.findTemplate(db, scope.tenantId, k.event, k.channel, k.locale);
  return present(k, r ?? defaultTemplate(k.event, k.channel, k.locale), r);
}

export interface TemplateInput {
  subject?: string | null;
  body: string;
  html?: string | null;
  whatsapp_template?: string | null;
}

/** Problems of a template's texts: syntax, and every variable unknown for its event (named). */
export function templateProblems(k: { event: NotificationEvent; channel: ChannelKind }, input: TemplateInput): ErrorDetail[] {
  const known = new Set(Object.keys(variablesFor(k.event)));
  const problems: ErrorDetail[] = [];
  const fields: [string, string | null | undefined][] = [
    ['subject', input.subject],
    ['body', input.body],
    ['html', input.html],
  ];
  for (const [field, text] of fields) {
    if (!text) continue;
    const parsed = parseTemplate(text);
    for (const p of parsed.problems) problems.push({ field, issue: p });
    for (const v of parsed.variables) if (!known.has(v)) problems.push({ field, issue: `unknown variable {{${v}}}` });
  }
  if (k.channel === 'email' && !input.subject?.trim()) problems.push({ field: 'subject', issue: 'an e-mail needs a subject' });
  if (k.channel !== 'email' && (input.subject || input.html))
    problems.push({ field: input.subject ? 'subject' : 'html', issue: `not used by ${k.channel} messages` });
  if (k.channel === 'whatsapp' && !input.whatsapp_template?.trim())
    problems.push({ field: 'whatsapp_template', issue: 'the name of the template approved by Meta is required' });
  if (k.channel !== 'whatsapp' && input.whatsapp_template) problems.push({ field: 'whatsapp_template', issue: 'only for whatsapp' });
  if (k.channel === 'sms' && input.body.length > 1000) problems.push({ field: 'body', issue: 'at most 1000 characters for an SMS' });
  return problems;
}

export async function putTemplate(tx: Tx, scope: Scope, k: TemplateKey, input: TemplateInput) {
  checkKey(k);
  const problems = templateProblems(k, input);
  if (problems.length) {
    const unknown = problems.filter((p) => p.issue.startsWith('unknown variable')).map((p) => p.issue.slice('unknown variable '.length));
    throw new DomainError(
      'validation_failed',
      unknown.length
        ? `Unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in the ${k.event} template`
        : `Invalid template: ${problems.map((p) => `${p.field} ${p.issue}`).join('; ')}`,
      problems,
    );
  }
  const before = await q.findTemplate(tx, scope.tenantId, k.event, k.channel, k.locale);
  const row = await q.upsertTemplate(
    tx,
    {
      tenant_id: scope.tenantId,
      event: k.event,
      channel: k.channel,
      locale: k.locale,
      subject: input.subject ?? null,
      body: input.body,
      html: input.html ?? null,
      whatsapp_template: input.whatsapp_template ?? null,
    },
    scope.now,
  );
  const out = present(k, row, row);
  await recordEvent(tx, scope, {
    type: 'notification_template.updated',
    resourceType: 'notification_template',
    resourceId: `${k.event}/${k.channel}/${k.locale}`,
    before: before ?? undefined,
    after: row,
  });
  return out;
}

/** Back to the built-in template. */
export async function resetTemplate(tx: Tx, scope: Scope, k: TemplateKey) {
  checkKey(k);
  if (!(await q.deleteTemplate(tx, scope.tenantId, k.event, k.channel, k.locale))) throw notFound('Customized template');
  await recordEvent(tx, scope, {
    type: 'notification_template.reset',
    resourceType: 'notification_template',
    resourceId: `${k.event}/${k.channel}/${k.locale}`,
  });
  return present(k, defaultTemplate(k.event, k.channel, k.locale), null);
}

const SAMPLE: Record<string, string> = {
  'empresa.nome': 'Condomínio Exemplo',
  'empresa.documento': '12.345.678/0001-95',
  'pagador.nome': 'Maria da Silva',
  'pagador.documento': '123.456.789-09',
  'cobranca.numero': '1042',
  'cobranca.descricao': 'Taxa condominial de novembro',
  'cobranca.valor': 'R$ 450,00',
  'cobranca.valor_hoje': 'R$ 463,50',
  'cobranca.vencimento': '10/11/2026',
  'cobranca.dias_atraso': '3',
  'cobranca.multa_juros': 'R$ 13,50',
  'cobranca.desconto': 'R$ 0,00',
  link_pagamento: 'https://cobre.example/pagar/EXEMPLO',
  pix_copia_e_cola: '00020126580014br.gov.bcb.pix0136exemplo…6304ABCD',
  boleto_linha_digitavel: '34191.09008 61713.957308 71444.640008 8 10000000045000',
  link_descadastrar: 'https://cobre.example/descadastrar/EXEMPLO',
  'pagamento.valor': 'R$ 463,50',
  'pagamento.data': '13/11/2026',
  'contrato.numero': '77',
  'contrato.descricao': 'Plano de internet 300 Mb',
};

/**
 * Renders a template (the body given, or the saved/built-in one) with a real charge's values when
 * `charge_id` is given, else with sample values. Refuses unknown variables like a save does.
 */
export async function previewTemplate(
  db: Db,
  scope: Scope,
  k: TemplateKey,
  input: Partial<TemplateInput> & { charge_id?: string },
  opts: { today: string; baseUrl: string },
) {
  checkKey(k);
  const saved = await getTemplate(db, scope, k);
  const t: TemplateContent = {
    subject: input.subject !== undefined ? input.subject : saved.subject,
    body: input.body ?? saved.body,
    html: input.html !== undefined ? input.html : saved.html,
    whatsapp_template: input.whatsapp_template !== undefined ? input.whatsapp_template : saved.whatsapp_template,
  };
  const problems = templateProblems(k, t);
  if (problems.length)
    throw new DomainError('validation_failed', `Invalid template: ${problems.map((p) => `${p.field} ${p.issue}`).join('; ')}`, problems);
  let values = SAMPLE;
  let payUrl: string | null = SAMPLE.link_pagamento;
  if (input.charge_id) {
    if (!isUuid(input.charge_id))
      throw new DomainError('validation_failed', 'charge_id must be a UUID', [{ field: 'charge_id', issue: 'not a UUID' }]);
    const facts = await chargeFacts(db, scope, input.charge_id, opts);
    values = facts.values(k.locale);
    payUrl = facts.payUrl;
  }
  const r = renderMessage(t, k.channel, k.locale, values, payUrl);
  return { subject: r.subject, text: r.text, html: r.html, whatsapp: r.whatsappTemplate ?? null, sample: !input.charge_id };
}
