// `cobre cnab remessa|retorno`: a client of the server's API (the embedded database belongs to the
// running server), like `cobre import`. COBRE_URL (default http://localhost:3000), COBRE_API_KEY.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { apiCall, CliError, errorText, runCli } from '../platform/api-client.ts';

export interface CliCnabOptions {
  baseUrl: string;
  apiKey: string | undefined;
  /** Collection account UUID or number; default: the tenant's default account. */
  account?: string;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
}

const call = (o: CliCnabOptions, method: string, path: string, body?: Buffer) => apiCall(o, method, path, body);
const run = (o: CliCnabOptions, fn: () => Promise<void>) => runCli(o.err, fn);

async function accountRef(o: CliCnabOptions): Promise<string> {
  if (o.account) return o.account;
  const res = await call(o, 'GET', '/v1/collection-accounts?active=true');
  if (!res.ok) throw new CliError(await errorText(res));
  const def = ((await res.json()).data as { id: string; is_default: boolean }[]).find((a) => a.is_default);
  if (!def) throw new CliError('O tenant não tem conta de cobrança padrão ativa; indique --account.');
  return def.id;
}

/**
 * Makes the account's next CNAB 240 remittance (POST …/remittances) and downloads it into `outFile`
 * (default: the server's file name); `--preview` downloads what it would be and marks nothing.
 */
export function runCnabRemessa(o: CliCnabOptions & { preview: boolean; outFile?: string }): Promise<number> {
  return run(o, async () => {
    const id = encodeURIComponent(await accountRef(o));
    let made: { file_sequence: number; boleto_count: number; movement_count: number; total_cents: number; file_url: string } | null = null;
    if (!o.preview) {
      const res = await call(o, 'POST', `/v1/collection-accounts/${id}/remittances`);
      if (!res.ok) throw new CliError(await errorText(res));
      made = await res.json();
    }
    const res = await call(o, 'GET', made ? made.file_url : `/v1/collection-accounts/${id}/remittance?preview=true`);
    if (!res.ok) throw new CliError(await errorText(res));
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'remessa.rem';
    const file = o.outFile ?? name;
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const header = (h: string) => Number(res.headers.get(h));
    const r = made ?? {
      file_sequence: header('x-file-sequence'),
      boleto_count: header('x-boleto-count'),
      movement_count: header('x-movement-count'),
      total_cents: header('x-total-cents'),
    };
    (o.out ?? process.stdout).write(
      `${o.preview ? 'prévia (nada marcado)' : 'remessa'} nº ${r.file_sequence}: ${r.boleto_count} boleto(s), ${r.movement_count} instrução(ões) ao banco, ` +
        `total R$ ${(r.total_cents / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2 })} → ${file}\n`,
    );
  });
}

/** Uploads a return file and prints what it registered. Exit 1 when the file was rejected. */
export function runCnabRetorno(o: CliCnabOptions & { file: string }): Promise<number> {
  return run(o, async () => {
    const info = await stat(o.file).catch(() => null);
    if (!info?.isFile()) throw new CliError(`Arquivo não encontrado: ${o.file}`);
    const id = await accountRef(o);
    const res = await call(
      o,
      'POST',
      `/v1/collection-accounts/${encodeURIComponent(id)}/returns?file_name=${encodeURIComponent(basename(o.file))}`,
      await readFile(o.file),
    );
    if (!res.ok) throw new CliError(`Arquivo recusado, nada foi aplicado.\n${await errorText(res)}`);
    const r = await res.json();
    const out = o.out ?? process.stdout;
    const brl = (c: number) => (c / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2 });
    if (r.already_processed) out.write('Este arquivo já foi processado; nada foi registrado agora. Resultado original:\n');
    out.write(`${r.format} do banco ${r.bank_code}: ${r.entry_count} ocorrência(s)\n`);
    const lines = r.line_report;
    if (lines?.padded_count) out.write(`  linhas mais curtas que o registro, completadas com espaços: ${lines.padded_lines}\n`);
    if (lines?.skipped_count) out.write(`  linhas em branco ignoradas: ${lines.skipped_lines}\n`);
    out.write(
      `  pagamentos registrados: ${r.payments.filter((p: { created: boolean }) => p.created).length} (R$ ${brl(r.paid_total_cents)}, tarifas R$ ${brl(r.fee_total_cents)})\n`,
    );
    const repeated = r.payments.filter((p: { created: boolean }) => !p.created).length;
    if (repeated) out.write(`  já registrados antes: ${repeated}\n`);
    if (r.registered.length) out.write(`  entradas confirmadas: ${r.registered.length}\n`);
    for (const e of r.rejected)
      out.write(`  entrada rejeitada (linha ${e.line}): nosso número ${e.nosso_numero}, motivos ${e.reasons.join(',') || '-'}\n`);
    for (const e of r.unmatched)
      out.write(`  sem boleto correspondente (linha ${e.line}): nosso número ${e.nosso_numero}, ocorrência ${e.occurrence_code}\n`);
    for (const e of r.not_applied) out.write(`  não aplicado (linha ${e.line}): ${e.reason}: ${e.message}\n`);
  });
}
