// The payer's public page link (/pagar/…) of a charge or a customer: get it (the API returns the
// live link or makes one), copy it, open it, revoke it.
import { useState } from 'react';
import { del, post } from '../api.ts';
import { dateTimeBR } from '../format.ts';
import { ErrorBox, notify, toApiError } from '../ui.tsx';
import type { ApiError } from '../api.ts';
import '../notifications.css';

interface PayerLinkView {
  url: string;
  path: string;
  kind: 'charge' | 'customer';
  created_at: string;
  revoked_at: string | null;
}

export function PayerLinkBox({ kind, id }: { kind: 'charge' | 'customer'; id: string }) {
  const base = `/v1/${kind === 'charge' ? 'charges' : 'customers'}/${id}/payer-link` as const;
  const [link, setLink] = useState<PayerLinkView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const obtain = () => run(async () => setLink(await post(base)));
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      notify('Link copiado.');
    } catch {
      notify('Não foi possível copiar automaticamente: selecione o link e copie.', 'error');
    }
  };
  const revoke = () => {
    if (
      !window.confirm(
        'Revogar o link? Quem tiver o endereço atual não conseguirá mais abrir a página. Um novo link pode ser gerado depois.',
      )
    )
      return;
    run(async () => {
      await del(base);
      setLink(null);
      notify('Link revogado.');
    });
  };
  return (
    <div className="payer-link-box" data-payer-link={kind}>
      <ErrorBox error={error} />
      {!link ? (
        <div className="payer-link">
          <span className="muted">
            {kind === 'charge'
              ? 'Página pública onde o pagador vê o boleto, o Pix e o recibo desta cobrança.'
              : 'Página pública com todas as cobranças em aberto deste cliente.'}
          </span>
          <button type="button" disabled={busy} onClick={obtain}>
            Mostrar link do pagador
          </button>
        </div>
      ) : (
        <>
          <div className="payer-link">
            <input readOnly aria-label="Link do pagador" value={link.url} onFocus={(e) => e.target.select()} />
            <button type="button" className="primary" onClick={copy}>
              Copiar link
            </button>
            <a className="button" href={link.url} target="_blank" rel="noopener noreferrer">
              Abrir
            </a>
            <button type="button" className="link danger" disabled={busy} onClick={revoke}>
              Revogar
            </button>
          </div>
          <p className="muted">Link criado em {dateTimeBR(link.created_at)}. Quem tiver o link vê a página sem login.</p>
        </>
      )}
    </div>
  );
}
