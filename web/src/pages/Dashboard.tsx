import { get, type ApiResponse } from '../api.ts';
import { brl, dateBR, dateTimeBR, STATUS_LABEL, todayISO } from '../format.ts';
import { Link } from '../router.tsx';
import { LoadError, useAsync } from '../ui.tsx';
import { OnboardingChecklist } from '../components/Onboarding.tsx';

interface Summary {
  from: string;
  to: string;
  open: { count: number; amount_cents: number };
  overdue: { count: number; amount_cents: number };
  partially_paid: { count: number; amount_cents: number };
  received: { count: number; amount_cents: number; fee_cents: number };
  issued: { count: number; amount_cents: number };
  by_month: { month: string; issued_cents: number; received_cents: number; open_cents: number; overdue_cents: number }[];
}

const MONTHS = ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'];
const monthLabel = (m: string) => {
  const [y, mo] = m.split('-');
  return `${MONTHS[Number(mo) - 1]}/${y.slice(2)}`;
};

function shiftMonths(iso: string, n: number): string {
  const [y, m] = iso.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 10);
}

/** Received, open and overdue per month, as grouped bars (plain SVG). */
export function ReceivablesChart({ data }: { data: Summary['by_month'] }) {
  const series = [
    { key: 'received_cents' as const, label: 'Recebido', color: '#1b8a5a' },
    { key: 'open_cents' as const, label: 'Em aberto', color: '#2f6fb5' },
    { key: 'overdue_cents' as const, label: 'Vencido', color: '#c0392b' },
  ];
  if (data.length === 0 || data.every((d) => series.every((s) => d[s.key] === 0)))
    return <p className="muted">Nenhuma cobrança no período.</p>;
  const max = Math.max(100, ...data.flatMap((d) => series.map((s) => d[s.key])));
  const W = 760;
  const H = 240;
  const pad = { l: 90, r: 10, t: 10, b: 30 };
  const gw = (W - pad.l - pad.r) / Math.max(1, data.length);
  const bw = Math.min(22, (gw - 8) / series.length);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Contas a receber por mês: recebido, em aberto e vencido">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={W - pad.r} y1={y(t)} y2={y(t)} stroke="#e3e6ea" />
            <text x={pad.l - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#667">
              {brl(Math.round(t))}
            </text>
          </g>
        ))}
        {data.map((d, i) => (
          <g key={d.month}>
            {series.map((s, j) => (
              <rect
                key={s.key}
                x={pad.l + i * gw + (gw - bw * series.length) / 2 + j * bw}
                y={y(d[s.key])}
                width={bw - 2}
                height={H - pad.b - y(d[s.key])}
                fill={s.color}
              >
                <title>{`${s.label} em ${monthLabel(d.month)}: ${brl(d[s.key])}`}</title>
              </rect>
            ))}
            <text x={pad.l + i * gw + gw / 2} y={H - 10} textAnchor="middle" fontSize="11" fill="#445">
              {monthLabel(d.month)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        {series.map((s) => (
          <span key={s.key} className="legend">
            <i style={{ background: s.color }} /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function addDay(iso: string): string {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function DashboardPage() {
  const today = todayISO();
  const from = shiftMonths(today, -5);
  const to = shiftMonths(today, 1);
  const summary = useAsync(
    () => get('/v1/charges/summary', { from, to: new Date(Date.parse(to) - 86400_000).toISOString().slice(0, 10) }),
    [],
  );
  const next = useAsync(async () => {
    const p = await get('/v1/contracts', { status: 'active', page_size: 100, include_total: true });
    const dates = p.data.filter((c) => c.current_period).map((c) => addDay(c.current_period!.end));
    dates.sort();
    return { date: dates[0] ?? null, count: dates.filter((d) => d === dates[0]).length, total: p.total };
  }, []);
  const runs = useAsync(() => get('/v1/billing-runs', { page_size: 1 }), []);
  const imports = useAsync(() => get('/v1/imports', { page_size: 1 }), []);

  return (
    <div>
      <h1>Painel</h1>
      <OnboardingChecklist />
      <section className="cards">
        {summary.data && (
          <>
            <div className="card stat">
              <span>Em aberto</span>
              <strong>{brl(summary.data.open.amount_cents)}</strong>
              <small>{summary.data.open.count} cobrança(s)</small>
            </div>
            <div className="card stat overdue">
              <span>Vencido</span>
              <strong>{brl(summary.data.overdue.amount_cents)}</strong>
              <small>{summary.data.overdue.count} cobrança(s)</small>
            </div>
            <div className="card stat received">
              <span>Recebido no período</span>
              <strong>{brl(summary.data.received.amount_cents)}</strong>
              <small>
                {dateBR(summary.data.from)} a {dateBR(summary.data.to)}
              </small>
            </div>
          </>
        )}
        <div className="card stat">
          <span>Próximo faturamento</span>
          {next.error ? (
            <LoadError error={next.error} what="Contratos" />
          ) : next.data ? (
            next.data.date ? (
              <>
                <strong>{dateBR(next.data.date)}</strong>
                <small>{next.data.count} contrato(s) nesse dia</small>
              </>
            ) : (
              <small>Nenhum contrato ativo.</small>
            )
          ) : (
            <small>Carregando…</small>
          )}
        </div>
      </section>

      <section className="panel">
        <h2>Contas a receber por mês</h2>
        {summary.error && <LoadError error={summary.error} what="Resumo de cobranças" />}
        {summary.data && <ReceivablesChart data={summary.data.by_month} />}
      </section>

      <section className="two-cols">
        <div className="panel">
          <h2>Último faturamento</h2>
          {runs.error && <LoadError error={runs.error} what="Execuções de faturamento" />}
          {runs.data && runs.data.data.length === 0 && <p className="muted">Nenhuma execução ainda.</p>}
          {runs.data?.data[0] && <RunSummary run={runs.data.data[0]} />}
          <Link to="/faturamento">Ir para Faturamento</Link>
        </div>
        <div className="panel">
          <h2>Última importação</h2>
          {imports.error && <LoadError error={imports.error} what="Lista de importações" />}
          {imports.data && imports.data.data.length === 0 && <p className="muted">Nenhuma importação ainda.</p>}
          {imports.data?.data[0] && <ImportSummary imp={imports.data.data[0]} />}
          <Link to="/integracao/clientes">Ir para Integração</Link>
        </div>
      </section>
    </div>
  );
}

export function RunSummary({ run }: { run: ApiResponse<'GET', '/v1/billing-runs'>['data'][number] }) {
  return (
    <dl className="facts">
      <dt>Execução</dt>
      <dd>nº {run.number}</dd>
      <dt>Data de referência</dt>
      <dd>{dateBR(run.reference_date)}</dd>
      <dt>Situação</dt>
      <dd>{STATUS_LABEL[run.status] ?? run.status}</dd>
      <dt>Contratos processados</dt>
      <dd>
        {run.processed_contracts ?? run.progress?.processed ?? 0} de {run.total_contracts ?? run.progress?.total ?? '?'}
      </dd>
      <dt>Cobranças criadas</dt>
      <dd data-count="charges">{run.charges_created ?? 0}</dd>
      <dt>Valor faturado</dt>
      <dd>{brl(run.total_cents ?? 0)}</dd>
      <dt>Contratos com erro</dt>
      <dd>{run.error_count ?? 0}</dd>
      <dt>Contratos sem cobrança</dt>
      <dd data-count="skipped">{run.skipped_contracts ?? 0}</dd>
      {/* A run on a date that is no billing day bills nothing: say what is pending, and where to bill it. */}
      {run.unbilled_past?.periods > 0 && (
        <>
          <dt>Períodos pendentes</dt>
          <dd className="warning" data-count="unbilled">
            {run.unbilled_past.periods} período(s) de {run.unbilled_past.contracts} contrato(s) ({brl(run.unbilled_past.total_cents)}) com
            dia de faturamento já passado; fature-os em <Link to="/faturamento">Faturamento</Link> → Pré-visualizar.
          </dd>
        </>
      )}
      <dt>Concluída em</dt>
      <dd>{dateTimeBR(run.finished_at)}</dd>
    </dl>
  );
}

function ImportSummary({ imp }: { imp: ApiResponse<'GET', '/v1/imports'>['data'][number] }) {
  return (
    <dl className="facts">
      <dt>Arquivo</dt>
      <dd>{imp.filename ?? '—'}</dd>
      <dt>Tipo</dt>
      <dd>{imp.entity === 'customers' ? 'Clientes' : 'Consumos'}</dd>
      <dt>Situação</dt>
      <dd>{STATUS_LABEL[imp.status] ?? imp.status}</dd>
      <dt>Linhas válidas / rejeitadas</dt>
      <dd>
        {imp.counts?.valid_rows ?? 0} / {imp.counts?.invalid_rows ?? 0}
      </dd>
      <dt>Em</dt>
      <dd>{dateTimeBR(imp.created_at)}</dd>
    </dl>
  );
}
