// What a message says: the variables of a charge (amount due today from the payment-rules engine,
// payer's page link, Pix copia-e-cola, linha digitável, unsubscribe link), the tenant's template
// or the built-in one, rendered for its channel, and the boleto PDF for e-mails.
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { amountDueOf } from '../charges/amount-due.ts';
import { getChargeRow } from '../charges/charges.ts';
import type { ChargeRow } from '../charges/queries.ts';
import { formatDocument, type DocumentKind } from '../customers/documents.ts';
import { chargePix } from '../boleto/charge-pix.ts';
import { chargeBoletoPage, renderPdfBuffer } from '../boleto/charge-pdf.ts';
import { ensureChargeLink, payerPageUrl } from '../payer-page/links.ts';
import type { Attachment, ChannelKind, OutgoingMessage } from './providers/types.ts';
import { defaultTemplate, type TemplateContent } from './templates/defaults.ts';
import { escapeHtml, renderTemplate } from './templates/engine.ts';
import type { Locale, NotificationEvent } from './templates/variables.ts';
import * as q from './queries.ts';

export interface ChargeFacts {
  charge: ChargeRow;
  values: Record<string, string>;
  /** The payer's page, for the e-mail button. */
  payUrl: string;
  unsubscribeUrl: string;
  /** Present when the charge has (or can have) a boleto. */
  boletoPdf: (() => Promise<Buffer>) | null;
}

const money = (cents: number, locale: Locale) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'BRL' }).format(cents / 100).replace(/\u00a0/g, ' ');
const dateText = (iso: string | null | undefined) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

function documentText(kind: string | null, doc: string | null): string {
  if (!doc) return '';
  if (kind !== 'cpf' && kind !== 'cnpj') return doc;
  try {
    return formatDocument(kind as DocumentKind, doc);
  } catch {
    return doc;
  }
}

/** base64url(tenant uuid ‖ 18 random bytes): unguessable, and carries its tenant key for the lookup. */
export function newUnsubscribeToken(tenantId: string): string {
  return Buffer.concat([Buffer.from(tenantId.replace(/-/g, ''), 'hex'), randomBytes(18)]).toString('base64url');
}

export function tenantOfUnsubscribeToken(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{46}$/.test(token)) return null;
  const hex = Buffer.from(token, 'base64url').subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The facts of a charge that every template may use, on `today`. Writes the payer link and unsubscribe token when missing. */
export async function chargeFacts(db: Db, scope: Scope, chargeId: string, locale: Locale, opts: { today: string; baseUrl: string }): Promise<ChargeFacts> {
  const charge = await getChargeRow(db, scope, chargeId);
  const party = await q.chargeParties(db, scope.tenantId, charge.id);
  const { link, recipient } = await db.transaction(async (tx) => ({
    link: await ensureChargeLink(tx, scope, charge.id, { baseUrl: opts.baseUrl }),
    recipient: await q.ensureRecipient(tx, scope.tenantId, charge.customer_id, newUnsubscribeToken(scope.tenantId), scope.now),
  }));
  const payUrl = link.url ?? payerPageUrl(link.path, opts.baseUrl);
  const unsubscribeUrl = `${opts.baseUrl}/descadastrar/${recipient.unsubscribe_token}`;
  const open = charge.status !== 'paid' && charge.status !== 'cancelled';
  const due = open ? await amountDueOf(db, scope, charge, opts.today) : null;
  let pix = '';
  let linha = '';
  let boletoPdf: ChargeFacts['boletoPdf'] = null;
  if (open) {
    pix = await chargePix(db, scope, charge.id).then((p) => p.payload, () => '');
    if (charge.payment_method.includes('boleto')) {
      const page = await chargeBoletoPage(db, scope, charge.id, opts.today).catch(() => null);
      if (page) {
        linha = page.doc.linhaDigitavelFormatted;
        boletoPdf = () => renderPdfBuffer([page.doc]);
      }
    }
  }
  const lastPayment = party.last_payment;
  const values: Record<string, string> = {
    'empresa.nome': party.tenant_trading_name || party.tenant_legal_name,
    'empresa.documento': documentText(party.tenant_document_kind, party.tenant_document),
    'pagador.nome': party.customer_name,
    'pagador.documento': documentText(party.customer_document_kind, party.customer_document),
    'cobranca.numero': String(charge.number),
    'cobranca.descricao': charge.description ?? charge.lines.map((l) => l.description).join(', '),
    'cobranca.valor': money(charge.amount_cents, locale),
    'cobranca.valor_hoje': money(due?.totalCents ?? 0, locale),
    'cobranca.vencimento': dateText(charge.due_date),
    'cobranca.dias_atraso': String(due?.daysLate ?? 0),
    'cobranca.multa_juros': money((due?.fineCents ?? 0) + (due?.interestCents ?? 0), locale),
    'cobranca.desconto': money(due?.discounts.reduce((s, x) => s + x.amountCents, 0) ?? 0, locale),
    link_pagamento: payUrl,
    pix_copia_e_cola: pix,
    boleto_linha_digitavel: linha,
    link_descadastrar: unsubscribeUrl,
    'pagamento.valor': money(lastPayment?.amount_cents ?? charge.paid_cents, locale),
    'pagamento.data': dateText(lastPayment?.paid_on ?? charge.paid_at?.slice(0, 10)),
    'contrato.numero': party.contract_number === null ? '' : String(party.contract_number),
    'contrato.descricao': party.contract_description ?? '',
  };
  return { charge, values, payUrl, unsubscribeUrl, boletoPdf };
}

/** The tenant's template for an event, channel and locale, or the built-in one. */
export async function templateFor(db: Queryable, tenantId: string, event: NotificationEvent, channel: ChannelKind, locale: Locale): Promise<TemplateContent> {
  const own = await q.findTemplate(db, tenantId, event, channel, locale);
  return own ? { subject: own.subject, body: own.body, html: own.html, whatsapp_template: own.whatsapp_template } : defaultTemplate(event, channel, locale);
}

const URL_RE = /(https?:\/\/[^\s<]+)/g;

/** The e-mail layout around a plain-text body: paragraphs, links made clickable, a pay button. */
export function emailHtmlFromText(text: string, opts: { payUrl: string | null; locale: Locale; title: string }): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${escapeHtml(p).replace(URL_RE, (u) => `<a href="${u}" style="color:#0b5cad">${u}</a>`).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const button = opts.payUrl
    ? `<p style="margin:24px 0"><a href="${escapeHtml(opts.payUrl)}" style="background:#0b5cad;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${opts.locale === 'pt-PT' ? 'Ver e pagar' : 'Ver e pagar'}</a></p>`
    : '';
  return `<!doctype html><html lang="${opts.locale}"><head><meta charset="utf-8"><title>${escapeHtml(opts.title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1b1b1b;max-width:600px;margin:0 auto;padding:16px">
${paragraphs}
${button}
</body></html>`;
}

export interface RenderedMessage {
  subject: string | null;
  text: string;
  html: string | null;
  whatsappTemplate: OutgoingMessage['whatsappTemplate'];
}

/** Renders a template with a charge's values for one channel. */
export function renderMessage(t: TemplateContent, channel: ChannelKind, locale: Locale, values: Record<string, string>, payUrl: string | null): RenderedMessage {
  const text = renderTemplate(t.body, values).trim();
  if (channel === 'email') {
    const subject = renderTemplate(t.subject ?? '', values).replace(/[\r\n]+/g, ' ').trim();
    const html = t.html ? renderTemplate(t.html, values, { html: true }) : emailHtmlFromText(text, { payUrl, locale, title: subject });
    return { subject, text, html, whatsappTemplate: undefined };
  }
  if (channel === 'whatsapp') {
    const parameters = t.body.split('\n').map((line) => renderTemplate(line, values).trim()).filter((p) => p !== '');
    return {
      subject: null,
      text: parameters.join('\n'),
      html: null,
      whatsappTemplate: { name: t.whatsapp_template ?? '', language: locale === 'pt-PT' ? 'pt_PT' : 'pt_BR', parameters },
    };
  }
  return { subject: null, text, html: null, whatsappTemplate: undefined };
}

export async function boletoAttachment(facts: ChargeFacts): Promise<Attachment | null> {
  if (!facts.boletoPdf) return null;
  return { filename: `boleto-${facts.charge.number}.pdf`, contentType: 'application/pdf', content: await facts.boletoPdf() };
}
