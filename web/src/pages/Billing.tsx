import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, post, type ApiResponse } from '../api.ts';
import { brl, dateBR, dateTimeBR, parseDateBR, STATUS_LABEL, todayBR } from '../format.ts';
import { Link } from '../router.tsx';
import { DateInput, EmptyRow, ErrorBox, Field, LoadError, Progress, notify, toApiError, useAsync } from '../ui.tsx';
import './billing.css';

// Gerenciamento → Faturamento. The clerk previews a run (what is billed, what is skipped and why),
// may include the periods whose billing day passed without a charge (catch_up), confirms, and sees
// the finished run's skipped contracts. The page only words what the API decides.

interface UnbilledPeriod {
  period_start: string;
  period_end: string;
  billing_date: string;
  total_cents: number;
}
interface Skip {
  contract_id: string;
  contract_number: number;
  customer_id: string;
  customer_name: string;
  billing_day: number;
  reason: string;
  period_start: string | null;
  period_end: string | null;
  last_billing_date: string | null;
  next_billing_date: string | null;
  unbilled_periods: UnbilledPeriod[];
  unbilled_cents: number;
}
interface PreviewCharge {
  contract_id: string;
  contract_number: number;
  customer_id: string;
  customer_name: string;
  period_key: string;
  period_start: string;
  period_end: string;
  billing_date: string;
  catch_up: boolean;
  issue_date: string;
  due_date: string;
  total_cents: number;
  already_billed: boolean;
}
interface PreviewError {
  contract_id: string;
  contract_number: number;
  customer_id: string;
  customer_name: string;
  code: string;
  message: string;
}
interface PreviewPage {
  reference_date: string;
  catch_up: boolean;
  contracts_examined: number;
  next_cursor: string | null;
  total_cents: number;
  charges_count: number;
  contracts_billed: number;
  charges: PreviewCharge[];
  skipped: number;
  skipped_contracts: Skip[];
  unbilled_past: { contracts: number; periods: number; total_cents: number };
  errors: PreviewError[];
}
type Run = ApiResponse<'GET', `/v1/billing-runs/${string}`>;

const DONE = new Set(['finished', 'completed', 'failed']);
/** Preview pages fetched at most (500 contracts each); beyond, the preview says it is partial. */
const MAX_PREVIEW_PAGES = 40;

const REASON_LABEL: Record<string, string> = {
  unbilled_past_periods: 'Períodos pendentes',
  not_billing_day: 'Não é dia de faturamento',
  not_started: 'Contrato ainda não começou',
  first_period_open: 'Primeiro período em curso',
  ended: 'Contrato encerrado',
  suspended: 'Sem dias de serviço',
  no_items_in_force: 'Sem itens em vigor',
  no_items: 'Contrato sem itens',
};

const period = (start: string, end: string) => `${dateBR(start)} a ${dateBR(end)}`;

/** The pending periods in a sentence: "período de 05/11/2026 a 04/12/2026 (dia de faturamento 05/12/2026, R$ 100,00)". */
function pendingText(list: UnbilledPeriod[]): string {
  const items = list.map(
    (p) => `${period(p.period_start, p.period_end)} (dia de faturamento ${dateBR(p.billing_date)}, ${brl(p.total_cents)})`,
  );
  return `${list.length === 1 ? 'Período' : 'Períodos'} ${items.join('; ')} ainda não ${list.length === 1 ? 'faturado' : 'faturados'}.`;
}

/** Why a contract is not billed, in the clerk's words. */
export function skipReasonText(s: Skip): string {
  const next = s.next_billing_date ? ` Próximo faturamento: ${dateBR(s.next_billing_date)}.` : '';
  const pending = s.unbilled_periods.length ? ` ${pendingText(s.unbilled_periods)}` : '';
  switch (s.reason) {
    case 'unbilled_past_periods':
      return `Dia de faturamento é ${s.last_billing_date ? dateBR(s.last_billing_date) : `dia ${s.billing_day}`}, não esta data.${pending}${next}`;
    case 'not_billing_day':
      return `Não é dia de faturamento deste contrato (dia ${s.billing_day}) e não há período pendente.${next}`;
    case 'not_started':
      return `O contrato começa depois desta data.${s.next_billing_date ? ` Primeiro faturamento: ${dateBR(s.next_billing_date)}.` : ''}`;
    case 'first_period_open':
      return `O primeiro período do contrato ainda não terminou${s.next_billing_date ? `; ele será faturado em ${dateBR(s.next_billing_date)}` : ''}.`;
    case 'ended':
      return 'Contrato encerrado; o último período já foi faturado.';
    case 'suspended':
      return `Sem dias de serviço no período ${period(s.period_start!, s.period_end!)} (suspenso ou inativo o período todo) e sem consumo: nada a faturar.${pending}${next}`;
    case 'no_items_in_force':
      return `Nenhum item do contrato em vigor em ${dateBR(s.period_start)}, início do período ${period(s.period_start!, s.period_end!)}.${pending}`;
    case 'no_items':
      return 'O contrato não tem itens: inclua os serviços contratados.';
  }
  return s.reason;
}

const contractLink = (x: { customer_id: string; contract_id: string; contract_number: number }) => (
  <Link to={`/clientes/${x.customer_id}/contratos/${x.contract_id}`}>Contrato nº {x.contract_number}</Link>
);

/** Every page of the preview (the API pages by contract), merged. */
async function fetchPreview(referenceDate: string, catchUp: boolean): Promise<PreviewPage & { partial: boolean }> {
  let cursor: string | undefined;
  let merged: PreviewPage | null = null;
  for (let i = 0; i < MAX_PREVIEW_PAGES; i++) {
    const p: PreviewPage = await post('/v1/billing-runs/preview', {
      reference_date: referenceDate,
      catch_up: catchUp,
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    merged = merged
      ? {
          ...p,
          contracts_examined: merged.contracts_examined + p.contracts_examined,
          total_cents: merged.total_cents + p.total_cents,
          charges_count: merged.charges_count + p.charges_count,
          contracts_billed: merged.contracts_billed + p.contracts_billed,
          charges: [...merged.charges, ...p.charges],
          skipped: merged.skipped + p.skipped,
          skipped_contracts: [...merged.skipped_contracts, ...p.skipped_contracts],
          unbilled_past: {
            contracts: merged.unbilled_past.contracts + p.unbilled_past.contracts,
            periods: merged.unbilled_past.periods + p.unbilled_past.periods,
            total_cents: merged.unbilled_past.total_cents + p.unbilled_past.total_cents,
          },
          errors: [...merged.errors, ...p.errors],
        }
      : p;
    if (!p.next_cursor) return { ...merged, partial: false };
    cursor = p.next_cursor;
  }
  return { ...merged!, partial: true };
}

function SkippedTable({ skips, caption }: { skips: Skip[]; caption: string }) {
  return (
    <table className="grid billing-skips">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Contrato</th>
          <th scope="col">Cliente</th>
          <th scope="col">Motivo</th>
        </tr>
      </thead>
      <tbody>
        {skips.map((s) => (
          <tr key={s.contract_id} data-contract={s.contract_id} data-reason={s.reason}>
            <td>{contractLink(s)}</td>
            <td>{s.customer_name}</td>
            <td>
              <span className={`badge billing-reason billing-reason-${s.reason}`}>{REASON_LABEL[s.reason] ?? s.reason}</span>{' '}
              <span className="billing-reason-text">{skipReasonText(s)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PreviewResult({
  preview,
  onCatchUp,
  onConfirm,
  busy,
}: {
  preview: PreviewPage & { partial: boolean };
  onCatchUp: (on: boolean) => void;
  onConfirm: () => void;
  busy: boolean;
}) {
  const ref = dateBR(preview.reference_date);
  const fresh = preview.charges.filter((c) => !c.already_billed);
  const before = preview.charges.filter((c) => c.already_billed);
  return (
    <section className="billing-preview" aria-labelledby="billing-preview-title" data-catch-up={preview.catch_up ? 'true' : 'false'}>
      <h3 id="billing-preview-title">
        Pré-visualização de {ref}
        {preview.catch_up ? ' — com os períodos pendentes' : ''}
      </h3>
      <p className="billing-summary" data-testid="billing-summary">
        {preview.charges_count > 0
          ? `${preview.charges_count} ${preview.charges_count === 1 ? 'cobrança será criada' : 'cobranças serão criadas'} para ${preview.contracts_billed} ${preview.contracts_billed === 1 ? 'contrato' : 'contratos'}, no total de ${brl(preview.total_cents)}.`
          : `Nenhuma cobrança seria criada em ${ref}.`}{' '}
        {preview.skipped > 0 &&
          `${preview.skipped} ${preview.skipped === 1 ? 'contrato não será faturado' : 'contratos não serão faturados'} (motivos abaixo).`}
        {preview.partial && ' Pré-visualização parcial: há contratos demais para mostrar todos.'}
      </p>
      {!preview.catch_up && preview.unbilled_past.contracts > 0 && (
        <div className="billing-callout" role="note">
          <p>
            {preview.unbilled_past.contracts} {preview.unbilled_past.contracts === 1 ? 'contrato tem' : 'contratos têm'}{' '}
            {preview.unbilled_past.periods} {preview.unbilled_past.periods === 1 ? 'período' : 'períodos'} cujo dia de faturamento já passou
            sem cobrança ({brl(preview.unbilled_past.total_cents)}).
          </p>
          <button type="button" onClick={() => onCatchUp(true)} disabled={busy}>
            Faturar também os períodos pendentes até {ref}
          </button>
        </div>
      )}
      {preview.catch_up && (
        <div className="billing-callout" role="note">
          <p>
            Inclui os períodos pendentes até {ref}. As cobranças desses períodos são emitidas em {ref} e vencem no prazo de cada contrato a
            partir dessa data.
          </p>
          <button type="button" onClick={() => onCatchUp(false)} disabled={busy}>
            Não incluir os períodos pendentes
          </button>
        </div>
      )}
      {fresh.length > 0 && (
        <table className="grid billing-charges">
          <caption>Cobranças que serão criadas</caption>
          <thead>
            <tr>
              <th scope="col">Contrato</th>
              <th scope="col">Cliente</th>
              <th scope="col">Período</th>
              <th scope="col">Emissão</th>
              <th scope="col">Vencimento</th>
              <th scope="col" className="num">
                Valor
              </th>
            </tr>
          </thead>
          <tbody>
            {fresh.map((c) => (
              <tr key={`${c.contract_id}|${c.period_key}`} data-contract={c.contract_id}>
                <td>{contractLink(c)}</td>
                <td>{c.customer_name}</td>
                <td>
                  {period(c.period_start, c.period_end)}
                  {c.catch_up && <span className="badge billing-pending">pendente desde {dateBR(c.billing_date)}</span>}
                </td>
                <td>{dateBR(c.issue_date)}</td>
                <td>{dateBR(c.due_date)}</td>
                <td className="num">{brl(c.total_cents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={5}>
                Total
              </th>
              <td className="num">{brl(preview.total_cents)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {before.length > 0 && (
        <p className="muted">
          {before.length} {before.length === 1 ? 'período desta data já foi faturado' : 'períodos desta data já foram faturados'} e não será
          faturado de novo.
        </p>
      )}
      {preview.skipped_contracts.length > 0 && (
        <SkippedTable skips={preview.skipped_contracts} caption="Contratos que não serão faturados" />
      )}
      {preview.errors.length > 0 && (
        <table className="grid billing-errors">
          <caption>Contratos com dados a corrigir</caption>
          <thead>
            <tr>
              <th scope="col">Contrato</th>
              <th scope="col">Cliente</th>
              <th scope="col">Problema</th>
            </tr>
          </thead>
          <tbody>
            {preview.errors.map((e) => (
              <tr key={e.contract_id}>
                <td>{contractLink(e)}</td>
                <td>{e.customer_name}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="billing-actions">
        {preview.charges_count > 0 ? (
          <button type="button" className="primary" onClick={onConfirm} disabled={busy}>
            Confirmar faturamento
          </button>
        ) : (
          <p className="muted">Nada a faturar nesta data.</p>
        )}
      </div>
    </section>
  );
}

/** A finished run: its numbers and the contracts it skipped, with why. */
function RunDetails({ run }: { run: Run }) {
  const [page, setPage] = useState(1);
  const skips = useAsync(() => get(`/v1/billing-runs/${run.id}/skipped`, { page, page_size: 50 }), [run.id, page]);
  const byReason = Object.entries((run.skipped_by_reason ?? {}) as Record<string, number>);
  const listed = skips.data?.data ?? [];
  const routine =
    run.trigger === 'scheduler' ? byReason.filter(([r]) => r === 'not_billing_day' || r === 'ended').reduce((n, [, v]) => n + v, 0) : 0;
  return (
    <div className="billing-run" data-run={run.id}>
      <dl className="facts">
        <dt>Execução</dt>
        <dd>
          nº {run.number}
          {run.catch_up ? ' (com períodos pendentes)' : ''}
        </dd>
        <dt>Data de referência</dt>
        <dd>{dateBR(run.reference_date)}</dd>
        <dt>Situação</dt>
        <dd>{STATUS_LABEL[run.status] ?? run.status}</dd>
        <dt>Cobranças criadas</dt>
        <dd data-count="charges">{run.charges_created ?? 0}</dd>
        <dt>Valor faturado</dt>
        <dd>{brl(run.total_cents ?? 0)}</dd>
        <dt>Períodos já faturados antes</dt>
        <dd>{run.charges_existing ?? 0}</dd>
        <dt>Contratos não faturados</dt>
        <dd data-count="skipped">
          {run.skipped_contracts ?? 0}
          {byReason.length > 0 && ` (${byReason.map(([r, n]) => `${REASON_LABEL[r] ?? r}: ${n}`).join('; ')})`}
        </dd>
        <dt>Contratos com erro</dt>
        <dd>{run.error_count ?? 0}</dd>
        <dt>Concluída em</dt>
        <dd>{dateTimeBR(run.finished_at)}</dd>
      </dl>
      {run.unbilled_past?.contracts > 0 && (
        <p className="billing-callout" role="note">
          {run.unbilled_past.contracts} {run.unbilled_past.contracts === 1 ? 'contrato ficou' : 'contratos ficaram'} com{' '}
          {run.unbilled_past.periods} {run.unbilled_past.periods === 1 ? 'período pendente' : 'períodos pendentes'} (
          {brl(run.unbilled_past.total_cents)}): pré-visualize esta data de novo e inclua os períodos pendentes.
        </p>
      )}
      {skips.error && <LoadError error={skips.error} what="Contratos não faturados" />}
      {listed.length > 0 && <SkippedTable skips={listed} caption={`Contratos não faturados na execução nº ${run.number}`} />}
      {routine > 0 && (
        <p className="muted">
          {routine} contrato(s) sem nada a faturar nesta data (fora do dia de faturamento ou encerrados) não são listados no faturamento
          automático.
        </p>
      )}
      {skips.data && (skips.data.has_more || page > 1) && (
        <div className="pager">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Anterior
          </button>
          <span>Página {page}</span>
          <button type="button" disabled={!skips.data.has_more} onClick={() => setPage(page + 1)}>
            Próxima
          </button>
        </div>
      )}
    </div>
  );
}

/** Gerenciamento → Faturamento: preview a date, optionally with the pending periods, confirm, follow the run. */
export function BillingPage() {
  const runs = useAsync(() => get('/v1/billing-runs', { page_size: 20 }), []);
  const [date, setDate] = useState(todayBR());
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<(PreviewPage & { partial: boolean }) | null>(null);
  const [current, setCurrent] = useState<Run | null>(null);
  const [opened, setOpened] = useState<Run | null>(null);

  useEffect(() => {
    if (!current || DONE.has(current.status)) return;
    const t = window.setTimeout(async () => {
      try {
        setCurrent(await get(`/v1/billing-runs/${current.id}`));
      } catch (err) {
        setError(toApiError(err));
      }
    }, 700);
    return () => window.clearTimeout(t);
  }, [current]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per status change of the run, not on every poll's new object
  useEffect(() => {
    if (current && DONE.has(current.status)) {
      notify(
        current.status === 'failed' ? 'O faturamento falhou; veja os detalhes.' : 'Faturamento concluído.',
        current.status === 'failed' ? 'error' : 'ok',
      );
      runs.reload();
    }
  }, [current?.status]);

  const referenceDate = (): string | null => {
    const iso = parseDateBR(date);
    if (!iso)
      setError(
        new ApiError(
          400,
          'validation_failed',
          'Confira a data de referência.',
          [{ field: 'reference_date', issue: 'informe uma data válida no formato dd/mm/aaaa' }],
          null,
        ),
      );
    return iso;
  };

  const loadPreview = async (catchUp: boolean) => {
    const iso = referenceDate();
    if (!iso) return;
    setError(null);
    setBusy(true);
    try {
      setPreview(await fetchPreview(iso, catchUp));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCurrent(null);
    void loadPreview(false);
  };

  const confirm = async () => {
    if (!preview) return;
    setError(null);
    setBusy(true);
    try {
      const run = await post(
        '/v1/billing-runs',
        { reference_date: preview.reference_date, catch_up: preview.catch_up, trigger: 'console' },
        { idempotencyKey: crypto.randomUUID() },
      );
      setPreview(null);
      setCurrent(run);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const progress = current?.progress as { processed?: number; total?: number | null } | undefined;
  return (
    <div className="billing-page">
      <h1>Faturamento</h1>
      <form className="panel" onSubmit={submit} aria-labelledby="billing-run-title">
        <h2 id="billing-run-title">Faturar uma data</h2>
        <p className="muted">
          Cada contrato é faturado no seu dia de faturamento, pelo período que terminou na véspera (nunca duas vezes o mesmo período).
          Pré-visualize para ver o que será cobrado e por que algum contrato fica de fora.
        </p>
        <ErrorBox error={error} fields={['reference_date', 'date']} />
        <div className="filters">
          <Field label="Data de referência" name="reference_date" error={error}>
            <DateInput
              name="date"
              value={date}
              onChange={(v) => {
                setDate(v);
                setPreview(null);
              }}
            />
          </Field>
          <button type="submit" disabled={busy || (!!current && !DONE.has(current.status))}>
            Pré-visualizar
          </button>
        </div>
        {busy && !preview && <Progress value={0} max={null} label="Calculando…" />}
        {preview && (
          <PreviewResult preview={preview} onCatchUp={(on) => void loadPreview(on)} onConfirm={() => void confirm()} busy={busy} />
        )}
        {current && (
          <div className="run-progress" aria-live="polite">
            <Progress
              value={progress?.processed ?? 0}
              max={progress?.total ?? null}
              label={`${STATUS_LABEL[current.status] ?? current.status}${progress?.total ? ` — ${progress.processed ?? 0} de ${progress.total} contratos` : ''}`}
            />
            {DONE.has(current.status) && (
              <>
                <RunDetails run={current} />
                <Link to="/contas-a-receber">Ver cobranças em Contas a Receber</Link>
              </>
            )}
          </div>
        )}
      </form>
      <section className="panel" aria-labelledby="billing-runs-title">
        <h2 id="billing-runs-title">Execuções anteriores</h2>
        {runs.error && <LoadError error={runs.error} what="Execuções de faturamento" />}
        {runs.data && (
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">Data de referência</th>
                <th scope="col">Situação</th>
                <th scope="col">Contratos</th>
                <th scope="col">Cobranças criadas</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Não faturados</th>
                <th scope="col">Erros</th>
                <th scope="col">
                  <span className="sr-only">Ações</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.data.data.length === 0 && <EmptyRow colSpan={8}>Nenhuma execução.</EmptyRow>}
              {runs.data.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    {dateBR(r.reference_date)}
                    {r.catch_up ? ' (com pendentes)' : ''}
                  </td>
                  <td>{STATUS_LABEL[r.status] ?? r.status}</td>
                  <td>{r.progress ? `${r.progress.processed ?? 0} de ${r.progress.total ?? '?'}` : '—'}</td>
                  <td>{r.charges_created ?? '—'}</td>
                  <td className="num">{brl(r.total_cents)}</td>
                  <td>{r.skipped_contracts ?? 0}</td>
                  <td>{r.error_count ?? 0}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="link"
                      onClick={() => setOpened(opened?.id === r.id ? null : r)}
                      aria-expanded={opened?.id === r.id}
                    >
                      {opened?.id === r.id ? 'Fechar' : 'Detalhes'}
                      <span className="sr-only"> da execução nº {r.number}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {opened && <RunDetails run={opened} />}
      </section>
    </div>
  );
}
