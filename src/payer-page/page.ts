// What the payer sees, as plain data: a link's tenant, charge (or a customer's open charges), the
// amount due today from the payment-rules engine, the boleto, the Pix and the receipt. Everything
// is read with a Scope built for the link's tenant (the token names it); nothing else is reachable.
import type { Db, Queryable } from '../platform/db/types.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { systemScope, type Scope } from '../platform/scope.ts';
import { displayDocument } from '../platform/documents.ts';
import * as charges from '../charges/charges.ts';
import type { ChargeRow } from '../charges/queries.ts';
import {
  computeAmountDue,
  describeRulesInWords,
  type AmountDueBreakdown,
  type LateChargePolicy,
} from '../payment-rules/calculate/index.ts';
import { resolvePaymentTermsMany, type PaymentTerms } from '../payment-rules/terms.ts';
import { ensureChargeBoleto } from '../boleto/boletos.ts';
import { chargePixOf, liveChargeBoleto, type LiveBoleto } from '../boleto/charge-pix.ts';
import { formatLinhaDigitavel } from '../febraban/index.ts';
import { chargeBoletoPdf, type UpdatedAmounts } from '../boleto/charge-pdf.ts';
import { buildStaticPix, parsePix } from '../pix/index.ts';
import { ensureChargeLinks, pathOf, tenantOfToken } from './links.ts';
import { dataUriOf, presentSettings, type PayerPageSettings } from './settings.ts';
import { localeFor, type Locale } from './i18n.ts';
import * as q from './queries.ts';

/** Pix Automático offered on a charge's page: the QR code of a recurrence awaiting the payer's authorization. */
export type RecurrenceOfferSource = (db: Queryable, tenantId: string, contractId: string) => Promise<{ payload: string } | null>;
let recurrenceOffer: RecurrenceOfferSource | null = null;
/** The PSP capability (above this one) registers where offers come from. */
export function setRecurrenceOfferSource(fn: RecurrenceOfferSource): void {
  recurrenceOffer = fn;
}

export interface PageDeps {
  db: Db;
  clock: Clock;
}

export interface LinkContext {
  link: q.LinkRow & { tenant_id: string };
  scope: Scope;
  tenant: q.TenantFacts;
  today: string;
  /** The page settings, logo and beneficiary, read with the link. */
  facts: q.PageFacts;
}

/** The live link of a token with a scope for its tenant, or null (malformed, unknown, revoked). */
export async function openLink(deps: PageDeps, token: string, requestId?: string): Promise<LinkContext | null> {
  const tenantId = tenantOfToken(token);
  if (!tenantId) return null;
  const facts = await q.pageFacts(deps.db, tenantId, token);
  if (!facts) return null;
  const { tenant } = facts;
  const scope = { ...systemScope(tenant.id, deps.clock.now(), tenant.parent_id ?? tenant.id, tenant.mode), requestId };
  return { link: { ...facts.link, tenant_id: tenantId }, scope, tenant, today: deps.clock.today(), facts };
}

export interface Party {
  name: string;
  document: string | null;
}

export interface Header {
  locale: Locale;
  tenantName: string;
  logo: string | null;
  beneficiary: Party;
  settings: PayerPageSettings;
}

export interface DueToday {
  breakdown: AmountDueBreakdown;
  discountCents: number;
  surchargeCents: number;
  /** The last day the discount of today still applies (null: no discount, or no end). */
  discountUntil: string | null;
  conditions: string[];
}

export interface ChargeView extends Header {
  kind: 'charge';
  token: string;
  today: string;
  payer: Party;
  charge: ChargeRow;
  /** open, partially_paid, overdue (also when past due and not yet swept), paid, cancelled. */
  status: string;
  overdue: boolean;
  payable: boolean;
  due: DueToday;
  boleto: { linha: string; amountCents: number; dueDate: string; secondCopy: boolean } | null;
  pix: { payload: string; amountCents: number } | null;
  /** Pix Automático: the QR code authorizing the contract's next charges, when one awaits the payer. */
  recurrence: { payload: string } | null;
  paidOn: string | null;
}

export interface CustomerView extends Header {
  kind: 'customer';
  today: string;
  payer: Party;
  charges: { number: number; description: string | null; due_date: string; status: string; totalCents: number; path: string }[];
  totalCents: number;
}

export interface ReceiptView extends Header {
  payer: Party;
  charge: ChargeRow;
  token: string;
  payments: { paid_on: string; amount_cents: number; method: string }[];
  paidCents: number;
}

function header(ctx: LinkContext, customer: q.PayerFacts): Header {
  const settings = presentSettings(ctx.facts.settings);
  const logo = dataUriOf(ctx.facts.logo);
  const account = ctx.facts.beneficiary;
  const tenantName = ctx.tenant.trading_name || ctx.tenant.legal_name;
  const beneficiary = account
    ? { name: account.name, document: displayDocument(account.document_kind, account.document) }
    : { name: ctx.tenant.legal_name, document: displayDocument(ctx.tenant.document_kind, ctx.tenant.document) };
  return { locale: localeFor(customer.country), tenantName, logo, beneficiary, settings };
}

const addDays = (iso: string, n: number) => {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

function termsInput(row: ChargeRow, customer: q.PayerFacts) {
  return {
    customerId: row.customer_id,
    contractId: row.contract_id,
    serviceIds: [...new Set(row.lines.map((l) => l.service_id).filter((s): s is string => !!s))],
    chargeLatePolicy: (row.late_policy as LateChargePolicy | null) ?? null,
    customerIsAssociate: customer.associate,
  };
}

const sum = (xs: { amountCents: number }[]) => xs.reduce((s, x) => s + x.amountCents, 0);

/** The amount due today (amountDueOf, as GET /v1/charges/{id}/amount-due), the discount's last day and the terms in words. */
async function dueToday(deps: PageDeps, ctx: LinkContext, row: ChargeRow, customer: q.PayerFacts): Promise<DueToday> {
  // The terms are resolved once; the breakdown is the engine's, exactly as amountDueOf computes it.
  const [terms]: PaymentTerms[] = await resolvePaymentTermsMany(deps.db, ctx.scope.tenantId, [termsInput(row, customer)]);
  const facts = {
    amountCents: row.amount_cents,
    dueDate: row.due_date,
    issueDate: row.issue_date,
    paidCents: row.paid_cents,
    customerIsAssociate: customer.associate,
    customerIsConsumer: customer.person_type === 'PF',
  };
  const breakdown = computeAmountDue(facts, terms.rules, terms.late, ctx.today);
  let discountUntil: string | null = null;
  if (breakdown.discounts.length) {
    // The engine decides: the last day, from today on, on which a discount still applies.
    let day = ctx.today;
    for (let i = 0; i < 400; i++) {
      const next = addDays(day, 1);
      if (!computeAmountDue(facts, terms.rules, terms.late, next).discounts.length) break;
      day = next;
    }
    discountUntil = day >= addDays(ctx.today, 399) ? null : day;
  }
  const conditions = describeRulesInWords(terms.rules, terms.late, row.due_date, {
    amountCents: Math.max(0, row.amount_cents - row.paid_cents),
    customerIsAssociate: customer.associate,
    customerIsConsumer: customer.person_type === 'PF',
  });
  return { breakdown, discountCents: sum(breakdown.discounts), surchargeCents: sum(breakdown.surcharges), discountUntil, conditions };
}

const isDomain = (e: unknown) => e instanceof DomainError;

function displayStatus(row: ChargeRow, today: string): string {
  if (row.status === 'paid' || row.status === 'cancelled') return row.status;
  return today > row.due_date ? 'overdue' : row.status;
}

/** The Pix of the charge for the amount due today (same key, account and txid as GET /v1/charges/{id}/pix). */
async function pixFor(
  ctx: LinkContext,
  deps: PageDeps,
  row: ChargeRow,
  totalCents: number,
  boleto?: LiveBoleto | q.LiveBoletoJson | null,
): Promise<{ payload: string; amountCents: number } | null> {
  if (totalCents <= 0) return null;
  try {
    const pix = await chargePixOf(
      deps.db,
      ctx.scope,
      row,
      boleto === undefined ? await liveChargeBoleto(deps.db, ctx.scope, row.id) : boleto,
    );
    // The PSP's charge asks the amount of the day itself (discounts, fine and interest included).
    if (pix.amount_cents === totalCents || pix.dynamic) return { payload: pix.payload, amountCents: totalCents };
    const p = parsePix(pix.payload);
    return {
      payload: buildStaticPix({
        key: pix.key,
        merchantName: p.merchantName,
        merchantCity: p.merchantCity,
        amountCents: totalCents,
        txid: pix.txid,
      }),
      amountCents: totalCents,
    };
  } catch (e) {
    if (isDomain(e)) return null;
    throw e;
  }
}

interface ChargeState {
  row: ChargeRow;
  customer: q.PayerFacts;
  status: string;
  overdue: boolean;
  payable: boolean;
  due: DueToday;
}

async function chargeState(deps: PageDeps, ctx: LinkContext, chargeId: string): Promise<ChargeState | null> {
  // A charge link's charge and payer came with the link (pageFacts); a customer page reads each.
  const own = ctx.facts.charge?.id === chargeId;
  const row = own
    ? ctx.facts.charge
    : await charges.getChargeRow(deps.db, ctx.scope, chargeId).catch((e) => (isDomain(e) ? null : Promise.reject(e)));
  if (!row) return null;
  const customer =
    own && ctx.facts.payer?.id === row.customer_id ? ctx.facts.payer : await q.customerFacts(deps.db, ctx.scope.tenantId, row.customer_id);
  if (!customer) return null;
  const due = await dueToday(deps, ctx, row, customer);
  const status = displayStatus(row, ctx.today);
  const payable = status !== 'paid' && status !== 'cancelled' && due.breakdown.totalCents > 0;
  return { row, customer, status, overdue: status === 'overdue', payable, due };
}

function updatedAmounts(s: ChargeState): UpdatedAmounts {
  const b = s.due.breakdown;
  return {
    dueTodayCents: b.totalCents,
    fineAndInterestCents: b.fineCents + b.interestCents + s.due.surchargeCents,
    discountCents: s.due.discountCents,
  };
}

/** The page of a charge link. */
export async function chargeView(deps: PageDeps, ctx: LinkContext): Promise<ChargeView | null> {
  const s = await chargeState(deps, ctx, ctx.link.target_id);
  if (!s) return null;
  const head = header(ctx, s.customer);
  let boleto: ChargeView['boleto'] = null;
  // Read first: a write transaction (and, embedded, a sync to disk) only on the view that issues it.
  let live: LiveBoleto | q.LiveBoletoJson | null = !s.payable
    ? null
    : ctx.facts.charge?.id === s.row.id
      ? ctx.facts.boleto
      : await liveChargeBoleto(deps.db, ctx.scope, s.row.id);
  if (s.payable && s.row.payment_method !== 'pix') {
    try {
      live ??= (await deps.db.transaction((tx) => ensureChargeBoleto(tx, ctx.scope, s.row.id, { today: ctx.today }))).boleto;
      boleto = {
        linha: formatLinhaDigitavel(live.linha_digitavel),
        amountCents: Number(live.amount_cents),
        dueDate: live.due_date,
        secondCopy: s.overdue && head.settings.allow_second_copy,
      };
    } catch (e) {
      if (!isDomain(e)) throw e; // no collection account, payer without address, …: no boleto on the page
    }
  }
  const pix = s.payable ? await pixFor(ctx, deps, s.row, s.due.breakdown.totalCents, live) : null;
  const recurrence =
    s.row.contract_id && recurrenceOffer && s.row.status !== 'cancelled'
      ? await recurrenceOffer(deps.db, ctx.scope.tenantId, s.row.contract_id)
      : null;
  return {
    ...head,
    kind: 'charge',
    token: ctx.link.token,
    today: ctx.today,
    payer: { name: s.customer.name, document: displayDocument(s.customer.document_kind, s.customer.document) },
    charge: s.row,
    status: s.status,
    overdue: s.overdue,
    payable: s.payable,
    due: s.due,
    boleto,
    pix,
    recurrence,
    paidOn: s.row.status === 'paid' ? s.row.paid_at : null,
  };
}

/** The page of a customer link: its open charges, each linking to its own charge link. */
export async function customerView(deps: PageDeps, ctx: LinkContext): Promise<CustomerView | null> {
  const customer = await q.customerFacts(deps.db, ctx.scope.tenantId, ctx.link.target_id);
  if (!customer) return null;
  const ids = await q.openChargeIdsOf(deps.db, ctx.scope.tenantId, customer.id);
  const states = (await Promise.all(ids.map((id) => chargeState(deps, ctx, id)))).filter((s): s is ChargeState => !!s && s.payable);
  const tokens = states.length
    ? await deps.db.transaction((tx) =>
        ensureChargeLinks(
          tx,
          ctx.scope,
          states.map((s) => s.row.id),
        ),
      )
    : new Map<string, string>();
  const head = header(ctx, customer);
  const list = states
    .filter((s) => tokens.has(s.row.id))
    .map((s) => ({
      number: s.row.number,
      description: s.row.description,
      due_date: s.row.due_date,
      status: s.status,
      totalCents: s.due.breakdown.totalCents,
      path: pathOf(tokens.get(s.row.id)!),
    }));
  return {
    ...head,
    kind: 'customer',
    today: ctx.today,
    payer: { name: customer.name, document: displayDocument(customer.document_kind, customer.document) },
    charges: list,
    totalCents: list.reduce((t, c) => t + c.totalCents, 0),
  };
}

/** The receipt of a paid charge (null before it is paid). */
export async function receiptView(deps: PageDeps, ctx: LinkContext): Promise<ReceiptView | null> {
  if (ctx.link.kind !== 'charge') return null;
  const row = await charges.getChargeRow(deps.db, ctx.scope, ctx.link.target_id).catch((e) => (isDomain(e) ? null : Promise.reject(e)));
  if (row?.status !== 'paid') return null;
  const customer = await q.customerFacts(deps.db, ctx.scope.tenantId, row.customer_id);
  if (!customer) return null;
  const payments = (await charges.listChargePayments(deps.db, ctx.scope, row.id)).filter((p) => !p.reversed_at);
  const head = header(ctx, customer);
  return {
    ...head,
    token: ctx.link.token,
    payer: { name: customer.name, document: displayDocument(customer.document_kind, customer.document) },
    charge: row,
    payments: payments.map((p) => ({ paid_on: p.paid_on, amount_cents: p.amount_cents, method: p.method })),
    paidCents: payments.reduce((t, p) => t + p.amount_cents, 0),
  };
}

/** The boleto PDF of a charge link: the 2ª via with today's amounts when overdue and the tenant allows it. */
export async function boletoPdfOf(deps: PageDeps, ctx: LinkContext): Promise<{ pdf: Buffer; fileName: string } | null> {
  if (ctx.link.kind !== 'charge') return null;
  const s = await chargeState(deps, ctx, ctx.link.target_id);
  if (!s?.payable || s.row.payment_method === 'pix') return null;
  const second = s.overdue && presentSettings(ctx.facts.settings).allow_second_copy;
  try {
    const pdf = await chargeBoletoPdf(deps.db, ctx.scope, s.row.id, ctx.today, second ? { updated: updatedAmounts(s) } : {});
    return { pdf, fileName: second ? `boleto-${s.row.number}-2a-via.pdf` : `boleto-${s.row.number}.pdf` };
  } catch (e) {
    if (isDomain(e)) return null;
    throw e;
  }
}

/** The Pix payload of a charge link (for the QR code), or null. */
/** The Pix Automático QR code of a charge link's contract, when a recurrence awaits the payer. */
export async function recurrenceOfferOf(deps: PageDeps, ctx: LinkContext): Promise<string | null> {
  if (ctx.link.kind !== 'charge' || !recurrenceOffer) return null;
  const s = await chargeState(deps, ctx, ctx.link.target_id);
  if (!s?.row.contract_id || s.row.status === 'cancelled') return null;
  return (await recurrenceOffer(deps.db, ctx.scope.tenantId, s.row.contract_id))?.payload ?? null;
}

export async function pixOf(deps: PageDeps, ctx: LinkContext): Promise<string | null> {
  if (ctx.link.kind !== 'charge') return null;
  const s = await chargeState(deps, ctx, ctx.link.target_id);
  if (!s?.payable) return null;
  return (await pixFor(ctx, deps, s.row, s.due.breakdown.totalCents))?.payload ?? null;
}
