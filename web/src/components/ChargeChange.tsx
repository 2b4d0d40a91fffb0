// The charge page's "Alterar vencimento ou valor" dialog (PATCH /v1/charges/{id}) and the
// "Instruções ao banco" box: what was asked of the bank about the charge's boleto (write-off,
// due-date and amount changes, protest, negativation), whether it went in a remittance, and the
// buttons to ask for protest or negativation or to stop them.
import { useState } from 'react';
import { ApiError, get, patch, post } from '../api.ts';
import { brl, dateBR, dateTimeBR, parseDateBR, parseMoneyBR } from '../format.ts';
import { DateInput, ErrorBox, Field, Modal, notify, toApiError, useAsync } from '../ui.tsx';

/** The API's refusals about a change or an instruction, in the clerk's words. */
function changeError(err: ApiError): ApiError {
  const reason = String(err.meta.reason ?? '');
  const text: Record<string, string> = {
    movement_not_offered:
      'O layout de remessa desta conta de cobrança não tem essa instrução para o banco. Cancele o boleto e emita um novo, ou troque o layout da conta.',
    boleto_not_at_bank: 'O boleto ainda não foi enviado ao banco: gere a remessa primeiro.',
    nothing_to_stop: 'Não há protesto ou negativação a sustar neste boleto.',
    charge_paid: 'O boleto já foi pago.',
    amount_out_of_range: 'Um boleto aceita no máximo R$ 99.999.999,99.',
  };
  const out = new ApiError(err.status, err.code, err.apiMessage, err.details, err.requestId, err.meta);
  if (text[reason]) out.message = text[reason];
  else if (err.code === 'invalid_state_transition') out.message = 'Cobrança paga ou cancelada não pode ser alterada.';
  else if (err.code === 'validation_failed') out.message = 'Verifique os campos destacados.';
  return out;
}

export function ChangeChargeModal({
  charge,
  onClose,
  onDone,
}: {
  charge: { id: string; number: number; amount_cents: number; paid_cents: number; due_date: string };
  onClose: () => void;
  onDone: () => void;
}) {
  const [due, setDue] = useState(dateBR(charge.due_date));
  const [amount, setAmount] = useState(brl(charge.amount_cents).replace('R$ ', ''));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={`Alterar vencimento ou valor — cobrança nº ${charge.number}`} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const dueDate = parseDateBR(due);
          const cents = parseMoneyBR(amount);
          const bad = [];
          if (!dueDate) bad.push({ field: 'due_date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' });
          if (cents === null || cents <= 0) bad.push({ field: 'amount_cents', issue: 'informe um valor como 1.234,56' });
          if (!reason.trim()) bad.push({ field: 'reason', issue: 'informe o motivo da alteração' });
          if (bad.length) return setError(new ApiError(400, 'validation_failed', 'Verifique os campos', bad, null));
          setBusy(true);
          setError(null);
          try {
            await patch(`/v1/charges/${charge.id}`, {
              ...(dueDate !== charge.due_date ? { due_date: dueDate! } : {}),
              ...(cents !== charge.amount_cents ? { amount_cents: cents! } : {}),
              reason: reason.trim(),
            });
            notify('Cobrança alterada.');
            onDone();
          } catch (err) {
            setError(changeError(toApiError(err)));
          } finally {
            setBusy(false);
          }
        }}
      >
        <p>
          Vencimento atual {dateBR(charge.due_date)}, valor atual {brl(charge.amount_cents)}
          {charge.paid_cents > 0 ? `, já pago ${brl(charge.paid_cents)}` : ''}. O boleto passa a ter o novo vencimento e valor (mesmo nosso
          número); se já foi enviado ao banco, a alteração vai na próxima remessa.
        </p>
        <ErrorBox error={error} fields={['due_date', 'amount_cents', 'reason']} />
        <Field label="Novo vencimento" name="due_date" error={error}>
          <DateInput name="due_date" value={due} onChange={setDue} />
        </Field>
        <Field label="Novo valor (R$)" name="amount_cents" error={error}>
          <input name="amount" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <Field label="Motivo" name="reason" error={error}>
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Salvar alteração
          </button>
        </div>
      </form>
    </Modal>
  );
}

const MOVEMENT_LABEL: Record<string, string> = {
  write_off: 'Pedido de baixa',
  due_date_change: 'Alteração de vencimento',
  amount_change: 'Alteração de valor',
  rebate_grant: 'Concessão de abatimento',
  rebate_cancel: 'Cancelamento de abatimento',
  discount_grant: 'Concessão de desconto',
  discount_cancel: 'Cancelamento de desconto',
  protest: 'Protesto',
  protest_stop_write_off: 'Sustar protesto e baixar',
  protest_stop_keep: 'Sustar protesto e manter em cobrança',
  negativation: 'Negativação',
  negativation_stop: 'Excluir negativação',
};

type Ask = 'protest' | 'negativation' | 'protest_stop_keep' | 'protest_stop_write_off' | 'negativation_stop';

/** The instructions to the bank about the charge's boleto, and the buttons to ask for more. */
export function BoletoInstructionsBox({ chargeId, open }: { chargeId: string; open: boolean }) {
  const list = useAsync(() => get(`/v1/charges/${chargeId}/boleto/instructions`), [chargeId]);
  const [asking, setAsking] = useState<Ask | null>(null);
  const [days, setDays] = useState('5');
  const [error, setError] = useState<ApiError | null>(null);
  const rows = list.data?.data ?? [];
  const has = (m: string) => rows.some((r) => r.movement === m);
  const send = async (movement: Ask, withDays: boolean) => {
    setError(null);
    try {
      await post(`/v1/charges/${chargeId}/boleto/instructions`, { movement, ...(withDays ? { days: Number(days) } : {}) });
      notify(`${MOVEMENT_LABEL[movement]}: instrução registrada para a próxima remessa.`);
      setAsking(null);
      list.reload();
    } catch (err) {
      setError(changeError(toApiError(err)));
    }
  };
  return (
    <section aria-labelledby="bank-instructions-title">
      <h2 id="bank-instructions-title">Instruções ao banco</h2>
      <ErrorBox error={error} fields={[]} />
      {rows.length === 0 ? (
        <p className="muted">Nenhuma instrução ao banco sobre o boleto desta cobrança.</p>
      ) : (
        <table className="grid compact">
          <thead>
            <tr>
              <th>Instrução</th>
              <th>Código</th>
              <th>Dias</th>
              <th>Situação</th>
              <th>Pedida em</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{MOVEMENT_LABEL[r.movement] ?? r.movement}</td>
                <td>{r.code ? `${r.code} — ${r.text}` : '—'}</td>
                <td>{r.days ?? '—'}</td>
                <td>{r.status === 'pending' ? 'Aguardando a próxima remessa' : `Enviada na remessa nº ${r.remittance_file_sequence}`}</td>
                <td>{dateTimeBR(r.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <div className="form-actions">
          {!has('protest') && (
            <button type="button" onClick={() => setAsking('protest')}>
              Pedir protesto
            </button>
          )}
          {!has('negativation') && (
            <button type="button" onClick={() => setAsking('negativation')}>
              Pedir negativação
            </button>
          )}
          {has('protest') && (
            <button type="button" onClick={() => send('protest_stop_keep', false)}>
              Sustar protesto
            </button>
          )}
          {has('negativation') && !has('negativation_stop') && (
            <button type="button" onClick={() => send('negativation_stop', false)}>
              Excluir negativação
            </button>
          )}
        </div>
      )}
      {asking && (
        <Modal title={asking === 'protest' ? 'Pedir protesto do boleto' : 'Pedir negativação do pagador'} onClose={() => setAsking(null)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void send(asking, true);
            }}
          >
            <ErrorBox error={error} fields={['days']} />
            <Field label="Dias após o vencimento" name="days" error={error}>
              <input name="days" type="number" min={1} max={99} value={days} onChange={(e) => setDays(e.target.value)} />
            </Field>
            <div className="form-actions">
              <button type="submit" className="primary">
                Registrar instrução
              </button>
            </div>
          </form>
        </Modal>
      )}
    </section>
  );
}
