// Contas a Receber's bulk bar: what the clerk can do with the selected charges — carnê, print the
// boletos, 2ª via with the amount updated to a new due date, cancel, register payments, export,
// send now. Documents show their plan first (which charges go in, which are left out and why);
// writes show a result per charge (one refusal never blocks the others).
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, get, href, post, type ApiBody } from '../api.ts';
import { brl, dateBR, METHOD_LABEL, parseDateBR, parseMoneyBR, STATUS_LABEL, todayBR, todayISO } from '../format.ts';
import { DateInput, ErrorBox, Field, LoadError, Modal, notify, toApiError } from '../ui.tsx';
import { BulkSendModal } from './BulkSend.tsx';
import {
  chargeApiError,
  chargeErrorText,
  isPayable,
  LAYOUT_LABEL,
  postPdf,
  saveDownload,
  SKIP_REASON,
  type PdfDownload,
} from './ChargeDocuments.tsx';

export interface SelectedCharge {
  id: string;
  number: number;
  status: string;
  payment_method: string;
  amount_cents: number;
  paid_cents: number;
  balance_cents: number;
  due_date: string;
}

/** The most charges one bulk action takes (the API's limit). */
export const MAX_SELECTION = 1000;
/** Past this many ids the export asks by filter: a URL of more UUIDs would be refused by the server. */
const MAX_EXPORT_IDS = 350;

type Action = 'carne' | 'print' | 'second-copy' | 'cancel' | 'payments' | 'send';

export function BulkBar({
  charges,
  filters,
  onClear,
  onDone,
}: {
  charges: SelectedCharge[];
  /** The list's filters when the selection is every charge of the filter (the export then asks by filter). */
  filters: Record<string, string | undefined> | null;
  onClear: () => void;
  onDone: () => void;
}) {
  const [action, setActionState] = useState<Action | null>(null);
  // The dialog works on the selection as it was when opened (the list may reload meanwhile).
  const [snapshot, setSnapshot] = useState<SelectedCharge[]>([]);
  const setAction = (a: Action | null) => {
    if (a) setSnapshot(charges);
    setActionState(a);
  };
  const n = charges.length;
  const close = () => setAction(null);
  const finished = () => {
    setAction(null);
    onDone();
  };
  const exportHref =
    filters && n > MAX_EXPORT_IDS
      ? href('/v1/charges/export.xlsx', filters)
      : n <= MAX_EXPORT_IDS
        ? href('/v1/charges/export.xlsx', { ids: charges.map((c) => c.id).join(',') })
        : null;
  return (
    <section className="receivables-bulk" aria-label="Ações com as cobranças selecionadas">
      <strong className="receivables-bulk-count">
        {n === 1 ? '1 cobrança selecionada' : `${n.toLocaleString('pt-BR')} cobranças selecionadas`}
      </strong>
      <div className="receivables-bulk-actions">
        <button type="button" onClick={() => setAction('carne')}>
          Carnê
        </button>
        <button type="button" onClick={() => setAction('print')}>
          Imprimir boletos
        </button>
        <button type="button" onClick={() => setAction('second-copy')}>
          2ª via com valor atualizado
        </button>
        <button type="button" onClick={() => setAction('payments')}>
          Registrar pagamentos
        </button>
        <button type="button" onClick={() => setAction('send')}>
          Enviar agora ({n})
        </button>
        {exportHref ? (
          <a className="button" href={exportHref} download>
            Exportar (Excel)
          </a>
        ) : (
          <button
            type="button"
            onClick={() =>
              notify(
                `Para exportar mais de ${MAX_EXPORT_IDS} cobranças escolhidas uma a uma, use "Selecionar todas do filtro" ou "Baixar como Excel".`,
                'error',
              )
            }
          >
            Exportar (Excel)
          </button>
        )}
        <button type="button" className="danger" onClick={() => setAction('cancel')}>
          Cancelar cobranças
        </button>
        <button type="button" className="link" onClick={onClear}>
          Limpar seleção
        </button>
      </div>
      {(action === 'carne' || action === 'print') && <DocumentsModal kind={action} charges={snapshot} onClose={close} />}
      {action === 'second-copy' && <SecondCopyModal charges={snapshot} onClose={close} />}
      {action === 'cancel' && <BulkCancelModal charges={snapshot} onClose={close} onDone={finished} />}
      {action === 'payments' && <BulkPaymentsModal charges={snapshot} onClose={close} onDone={finished} />}
      {action === 'send' && (
        <BulkSendModal charges={snapshot.map((c) => ({ id: c.id, number: c.number }))} onClose={close} onDone={finished} />
      )}
    </section>
  );
}

interface PlanIncluded {
  charge_id: string;
  number: number;
  amount_cents: number;
  original_cents?: number;
  due_date: string;
}
interface PlanSkipped {
  charge_id: string;
  number: number | null;
  status: string | null;
  reason: string;
}
interface Plan {
  included: PlanIncluded[];
  skipped: PlanSkipped[];
}

function PlanView({ plan, updated }: { plan: Plan; updated?: boolean }) {
  return (
    <div className="receivables-plan" data-plan>
      <p data-plan-summary>
        {plan.included.length === 1 ? '1 boleto entra' : `${plan.included.length} boletos entram`}
        {plan.skipped.length
          ? `; ${plan.skipped.length === 1 ? '1 cobrança fica de fora' : `${plan.skipped.length} cobranças ficam de fora`}`
          : ''}
        .
      </p>
      {plan.skipped.length > 0 && (
        <div className="warning" data-plan-skipped>
          <strong>Ficam de fora:</strong>
          <ul>
            {plan.skipped.map((s) => (
              <li key={s.charge_id}>
                Cobrança nº {s.number ?? '—'} {SKIP_REASON[s.reason] ?? s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.included.length > 0 && (
        <div className="receivables-scroll">
          <table className="grid compact">
            <caption className="sr-only">Boletos que entram no PDF</caption>
            <thead>
              <tr>
                <th scope="col">Nº</th>
                <th scope="col">Vencimento</th>
                {updated && (
                  <th className="num" scope="col">
                    Valor original
                  </th>
                )}
                <th className="num" scope="col">
                  {updated ? 'Valor atualizado' : 'Valor'}
                </th>
              </tr>
            </thead>
            <tbody>
              {plan.included.map((i) => (
                <tr key={i.charge_id} data-plan-charge={i.number}>
                  <td>{i.number}</td>
                  <td>{dateBR(i.due_date)}</td>
                  {updated && <td className="num">{brl(i.original_cents)}</td>}
                  <td className="num">{brl(i.amount_cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function DownloadResult({ done }: { done: PdfDownload }) {
  return (
    <div className="receivables-download" role="status" data-download>
      <p>
        PDF gerado ({Math.max(1, Math.round(done.bytes / 1024))} KB).{' '}
        {done.skippedCount > 0 &&
          `${done.skippedCount === 1 ? '1 cobrança ficou' : `${done.skippedCount} cobranças ficaram`} de fora: nº ${done.skippedNumbers.join(', ')}.`}
      </p>
      <a className="button" href={done.url} download={done.filename}>
        Baixar o PDF novamente
      </a>
    </div>
  );
}

function LayoutSelect({ value, onChange }: { value: 'page' | 'booklet'; onChange: (v: 'page' | 'booklet') => void }) {
  return (
    <Field label="Formato" name="layout">
      <select name="layout" value={value} onChange={(e) => onChange(e.target.value as 'page' | 'booklet')}>
        {(['booklet', 'page'] as const).map((l) => (
          <option key={l} value={l}>
            {LAYOUT_LABEL[l]}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Carnê (layout to choose) or "Imprimir boletos" (one per page): the plan, then the PDF. */
function DocumentsModal({ kind, charges, onClose }: { kind: 'carne' | 'print'; charges: SelectedCharge[]; onClose: () => void }) {
  const ids = useMemo(() => charges.map((c) => c.id), [charges]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [planError, setPlanError] = useState<ApiError | null>(null);
  const [layout, setLayout] = useState<'page' | 'booklet'>(kind === 'carne' ? 'booklet' : 'page');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<PdfDownload | null>(null);
  useEffect(() => {
    post('/v1/boletos/carne/plan', { charge_ids: ids }).then(setPlan, (err) => setPlanError(chargeApiError(toApiError(err))));
  }, [ids]);
  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      const d = await postPdf(
        '/v1/boletos/carne',
        { charge_ids: ids, layout },
        kind === 'carne' ? `carne-${todayISO()}.pdf` : `boletos-${todayISO()}.pdf`,
      );
      setDone(d);
      saveDownload(d);
      notify(kind === 'carne' ? 'Carnê gerado.' : 'Boletos gerados.');
    } catch (err) {
      setError(chargeApiError(toApiError(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={kind === 'carne' ? 'Carnê das cobranças selecionadas' : 'Imprimir boletos'} onClose={onClose} wide>
      {planError && <LoadError error={planError} what="Plano do carnê" />}
      {!plan && !planError && <p>Verificando quais cobranças têm boleto a imprimir…</p>}
      {plan && <PlanView plan={plan} />}
      {kind === 'carne' && <LayoutSelect value={layout} onChange={setLayout} />}
      {kind === 'print' && <p className="muted">Um boleto por página.</p>}
      <ErrorBox error={error} />
      {done && <DownloadResult done={done} />}
      <div className="form-actions">
        <button type="button" className="primary" disabled={busy || !plan || plan.included.length === 0} onClick={generate}>
          {busy ? 'Gerando…' : kind === 'carne' ? 'Gerar carnê (PDF)' : 'Gerar boletos (PDF)'}
        </button>
        <button type="button" onClick={onClose}>
          Fechar
        </button>
      </div>
    </Modal>
  );
}

/** 2ª via: a new due date, the plan with each old and new amount, then the PDF. */
function SecondCopyModal({ charges, onClose }: { charges: SelectedCharge[]; onClose: () => void }) {
  const ids = useMemo(() => charges.map((c) => c.id), [charges]);
  const [date, setDate] = useState(todayBR());
  const [planned, setPlanned] = useState<{ plan: Plan; due: string } | null>(null);
  const [layout, setLayout] = useState<'page' | 'booklet'>('page');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<PdfDownload | null>(null);
  const dueDate = parseDateBR(date);
  const check = async (e: FormEvent) => {
    e.preventDefault();
    if (!dueDate)
      return setError(
        new ApiError(
          400,
          'validation_failed',
          'Data inválida',
          [{ field: 'due_date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' }],
          null,
        ),
      );
    if (dueDate < todayISO())
      return setError(
        new ApiError(
          400,
          'validation_failed',
          'Data inválida',
          [{ field: 'due_date', issue: 'o novo vencimento não pode ser anterior a hoje' }],
          null,
        ),
      );
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setPlanned({ plan: await post('/v1/boletos/second-copy/plan', { charge_ids: ids, due_date: dueDate }), due: dueDate });
    } catch (err) {
      setPlanned(null);
      setError(chargeApiError(toApiError(err)));
    } finally {
      setBusy(false);
    }
  };
  const generate = async () => {
    if (!planned) return;
    setBusy(true);
    setError(null);
    try {
      const d = await postPdf(
        '/v1/boletos/second-copy',
        { charge_ids: ids, due_date: planned.due, layout },
        `segunda-via-${planned.due}.pdf`,
      );
      setDone(d);
      saveDownload(d);
      notify('2ª via gerada.');
    } catch (err) {
      setError(chargeApiError(toApiError(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="2ª via com valor atualizado" onClose={onClose} wide>
      <form className="receivables-inline-form" onSubmit={check}>
        <Field label="Novo vencimento" name="due_date" error={error}>
          <DateInput name="due_date" value={date} onChange={setDate} />
        </Field>
        <button type="submit" disabled={busy}>
          Ver valores
        </button>
      </form>
      <p className="muted">
        Cada boleto sai com o valor devido no novo vencimento: multa e juros até essa data, descontos que ainda valem, menos o que já foi
        pago.
      </p>
      <ErrorBox error={error} fields={['due_date']} />
      {planned && (
        <>
          <p>Valores para pagamento em {dateBR(planned.due)}:</p>
          <PlanView plan={planned.plan} updated />
          <LayoutSelect value={layout} onChange={setLayout} />
        </>
      )}
      {done && <DownloadResult done={done} />}
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={busy || !planned || planned.plan.included.length === 0 || planned.due !== dueDate}
          onClick={generate}
        >
          Gerar 2ª via (PDF)
        </button>
        <button type="button" onClick={onClose}>
          Fechar
        </button>
      </div>
    </Modal>
  );
}

interface BulkResult {
  charge_id: string;
  ok: boolean;
  number: number | null;
  status: string | null;
  error: { code: string; message: string; details: { field?: string; issue: string }[] } | null;
  created?: boolean;
  amount_cents?: number;
}

function ResultsView({
  results,
  numberOf,
  okText,
}: {
  results: BulkResult[];
  numberOf: Map<string, number>;
  okText: (r: BulkResult) => string;
}) {
  const failed = results.filter((r) => !r.ok).length;
  return (
    <div className="receivables-results" data-results role="status">
      <p>
        <strong>
          {results.length - failed} de {results.length} concluída(s)
          {failed ? `; ${failed} recusada(s)` : ''}.
        </strong>
      </p>
      <div className="receivables-scroll">
        <table className="grid compact">
          <caption className="sr-only">Resultado por cobrança</caption>
          <thead>
            <tr>
              <th scope="col">Nº</th>
              <th scope="col">Resultado</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.charge_id} data-result={r.ok ? 'ok' : 'error'} data-result-charge={r.number ?? numberOf.get(r.charge_id) ?? ''}>
                <td>{r.number ?? numberOf.get(r.charge_id) ?? '—'}</td>
                <td className={r.ok ? '' : 'receivables-refused'}>
                  {r.ok ? okText(r) : chargeErrorText(r.error!.code, r.error!.message, r.error!.details)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function BulkCancelModal({ charges, onClose, onDone }: { charges: SelectedCharge[]; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  // One key per dialog: a retry after a lost answer replays the first result instead of cancelling again.
  const [key] = useState(() => crypto.randomUUID());
  const numberOf = useMemo(() => new Map(charges.map((c) => [c.id, c.number])), [charges]);
  const cancellable = charges.filter((c) => c.status !== 'cancelled' && c.status !== 'paid').length;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim())
      return setError(
        new ApiError(400, 'validation_failed', 'Motivo', [{ field: 'reason', issue: 'informe o motivo do cancelamento' }], null),
      );
    setError(null);
    if (!confirming) return setConfirming(true);
    setBusy(true);
    try {
      const r = await post(
        '/v1/charges/bulk-cancel',
        { charge_ids: charges.map((c) => c.id), reason: reason.trim() },
        { idempotencyKey: key },
      );
      setResults(r.results);
      notify(
        `${r.ok_count} cobrança(s) cancelada(s)${r.failed_count ? `; ${r.failed_count} recusada(s)` : ''}.`,
        r.failed_count ? 'error' : 'ok',
      );
    } catch (err) {
      setError(chargeApiError(toApiError(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Cancelar cobranças" onClose={results ? onDone : onClose} wide>
      {results ? (
        <>
          <ResultsView results={results} numberOf={numberOf} okText={() => 'Cancelada'} />
          <div className="form-actions">
            <button type="button" className="primary" onClick={onDone}>
              Concluir
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit}>
          <p className="warning">
            {charges.length} cobrança(s) selecionada(s)
            {cancellable < charges.length ? `; ${charges.length - cancellable} paga(s) ou já cancelada(s) serão recusadas` : ''}. As
            cobranças canceladas ficam no histórico com a situação “Cancelado”.
          </p>
          <ErrorBox error={error} fields={['reason']} />
          <Field label="Motivo do cancelamento" name="reason" error={error}>
            <input
              name="reason"
              value={reason}
              maxLength={500}
              onChange={(e) => {
                setReason(e.target.value);
                setConfirming(false);
              }}
            />
          </Field>
          {confirming && (
            <p className="receivables-confirm" role="alert">
              Confirma o cancelamento de {charges.length} cobrança(s) com o motivo “{reason.trim()}”?
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="danger" disabled={busy}>
              {confirming ? 'Confirmar cancelamento' : `Cancelar ${charges.length} cobrança(s)`}
            </button>
            <button type="button" onClick={onClose}>
              Voltar
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

interface AmountDue {
  total_cents: number;
  fine_cents: number;
  interest_cents: number;
  discounts: { amount_cents: number }[];
}

/** Runs `fn` over items, `limit` at a time (the amounts due of many charges, without flooding the server). */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

const centsText = (c: number) => brl(c).replace('R$ ', '');

function BulkPaymentsModal({ charges, onClose, onDone }: { charges: SelectedCharge[]; onClose: () => void; onDone: () => void }) {
  const payable = useMemo(() => charges.filter(isPayable), [charges]);
  const left = charges.length - payable.length;
  const [date, setDate] = useState(todayBR());
  const [method, setMethod] = useState<ApiBody<'POST', '/v1/charges/bulk-payments'>['payments'][number]['method']>('boleto');
  const [due, setDue] = useState<{ date: string; amounts: Map<string, AmountDue> } | null>(null);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  const numberOf = useMemo(() => new Map(charges.map((c) => [c.id, c.number])), [charges]);
  const paidOn = parseDateBR(date);

  // The amount of each charge is what it asks on the payment date (discounts, fine, interest): read again when the date changes.
  useEffect(() => {
    if (!paidOn || paidOn > todayISO()) return;
    let live = true;
    setLoading(true);
    const dueOf = async (c: SelectedCharge): Promise<AmountDue> => {
      try {
        return await get(`/v1/charges/${c.id}/amount-due`, { date: paidOn });
      } catch {
        // e.g. a date before the charge was issued: its open balance, which the clerk can edit.
        return { total_cents: c.balance_cents, fine_cents: 0, interest_cents: 0, discounts: [] };
      }
    };
    mapLimit(payable, 6, async (c) => [c.id, await dueOf(c)] as const).then(
      (pairs) => {
        if (!live) return;
        const map = new Map(pairs);
        setDue({ date: paidOn, amounts: map });
        setAmounts(Object.fromEntries(pairs.map(([id, a]) => [id, centsText(a.total_cents)])));
        setLoading(false);
      },
      (err) => {
        if (!live) return;
        setError(chargeApiError(toApiError(err)));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [paidOn, payable]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad: { field: string; issue: string }[] = [];
    if (!paidOn) bad.push({ field: 'paid_on', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
    else if (paidOn > todayISO()) bad.push({ field: 'paid_on', issue: 'a data do pagamento não pode ser futura' });
    const items = payable.map((c) => ({ c, cents: parseMoneyBR(amounts[c.id] ?? '') }));
    for (const { c, cents } of items)
      if (cents === null || cents <= 0)
        bad.push({ field: `amount.${c.id}`, issue: `cobrança nº ${c.number}: informe um valor como 1.234,56` });
    if (bad.length) return setError(new ApiError(400, 'validation_failed', 'Verifique os campos', bad, null));
    if (!due || due.date !== paidOn) return;
    setBusy(true);
    setError(null);
    try {
      const r = await post(
        '/v1/charges/bulk-payments',
        { payments: items.map(({ c, cents }) => ({ charge_id: c.id, amount_cents: cents!, paid_on: paidOn!, method })) },
        { idempotencyKey: key },
      );
      setResults(r.results);
      notify(
        `${r.ok_count} pagamento(s) registrado(s)${r.failed_count ? `; ${r.failed_count} recusado(s)` : ''}.`,
        r.failed_count ? 'error' : 'ok',
      );
    } catch (err) {
      setError(chargeApiError(toApiError(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Registrar pagamentos" onClose={results ? onDone : onClose} wide>
      {results ? (
        <>
          <ResultsView
            results={results}
            numberOf={numberOf}
            okText={(r) => `Pagamento de ${brl(r.amount_cents)} registrado — ${STATUS_LABEL[r.status ?? ''] ?? r.status}`}
          />
          <div className="form-actions">
            <button type="button" className="primary" onClick={onDone}>
              Concluir
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit}>
          {left > 0 && (
            <p className="warning">
              {left === 1 ? '1 cobrança paga ou cancelada fica de fora.' : `${left} cobranças pagas ou canceladas ficam de fora.`}
            </p>
          )}
          <div className="receivables-inline-form">
            <Field label="Data do pagamento" name="paid_on" error={error}>
              <DateInput name="paid_on" value={date} onChange={setDate} />
            </Field>
            <Field label="Forma de pagamento" name="method" error={error}>
              <select name="method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
                {['boleto', 'pix', 'transfer', 'cash', 'card', 'other'].map((m) => (
                  <option key={m} value={m}>
                    {METHOD_LABEL[m] ?? m}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <ErrorBox error={error} fields={['paid_on', 'method']} />
          {payable.length === 0 ? (
            <p>Nenhuma das cobranças selecionadas está em aberto.</p>
          ) : loading || !due ? (
            <p>Calculando o valor devido de cada cobrança na data do pagamento…</p>
          ) : (
            <div className="receivables-scroll">
              <table className="grid compact" data-payments-plan>
                <caption className="sr-only">Valor a registrar por cobrança</caption>
                <thead>
                  <tr>
                    <th scope="col">Nº</th>
                    <th scope="col">Vencimento</th>
                    <th className="num" scope="col">
                      Valor
                    </th>
                    <th className="num" scope="col">
                      Devido em {dateBR(due.date)}
                    </th>
                    <th scope="col">Valor pago (R$)</th>
                  </tr>
                </thead>
                <tbody>
                  {payable.map((c) => {
                    const a = due.amounts.get(c.id)!;
                    return (
                      <tr key={c.id} data-pay-charge={c.number}>
                        <td>{c.number}</td>
                        <td>{dateBR(c.due_date)}</td>
                        <td className="num">{brl(c.amount_cents)}</td>
                        <td className="num">
                          {brl(a.total_cents)}
                          {(a.fine_cents > 0 || a.interest_cents > 0) && <small className="muted"> (multa e juros)</small>}
                          {a.discounts.length > 0 && <small className="muted"> (com desconto)</small>}
                        </td>
                        <td>
                          <input
                            className="receivables-amount"
                            aria-label={`Valor pago da cobrança ${c.number}`}
                            name={`amount.${c.id}`}
                            inputMode="decimal"
                            value={amounts[c.id] ?? ''}
                            onChange={(e) => setAmounts({ ...amounts, [c.id]: e.target.value })}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy || loading || !due || payable.length === 0}>
              Registrar {payable.length} pagamento(s)
            </button>
            <button type="button" onClick={onClose}>
              Voltar
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
