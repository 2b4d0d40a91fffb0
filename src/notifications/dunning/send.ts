// What a clerk does by hand with the schedule: send a step now to chosen charges, see a charge's
// steps (taken and upcoming), and list the charges flagged for protest / credit bureau.
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Scope } from '../../platform/scope.ts';
import { recordEvent } from '../../platform/events.ts';
import { businessDate } from '../../platform/clock.ts';
import { formatDateBR } from '../../platform/dates.ts';
import { getChargeRow } from '../../charges/charges.ts';
import { queueMessages } from '../queue.ts';
import * as q from './queries.ts';
import { effectiveFor, presentEffective } from './schedules.ts';
import { plannedSteps } from './steps.ts';
import type { ChargeDunning, Flag, SendInput, SendResult } from './schemas.ts';

const OPEN = new Set(['open', 'partially_paid', 'overdue']);

/**
 * Queues `event` on `channels` now for each charge (one step key `manual:<id>` per request).
 * A charge that does not exist, is paid or is cancelled is listed with its problem; the others go.
 * A clerk's send ignores quiet hours (it is explicit) but honours the payer's unsubscribe for
 * reminders (reminder, due_today, overdue: LGPD); charge_created is the charge itself and goes anyway.
 */
export async function sendStepNow(tx: Tx, scope: Scope, input: SendInput): Promise<SendResult> {
  const stepKey = `manual:${uuidv7()}`;
  const ids = [...new Set(input.charge_ids.map((id) => id.toLowerCase()))];
  const found = new Map((await q.chargesByIds(tx, scope.tenantId, ids, { forUpdate: true })).map((c) => [c.id, c]));
  const problems = new Map<string, string>();
  const sendable: q.DunningCharge[] = [];
  for (const id of ids) {
    const c = found.get(id);
    if (!c) problems.set(id, 'not found');
    else if (c.status === 'paid') problems.set(id, 'the charge is paid');
    else if (c.status === 'cancelled') problems.set(id, 'the charge is cancelled');
    else if (!OPEN.has(c.status)) problems.set(id, `the charge is ${c.status}`);
    else sendable.push(c);
  }
  const channels = [...new Set(input.channels)];
  const honoursOptOut = input.event !== 'charge_created';
  const totals = await queueMessages(
    tx,
    scope,
    sendable.map((c) => ({ chargeId: c.id, stepKey, event: input.event, channels, honoursOptOut })),
    { notBefore: scope.now },
  );
  const counts = sendable.length
    ? await q.messageCountsByCharge(tx, scope.tenantId, stepKey)
    : new Map<string, { queued: number; skipped: number }>();
  const today = businessDate(scope.now);
  for (const c of sendable) {
    const n = counts.get(c.id) ?? { queued: 0, skipped: 0 };
    if (n.queued === 0 && n.skipped === 0) problems.set(c.id, 'nothing queued: none of the chosen channels is active');
    const outcome = n.queued > 0 ? 'queued' : 'not_sent';
    const detail = { manual: true, event: input.event, channels, queued: n.queued, skipped: n.skipped };
    await q.claimStepRun(
      tx,
      scope.tenantId,
      { charge_id: c.id, step_key: stepKey, schedule_id: null, action: 'notify', step_date: today, outcome, detail },
      scope.now,
    );
    await recordEvent(tx, scope, {
      type: 'charge.dunning_step',
      resourceType: 'charge',
      resourceId: c.id,
      data: {
        step_key: stepKey,
        action: 'notify',
        offset_days: null,
        event: input.event,
        channels,
        outcome,
        step_date: today,
        manual: true,
        queued: n.queued,
        skipped: n.skipped,
      },
    });
  }
  return {
    step_key: stepKey,
    queued: totals.queued,
    skipped: totals.skipped,
    existing: totals.existing,
    charges: ids.map((id) => {
      const n = counts.get(id) ?? { queued: 0, skipped: 0 };
      return { charge_id: id, queued: n.queued, skipped: n.skipped, problem: problems.get(id) ?? null };
    }),
  };
}

/** A charge's steps: those taken, the schedule that applies (and from where), and those to come with their dates. */
export async function chargeDunning(db: Queryable, scope: Scope, ref: string, today: string): Promise<ChargeDunning> {
  const row = await getChargeRow(db, scope, ref);
  const [charge] = await q.chargesByIds(db, scope.tenantId, [row.id]);
  if (!charge) throw notFound('Charge');
  const eff = await effectiveFor(db, scope, charge);
  const runs = await q.stepRunsOf(db, scope.tenantId, charge.id);
  const taken = new Set(runs.map((r) => r.step_key));
  const country = await q.tenantCountry(db, scope.tenantId);
  const upcoming =
    OPEN.has(charge.status) && !eff.paused
      ? plannedSteps(eff.schedule, charge, country)
          .filter((s) => s.date >= today && !taken.has(s.key))
          .map((s) => ({
            key: s.key,
            offset_days: s.step.offset_days,
            action: s.step.action,
            event: s.step.event ?? null,
            channels: [...s.step.channels],
            date: s.date,
          }))
      : [];
  return {
    charge_id: charge.id,
    status: charge.status,
    due_date: charge.due_date,
    effective: presentEffective(eff),
    runs: runs.map((r) => ({
      step_key: r.step_key,
      action: r.action,
      step_date: r.step_date,
      outcome: r.outcome,
      detail: r.detail,
      schedule_id: r.schedule_id,
      created_at: r.created_at,
    })),
    upcoming,
  };
}

export async function listFlags(db: Queryable, scope: Scope, paging: { page?: number; page_size?: number }) {
  const page = paging.page ?? 1;
  const size = paging.page_size ?? 20;
  const { rows, total } = await q.listFlags(db, scope.tenantId, size, (page - 1) * size);
  return { data: rows as Flag[], page, page_size: size, total, has_more: page * size < total };
}

const CSV_HEADERS = [
  'Cobrança nº',
  'Pagador',
  'Tipo de documento',
  'CPF/CNPJ',
  'Valor original (R$)',
  'Saldo em aberto (R$)',
  'Vencimento',
  'Situação',
  'Sinalizada em',
];

function csvCell(v: string): string {
  // A leading =, +, - or @ would be a formula in a spreadsheet: quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[;"\n\r]/.test(safe) || safe !== v ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const reais = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

/** Every flagged charge as CSV (`;`, pt-BR headers and numbers, CRLF), for a credit bureau or a cartório. */
export async function flagsCsv(db: Queryable, scope: Scope): Promise<string> {
  const lines = [CSV_HEADERS.join(';')];
  for (let offset = 0; ; offset += 1000) {
    const { rows } = await q.listFlags(db, scope.tenantId, 1000, offset);
    for (const f of rows) {
      lines.push(
        [
          String(f.charge_number),
          f.customer_name,
          (f.customer_document_kind ?? '').toUpperCase(),
          f.customer_document ?? '',
          reais(f.amount_cents),
          reais(f.balance_cents),
          formatDateBR(f.due_date),
          f.status,
          businessDate(new Date(f.flagged_at)).split('-').reverse().join('/'),
        ]
          .map(csvCell)
          .join(';'),
      );
    }
    if (rows.length < 1000) break;
  }
  return lines.join('\r\n') + '\r\n';
}
