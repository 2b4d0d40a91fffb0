// Customer page → "Régua e avisos": which dunning schedule applies to the customer (and from
// where), pause/resume it with a reason, whether the payer unsubscribed from reminders, and the
// customer's payer-page link.
import { useState } from 'react';
import { ApiError, get, put } from '../api.ts';
import { dateTimeBR } from '../format.ts';
import { ErrorBox, Field, LoadError, notify, toApiError, useAsync } from '../ui.tsx';
import { SOURCE_LABEL } from '../pages/notifications/labels.ts';
import { ReadOnlySteps } from '../pages/notifications/Schedule.tsx';
import { PayerLinkBox } from './PayerLink.tsx';
import '../notifications.css';

export function CustomerDunningPanel({ customerId }: { customerId: string }) {
  const assignment = useAsync(() => get(`/v1/customers/${customerId}/dunning`), [customerId]);
  const schedules = useAsync(() => get('/v1/dunning-schedules'), []);
  const subscription = useAsync(() => get(`/v1/customers/${customerId}/notification-subscription`), [customerId]);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (body: Record<string, unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await put(`/v1/customers/${customerId}/dunning`, body);
      notify(done);
      setReason('');
      assignment.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const a = assignment.data;
  return (
    <div>
      <section className="panel" aria-labelledby="cust-dunning-title">
        <h2 id="cust-dunning-title">Régua de cobrança do cliente</h2>
        {assignment.error && <LoadError error={assignment.error} what="Régua do cliente" />}
        <ErrorBox error={error} fields={['schedule_id', 'paused_reason']} />
        {a && (
          <>
            <p data-dunning-state={a.paused ? 'paused' : 'active'}>
              Régua aplicada: <strong>{a.effective.name ?? 'Régua padrão do Cobre'}</strong> (
              {SOURCE_LABEL[a.effective.source] ?? a.effective.source}).{' '}
              {a.paused ? (
                <span className="badge status-suspended">Pausada{a.paused_reason ? `: ${a.paused_reason}` : ''}</span>
              ) : (
                <span className="badge status-active">Ativa</span>
              )}
            </p>
            {schedules.data && schedules.data.data.length > 0 && (
              <Field label="Régua deste cliente" name="schedule_id" error={error}>
                <select
                  name="schedule_id"
                  value={a.schedule_id ?? ''}
                  disabled={busy}
                  onChange={(e) => save({ schedule_id: e.target.value || null }, 'Régua do cliente alterada.')}
                >
                  <option value="">Herdar (régua padrão da empresa)</option>
                  {schedules.data.data.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                      {s.is_default ? ' (padrão)' : ''}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {a.paused ? (
              <div className="form-actions">
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => save({ paused: false, paused_reason: null }, 'Régua retomada para este cliente.')}
                >
                  Retomar régua
                </button>
              </div>
            ) : (
              <form
                className="toolbar"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!reason.trim())
                    return setError(
                      new ApiError(
                        400,
                        'validation_failed',
                        'Reason',
                        [{ field: 'paused_reason', issue: 'informe o motivo da pausa' }],
                        null,
                      ),
                    );
                  save({ paused: true, paused_reason: reason.trim() }, 'Régua pausada para este cliente.');
                }}
              >
                <Field label="Motivo da pausa" name="paused_reason" error={error}>
                  <input
                    name="paused_reason"
                    value={reason}
                    maxLength={500}
                    onChange={(e) => setReason(e.target.value)}
                    placeholder="Ex.: acordo de pagamento em negociação"
                  />
                </Field>
                <button type="submit" disabled={busy}>
                  Pausar régua
                </button>
              </form>
            )}
            <p className="muted">
              Pausada, a régua não envia lembretes nem suspende ou marca cobranças deste cliente; envios manuais continuam possíveis.
            </p>
            <details>
              <summary>Passos da régua aplicada</summary>
              <ReadOnlySteps body={a.effective.schedule} />
            </details>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="cust-subscription-title">
        <h2 id="cust-subscription-title">Lembretes ao pagador</h2>
        {subscription.error && <LoadError error={subscription.error} what="Descadastro" />}
        {subscription.data &&
          (subscription.data.unsubscribed ? (
            <p data-unsubscribed="true">
              <span className="badge status-suspended">Descadastrado</span> O pagador pediu para não receber lembretes em{' '}
              {dateTimeBR(subscription.data.unsubscribed_at)}. A cobrança e os recibos continuam sendo enviados.
            </p>
          ) : (
            <p data-unsubscribed="false">O pagador recebe os lembretes normalmente (não se descadastrou).</p>
          ))}
      </section>
      <section className="panel" aria-labelledby="cust-link-title">
        <h2 id="cust-link-title">Página do pagador</h2>
        <PayerLinkBox kind="customer" id={customerId} />
      </section>
    </div>
  );
}
