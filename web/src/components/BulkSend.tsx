// Contas a Receber → "Enviar agora": a step (cobrança, lembrete, vence hoje, em atraso) sent now on
// the chosen channels to the selected charges (POST /v1/dunning/send), with each charge's result.
import { useState } from 'react';
import { ApiError, post, type ApiBody } from '../api.ts';
import { ErrorBox, Field, Modal, notify, toApiError } from '../ui.tsx';
import { CHANNEL_LABEL, CHANNELS, MANUAL_EVENT_LABEL, MANUAL_EVENTS } from '../pages/notifications/labels.ts';
import '../notifications.css';

interface SendResult {
  queued: number;
  skipped: number;
  existing: number;
  charges: { charge_id: string; queued: number; skipped: number; problem: string | null }[];
}

export function BulkSendModal({
  charges,
  onClose,
  onDone,
}: {
  charges: { id: string; number: number }[];
  onClose: () => void;
  onDone: () => void;
}) {
  type SendBody = ApiBody<'POST', '/v1/dunning/send'>;
  const [event, setEvent] = useState<SendBody['event']>('reminder');
  const [channels, setChannels] = useState<SendBody['channels']>(['email']);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SendResult | null>(null);
  // One key per dialog: a retry after a network failure does not send twice.
  const [key] = useState(() => crypto.randomUUID());
  const numberOf = new Map(charges.map((c) => [c.id, c.number]));
  return (
    <Modal title="Enviar agora" onClose={result ? onDone : onClose} wide>
      {!result ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (channels.length === 0)
              return setError(
                new ApiError(400, 'validation_failed', 'Channels', [{ field: 'channels', issue: 'escolha pelo menos um canal' }], null),
              );
            setBusy(true);
            setError(null);
            try {
              const r = await post('/v1/dunning/send', { charge_ids: charges.map((c) => c.id), event, channels }, { idempotencyKey: key });
              setResult(r);
              notify(`${r.queued} mensagem(ns) na fila de envio.`);
            } catch (err) {
              setError(toApiError(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          <p>
            {charges.length} cobrança(s) selecionada(s): {charges.map((c) => `nº ${c.number}`).join(', ')}. A mensagem sai agora, fora da
            régua (o horário de silêncio não se aplica).
          </p>
          <ErrorBox error={error} fields={['event', 'channels']} />
          <Field label="Mensagem" name="event" error={error}>
            <select name="event" value={event} onChange={(e) => setEvent(e.target.value as SendBody['event'])}>
              {MANUAL_EVENTS.map((ev) => (
                <option key={ev} value={ev}>
                  {MANUAL_EVENT_LABEL[ev]}
                </option>
              ))}
            </select>
          </Field>
          <fieldset>
            <legend>Canais</legend>
            <div className="channel-checks">
              {CHANNELS.map((c) => (
                <label key={c} className="check">
                  <input
                    type="checkbox"
                    name={`send-${c}`}
                    checked={channels.includes(c)}
                    onChange={(e) => setChannels(e.target.checked ? [...channels, c] : channels.filter((x) => x !== c))}
                  />{' '}
                  {CHANNEL_LABEL[c]}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Enviando…' : 'Enviar'}
            </button>
          </div>
        </form>
      ) : (
        <div data-send-result>
          <p>
            <strong>{result.queued}</strong> mensagem(ns) na fila, <strong>{result.skipped}</strong> ignorada(s)
            {result.existing ? `, ${result.existing} já existente(s)` : ''}. Acompanhe a entrega na página de cada cobrança.
          </p>
          <table className="grid compact">
            <thead>
              <tr>
                <th>Cobrança</th>
                <th className="num">Na fila</th>
                <th className="num">Ignoradas</th>
                <th>Resultado</th>
              </tr>
            </thead>
            <tbody>
              {result.charges.map((c) => (
                <tr key={c.charge_id} data-result-charge={numberOf.get(c.charge_id) ?? c.charge_id}>
                  <td>nº {numberOf.get(c.charge_id) ?? c.charge_id}</td>
                  <td className="num">{c.queued}</td>
                  <td className="num">{c.skipped}</td>
                  <td className={c.problem ? 'result-problem' : 'result-ok'}>
                    {c.problem ??
                      (c.queued > 0 ? 'Enviada para a fila' : 'Nada enviado (sem endereço, descadastrado ou endereço devolvido)')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            <button type="button" className="primary" onClick={onDone}>
              Concluir
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
