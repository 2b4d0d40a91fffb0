// `cobre billing run [--date YYYY-MM-DD]`: starts a billing run through the server's API, draws
// its progress (contracts processed/total) on stderr, and prints the result.
import { apiCall, CliError, errorText, progressBar, runCli, type ApiClientOptions } from '../../platform/api-client.ts';

export interface CliBillingOptions extends ApiClientOptions {
  date?: string;
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
}

const brl = (cents: number) => (cents / 100).toLocaleString('pt-BR', { style: 'currency', currency: 'BRL' });

export function runCliBilling(o: CliBillingOptions): Promise<number> {
  const out = o.out ?? process.stdout;
  const err = o.err ?? process.stderr;
  return runCli(err, async () => {
    if (o.date && !/^\d{4}-\d{2}-\d{2}$/.test(o.date)) throw new CliError('--date deve estar no formato AAAA-MM-DD.');
    const started = await apiCall(o, 'POST', '/v1/billing-runs', { ...(o.date ? { reference_date: o.date } : {}), trigger: 'cli' });
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
        `Contratos sem faturamento nesta data: ${run.skipped_contracts}\n` +
        `Contratos com erro: ${run.error_count}${run.error_count ? ` (veja GET /v1/billing-runs/${run.id}/errors)` : ''}\n`,
    );
    return run.status === 'finished' && run.error_count === 0 ? 0 : 1;
  });
}
