// The HTTP client of CLI commands that work through a running server (the embedded database
// belongs to the server process): COBRE_URL (default http://localhost:3000) and COBRE_API_KEY.

export class CliError extends Error {}

export interface ApiClientOptions {
  baseUrl: string;
  apiKey: string | undefined;
}

export async function apiCall(
  o: ApiClientOptions,
  method: string,
  path: string,
  body?: Buffer | object,
  contentType?: string,
): Promise<Response> {
  if (!o.apiKey) throw new CliError('Defina COBRE_API_KEY com uma chave de API do tenant.');
  const isBuffer = Buffer.isBuffer(body);
  let res: Response;
  try {
    res = await fetch(`${o.baseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${o.apiKey}`,
        ...(body !== undefined ? { 'content-type': contentType ?? (isBuffer ? 'application/octet-stream' : 'application/json') } : {}),
      },
      body: body === undefined ? undefined : isBuffer ? new Blob([new Uint8Array(body as Buffer)]) : JSON.stringify(body),
    });
  } catch (err) {
    throw new CliError(
      `Não foi possível conectar ao servidor Cobre em ${o.baseUrl} (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}).\n` +
        'Inicie-o com `cobre serve` ou indique o endereço em COBRE_URL.',
    );
  }
  if (res.status === 401) throw new CliError('A chave de API foi recusada (401): confira COBRE_API_KEY.');
  return res;
}

/** The canonical error envelope as lines for a terminal. */
export async function errorText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const e = JSON.parse(text).error ?? {};
    const details = (e.details ?? [])
      .map((d: { field?: string; issue: string }) => `  - ${d.field ? `${d.field}: ` : ''}${d.issue}`)
      .join('\n');
    return `${e.code ?? res.status}${e.reason ? ` (${e.reason})` : ''}: ${e.message ?? ''}${details ? `\n${details}` : ''}`;
  } catch {
    return `${res.status}: ${text.slice(0, 300)}`;
  }
}

/** Runs a CLI action: a CliError is printed and becomes exit code 1. */
export async function runCli(err: NodeJS.WritableStream | undefined, fn: (() => Promise<number>) | (() => Promise<void>)): Promise<number> {
  try {
    return (await fn()) ?? 0;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    (err ?? process.stderr).write(`${e.message}\n`);
    return 1;
  }
}

export function progressBar(processed: number, total: number | null, unit: string, width = 30): string {
  const fmt = (n: number) => n.toLocaleString('pt-BR');
  if (!total) return `${fmt(processed)} ${unit}`;
  const ratio = Math.min(1, processed / total);
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}%  ${fmt(processed)}/${fmt(total)} ${unit}`;
}
