// `cobre billing run [--date YYYY-MM-DD]`: starts a billing run through the server's API, draws
// its progress (contracts processed/total) on stderr, and prints the result.
import { apiCall, CliError, errorText, progressBar, runCli, type ApiClientOptions } from '../../platform/api-client.ts';

export interface CliBillingOptions extends ApiClientOptions {
  date?: string;
  /** Also bill the periods whose billing date passed without a charge (POST /v1/billing-runs catch_up). */
  catchUp?: boolean;
  pollMs?: number;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream & { isTTY?: boolean };
}

interface RunState {
  id: string;
  number: number;
  status: string;
  reference_date: string;
  progress: { processed: number; total: number };
  charges_created: number;
  charges_existing: number;
  skipped_contracts: number;
  error_count: number;
  total_cents: number;
  skipped_by_reason?: Record<string, number>;
  unbilled_past?: { contracts: number; periods: number; total_cents: number };
}

const REASON: Record<string, string> = {
  unbilled_past_periods: 'períodos pendentes',
  not_billing_day: 'não é dia de faturamento',
  not_started: 'ainda não começou',
  first_period_open: 'primeiro período em curso',
  ended: 'encerrado',
  suspended: 'sem dias de serviço',
  no_items_in_force: 'sem itens em vigor',
  no_items: 'sem itens',
};

const reasons = (run: RunState) => {
  const list = Object.entries(run.skipped_by_reason ?? {}).filter(([, n]) => n > 0);
  return list.length ? ` (${list.map(([r, n]) => `${REASON[r] ?? r}: ${n}`).join('; ')})` : '';
};

const brl = (cents: number) => (cents / 100).toLocaleString('pt-BR', { style: 'currency', currency: 'BRL' });

export function runCliBilling(o: CliBillingOptions): Promise<number> {
  const out = o.out ?? process.stdout;
  const err = o.err ?? process.stderr;
  return runCli(err, async () => {
    if (o.date && !/^\d{4}-\d{2}-\d{2}$/.test(o.date)) throw new CliError('--date deve estar no formato AAAA-MM-DD.');
    const started = await apiCall(o, 'POST', '/v1/billing-runs', {
      ...(o.date ? { reference_date: o.date } : {}),
      ...(o.catchUp ? { catch_up: true } : {}),
      trigger: 'cli',
    });
    if (started.status !== 202) throw new CliError(await errorText(started));
    let run = (await started.json()) as RunState;
    err.write(`Faturamento nº ${run.number} de ${run.reference_date.split('-').reverse().join('/')} iniciado.\n`);
    while (run.status !== 'finished' && run.status !== 'failed') {
      await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
      const res = await apiCall(o, 'GET', `/v1/billing-runs/${run.id}`);
      if (!res.ok) throw new CliError(await errorText(res));
      run = (await res.json()) as RunState;
      const bar = progressBar(run.progress.processed, run.progress.total || null, 'contratos');
      err.write(err.isTTY ? `\r${bar}` : `${bar}\n`);
    }
    if (err.isTTY) err.write('\n');
    out.write(
      `Cobranças criadas: ${run.charges_created} (${brl(run.total_cents)})\n` +
        `Períodos já faturados antes: ${run.charges_existing}\n` +
        `Contratos sem faturamento nesta data: ${run.skipped_contracts}${reasons(run)}\n` +
        (run.unbilled_past?.periods
          ? `Períodos pendentes (dia de faturamento já passou sem cobrança): ${run.unbilled_past.periods} de ${run.unbilled_past.contracts} contrato(s), ${brl(run.unbilled_past.total_cents)}; fature-os com --catch-up (veja GET /v1/billing-runs/${run.id}/skipped)\n`
          : '') +
        `Contratos com erro: ${run.error_count}${run.error_count ? ` (veja GET /v1/billing-runs/${run.id}/errors)` : ''}\n`,
    );
    return run.status === 'finished' && run.error_count === 0 ? 0 : 1;
  });
}
