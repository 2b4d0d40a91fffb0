// A charge's payments: each one opens in a dialog with its details, and can be reversed there
// ("Estornar pagamento": a reason, then a confirmation). Reversed payments stay in the list, marked.
import { useState, type FormEvent } from 'react';
import { ApiError, get, post } from '../api.ts';
import { brl, dateBR, dateTimeBR, METHOD_LABEL } from '../format.ts';
import { EmptyRow, ErrorBox, Field, LoadError, Modal, notify, toApiError, useAsync } from '../ui.tsx';
import { chargeApiError } from './ChargeDocuments.tsx';

export interface Payment {
  id: string;
  charge_id: string;
  amount_cents: number;
  fee_cents: number;
  paid_on: string;
  method: string;
  source: string;
  external_id: string | null;
  notes: string | null;
  reversed_at: string | null;
  reversal_reason: string | null;
  refunded_cents: number;
  created_at: string;
}

const SOURCE_LABEL: Record<string, string> = {
  api: 'API',
  console: 'Console',
  bank_return: 'Retorno bancário (CNAB)',
  import: 'Importação de planilha',
  pix: 'Pix recebido (PSP)',
};

export function ChargePayments({ chargeId, onChanged }: { chargeId: string; onChanged: () => void }) {
  const list = useAsync(() => get(`/v1/charges/${chargeId}/payments`), [chargeId]);
  const [open, setOpen] = useState<Payment | null>(null);
  const rows = list.data?.data ?? [];
  return (
    <section aria-labelledby="charge-payments-title" data-charge-payments>
      <h2 id="charge-payments-title">Pagamentos</h2>
      {list.error && <LoadError error={list.error} what="Pagamentos" />}
      <div className="receivables-scroll">
        <table className="grid charge-payments">
          <caption className="sr-only">Pagamentos da cobrança (os estornados ficam marcados)</caption>
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col" className="num">
                Valor
              </th>
              <th scope="col">Forma</th>
              <th scope="col">Origem</th>
              <th scope="col">Situação</th>
              <th scope="col">
                <span className="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data && rows.length === 0 && <EmptyRow colSpan={6}>Nenhum pagamento registrado.</EmptyRow>}
            {rows.map((p) => (
              <tr
                key={p.id}
                data-payment={p.id}
                data-reversed={p.reversed_at ? 'true' : 'false'}
                className={p.reversed_at ? 'charge-payment-reversed' : ''}
              >
                <td data-label="Data">{dateBR(p.paid_on)}</td>
                <td data-label="Valor" className="num">
                  {brl(p.amount_cents)}
                </td>
                <td data-label="Forma">{METHOD_LABEL[p.method] ?? p.method}</td>
                <td data-label="Origem">{SOURCE_LABEL[p.source] ?? p.source}</td>
                <td data-label="Situação">
                  {p.reversed_at ? (
                    <span className="badge status-cancelled">Estornado em {dateTimeBR(p.reversed_at)}</span>
                  ) : p.refunded_cents > 0 ? (
                    <span className="badge">Devolvido {brl(p.refunded_cents)}</span>
                  ) : (
                    <span className="badge status-paid">Válido</span>
                  )}
                </td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => setOpen(p)}>
                    Detalhes
                    <span className="sr-only">
                      {' '}
                      do pagamento de {brl(p.amount_cents)} em {dateBR(p.paid_on)}
                    </span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && (
        <PaymentDialog
          chargeId={chargeId}
          payment={open}
          onClose={() => setOpen(null)}
          onReversed={() => {
            setOpen(null);
            list.reload();
            onChanged();
          }}
        />
      )}
    </section>
  );
}

function PaymentDialog({
  chargeId,
  payment: p,
  onClose,
  onReversed,
}: {
  chargeId: string;
  payment: Payment;
  onClose: () => void;
  onReversed: () => void;
}) {
  const [reversing, setReversing] = useState(false);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim())
      return setError(new ApiError(400, 'validation_failed', 'Motivo', [{ field: 'reason', issue: 'informe o motivo do estorno' }], null));
    setError(null);
    if (!confirming) return setConfirming(true);
    setBusy(true);
    try {
      await post(`/v1/charges/${chargeId}/payments/${p.id}/reverse`, { reason: reason.trim() }, { idempotencyKey: key });
      notify('Pagamento estornado.');
      onReversed();
    } catch (err) {
      setError(chargeApiError(toApiError(err)));
      setBusy(false);
    }
  };
  return (
    <Modal title={`Pagamento de ${brl(p.amount_cents)} em ${dateBR(p.paid_on)}`} onClose={onClose}>
      <dl className="facts" data-payment-details>
        <dt>Valor</dt>
        <dd>{brl(p.amount_cents)}</dd>
        <dt>Tarifa</dt>
        <dd>{brl(p.fee_cents)}</dd>
        <dt>Data do pagamento</dt>
        <dd>{dateBR(p.paid_on)}</dd>
        <dt>Forma</dt>
        <dd>{METHOD_LABEL[p.method] ?? p.method}</dd>
        <dt>Origem</dt>
        <dd>{SOURCE_LABEL[p.source] ?? p.source}</dd>
        <dt>Identificador externo</dt>
        <dd>{p.external_id ?? '—'}</dd>
        <dt>Observações</dt>
        <dd>{p.notes ?? '—'}</dd>
        {p.refunded_cents > 0 && (
          <>
            <dt>Devolvido ao pagador</dt>
            <dd>{brl(p.refunded_cents)}</dd>
          </>
        )}
        <dt>Registrado em</dt>
        <dd>{dateTimeBR(p.created_at)}</dd>
        {p.reversed_at && (
          <>
            <dt>Estornado em</dt>
            <dd>{dateTimeBR(p.reversed_at)}</dd>
            <dt>Motivo do estorno</dt>
            <dd>{p.reversal_reason ?? '—'}</dd>
          </>
        )}
      </dl>
      {!p.reversed_at && !reversing && (
        <div className="form-actions">
          <button type="button" className="danger" onClick={() => setReversing(true)}>
            Estornar pagamento
          </button>
        </div>
      )}
      {!p.reversed_at && reversing && (
        <form onSubmit={submit}>
          <p className="warning">
            O pagamento fica no histórico, marcado como estornado, e deixa de contar: a cobrança volta a ter saldo em aberto.
          </p>
          <ErrorBox error={error} fields={['reason']} />
          <Field label="Motivo do estorno" name="reason" error={error}>
            <input
              name="reason"
              value={reason}
              maxLength={500}
              onChange={(e) => {
                setReason(e.target.value);
                setConfirming(false);
              }}
              // biome-ignore lint/a11y/noAutofocus: the dialog opens to type the reason; focus goes where the user's next keystroke belongs
              autoFocus
            />
          </Field>
          {confirming && (
            <p className="receivables-confirm" role="alert">
              Confirma o estorno do pagamento de {brl(p.amount_cents)}?
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="danger" disabled={busy}>
              {confirming ? 'Confirmar estorno' : 'Estornar'}
            </button>
            <button type="button" onClick={() => setReversing(false)}>
              Voltar
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
