// Pix recebidos: every Pix the PSP connections brought in (webhook or reconciliation), newest
// first, filtered by how it matched its charge, each linking to the charge.
import { useEffect, useState } from 'react';
import { get } from '../../api.ts';
import { brl, dateTimeBR } from '../../format.ts';
import { Link, setQuery, useLocation } from '../../router.tsx';
import { EmptyRow, LoadError, StatusBadge, toApiError } from '../../ui.tsx';
import type { ApiError } from '../../api.ts';
import type { components } from '../../api-schema.generated.ts';
import { OUTCOME_LABEL, OUTCOMES, REFUND_STATUS_LABEL, SOURCE_LABEL } from './labels.ts';
import './pix.css';

/** A received Pix with its refunds, as the API documents it (GET /v1/pix-received). */
export type ReceivedPix = components['schemas']['ReceivedPix'];

const PAGE = 50;

export function payerName(p: ReceivedPix['payer']): string {
  if (!p) return '—';
  return [p.nome, p.cpf ?? p.cnpj].filter((s) => typeof s === 'string' && s).join(' · ') || '—';
}

export function PixReceivedPage() {
  const { query } = useLocation();
  const outcome = query.get('resultado') ?? '';
  const [rows, setRows] = useState<ReceivedPix[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [more, setMore] = useState(false);
  const [tick, setTick] = useState(0);

  const load = async (before: string | undefined) => {
    setError(null);
    try {
      const page = await get('/v1/pix-received', { outcome: outcome || undefined, before, limit: PAGE });
      setRows((old) => (before && old ? [...old, ...page] : page));
      setMore(page.length === PAGE);
    } catch (err) {
      setError(toApiError(err));
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads from the start when the filter or "Atualizar" (`tick`) changes; `load` is a new closure every render
  useEffect(() => {
    setRows(null);
    void load(undefined);
  }, [outcome, tick]);

  return (
    <div>
      <div className="page-head">
        <h1>Pix recebidos</h1>
        <div className="spacer" />
        <button type="button" onClick={() => setTick((t) => t + 1)}>
          Atualizar
        </button>
      </div>
      <p className="muted">
        Pix recebidos pelas conexões PSP (
        <Link className="inline-link" to="/configuracoes/pix-psp">
          Configurações → Pix (PSP)
        </Link>
        ), pelo webhook ou pela conciliação. O resultado compara o valor pago com o devido no dia do pagamento.
      </p>
      <div className="filters">
        <label className="field">
          <span className="label">Resultado</span>
          <select name="outcome" value={outcome} onChange={(e) => setQuery({ resultado: e.target.value || null })}>
            <option value="">Todos</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABEL[o]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <LoadError error={error} what="Pix recebidos" />}
      {rows && (
        <table className="grid received-list">
          <thead>
            <tr>
              <th>Pago em</th>
              <th className="num">Valor</th>
              <th className="num">Esperado no dia</th>
              <th>Resultado</th>
              <th>Cobrança</th>
              <th>Pagador</th>
              <th>Origem</th>
              <th className="num">Devolvido</th>
              <th>E2E id</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <EmptyRow colSpan={9}>{outcome ? 'Nenhum Pix recebido com este resultado.' : 'Nenhum Pix recebido ainda.'}</EmptyRow>
            )}
            {rows.map((r) => (
              <tr key={r.end_to_end_id} data-e2e={r.end_to_end_id}>
                <td>{dateTimeBR(r.paid_at)}</td>
                <td className="num">{brl(r.amount_cents)}</td>
                <td className="num">{brl(r.expected_cents)}</td>
                <td>
                  <StatusBadge status={r.outcome} labels={OUTCOME_LABEL} />
                </td>
                <td>
                  {r.charge_id ? (
                    <Link to={`/contas-a-receber/${r.charge_id}`}>Abrir cobrança</Link>
                  ) : (
                    <span className="muted">{r.txid ? `txid ${r.txid}` : '—'}</span>
                  )}
                </td>
                <td>{payerName(r.payer)}</td>
                <td>{SOURCE_LABEL[r.source] ?? r.source}</td>
                <td className="num">
                  {r.refunded_cents ? brl(r.refunded_cents) : '—'}
                  {r.refunds.some((f) => f.status === 'requested' || f.status === 'processing') && (
                    <small className="muted" style={{ display: 'block' }}>
                      {REFUND_STATUS_LABEL.processing}
                    </small>
                  )}
                </td>
                <td>
                  <code>{r.end_to_end_id}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows && more && (
        <div className="pager">
          <button type="button" onClick={() => load(rows[rows.length - 1].received_at)}>
            Mais antigos ›
          </button>
        </div>
      )}
    </div>
  );
}
