// Relatórios: overdue by age (Inadimplência por idade) and receipts by period (Recebimentos por
// período). Each is one API call; the chosen dates live in the address (so a saved filter, a
// bookmark or the back button bring them back); "Baixar como Excel" downloads the same report.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, href } from '../../api.ts';
import { brl, dateBR, METHOD_LABEL, parseDateBR, todayISO } from '../../format.ts';
import { Link, navigate, setQuery, useLocation } from '../../router.tsx';
import { SavedFilters } from '../../components/SavedFilters.tsx';
import { DateInput, EmptyRow, ErrorBox, Field, LoadError, useAsync } from '../../ui.tsx';
import './reports.css';

interface MethodAmounts {
  method: string;
  count: number;
  received_cents: number;
  refunded_cents: number;
  fee_cents: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const BAD_DATE = 'deve ser uma data válida no formato dd/mm/aaaa';

/** Contas a Receber filtered to what a report cell counts. */
function receivablesLink(opts: { customerId?: string; dueFrom?: string | null; dueTo?: string; overdueNow: boolean }): string {
  const p = new URLSearchParams();
  // Charges overdue today are status "overdue"; on a past date the status may have changed since.
  if (opts.overdueNow) p.set('situacao', 'overdue');
  if (opts.customerId) p.set('cliente', opts.customerId);
  if (opts.dueFrom) p.set('de', opts.dueFrom);
  if (opts.dueTo) p.set('ate', opts.dueTo);
  return `/contas-a-receber?${p.toString()}`;
}

export function AgingReportPage() {
  const { query } = useLocation();
  const asOfParam = query.get('data') ?? '';
  const asOf = ISO_DATE.test(asOfParam) ? asOfParam : todayISO();
  const [text, setText] = useState(dateBR(asOf));
  const [error, setError] = useState<ApiError | null>(null);
  // The address may change under the form (back button, a link): the field follows it.
  useEffect(() => setText(dateBR(asOf)), [asOf]);
  const report = useAsync(() => get('/v1/reports/overdue-aging', { as_of: asOf }), [asOf]);
  const overdueNow = asOf === todayISO();

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const iso = parseDateBR(text);
    if (!iso) return setError(new ApiError(400, 'validation_failed', 'Data inválida', [{ field: 'as_of', issue: BAD_DATE }], null));
    setError(null);
    setQuery({ data: iso === todayISO() ? null : iso });
  };

  const r = report.data;
  return (
    <div className="reports">
      <div className="page-head">
        <h1>Inadimplência por idade</h1>
        <div className="spacer" />
        <a className="button" href={href('/v1/reports/overdue-aging.xlsx', { as_of: asOf })} download>
          Baixar como Excel
        </a>
      </div>
      <p className="muted">
        Cobranças vencidas e não pagas na data escolhida, por dias de atraso. O valor em aberto é o valor da cobrança menos os pagamentos
        feitos até essa data.
      </p>
      <form className="filters reports-filters" onSubmit={apply} aria-label="Data da posição">
        <Field label="Posição em" name="as_of" error={error}>
          <DateInput name="as_of" value={text} onChange={setText} />
        </Field>
        <button type="submit">Atualizar</button>
      </form>
      {report.error && <LoadError error={report.error} what="Relatório de inadimplência" />}
      {r && (
        <>
          <section className="panel">
            <h2>Por faixa de atraso em {dateBR(r.as_of)}</h2>
            <table className="grid reports-table">
              <thead>
                <tr>
                  <th scope="col">Faixa de atraso</th>
                  <th scope="col" className="num">
                    Cobranças
                  </th>
                  <th scope="col" className="num">
                    Em aberto
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.buckets.map((b) => (
                  <tr key={b.key}>
                    <td>
                      <Link
                        to={receivablesLink({ dueFrom: b.due_from, dueTo: b.due_to, overdueNow })}
                        aria-label={`Ver em Contas a Receber as cobranças com ${b.label} de atraso`}
                      >
                        {b.label}
                      </Link>
                    </td>
                    <td className="num">{b.count}</td>
                    <td className="num">{brl(b.open_cents)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="reports-total">
                  <th scope="row">Total vencido</th>
                  <td className="num">{r.total.count}</td>
                  <td className="num">{brl(r.total.open_cents)}</td>
                </tr>
              </tfoot>
            </table>
          </section>
          <section className="panel">
            <h2>Por cliente</h2>
            <table className="grid reports-table">
              <thead>
                <tr>
                  <th scope="col">Cliente</th>
                  {r.buckets.map((b) => (
                    <th scope="col" key={b.key} className="num">
                      {b.label}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.customers.length === 0 && (
                  <EmptyRow colSpan={r.buckets.length + 2}>Nenhuma cobrança vencida em {dateBR(r.as_of)}.</EmptyRow>
                )}
                {r.customers.map((c) => (
                  <tr key={c.customer_id}>
                    <td>
                      <Link to={receivablesLink({ customerId: c.customer_id, dueTo: r.buckets[0].due_to, overdueNow })}>{c.name}</Link>
                      {c.document && <small className="muted reports-doc">{c.document}</small>}
                    </td>
                    {c.buckets.map((a, i) => (
                      <td key={r.buckets[i].key} className="num">
                        {a.count > 0 ? (
                          <Link
                            to={receivablesLink({
                              customerId: c.customer_id,
                              dueFrom: r.buckets[i].due_from,
                              dueTo: r.buckets[i].due_to,
                              overdueNow,
                            })}
                            aria-label={`${c.name}, ${r.buckets[i].label}: ${brl(a.open_cents)} em ${a.count} cobrança(s); ver em Contas a Receber`}
                          >
                            {brl(a.open_cents)}
                          </Link>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    ))}
                    <td className="num">
                      <strong>{brl(c.total.open_cents)}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
              {r.customers.length > 0 && (
                <tfoot>
                  <tr className="reports-total">
                    <th scope="row">Total</th>
                    {r.buckets.map((b) => (
                      <td key={b.key} className="num">
                        {brl(b.open_cents)}
                      </td>
                    ))}
                    <td className="num">{brl(r.total.open_cents)}</td>
                  </tr>
                </tfoot>
              )}
            </table>
            {!overdueNow && (
              <p className="muted">
                Numa data passada, os links abrem Contas a Receber pelos vencimentos da faixa, em qualquer situação atual.
              </p>
            )}
          </section>
        </>
      )}
    </div>
  );
}

const GROUP_LABEL: Record<string, string> = { day: 'Dia', month: 'Mês', method: 'Forma de pagamento' };

function periodLabel(key: string, groupBy: string): string {
  if (groupBy === 'method') return METHOD_LABEL[key] ?? key;
  if (groupBy === 'month') {
    const [y, m] = key.split('-');
    return `${m}/${y}`;
  }
  return dateBR(key);
}

export function ReceiptsReportPage() {
  const { query } = useLocation();
  const today = todayISO();
  const toParam = query.get('ate') ?? '';
  const fromParam = query.get('de') ?? '';
  const to = ISO_DATE.test(toParam) ? toParam : today;
  const from = ISO_DATE.test(fromParam) ? fromParam : `${to.slice(0, 8)}01`;
  const groupParam = query.get('agrupar') ?? 'day';
  const groupBy = groupParam === 'month' || groupParam === 'method' ? groupParam : 'day';
  const [fromText, setFromText] = useState(dateBR(from));
  const [toText, setToText] = useState(dateBR(to));
  const [error, setError] = useState<ApiError | null>(null);
  // The address may change under the form (a saved filter, the back button): the fields follow it.
  useEffect(() => {
    setFromText(dateBR(from));
    setToText(dateBR(to));
  }, [from, to]);
  const params = { from, to, group_by: groupBy };
  const report = useAsync(() => get('/v1/reports/receipts', params), [from, to, groupBy]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const f = parseDateBR(fromText);
    const t = parseDateBR(toText);
    const bad = [];
    if (!f) bad.push({ field: 'from', issue: BAD_DATE });
    if (!t) bad.push({ field: 'to', issue: BAD_DATE });
    if (f && t && f > t) bad.push({ field: 'from', issue: 'deve ser anterior ou igual à data final' });
    if (bad.length) return setError(new ApiError(400, 'validation_failed', 'Período inválido', bad, null));
    setError(null);
    setQuery({ de: f, ate: t });
  };

  const applySaved = (q: string) => {
    setError(null);
    navigate(`/relatorios/recebimentos${q ? `?${q}` : ''}`, true);
  };

  const r = report.data;
  const methods = r?.total.methods.map((m) => m.method) ?? [];
  const byMethod = (row: { methods: MethodAmounts[] }, method: string) => row.methods.find((m) => m.method === method)?.received_cents ?? 0;
  return (
    <div className="reports">
      <div className="page-head">
        <h1>Recebimentos por período</h1>
        <div className="spacer" />
        <a className="button" href={href('/v1/reports/receipts.xlsx', params)} download>
          Baixar como Excel
        </a>
      </div>
      <p className="muted">
        Pagamentos recebidos no período (pela data do pagamento), já descontadas as devoluções; pagamentos estornados não entram.
      </p>
      <form className="filters reports-filters" onSubmit={apply} aria-label="Período do relatório">
        <ErrorBox error={error} fields={['from', 'to']} />
        <Field label="De" name="from" error={error}>
          <DateInput name="from" value={fromText} onChange={setFromText} />
        </Field>
        <Field label="Até" name="to" error={error}>
          <DateInput name="to" value={toText} onChange={setToText} />
        </Field>
        <Field label="Agrupar por" name="group_by">
          <select name="group_by" value={groupBy} onChange={(e) => setQuery({ agrupar: e.target.value === 'day' ? null : e.target.value })}>
            <option value="day">Dia</option>
            <option value="month">Mês</option>
            <option value="method">Forma de pagamento</option>
          </select>
        </Field>
        <button type="submit">Atualizar</button>
      </form>
      <SavedFilters screen="relatorios-recebimentos" query={query.toString()} onApply={applySaved} />
      {report.error && <LoadError error={report.error} what="Relatório de recebimentos" />}
      {r && (
        <section className="panel">
          <h2>
            {dateBR(r.from)} a {dateBR(r.to)}, por {GROUP_LABEL[r.group_by].toLowerCase()}
          </h2>
          <table className="grid reports-table">
            <thead>
              <tr>
                <th scope="col">{GROUP_LABEL[r.group_by]}</th>
                <th scope="col" className="num">
                  Pagamentos
                </th>
                {r.group_by !== 'method' &&
                  methods.map((m) => (
                    <th scope="col" key={m} className="num">
                      {METHOD_LABEL[m] ?? m}
                    </th>
                  ))}
                <th scope="col" className="num">
                  Devolvido
                </th>
                <th scope="col" className="num">
                  Tarifas
                </th>
                <th scope="col" className="num">
                  Recebido
                </th>
              </tr>
            </thead>
            <tbody>
              {r.rows.length === 0 && <EmptyRow colSpan={5 + methods.length}>Nenhum pagamento recebido no período.</EmptyRow>}
              {r.rows.map((row) => (
                <tr key={row.key}>
                  <td>{periodLabel(row.key, r.group_by)}</td>
                  <td className="num">{row.count}</td>
                  {r.group_by !== 'method' &&
                    methods.map((m) => (
                      <td key={m} className="num">
                        {brl(byMethod(row, m))}
                      </td>
                    ))}
                  <td className="num">{brl(row.refunded_cents)}</td>
                  <td className="num">{brl(row.fee_cents)}</td>
                  <td className="num">
                    <strong>{brl(row.received_cents)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="reports-total">
                <th scope="row">Total</th>
                <td className="num">{r.total.count}</td>
                {r.group_by !== 'method' &&
                  methods.map((m) => (
                    <td key={m} className="num">
                      {brl(byMethod(r.total, m))}
                    </td>
                  ))}
                <td className="num">{brl(r.total.refunded_cents)}</td>
                <td className="num">{brl(r.total.fee_cents)}</td>
                <td className="num" data-total="received">
                  <strong>{brl(r.total.received_cents)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </section>
      )}
    </div>
  );
}
