// What a message says: the variables of a charge (amount due today from the payment-rules engine,
// payer's page link, Pix copia-e-cola, linha digitável, unsubscribe link), the tenant's template
// or the built-in one, rendered for its channel, and the boleto PDF for e-mails. Facts are read for
// a whole batch of charges with a fixed number of set-based statements: the outbox sends thousands.
import { randomBytes } from 'node:crypto';
import type { Db } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError } from '../platform/errors.ts';
import { amountsDueOf } from '../charges/amount-due.ts';
import { getChargeRows } from '../charges/charges.ts';
import type { ChargeRow } from '../charges/queries.ts';
import type { AmountDueBreakdown } from '../payment-rules/calculate/index.ts';
import { displayDocument } from '../platform/documents.ts';
import { formatDate, formatMoney } from '../payer-page/i18n.ts';
import { chargePix } from '../boleto/charge-pix.ts';
import { ensureChargeBoletos } from '../boleto/boletos.ts';
import { chargeBoletoPage, renderPdfBuffer } from '../boleto/charge-pdf.ts';
import { loadBoletoPages, type PrintedBoleto } from '../boleto/document.ts';
import { ensureChargeLinks, pathOf, payerPageUrl } from '../payer-page/links.ts';
import type { Attachment, ChannelKind, OutgoingMessage } from './providers/types.ts';
import { defaultTemplate, type TemplateContent } from './templates/defaults.ts';
import { escapeHtml, renderTemplate } from './templates/engine.ts';
import type { Locale, NotificationEvent } from './templates/variables.ts';
import * as q from './queries.ts';

export interface ChargeFacts {
  charge: ChargeRow;
  /** The template variables in a locale (money and dates are written the locale's way). */
  values(locale: Locale): Record<string, string>;
  /** The payer's page, for the e-mail button. */
  payUrl: string;
  unsubscribeUrl: string;
  /** Present when the charge has (or could be given) a boleto. */
  boletoPdf: (() => Promise<Buffer>) | null;
}

const money = (cents: number, locale: Locale) => formatMoney(locale, cents);
const dateText = (iso: string | null | undefined) => (iso ? formatDate('pt-BR', iso) : '');
const documentText = (kind: string | null, doc: string | null) => displayDocument(kind, doc) ?? '';

/** base64url(tenant uuid ‖ 18 random bytes): unguessable, and carries its tenant key for the lookup. */
export function newUnsubscribeToken(tenantId: string): string {
  return Buffer.concat([Buffer.from(tenantId.replace(/-/g, ''), 'hex'), randomBytes(18)]).toString('base64url');
}

export function tenantOfUnsubscribeToken(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{46}$/.test(token)) return null;
  const hex = Buffer.from(token, 'base64url').subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const isOpen = (c: ChargeRow) => c.status !== 'paid' && c.status !== 'cancelled';

/**
 * The printed boletos of the open charges payable by boleto: read in one go where they exist,
 * issued in one statement batch where they do not; a charge that cannot have one (no account,
 * payer without address…) simply has none, which is what the single-charge path says with a 409.
 */
async function boletoPages(db: Db, scope: Scope, charges: ChargeRow[], today: string): Promise<Map<string, PrintedBoleto>> {
  const wanted = charges.filter((c) => isOpen(c) && c.payment_method.includes('boleto')).map((c) => c.id);
  const pages = new Map((await loadBoletoPages(db, scope, wanted, today)).map((p) => [p.charge.id, p]));
  const missing = wanted.filter((id) => !pages.has(id));
  if (!missing.length) return pages;
  try {
    await db.transaction((tx) => ensureChargeBoletos(tx, scope, missing, { today }));
    for (const p of await loadBoletoPages(db, scope, missing, today)) pages.set(p.charge.id, p);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    // All or nothing refused: one by one, keeping those that can have a boleto.
    for (const id of missing) {
      const page = await chargeBoletoPage(db, scope, id, today).catch((e) => (e instanceof DomainError ? null : Promise.reject(e)));
      if (page) pages.set(id, page);
    }
  }
  return pages;
}

/**
 * The facts of these charges that every template may use, on `today`, by charge id. Writes the
 * payer links, unsubscribe tokens and boletos that are missing (each is made once and reused).
 */
export async function chargeFactsMany(
  db: Db,
  scope: Scope,
  chargeIds: string[],
  opts: { today: string; baseUrl: string },
): Promise<Map<string, ChargeFacts>> {
  const charges = await getChargeRows(db, scope, [...new Set(chargeIds)]);
  if (!charges.length) return new Map();
  const ids = charges.map((c) => c.id);
  const [parties, { links, tokens }] = await Promise.all([
    q.chargePartiesMany(db, scope.tenantId, ids).then((rows) => new Map(rows.map((r) => [r.charge_id, r]))),
    db.transaction(async (tx) => ({
      links: await ensureChargeLinks(tx, scope, ids),
      tokens: await q.ensureRecipients(
        tx,
        scope.tenantId,
        [...new Set(charges.map((c) => c.customer_id))].map((id) => ({ id, token: newUnsubscribeToken(scope.tenantId) })),
        scope.now,
      ),
    })),
  ]);
  const open = charges.filter(isOpen);
  const dues = new Map<string, AmountDueBreakdown>();
  for (const [i, b] of (await amountsDueOf(db, scope, open, opts.today)).entries()) dues.set(open[i].id, b);
  const pages = await boletoPages(db, scope, charges, opts.today);
  const out = new Map<string, ChargeFacts>();
  for (const charge of charges) {
    const party = parties.get(charge.id)!;
    const page = pages.get(charge.id) ?? null;
    const due = dues.get(charge.id) ?? null;
    // The boleto's own Pix (bolepix) when it has one; else the charge's static BR Code (no boleto: rare).
    const pix = !isOpen(charge)
      ? ''
      : (page?.doc.pixPayload ??
        (await chargePix(db, scope, charge.id).then(
          (p) => p.payload,
          () => '',
        )));
    const payUrl = payerPageUrl(pathOf(links.get(charge.id)!), opts.baseUrl);
    const unsubscribeUrl = `${opts.baseUrl}/descadastrar/${tokens.get(charge.customer_id)}`;
    const lastPayment = party.last_payment;
    const values = (locale: Locale): Record<string, string> => ({
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
      boleto_linha_digitavel: page?.doc.linhaDigitavelFormatted ?? '',
      link_descadastrar: unsubscribeUrl,
      'pagamento.valor': money(lastPayment?.amount_cents ?? charge.paid_cents, locale),
      'pagamento.data': dateText(lastPayment?.paid_on ?? charge.paid_at?.slice(0, 10)),
      'contrato.numero': party.contract_number === null ? '' : String(party.contract_number),
      'contrato.descricao': party.contract_description ?? '',
    });
    out.set(charge.id, { charge, values, payUrl, unsubscribeUrl, boletoPdf: page ? () => renderPdfBuffer([page.doc]) : null });
  }
  return out;
}

/** The facts of one charge (previews); 404 when it does not exist. */
export async function chargeFacts(db: Db, scope: Scope, chargeId: string, opts: { today: string; baseUrl: string }): Promise<ChargeFacts> {
  const facts = (await chargeFactsMany(db, scope, [chargeId], opts)).get(chargeId);
  if (!facts) throw new DomainError('not_found', 'Charge not found');
  return facts;
}

/** The tenant's template for an event, channel and locale (among its saved ones), or the built-in one. */
export function templateFrom(
  saved: readonly q.TemplateRow[],
  event: NotificationEvent,
  channel: ChannelKind,
  locale: Locale,
): TemplateContent {
  const own = saved.find((t) => t.event === event && t.channel === channel && t.locale === locale);
  return own
    ? { subject: own.subject, body: own.body, html: own.html, whatsapp_template: own.whatsapp_template }
    : defaultTemplate(event, channel, locale);
}

const URL_RE = /(https?:\/\/[^\s<]+)/g;

/** The e-mail layout around a plain-text body: paragraphs, links made clickable, a pay button. */
export function emailHtmlFromText(text: string, opts: { payUrl: string | null; locale: Locale; title: string }): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map(
      (p) =>
        `<p style="margin:0 0 16px">${escapeHtml(p)
          .replace(URL_RE, (u) => `<a href="${u}" style="color:#0b5cad">${u}</a>`)
          .replace(/\n/g, '<br>')}</p>`,
    )
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
export function renderMessage(
  t: TemplateContent,
  channel: ChannelKind,
  locale: Locale,
  values: Record<string, string>,
  payUrl: string | null,
): RenderedMessage {
  const text = renderTemplate(t.body, values).trim();
  if (channel === 'email') {
    const subject = renderTemplate(t.subject ?? '', values)
      .replace(/[\r\n]+/g, ' ')
      .trim();
    const html = t.html ? renderTemplate(t.html, values, { html: true }) : emailHtmlFromText(text, { payUrl, locale, title: subject });
    return { subject, text, html, whatsappTemplate: undefined };
  }
  if (channel === 'whatsapp') {
    const parameters = t.body
      .split('\n')
      .map((line) => renderTemplate(line, values).trim())
      .filter((p) => p !== '');
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
