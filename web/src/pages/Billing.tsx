import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, post, type Page } from '../api.ts';
import { brl, dateBR, parseDateBR, STATUS_LABEL, todayBR } from '../format.ts';
import { Link } from '../router.tsx';
import { DateInput, ErrorBox, Field, LoadError, Progress, notify, toApiError, useAsync, EmptyRow } from '../ui.tsx';
import { RunSummary } from './Dashboard.tsx';

type Run = Record<string, any> & { id: string; status: string };

const DONE = new Set(['finished', 'completed', 'failed']);

/** Gerenciamento → Faturamento: run billing for a date (with progress) and see past runs. */
export function BillingPage() {
  const runs = useAsync(() => get<Page<Run>>('/v1/billing-runs', { page_size: 20 }), []);
  const [date, setDate] = useState(todayBR());
  const [error, setError] = useState<ApiError | null>(null);
  const [current, setCurrent] = useState<Run | null>(null);

  useEffect(() => {
    if (!current || DONE.has(current.status)) return;
    const t = window.setTimeout(async () => {
      try {
        setCurrent(await get<Run>(`/v1/billing-runs/${current.id}`));
      } catch (err) {
        setError(toApiError(err));
      }
    }, 700);
    return () => window.clearTimeout(t);
  }, [current]);

  useEffect(() => {
    if (current && DONE.has(current.status)) {
      notify(current.status === 'failed' ? 'O faturamento falhou; veja os detalhes.' : 'Faturamento concluído.', current.status === 'failed' ? 'error' : 'ok');
      runs.reload();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current?.status]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    const iso = parseDateBR(date);
    if (!iso) return setError(new ApiError(400, 'validation_failed', 'Data', [{ field: 'date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' }], null));
    setError(null);
    try {
      setCurrent(await post<Run>('/v1/billing-runs', { reference_date: iso, trigger: 'console' }, { idempotencyKey: crypto.randomUUID() }));
    } catch (err) {
      setError(toApiError(err));
    }
  };

  const progress = current?.progress as { processed?: number; total?: number | null } | undefined;
  return (
    <div>
      <h1>Faturamento</h1>
      <form className="panel" onSubmit={start}>
        <h2>Executar faturamento</h2>
        <p className="muted">Gera uma cobrança por contrato e período devido na data (nunca duas para o mesmo período).</p>
        <ErrorBox error={error} fields={['reference_date', 'date']} />
        <div className="filters">
          <Field label="Data de referência" name="reference_date" error={error}>
            <DateInput name="date" value={date} onChange={setDate} />
          </Field>
          <button type="submit" className="primary" disabled={!!current && !DONE.has(current.status)}>
            Executar faturamento
          </button>
        </div>
        {current && (
          <div className="run-progress">
            <Progress value={progress?.processed ?? 0} max={progress?.total ?? null} label={`${STATUS_LABEL[current.status] ?? current.status}${progress?.total ? ` — ${progress.processed ?? 0} de ${progress.total} contratos` : ''}`} />
            {DONE.has(current.status) && (
              <>
                <RunSummary run={current} />
                <Link to={`/contas-a-receber`}>Ver cobranças em Contas a Receber</Link>
              </>
            )}
          </div>
        )}
      </form>
      <section className="panel">
        <h2>Execuções anteriores</h2>
        {runs.error && <LoadError error={runs.error} what="Execuções de faturamento" />}
        {runs.data && (
          <table className="grid">
            <thead>
              <tr>
                <th>Data de referência</th>
                <th>Situação</th>
                <th>Contratos</th>
                <th>Cobranças criadas</th>
                <th className="num">Total</th>
                <th>Erros</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.data.length === 0 && (
                <EmptyRow colSpan={6}>Nenhuma execução.</EmptyRow>
              )}
              {runs.data.data.map((r) => (
                <tr key={r.id}>
                  <td>{dateBR(r.reference_date ?? r.date)}</td>
                  <td>{STATUS_LABEL[r.status] ?? r.status}</td>
                  <td>{r.progress ? `${r.progress.processed ?? 0} de ${r.progress.total ?? '?'}` : '—'}</td>
                  <td>{r.charges_created ?? '—'}</td>
                  <td className="num">{brl(r.total_cents)}</td>
                  <td>{r.error_count ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
