// Pieces shared by the PSP screens, the charge's Pix and the contract's Pix Automático: the
// copia-e-cola with a copy button, and the collapsible log of requests to the PSP.
import { useState } from 'react';
import { get } from '../../api.ts';
import { dateTimeBR } from '../../format.ts';
import { EmptyRow, LoadError, notify, useAsync } from '../../ui.tsx';
import './pix.css';

export interface Exchange {
  id: string;
  connection_id: string;
  charge_id: string | null;
  recurrence_id: string | null;
  method: string;
  path: string;
  status: number | null;
  attempt: number;
  duration_ms: number;
  request: unknown;
  response: unknown;
  error: string | null;
  at: string;
}

/** The Pix code (BR Code) to read or copy; the console has no QR renderer, so the text itself. */
export function CopyCode({ code, label }: { code: string; label: string }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      notify('Código Pix copiado.');
    } catch {
      notify('Não foi possível copiar automaticamente: selecione o código e copie.', 'error');
    }
  };
  return (
    <div className="pix-code">
      <textarea readOnly aria-label={label} value={code} rows={3} className="code" onFocus={(e) => e.target.select()} />
      <button type="button" onClick={copy}>
        Copiar código
      </button>
    </div>
  );
}

const json = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** The requests to the PSP and its answers (secrets redacted by the API), read when opened. */
/** The PSP exchanges of a connection or of a charge. */
type ExchangesPath = `/v1/psp-connections/${string}/exchanges` | `/v1/charges/${string}/psp-exchanges`;

export function ExchangesLog({ path, title = 'Trocas com o PSP' }: { path: ExchangesPath; title?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="exchanges" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{title}</summary>
      {open && <ExchangesTable path={path} />}
    </details>
  );
}

function ExchangesTable({ path }: { path: ExchangesPath }) {
  const list = useAsync(() => get(path), [path]);
  if (list.error) return <LoadError error={list.error} what="Trocas com o PSP" />;
  if (!list.data) return <p className="muted">Carregando…</p>;
  return (
    <>
      <div className="pix-section-head">
        <span className="muted">As mais recentes primeiro. Segredos e tokens não são mostrados.</span>
        <button type="button" className="link" onClick={list.reload}>
          Atualizar
        </button>
      </div>
      <table className="grid compact exchange-log">
        <thead>
          <tr>
            <th>Quando</th>
            <th>Requisição</th>
            <th className="num">Status HTTP</th>
            <th className="num">Tentativa</th>
            <th className="num">Duração</th>
            <th>Erro</th>
            <th>Conteúdo</th>
          </tr>
        </thead>
        <tbody>
          {list.data.length === 0 && <EmptyRow colSpan={7}>Nenhuma requisição ao PSP registrada.</EmptyRow>}
          {list.data.map((x) => (
            <tr key={x.id} data-exchange-status={x.status ?? 'none'}>
              <td>{dateTimeBR(x.at)}</td>
              <td>
                <code>
                  {x.method} {x.path}
                </code>
              </td>
              <td className="num">{x.status ?? '—'}</td>
              <td className="num">{x.attempt}</td>
              <td className="num">{x.duration_ms} ms</td>
              <td>{x.error ?? '—'}</td>
              <td>
                <details>
                  <summary>Ver envio e resposta</summary>
                  <div className="exchange-bodies">
                    <div>
                      <strong>Enviado</strong>
                      <pre>{json(x.request)}</pre>
                    </div>
                    <div>
                      <strong>Resposta</strong>
                      <pre>{json(x.response)}</pre>
                    </div>
                  </div>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
