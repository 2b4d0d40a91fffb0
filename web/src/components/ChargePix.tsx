// A charge's dynamic Pix at the PSP (cob/cobv/cobr): what was asked, its copia-e-cola, "Gerar Pix
// no PSP" when there is none, the Pix received for it with their refunds ("Devolver"), the
// operations still in flight and the requests exchanged with the PSP. While something is on its
// way (a Pix not at the PSP yet, a refund, a queued operation) it reads its state again by itself.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../api.ts';
import { brl, dateBR, dateTimeBR, parseMoneyBR } from '../format.ts';
import { EmptyRow, Field, LoadError, Modal, notify, StatusBadge, useAsync } from '../ui.tsx';
import { FormErrors, pixError } from '../pages/pix/errors.tsx';
import {
  OPERATION_LABEL,
  OPERATION_STATUS_LABEL,
  OUTCOME_LABEL,
  PIX_CHARGE_STATUS_LABEL,
  PIX_KIND_LABEL,
  REFUND_STATUS_LABEL,
  SOURCE_LABEL,
  UNEXPRESSED_LABEL,
} from '../pages/pix/labels.ts';
import { CopyCode, ExchangesLog } from '../pages/pix/shared.tsx';
import type { ReceivedPix } from '../pages/pix/Received.tsx';
import '../pages/pix/pix.css';

export interface PixChargeView {
  txid: string;
  kind: string;
  connection_id: string;
  recurrence_id: string | null;
  status: string;
  psp_status: string | null;
  amount_cents: number;
  due_date: string | null;
  location: string | null;
  pix_copia_e_cola: string | null;
  /** The valor object sent to the PSP and what it could not express; untyped in the document (src/psp/schemas.ts). */
  terms: unknown;
  retries: unknown[];
  status_reason: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

interface ChargePixState {
  charge_id: string;
  pix_charge: PixChargeView | null;
  history: PixChargeView[];
  received: ReceivedPix[];
  operations: {
    id: string;
    kind: string;
    status: string;
    attempts: number;
    last_error: string | null;
    created_at: string;
    updated_at: string;
  }[];
}

const IN_FLIGHT = new Set(['queued', 'sending', 'failed']);
const POLL_MS = 3000;

/** What changes the charge itself (a payment, a refund returned): the page reloads its facts then. */
/** The Cobre terms the Pix charge does not carry (terms.unexpressed; the document types terms as an open object). */
function unexpressedOf(terms: Record<string, unknown> | null): { code: string; detail: string }[] {
  const u = terms?.unexpressed;
  return Array.isArray(u) ? u : [];
}

const settledKey = (s: ChargePixState) => s.received.map((r) => `${r.end_to_end_id}:${r.refunded_cents}`).join('|');

export function ChargePix({ chargeId, chargeOpen = true, onChanged }: { chargeId: string; chargeOpen?: boolean; onChanged?: () => void }) {
  const state = useAsync(() => get(`/v1/charges/${chargeId}/pix-charge`), [chargeId]);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<ApiError | null>(null);
  const [refunding, setRefunding] = useState<ReceivedPix | null>(null);
  const s = state.data;

  // Something on its way at the PSP: read again until it settles.
  const waiting =
    !!s &&
    (s.pix_charge?.status === 'pending' ||
      s.operations.some((o) => o.status === 'queued' || o.status === 'sending') ||
      s.received.some((r) => r.refunds.some((f) => f.status === 'requested' || f.status === 'processing')));
  // biome-ignore lint/correctness/useExhaustiveDependencies: `s` on purpose: each new reading arms the next poll
  useEffect(() => {
    if (!waiting) return;
    const t = window.setTimeout(state.reload, POLL_MS);
    return () => window.clearTimeout(t);
  }, [waiting, s, state.reload]);

  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (!s) return;
    const key = settledKey(s);
    if (seen.current !== null && seen.current !== key) onChanged?.();
    seen.current = key;
  }, [s, onChanged]);

  const create = async () => {
    setCreating(true);
    setCreateError(null);
    try {
      await post(`/v1/charges/${chargeId}/pix-charge`, {});
      notify('Pix pedido ao PSP: aparece aqui assim que o PSP responder.');
      state.reload();
    } catch (err) {
      setCreateError(pixError(err));
    } finally {
      setCreating(false);
    }
  };

  const p = s?.pix_charge ?? null;
  const older = s ? s.history.filter((h) => h.txid !== p?.txid) : [];
  const inFlight = s ? s.operations.filter((o) => IN_FLIGHT.has(o.status)) : [];
  return (
    <section aria-labelledby="charge-pix-title" data-charge-pix>
      <div className="pix-section-head">
        <h2 id="charge-pix-title">Pix no PSP</h2>
        <button type="button" className="link" onClick={state.reload}>
          Atualizar
        </button>
      </div>
      {state.error && <LoadError error={state.error} what="Pix da cobrança" />}
      {!s && !state.error && <p data-pix-loading>Carregando o Pix da cobrança…</p>}
      {s && (
        <>
          {p ? (
            <div className="panel" data-pix-status={p.status}>
              <dl className="facts">
                <dt>Tipo</dt>
                <dd>{PIX_KIND_LABEL[p.kind] ?? p.kind}</dd>
                <dt>Situação</dt>
                <dd>
                  <StatusBadge status={p.status} labels={PIX_CHARGE_STATUS_LABEL} />
                  {p.psp_status && <small className="muted"> no PSP: {p.psp_status}</small>}
                </dd>
                <dt>txid</dt>
                <dd>
                  <code>{p.txid}</code>
                </dd>
                <dt>Valor</dt>
                <dd>{brl(p.amount_cents)}</dd>
                <dt>Vencimento</dt>
                <dd>{p.due_date ? dateBR(p.due_date) : 'Sem vencimento (Pix imediato)'}</dd>
                {p.status_reason && (
                  <>
                    <dt>Motivo</dt>
                    <dd>{p.status_reason}</dd>
                  </>
                )}
                {p.last_error && (
                  <>
                    <dt>Último erro</dt>
                    <dd className="result-problem">{p.last_error}</dd>
                  </>
                )}
              </dl>
              {unexpressedOf(p.terms).length > 0 && (
                <div className="warning" data-unexpressed>
                  O Pix no PSP não reproduz exatamente estas regras de pagamento do Cobre; o valor pago é conferido com o devido no dia do
                  pagamento:
                  <ul className="unexpressed">
                    {unexpressedOf(p.terms).map((u, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a derived, read-only list, recomputed whole
                      <li key={i}>
                        <strong>{UNEXPRESSED_LABEL[u.code] ?? u.code}</strong> <small className="muted">({u.detail})</small>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {p.pix_copia_e_cola ? (
                <>
                  <strong>Pix copia e cola</strong>
                  <CopyCode code={p.pix_copia_e_cola} label="Pix copia e cola" />
                </>
              ) : (
                p.status === 'pending' && <p className="muted">Aguardando o PSP criar a cobrança Pix…</p>
              )}
            </div>
          ) : (
            <div className="panel">
              <p>Nenhum Pix ativo no PSP para esta cobrança.</p>
              <FormErrors error={createError} labels={{ connection_id: 'Conexão PSP', kind: 'Tipo de Pix' }} />
              {chargeOpen && (
                <button type="button" className="primary" disabled={creating} onClick={create}>
                  {creating ? 'Pedindo…' : 'Gerar Pix no PSP'}
                </button>
              )}
            </div>
          )}

          <h3>Pix recebidos</h3>
          <table className="grid compact pix-received">
            <thead>
              <tr>
                <th className="num">Valor</th>
                <th className="num">Esperado no dia</th>
                <th>Resultado</th>
                <th>Horário</th>
                <th>E2E id</th>
                <th>Devoluções</th>
                <th>
                  <span className="sr-only">Ações</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {s.received.length === 0 && <EmptyRow colSpan={7}>Nenhum Pix recebido para esta cobrança.</EmptyRow>}
              {s.received.map((r) => {
                const open = r.refunds
                  .filter((f) => f.status === 'requested' || f.status === 'processing')
                  .reduce((n, f) => n + f.amount_cents, 0);
                const left = r.amount_cents - r.refunded_cents - open;
                return (
                  <tr key={r.end_to_end_id} data-e2e={r.end_to_end_id}>
                    <td className="num">{brl(r.amount_cents)}</td>
                    <td className="num">{brl(r.expected_cents)}</td>
                    <td>
                      <StatusBadge status={r.outcome} labels={OUTCOME_LABEL} />
                      <small className="muted" style={{ display: 'block' }}>
                        {SOURCE_LABEL[r.source] ?? r.source}
                      </small>
                    </td>
                    <td>{dateTimeBR(r.paid_at)}</td>
                    <td>
                      <code>{r.end_to_end_id}</code>
                    </td>
                    <td>
                      {r.refunds.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="refund-list">
                          {r.refunds.map((f) => (
                            <li key={f.id} data-refund={f.status}>
                              {brl(f.amount_cents)} — <StatusBadge status={f.status} labels={REFUND_STATUS_LABEL} /> {f.reason}
                              {f.status_reason ? <span className="result-problem"> ({f.status_reason})</span> : null}
                              <small className="muted"> · {dateTimeBR(f.created_at)}</small>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="actions">
                      {left > 0 && (
                        <button
                          type="button"
                          className="link"
                          aria-label={`Devolver Pix ${r.end_to_end_id}`}
                          onClick={() => setRefunding(r)}
                        >
                          Devolver
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          {inFlight.length > 0 && (
            <>
              <h3>Operações com o PSP pendentes ou que falharam</h3>
              <table className="grid compact pix-operations">
                <thead>
                  <tr>
                    <th>Operação</th>
                    <th>Situação</th>
                    <th className="num">Tentativas</th>
                    <th>Último erro</th>
                    <th>Atualizada em</th>
                  </tr>
                </thead>
                <tbody>
                  {inFlight.map((o) => (
                    <tr key={o.id} data-operation={o.kind}>
                      <td>{OPERATION_LABEL[o.kind] ?? o.kind}</td>
                      <td>
                        <StatusBadge status={o.status} labels={OPERATION_STATUS_LABEL} />
                      </td>
                      <td className="num">{o.attempts}</td>
                      <td>{o.last_error ?? '—'}</td>
                      <td>{dateTimeBR(o.updated_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}

          {older.length > 0 && (
            <details>
              <summary>Pix anteriores desta cobrança ({older.length})</summary>
              <table className="grid compact">
                <thead>
                  <tr>
                    <th>txid</th>
                    <th>Tipo</th>
                    <th>Situação</th>
                    <th className="num">Valor</th>
                    <th>Motivo</th>
                    <th>Criado em</th>
                  </tr>
                </thead>
                <tbody>
                  {older.map((h) => (
                    <tr key={h.txid}>
                      <td>
                        <code>{h.txid}</code>
                      </td>
                      <td>{PIX_KIND_LABEL[h.kind] ?? h.kind}</td>
                      <td>
                        <StatusBadge status={h.status} labels={PIX_CHARGE_STATUS_LABEL} />
                      </td>
                      <td className="num">{brl(h.amount_cents)}</td>
                      <td>{h.status_reason ?? h.last_error ?? '—'}</td>
                      <td>{dateTimeBR(h.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}

          <ExchangesLog path={`/v1/charges/${chargeId}/psp-exchanges`} />
        </>
      )}
      {refunding && (
        <RefundModal
          received={refunding}
          onClose={() => setRefunding(null)}
          onDone={() => {
            setRefunding(null);
            state.reload();
          }}
        />
      )}
    </section>
  );
}

const REFUND_LABELS = { amount_cents: 'Valor a devolver', reason: 'Motivo' };

function RefundModal({ received: r, onClose, onDone }: { received: ReceivedPix; onClose: () => void; onDone: () => void }) {
  const open = r.refunds.filter((f) => f.status === 'requested' || f.status === 'processing').reduce((n, f) => n + f.amount_cents, 0);
  const left = r.amount_cents - r.refunded_cents - open;
  const [amount, setAmount] = useState(brl(left).replace('R$ ', ''));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const cents = parseMoneyBR(amount);
    const bad: { field: string; issue: string }[] = [];
    if (cents === null || cents <= 0) bad.push({ field: 'amount_cents', issue: 'informe um valor em reais, como 12,34' });
    if (!reason.trim()) bad.push({ field: 'reason', issue: 'informe o motivo da devolução' });
    if (bad.length) return setError(new ApiError(400, 'validation_failed', '', bad, null));
    setBusy(true);
    try {
      await post(`/v1/pix-received/${r.end_to_end_id}/refunds`, { amount_cents: cents!, reason: reason.trim() });
      notify('Devolução pedida ao PSP.');
      onDone();
    } catch (err) {
      setError(pixError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Devolver Pix" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          Pix de {brl(r.amount_cents)} recebido em {dateTimeBR(r.paid_at)}. Pode ser devolvido até {brl(left)}.
        </p>
        <FormErrors error={error} labels={REFUND_LABELS} />
        <Field
          label={REFUND_LABELS.amount_cents}
          name="amount_cents"
          error={error}
          hint="Em reais; o padrão é tudo o que ainda pode ser devolvido"
        >
          <input name="amount_cents" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <Field label={REFUND_LABELS.reason} name="reason" error={error}>
          <input name="reason" maxLength={140} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <p className="muted">O valor devolvido volta a ficar em aberto na cobrança quando o PSP confirmar a devolução.</p>
        <div className="form-actions">
          <button type="submit" className="danger" disabled={busy}>
            {busy ? 'Enviando…' : 'Confirmar devolução'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
