import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, href, post, type Page } from '../api.ts';
import { brl, dateBR, METHOD_LABEL, parseDateBR, parseMoneyBR, STATUS_LABEL, todayBR } from '../format.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { BulkSendModal } from '../components/BulkSend.tsx';
import { CustomerPicker, DateInput, ErrorBox, Field, LoadError, Modal, Pager, StatusBadge, notify, toApiError, useAsync, type CustomerLite, EmptyRow } from '../ui.tsx';

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
  const [selected, setSelected] = useState<Map<string, number>>(new Map());
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (customerId && customer?.id !== customerId) get<CustomerLite>(`/v1/customers/${customerId}`).then(setCustomer, () => setCustomer(null));
    if (!customerId) setCustomer(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [customerId]);

  const filters = { status: status || undefined, customer_id: customerId || undefined, due_from: dueFrom || undefined, due_to: dueTo || undefined };
  const list = useAsync(() => get<Page<Charge>>('/v1/charges', { ...filters, page, page_size: PAGE_SIZE, include_total: true, sort: 'due_date' }), [status, customerId, dueFrom, dueTo, page]);
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
  const pageTotals = rows.reduce((acc, c) => ({ amount: acc.amount + c.amount_cents, paid: acc.paid + c.paid_cents, balance: acc.balance + (c.status === 'cancelled' ? 0 : c.balance_cents) }), { amount: 0, paid: 0, balance: 0 });

  return (
    <div>
      <div className="page-head">
        <h1>Contas a Receber</h1>
        <div className="spacer" />
        <button type="button" disabled={selected.size === 0} onClick={() => setSending(true)}>
          Enviar agora{selected.size ? ` (${selected.size})` : ''}
        </button>
        <a className="button" href={href('/v1/charges/export.xlsx', filters)} download>
          Baixar como Excel
        </a>
      </div>
      <form className="filters" onSubmit={applyDates}>
        <select name="status" value={status} onChange={(e) => setQuery({ situacao: e.target.value || null, pagina: null })} aria-label="Situação">
          <option value="">Todas as situações</option>
          {['open', 'overdue', 'partially_paid', 'paid', 'cancelled'].map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
        <Field label="Vencimento de" name="due_from" error={filterError}>
          <DateInput name="due_from" value={from} onChange={setFrom} />
        </Field>
        <Field label="até" name="due_to" error={filterError}>
          <DateInput name="due_to" value={to} onChange={setTo} />
        </Field>
        <button type="submit">Filtrar</button>
        <div className="customer-filter">
          <CustomerPicker value={customer} onChange={(c) => setQuery({ cliente: c?.id ?? null, pagina: null })} />
        </div>
      </form>
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
            <span>{list.data.total !== null ? `${list.data.total} cobrança(s) no filtro` : ''}</span>
          </div>
          <ChargesTable
            charges={rows}
            customers={names}
            onChanged={list.reload}
            selected={selected}
            onSelect={(c, on) => {
              const next = new Map(selected);
              if (on) next.set(c.id, c.number);
              else next.delete(c.id);
              setSelected(next);
            }}
          />
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} hasMore={list.data.has_more} onPage={(p) => setQuery({ pagina: p })} />
        </>
      )}
      {sending && (
        <BulkSendModal
          charges={[...selected].map(([id, number]) => ({ id, number }))}
          onClose={() => setSending(false)}
          onDone={() => {
            setSending(false);
            setSelected(new Map());
            list.reload();
          }}
        />
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
  useEffect(() => {
    let live = true;
    Promise.all(
      ids.map(async (id) => {
        if (!nameCache.has(id)) {
          try {
            nameCache.set(id, (await get<{ name: string }>(`/v1/customers/${id}`)).name);
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
    // eslint-disable-next-line react-hooks/exhaustive-deps
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
  /** With both: a checkbox per row (Contas a Receber → "Enviar agora"). */
  selected?: Map<string, number>;
  onSelect?: (c: Charge, on: boolean) => void;
}) {
  const selectable = !!(selected && onSelect);
  const [paying, setPaying] = useState<Charge | null>(null);
  const [cancelling, setCancelling] = useState<Charge | null>(null);
  const copyPix = async (c: Charge) => {
    try {
      const pix = await get<{ payload: string }>(`/v1/charges/${c.id}/pix`);
      const code = pix.payload;
      await navigator.clipboard.writeText(code).catch(() => undefined);
      notify('Código PIX copiado: ' + code.slice(0, 40) + '…');
    } catch (err) {
      notify(toApiError(err).message, 'error');
    }
  };
  return (
    <>
      <table className="grid charges">
        <thead>
          <tr>
            {selectable && (
              <th>
                <span className="sr-only">Selecionar</span>
              </th>
            )}
            <th>Nº</th>
            <th>Cliente</th>
            <th>Descrição</th>
            <th>Emissão</th>
            <th>Vencimento</th>
            <th className="num">Valor</th>
            <th className="num">Pago</th>
            <th>Situação</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {charges.length === 0 && (
            <EmptyRow colSpan={selectable ? 10 : 9}>Nenhuma cobrança encontrada.</EmptyRow>
          )}
          {charges.map((c) => (
            <tr key={c.id} data-charge={c.number}>
              {selectable && (
                <td>
                  <input type="checkbox" aria-label={`Selecionar cobrança ${c.number}`} checked={selected!.has(c.id)} onChange={(e) => onSelect!(c, e.target.checked)} />
                </td>
              )}
              <td>
                <Link to={`/contas-a-receber/${c.id}`} aria-label={`Abrir cobrança nº ${c.number}`}>
                  {c.number}
                </Link>
              </td>
              <td>
                <Link to={`/clientes/${c.customer_id}?aba=cobrancas`}>{customers[c.customer_id] ?? '…'}</Link>
              </td>
              <td>
                {c.description ?? ''}
                {c.period_start && !c.description && (
                  <small className="muted">
                    {' '}
                    ({dateBR(c.period_start)} a {dateBR(c.period_end)})
                  </small>
                )}
              </td>
              <td>{dateBR(c.issue_date)}</td>
              <td>{dateBR(c.due_date)}</td>
              <td className="num">{brl(c.amount_cents)}</td>
              <td className="num">{brl(c.paid_cents)}</td>
              <td>
                <StatusBadge status={c.status} labels={STATUS_LABEL} />
              </td>
              <td className="actions">
                {c.status !== 'cancelled' && c.payment_method !== 'pix' && (
                  <a href={`/v1/charges/${c.id}/boleto.pdf`} target="_blank" rel="noopener">
                    Boleto
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

function PaymentModal({ charge, onClose, onDone }: { charge: Charge; onClose: () => void; onDone: () => void }) {
  const [amount, setAmount] = useState(brl(charge.balance_cents).replace('R$ ', ''));
  const [fee, setFee] = useState('');
  const [date, setDate] = useState(todayBR());
  const [method, setMethod] = useState(charge.payment_method === 'pix' ? 'pix' : 'boleto');
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
            await post(`/v1/charges/${charge.id}/payments`, { amount_cents: cents, fee_cents: feeCents ?? 0, paid_on: paidOn, method, ...(notes.trim() ? { notes: notes.trim() } : {}) }, { idempotencyKey: key });
            notify('Pagamento registrado.');
            onDone();
          } catch (err) {
            setError(toApiError(err));
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
          <select name="method" value={method} onChange={(e) => setMethod(e.target.value)}>
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

function CancelChargeModal({ charge, onClose, onDone }: { charge: Charge; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <Modal title={`Cancelar cobrança nº ${charge.number}`} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!reason.trim()) return setError(new ApiError(400, 'validation_failed', 'Motivo', [{ field: 'reason', issue: 'informe o motivo do cancelamento' }], null));
          try {
            await post(`/v1/charges/${charge.id}/cancel`, { reason: reason.trim() });
            notify('Cobrança cancelada.');
            onDone();
          } catch (err) {
            setError(toApiError(err));
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
