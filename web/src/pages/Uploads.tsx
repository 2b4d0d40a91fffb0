import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../api.ts';
import { dateTimeBR, STATUS_LABEL } from '../format.ts';
import { ErrorBox, Field, LoadError, Pager, Progress, notify, toApiError, useAsync } from '../ui.tsx';

interface Import {
  id: string;
  entity: 'customers' | 'consumption';
  mode: string;
  dry_run: boolean;
  status: 'queued' | 'running' | 'completed' | 'failed';
  filename: string | null;
  progress: { processed: number; total: number | null; percent: number | null };
  counts: { valid_rows: number; invalid_rows: number; created: number; updated: number; unchanged: number; errors: number };
  failure: { code: string; message: string } | null;
  created_at: string;
  finished_at: string | null;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TITLES = { customers: 'Upload dos Clientes', consumption: 'Upload dos Consumos' };

/** Integração → Upload dos Clientes / Consumos: send a spreadsheet, follow it, read the rejected rows. */
export function UploadsPage({ entity }: { entity: 'customers' | 'consumption' }) {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'all_or_nothing' | 'valid_rows'>('valid_rows');
  const [dryRun, setDryRun] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [current, setCurrent] = useState<Import | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const template = `${entity}.xlsx`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new kind of import (`entity`) starts from a clean form
  useEffect(() => {
    setCurrent(null);
    setFile(null);
    setError(null);
  }, [entity]);

  useEffect(() => {
    if (!current || current.status === 'completed' || current.status === 'failed') return;
    const t = window.setTimeout(async () => {
      try {
        setCurrent(await get(`/v1/imports/${current.id}`));
      } catch (err) {
        setError(toApiError(err));
      }
    }, 500);
    return () => window.clearTimeout(t);
  }, [current]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file)
      return setError(
        new ApiError(400, 'validation_failed', 'Arquivo', [{ field: 'file', issue: 'escolha um arquivo XLSX ou CSV' }], null),
      );
    setBusy(true);
    setError(null);
    setCurrent(null);
    try {
      const type = /\.csv$/i.test(file.name) ? 'text/csv' : /\.xlsx$/i.test(file.name) ? XLSX : file.type || 'application/octet-stream';
      const imp = await post('/v1/imports', undefined, {
        file,
        contentType: type,
        query: { entity, mode, dry_run: dryRun || undefined, filename: file.name },
        idempotencyKey: crypto.randomUUID(),
      });
      setCurrent(imp);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per status change of the import, not on every poll's new object
  useEffect(() => {
    if (current?.status === 'completed')
      notify(`Importação concluída: ${current.counts.valid_rows} linha(s) válida(s), ${current.counts.invalid_rows} rejeitada(s).`);
    if (current?.status === 'failed') notify('A importação falhou.', 'error');
  }, [current?.status]);

  return (
    <div>
      <h1>{TITLES[entity]}</h1>
      <div className="two-cols">
        <form className="panel" onSubmit={submit}>
          <h2>Enviar planilha</h2>
          <ErrorBox error={error} fields={['file']} />
          <Field label="Arquivo (XLSX ou CSV)" name="file" error={error}>
            <input
              ref={inputRef}
              type="file"
              name="file"
              accept=".xlsx,.csv,text/csv"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Field>
          <Field label="Se houver linhas com erro" name="mode" error={error}>
            <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
              <option value="valid_rows">Gravar as linhas válidas e relatar as rejeitadas</option>
              <option value="all_or_nothing">Não gravar nada (tudo ou nada)</option>
            </select>
          </Field>
          <label className="check">
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Só validar (não grava)
          </label>
          <div className="form-actions">
            <button
              type="submit"
              className="primary"
              disabled={busy || (!!current && current.status !== 'completed' && current.status !== 'failed')}
            >
              Enviar
            </button>
          </div>
        </form>
        <div className="panel">
          <h2>Modelo</h2>
          <p>Baixe o modelo com os cabeçalhos em português, exemplos e instruções.</p>
          <a className="button" href={`/v1/imports/templates/${template}`} download>
            Baixar modelo ({template})
          </a>
        </div>
      </div>
      {current && <ImportReport imp={current} />}
    </div>
  );
}

function ImportReport({ imp }: { imp: Import }) {
  const [page, setPage] = useState(1);
  const done = imp.status === 'completed' || imp.status === 'failed';
  const errors = useAsync(
    () =>
      done && imp.counts.errors > 0
        ? get(`/v1/imports/${imp.id}/errors`, {
            page,
            page_size: 50,
          })
        : Promise.resolve(null),
    [imp.id, done, page],
  );
  return (
    <section className="panel import-report">
      <h2>
        {imp.filename ?? 'Importação'} — {STATUS_LABEL[imp.status] ?? imp.status}
      </h2>
      {!done && (
        <Progress
          value={imp.progress.processed}
          max={imp.progress.total}
          label={`${imp.progress.processed} de ${imp.progress.total ?? '?'} linhas`}
        />
      )}
      {done && (
        <>
          <dl className="facts">
            <dt>Linhas válidas</dt>
            <dd data-count="valid">{imp.counts.valid_rows}</dd>
            <dt>Linhas rejeitadas</dt>
            <dd data-count="invalid">{imp.counts.invalid_rows}</dd>
            <dt>Criados</dt>
            <dd>{imp.counts.created}</dd>
            <dt>Alterados</dt>
            <dd>{imp.counts.updated}</dd>
            <dt>Sem alteração</dt>
            <dd>{imp.counts.unchanged}</dd>
            <dt>Concluída em</dt>
            <dd>{dateTimeBR(imp.finished_at)}</dd>
          </dl>
          {imp.dry_run && <p className="muted">Simulação: nada foi gravado.</p>}
          {imp.mode === 'all_or_nothing' && imp.counts.invalid_rows > 0 && (
            <p className="warning">Modo tudo ou nada: como há linhas com erro, nada foi gravado.</p>
          )}
          {imp.failure && (
            <div className="error-box">
              <strong>A importação falhou:</strong> {imp.failure.message}
            </div>
          )}
        </>
      )}
      {errors.error && <LoadError error={errors.error} what="Relatório de erros" />}
      {errors.data && errors.data.data.length > 0 && (
        <>
          <h3>Linhas rejeitadas</h3>
          <table className="grid rejected">
            <thead>
              <tr>
                <th>Linha</th>
                <th>Coluna</th>
                <th>Problema</th>
                <th>Valor</th>
              </tr>
            </thead>
            <tbody>
              {errors.data.data.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a read-only page of errors, replaced whole (a row may have several)
                <tr key={i}>
                  <td>{e.row}</td>
                  <td>{e.column ?? '—'}</td>
                  <td>{e.message}</td>
                  <td>{e.value ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={50} total={errors.data.total} hasMore={errors.data.has_more} onPage={setPage} />
          <a className="button" href={`/v1/imports/${imp.id}/errors.xlsx`} download>
            Baixar relatório de erros (Excel)
          </a>
        </>
      )}
    </section>
  );
}
