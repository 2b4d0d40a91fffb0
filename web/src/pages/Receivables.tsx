// Contas a Receber: the charges of a filter, each one's documents and actions, and the bulk actions
// on a selection (a page, or every charge of the filter up to MAX_SELECTION).
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, href, post, type ApiBody } from '../api.ts';
import { brl, dateBR, METHOD_LABEL, parseDateBR, parseMoneyBR, STATUS_LABEL, todayBR } from '../format.ts';
import { Link, navigate, setQuery, useLocation } from '../router.tsx';
import {
  CustomerPicker,
  DateInput,
  ErrorBox,
  Field,
  LoadError,
  Modal,
  Pager,
  StatusBadge,
  notify,
  toApiError,
  useAsync,
  type CustomerLite,
  EmptyRow,
} from '../ui.tsx';
import { BulkBar, MAX_SELECTION, type SelectedCharge } from '../components/BulkActions.tsx';
import { boletoHref, chargeApiError, offersBoleto, offersReceipt, receiptHref } from '../components/ChargeDocuments.tsx';
import { SavedFilters } from '../components/SavedFilters.tsx';
import './receivables.css';

export interface Charge {
  id: string;
  number: number;
  customer_id: string;
  contract_id: string | null;
  description: string | null;
  amount_cents: number;
  paid_cents: number;
  balance_cents: number;
  issue_date: string;
  due_date: string;
  status: string;
  payment_method: string;
  period_start: string | null;
  period_end: string | null;
  cancel_reason: string | null;
}

const PAGE_SIZE = 20;

const pick = (c: Charge): SelectedCharge => ({
  id: c.id,
  number: c.number,
  status: c.status,
  payment_method: c.payment_method,
  amount_cents: c.amount_cents,
  paid_cents: c.paid_cents,
  balance_cents: c.balance_cents,
  due_date: c.due_date,
});

export function ReceivablesPage() {
  const { query } = useLocation();
  const status = query.get('situacao') ?? '';
  const customerId = query.get('cliente') ?? '';
  const dueFrom = query.get('de') ?? '';
  const dueTo = query.get('ate') ?? '';
  const page = Number(query.get('pagina') ?? 1);
  const [from, setFrom] = useState(dateBR(dueFrom) === '—' ? '' : dateBR(dueFrom));
  const [to, setTo] = useState(dateBR(dueTo) === '—' ? '' : dateBR(dueTo));
  const [customer, setCustomer] = useState<CustomerLite | null>(null);
  const [filterError, setFilterError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<Map<string, SelectedCharge>>(new Map());
  /** The filter whose every charge is selected (the export then asks by filter), or null. */
  const [wholeFilter, setWholeFilter] = useState<string | null>(null);
  const [selectingAll, setSelectingAll] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: fetches when the filter's customer changes, not when the fetched one arrives
  useEffect(() => {
    if (customerId && customer?.id !== customerId) get(`/v1/customers/${customerId}`).then(setCustomer, () => setCustomer(null));
    if (!customerId) setCustomer(null);
  }, [customerId]);
  useEffect(() => {
    setFrom(dateBR(dueFrom) === '—' ? '' : dateBR(dueFrom));
    setTo(dateBR(dueTo) === '—' ? '' : dateBR(dueTo));
  }, [dueFrom, dueTo]);

  const filters = {
    status: status || undefined,
    customer_id: customerId || undefined,
    due_from: dueFrom || undefined,
    due_to: dueTo || undefined,
  };
  const filterKey = JSON.stringify(filters);
  const list = useAsync(
    () => get('/v1/charges', { ...filters, page, page_size: PAGE_SIZE, include_total: true, sort: 'due_date' }),
    [status, customerId, dueFrom, dueTo, page],
  );
  const names = useCustomerNames(list.data?.data ?? []);

  const applyDates = (e: FormEvent) => {
    e.preventDefault();
    const f = from.trim() ? parseDateBR(from) : '';
    const t = to.trim() ? parseDateBR(to) : '';
    const bad = [];
    if (f === null) bad.push({ field: 'due_from', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
    if (t === null) bad.push({ field: 'due_to', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
    if (bad.length) return setFilterError(new ApiError(400, 'validation_failed', 'Datas inválidas', bad, null));
    setFilterError(null);
    setQuery({ de: f, ate: t, pagina: null });
  };

  const rows = list.data?.data ?? [];
  const total = list.data?.total ?? null;
  const pageTotals = rows.reduce(
    (acc, c) => ({
      amount: acc.amount + c.amount_cents,
      paid: acc.paid + c.paid_cents,
      balance: acc.balance + (c.status === 'cancelled' ? 0 : c.balance_cents),
    }),
    { amount: 0, paid: 0, balance: 0 },
  );

  const select = (charges: Charge[], on: boolean) => {
    const next = new Map(selected);
    for (const c of charges) {
      if (on) next.set(c.id, pick(c));
      else next.delete(c.id);
    }
    if (next.size > MAX_SELECTION)
      return notify(`Uma ação em lote aceita até ${MAX_SELECTION.toLocaleString('pt-BR')} cobranças.`, 'error');
    setSelected(next);
    setWholeFilter(null);
  };

  // Every charge of the filter, read page by page from the list API, up to MAX_SELECTION.
  const selectAllOfFilter = async () => {
    setSelectingAll(true);
    try {
      const next = new Map<string, SelectedCharge>();
      let capped = false;
      for (let p = 1; ; p++) {
        const pg = await get('/v1/charges', { ...filters, page: p, page_size: 100, sort: 'due_date' });
        for (const c of pg.data) {
          if (next.size >= MAX_SELECTION) {
            capped = true;
            break;
          }
          next.set(c.id, pick(c));
        }
        if (capped || !pg.has_more) break;
      }
      setSelected(next);
      setWholeFilter(capped ? null : filterKey);
      notify(
        capped
          ? `Selecionadas as primeiras ${MAX_SELECTION.toLocaleString('pt-BR')} cobranças do filtro (limite de uma ação em lote).`
          : `${next.size.toLocaleString('pt-BR')} cobrança(s) do filtro selecionada(s).`,
        capped ? 'error' : 'ok',
      );
    } catch (err) {
      notify(toApiError(err).message, 'error');
    } finally {
      setSelectingAll(false);
    }
  };

  const filterQuery = (() => {
    const q = new URLSearchParams(query);
    q.delete('pagina');
    return q.toString();
  })();

  return (
    <div className="receivables">
      <div className="page-head">
        <h1>Contas a Receber</h1>
        <div className="spacer" />
        <a className="button" href={href('/v1/charges/export.xlsx', filters)} download>
          Baixar como Excel
        </a>
      </div>
      <form className="filters receivables-filters" onSubmit={applyDates} aria-label="Filtros de cobranças">
        <Field label="Situação" name="status">
          <select name="status" value={status} onChange={(e) => setQuery({ situacao: e.target.value || null, pagina: null })}>
            <option value="">Todas as situações</option>
            {['open', 'overdue', 'partially_paid', 'paid', 'cancelled'].map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Vencimento de" name="due_from" error={filterError}>
          <DateInput name="due_from" value={from} onChange={setFrom} />
        </Field>
        <Field label="até" name="due_to" error={filterError}>
          <DateInput name="due_to" value={to} onChange={setTo} />
        </Field>
        <button type="submit">Filtrar</button>
        <div className="customer-filter">
          <Field label="Cliente" name="customer_id">
            <CustomerPicker value={customer} onChange={(c) => setQuery({ cliente: c?.id ?? null, pagina: null })} />
          </Field>
        </div>
      </form>
      <SavedFilters
        screen="contas-a-receber"
        query={filterQuery}
        onApply={(q) => navigate('/contas-a-receber' + (q ? `?${q}` : ''), true)}
      />
      {list.error && <LoadError error={list.error} what="Cobranças" />}
      {list.data && (
        <>
          <div className="totals">
            <span>
              Total da página: <strong>{brl(pageTotals.amount)}</strong>
            </span>
            <span>
              Recebido: <strong>{brl(pageTotals.paid)}</strong>
            </span>
            <span>
              Saldo a receber: <strong>{brl(pageTotals.balance)}</strong>
            </span>
            <span>{total !== null ? `${total} cobrança(s) no filtro` : ''}</span>
          </div>
          {total !== null && total > rows.length && !(wholeFilter === filterKey && selected.size === total) && (
            <p className="receivables-select-all">
              <button type="button" className="link" onClick={selectAllOfFilter} disabled={selectingAll}>
                {selectingAll ? 'Selecionando…' : `Selecionar todas as ${Math.min(total, MAX_SELECTION).toLocaleString('pt-BR')} do filtro`}
              </button>
              {total > MAX_SELECTION && (
                <small className="muted"> (limite de {MAX_SELECTION.toLocaleString('pt-BR')} por ação em lote)</small>
              )}
            </p>
          )}
          {selected.size > 0 && (
            <BulkBar
              charges={[...selected.values()]}
              filters={wholeFilter === filterKey ? filters : null}
              onClear={() => {
                setSelected(new Map());
                setWholeFilter(null);
              }}
              onDone={() => {
                setSelected(new Map());
                setWholeFilter(null);
                list.reload();
              }}
            />
          )}
          <ChargesTable charges={rows} customers={names} onChanged={list.reload} selected={selected} onSelect={select} />
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            hasMore={list.data.has_more}
            onPage={(p) => setQuery({ pagina: p })}
          />
        </>
      )}
    </div>
  );
}

/** Names of the customers of a page of charges (one request per distinct customer, cached). */
const nameCache = new Map<string, string>();
function useCustomerNames(charges: Charge[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const ids = [...new Set(charges.map((c) => c.customer_id))];
  const key = ids.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `ids`, a new array every render
  useEffect(() => {
    let live = true;
    Promise.all(
      ids.map(async (id) => {
        if (!nameCache.has(id)) {
          try {
            nameCache.set(id, (await get(`/v1/customers/${id}`)).name);
          } catch {
            nameCache.set(id, '—');
          }
        }
        return [id, nameCache.get(id)!] as const;
      }),
    ).then((pairs) => live && setNames(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

export function ChargesTable({
  charges,
  customers,
  onChanged,
  selected,
  onSelect,
}: {
  charges: Charge[];
  customers: Record<string, string>;
  onChanged: () => void;
  /** With both: a checkbox per row and one for the page (Contas a Receber's bulk actions). */
  selected?: Map<string, unknown>;
  onSelect?: (charges: Charge[], on: boolean) => void;
}) {
  const selectable = !!(selected && onSelect);
  const [paying, setPaying] = useState<Charge | null>(null);
  const [cancelling, setCancelling] = useState<Charge | null>(null);
  const copyPix = async (c: Charge) => {
    try {
      const pix = await get(`/v1/charges/${c.id}/pix`);
      const code = pix.payload;
      await navigator.clipboard.writeText(code).catch(() => undefined);
      notify('Código PIX copiado: ' + code.slice(0, 40) + '…');
    } catch (err) {
      notify(toApiError(err).message, 'error');
    }
  };
  return (
    <>
      <table className="grid charges receivables-table">
        <thead>
          <tr>
            {selectable && (
              <th scope="col" className="receivables-check-all">
                {/* On a phone the header row is hidden above the cards but for this cell, which then reads
                    "Todas da página" (CSS text, so the cards' column labels stay empty for this column). */}
                <input
                  type="checkbox"
                  aria-label="Selecionar todas as cobranças da página"
                  checked={charges.length > 0 && charges.every((c) => selected!.has(c.id))}
                  disabled={charges.length === 0}
                  onChange={(e) => onSelect!(charges, e.target.checked)}
                />
              </th>
            )}
            <th scope="col">Nº</th>
            <th scope="col">Cliente</th>
            <th scope="col">Descrição</th>
            <th scope="col">Emissão</th>
            <th scope="col">Vencimento</th>
            <th className="num" scope="col">
              Valor
            </th>
            <th className="num" scope="col">
              Pago
            </th>
            <th scope="col">Situação</th>
            <th scope="col">
              <span className="sr-only">Ações</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {charges.length === 0 && <EmptyRow colSpan={selectable ? 10 : 9}>Nenhuma cobrança encontrada.</EmptyRow>}
          {charges.map((c) => (
            <tr key={c.id} data-charge={c.number}>
              {selectable && (
                <td className="receivables-check">
                  <input
                    type="checkbox"
                    aria-label={`Selecionar cobrança ${c.number}`}
                    checked={selected!.has(c.id)}
                    onChange={(e) => onSelect!([c], e.target.checked)}
                  />
                </td>
              )}
              <td data-label="Nº">
                <Link to={`/contas-a-receber/${c.id}`} aria-label={`Abrir cobrança nº ${c.number}`}>
                  {c.number}
                </Link>
              </td>
              <td data-label="Cliente">
                <Link to={`/clientes/${c.customer_id}?aba=cobrancas`}>{customers[c.customer_id] ?? '…'}</Link>
              </td>
              <td data-label="Descrição">
                {c.description ?? ''}
                {c.period_start && !c.description && (
                  <small className="muted">
                    {' '}
                    ({dateBR(c.period_start)} a {dateBR(c.period_end)})
                  </small>
                )}
              </td>
              <td data-label="Emissão">{dateBR(c.issue_date)}</td>
              <td data-label="Vencimento">{dateBR(c.due_date)}</td>
              <td data-label="Valor" className="num">
                {brl(c.amount_cents)}
              </td>
              <td data-label="Pago" className="num">
                {brl(c.paid_cents)}
              </td>
              <td data-label="Situação">
                <StatusBadge status={c.status} labels={STATUS_LABEL} />
              </td>
              <td className="actions">
                {offersBoleto(c) && (
                  <a href={boletoHref(c.id)} target="_blank" rel="noopener" aria-label={`Boleto da cobrança ${c.number}`}>
                    Boleto
                  </a>
                )}
                {offersReceipt(c) && (
                  <a href={receiptHref(c.id)} target="_blank" rel="noopener" aria-label={`Recibo da cobrança ${c.number}`}>
                    Recibo
                  </a>
                )}
                {c.status !== 'cancelled' && c.status !== 'paid' && c.payment_method !== 'boleto' && (
                  <button type="button" className="link" onClick={() => copyPix(c)}>
                    Copiar PIX
                  </button>
                )}
                {(c.status === 'open' || c.status === 'overdue' || c.status === 'partially_paid') && (
                  <>
                    <button type="button" className="link" onClick={() => setPaying(c)}>
                      Registrar pagamento
                    </button>
                    <button type="button" className="link danger" onClick={() => setCancelling(c)}>
                      Cancelar
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {paying && (
        <PaymentModal
          charge={paying}
          onClose={() => setPaying(null)}
          onDone={() => {
            setPaying(null);
            onChanged();
          }}
        />
      )}
      {cancelling && (
        <CancelChargeModal
          charge={cancelling}
          onClose={() => setCancelling(null)}
          onDone={() => {
            setCancelling(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

export function PaymentModal({ charge, onClose, onDone }: { charge: Charge; onClose: () => void; onDone: () => void }) {
  const [amount, setAmount] = useState(brl(charge.balance_cents).replace('R$ ', ''));
  const [fee, setFee] = useState('');
  const [date, setDate] = useState(todayBR());
  const [method, setMethod] = useState<ApiBody<'POST', '/v1/charges/{id}/payments'>['method']>(
    charge.payment_method === 'pix' ? 'pix' : 'boleto',
  );
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per modal: a retry after a network failure is never counted twice.
  const [key] = useState(() => crypto.randomUUID());
  return (
    <Modal title={`Registrar pagamento — cobrança nº ${charge.number}`} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const cents = parseMoneyBR(amount);
          const feeCents = fee.trim() ? parseMoneyBR(fee) : 0;
          const paidOn = parseDateBR(date);
          const bad = [];
          if (cents === null || cents <= 0) bad.push({ field: 'amount_cents', issue: 'informe um valor como 1.234,56' });
          if (feeCents === null) bad.push({ field: 'fee_cents', issue: 'informe um valor como 1,50' });
          if (!paidOn) bad.push({ field: 'paid_on', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
          if (bad.length) return setError(new ApiError(400, 'validation_failed', 'Verifique os campos', bad, null));
          setBusy(true);
          setError(null);
          try {
            await post(
              `/v1/charges/${charge.id}/payments`,
              {
                amount_cents: cents!,
                fee_cents: feeCents ?? 0,
                paid_on: paidOn!,
                method,
                ...(notes.trim() ? { notes: notes.trim() } : {}),
              },
              { idempotencyKey: key },
            );
            notify('Pagamento registrado.');
            onDone();
          } catch (err) {
            setError(chargeApiError(toApiError(err)));
          } finally {
            setBusy(false);
          }
        }}
      >
        <p>
          Valor {brl(charge.amount_cents)}, saldo {brl(charge.balance_cents)}, vencimento {dateBR(charge.due_date)}.
        </p>
        <ErrorBox error={error} fields={['amount_cents', 'fee_cents', 'paid_on', 'method', 'notes']} />
        <Field label="Valor pago (R$)" name="amount_cents" error={error}>
          <input name="amount" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <Field label="Tarifa (R$)" name="fee_cents" error={error}>
          <input name="fee" value={fee} onChange={(e) => setFee(e.target.value)} placeholder="0,00" />
        </Field>
        <Field label="Data do pagamento" name="paid_on" error={error}>
          <DateInput name="paid_on" value={date} onChange={setDate} />
        </Field>
        <Field label="Forma" name="method" error={error}>
          <select name="method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            {['boleto', 'pix', 'transfer', 'cash', 'card', 'other'].map((m) => (
              <option key={m} value={m}>
                {METHOD_LABEL[m]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Observações" name="notes" error={error}>
          <input name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Registrar
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function CancelChargeModal({ charge, onClose, onDone }: { charge: Charge; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <Modal title={`Cancelar cobrança nº ${charge.number}`} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!reason.trim())
            return setError(
              new ApiError(400, 'validation_failed', 'Motivo', [{ field: 'reason', issue: 'informe o motivo do cancelamento' }], null),
            );
          try {
            await post(`/v1/charges/${charge.id}/cancel`, { reason: reason.trim() });
            notify('Cobrança cancelada.');
            onDone();
          } catch (err) {
            setError(chargeApiError(toApiError(err)));
          }
        }}
      >
        <p className="warning">A cobrança fica no histórico com a situação “Cancelado”.</p>
        <ErrorBox error={error} fields={['reason']} />
        <Field label="Motivo" name="reason" error={error}>
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="danger">
            Cancelar cobrança
          </button>
        </div>
      </form>
    </Modal>
  );
}
