// `cobre import customers|consumption <file>`: a client of the server's API (the embedded
// database belongs to the running server). Uploads the file, draws a progress bar on stderr while
// the import job runs, then prints the report on stdout.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';

export interface CliImportOptions {
  entity: 'customers' | 'consumption';
  file: string;
  mode: 'all_or_nothing' | 'valid_rows';
  dryRun: boolean;
  baseUrl: string;
  apiKey: string | undefined;
  pollMs?: number;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream & { isTTY?: boolean };
}

interface ImportState {
  id: string;
  status: string;
  progress: { processed: number; total: number | null; percent: number | null };
  counts: { valid_rows: number; invalid_rows: number; created: number; updated: number; unchanged: number; errors: number };
  failure: { code: string; message: string; details: { field?: string; issue: string }[] } | null;
  first_errors: { row: number; column: string | null; message: string; value: string | null }[];
  dry_run: boolean;
}

/** The API's error body (or anything else a misbehaving server sends). */
interface ErrorBody {
  error?: { code?: string; message?: string; details?: { field?: string; issue: string }[] };
}

class CliError extends Error {}

const fmt = (n: number) => n.toLocaleString('pt-BR');

export function progressBar(processed: number, total: number | null, width = 30): string {
  if (!total) return `${fmt(processed)} linhas`;
  const ratio = Math.min(1, processed / total);
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}%  ${fmt(processed)}/${fmt(total)} linhas`;
}

async function call(
  o: CliImportOptions,
  method: string,
  path: string,
  body?: Buffer,
  contentType?: string,
): Promise<{ status: number; json: unknown }> {
  let res: Response;
  try {
    res = await fetch(`${o.baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: { authorization: `Bearer ${o.apiKey}`, ...(contentType ? { 'content-type': contentType } : {}) },
      body: body ? new Blob([new Uint8Array(body)]) : undefined,
    });
  } catch (err) {
    throw new CliError(
      `Não foi possível conectar ao servidor Cobre em ${o.baseUrl} (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}).\n` +
        'Inicie-o com `cobre serve` ou indique o endereço em COBRE_URL.',
    );
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { error: { message: text.slice(0, 300) } };
  }
  if (res.status === 401) throw new CliError('A chave de API foi recusada (401): confira COBRE_API_KEY.');
  return { status: res.status, json };
}

function describeError(json: unknown): string {
  const e = (json as ErrorBody | null)?.error ?? {};
  const details = (e.details ?? []).map((d) => `  - ${d.field ? `${d.field}: ` : ''}${d.issue}`).join('\n');
  return `${e.code ?? 'erro'}: ${e.message ?? 'falha'}${details ? `\n${details}` : ''}`;
}

/** Returns the process exit code: 0 when every row was imported (or would be, in a dry run). */
export async function runCliImport(o: CliImportOptions): Promise<number> {
  const out = o.out ?? process.stdout;
  const err = o.err ?? process.stderr;
  try {
    if (!o.apiKey)
      throw new CliError('Defina COBRE_API_KEY com uma chave de API do tenant (o servidor mostra as chaves de demonstração ao iniciar).');
    const info = await stat(o.file).catch(() => null);
    if (!info?.isFile()) throw new CliError(`Arquivo não encontrado: ${o.file}`);
    const content = await readFile(o.file);
    const type =
      extname(o.file).toLowerCase() === '.csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const query = new URLSearchParams({ entity: o.entity, mode: o.mode, dry_run: String(o.dryRun), filename: basename(o.file) });
    const created = await call(o, 'POST', `/v1/imports?${query}`, content, type);
    if (created.status !== 202) throw new CliError(`O servidor recusou o arquivo (${created.status}):\n${describeError(created.json)}`);
    let state = created.json as ImportState;
    const tty = !!err.isTTY;
    let lastLine = 0;
    while (state.status === 'queued' || state.status === 'running') {
      const line = `${state.status === 'queued' ? 'Na fila…  ' : 'Importando '}${progressBar(state.progress.processed, state.progress.total)}`;
      if (tty) err.write(`\r${line}\x1b[K`);
      else if (Date.now() - lastLine > 2000) {
        err.write(`${line}\n`);
        lastLine = Date.now();
      }
      await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
      const got = await call(o, 'GET', `/v1/imports/${state.id}`);
      if (got.status !== 200) throw new CliError(`Falha ao consultar a importação (${got.status}):\n${describeError(got.json)}`);
      state = got.json as ImportState;
    }
    err.write(`${tty ? '\r' : ''}Concluído ${progressBar(state.progress.processed, state.progress.total)}${tty ? '\x1b[K' : ''}\n`);

    const c = state.counts;
    const lines = [
      `Importação ${state.id} (${o.entity}${state.dry_run ? ', simulação' : ''}): ${state.status === 'completed' ? 'concluída' : 'falhou'}`,
      `  linhas lidas: ${fmt(state.progress.processed)}  válidas: ${fmt(c.valid_rows)}  com erro: ${fmt(c.invalid_rows)}`,
      `  ${state.dry_run ? 'seriam criados' : 'criados'}: ${fmt(c.created)}  ${state.dry_run ? 'seriam alterados' : 'alterados'}: ${fmt(c.updated)}  sem mudança: ${fmt(c.unchanged)}`,
    ];
    if (state.failure) lines.push(`  ${describeError({ error: state.failure }).replace(/\n/g, '\n  ')}`);
    if (c.errors > 0) {
      const page = await call(o, 'GET', `/v1/imports/${state.id}/errors?page_size=50`);
      lines.push('', 'Erros (linha, coluna, mensagem):');
      for (const e of (page.json as { data?: ImportState['first_errors'] } | null)?.data ?? [])
        lines.push(`  linha ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message}${e.value ? ` (valor: ${e.value})` : ''}`);
      if (c.errors > 50) lines.push(`  … e mais ${fmt(c.errors - 50)}.`);
      lines.push(`Relatório completo: ${o.baseUrl.replace(/\/$/, '')}/v1/imports/${state.id}/errors.xlsx`);
    }
    out.write(lines.join('\n') + '\n');
    return state.status === 'completed' && c.invalid_rows === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof CliError) {
      err.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
