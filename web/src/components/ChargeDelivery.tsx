// A charge's messages to the payer (the delivery log, "Reenviar") and its dunning (the steps taken
// and the ones to come), shown on the charge page.
import { get, post } from '../api.ts';
import { dateBR, dateTimeBR } from '../format.ts';
import { EmptyRow, LoadError, runAction, StatusBadge, useAsync } from '../ui.tsx';
import {
  ACTION_LABEL,
  CHANNEL_LABEL,
  channelsLabel,
  EVENT_LABEL,
  MESSAGE_STATUS_LABEL,
  offsetLabel,
  OUTCOME_LABEL,
  SOURCE_LABEL,
} from '../pages/notifications/labels.ts';
import '../notifications.css';

interface Message {
  id: string;
  step_key: string;
  event: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  error: string | null;
  subject: string | null;
  sent_at: string | null;
  created_at: string;
  log: { status: string; attempt: number; detail: string | null; created_at: string }[];
}

/** "step:+7:notify" → "Régua: 7 dias depois do vencimento"; "manual:…" → "Envio manual". */
export function stepKeyLabel(key: string): string {
  if (key === 'charge_created') return 'Cobrança criada';
  if (key === 'paid_receipt') return 'Pagamento recebido';
  if (key.startsWith('manual:')) return 'Envio manual';
  const m = /^step:([+-]?\d+):(\w+)$/.exec(key);
  if (m) return `Régua: ${offsetLabel(Number(m[1]))}`;
  return key;
}

export function DeliveryLog({ chargeId }: { chargeId: string }) {
  const list = useAsync(() => get(`/v1/charges/${chargeId}/notifications`), [chargeId]);
  const resend = (m: Message) =>
    runAction(() => post(`/v1/notifications/${m.id}/resend`), { done: 'Mensagem colocada na fila de novo.', after: list.reload });
  return (
    <section aria-labelledby="delivery-title">
      <div className="section-head">
        <h2 id="delivery-title">Mensagens ao pagador</h2>
        <button type="button" className="link" onClick={list.reload}>
          Atualizar
        </button>
      </div>
      {list.error && <LoadError error={list.error} what="Mensagens da cobrança" />}
      {list.data && (
        <table className="grid delivery-log">
          <thead>
            <tr>
              <th>Mensagem</th>
              <th>Canal</th>
              <th>Destinatário</th>
              <th>Situação</th>
              <th className="num">Tentativas</th>
              <th>Motivo</th>
              <th>Registro</th>
              <th>
                <span className="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.length === 0 && <EmptyRow colSpan={8}>Nenhuma mensagem enviada para esta cobrança.</EmptyRow>}
            {list.data.map((m) => (
              <tr key={m.id} data-message={m.status}>
                <td>
                  {EVENT_LABEL[m.event] ?? m.event}
                  <small className="muted" style={{ display: 'block' }}>
                    {stepKeyLabel(m.step_key)}
                    {m.subject ? ` · ${m.subject}` : ''}
                  </small>
                </td>
                <td>{CHANNEL_LABEL[m.channel] ?? m.channel}</td>
                <td>{m.recipient || '—'}</td>
                <td>
                  <StatusBadge status={m.status} labels={MESSAGE_STATUS_LABEL} />
                  {m.status === 'queued' && m.next_attempt_at && (
                    <small className="muted" style={{ display: 'block' }}>
                      próxima tentativa {dateTimeBR(m.next_attempt_at)}
                    </small>
                  )}
                </td>
                <td className="num">{m.attempts}</td>
                <td>{m.error ?? '—'}</td>
                <td>
                  <ul className="log">
                    {m.log.map((l, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: log entries have no id; the log only grows and is re-read whole
                      <li key={i}>
                        {dateTimeBR(l.created_at)} — {MESSAGE_STATUS_LABEL[l.status] ?? l.status}
                        {l.attempt ? ` (tentativa ${l.attempt})` : ''}
                        {l.detail ? `: ${l.detail}` : ''}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="actions">
                  {['failed', 'bounced', 'skipped'].includes(m.status) && (
                    <button type="button" className="link" onClick={() => resend(m)}>
                      Reenviar
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ChargeDunningBox({ chargeId }: { chargeId: string }) {
  const data = useAsync(() => get(`/v1/charges/${chargeId}/dunning`), [chargeId]);
  return (
    <section aria-labelledby="dunning-title">
      <h2 id="dunning-title">Régua de cobrança</h2>
      {data.error && <LoadError error={data.error} what="Régua da cobrança" />}
      {data.data && (
        <>
          <p>
            Régua aplicada: <strong>{data.data.effective.name ?? 'Régua padrão do Cobre'}</strong> (
            {SOURCE_LABEL[data.data.effective.source] ?? data.data.effective.source})
            {data.data.effective.paused && (
              <span className="badge status-suspended" style={{ marginLeft: 8 }}>
                Pausada no {data.data.effective.paused_by === 'contract' ? 'contrato' : 'cliente'}
                {data.data.effective.paused_reason ? `: ${data.data.effective.paused_reason}` : ''}
              </span>
            )}
          </p>
          <div className="two-cols">
            <div>
              <h3>Passos dados</h3>
              <table className="grid compact">
                <thead>
                  <tr>
                    <th>Data</th>
                    <th>Passo</th>
                    <th>Resultado</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.runs.length === 0 && <EmptyRow colSpan={3}>Nenhum passo dado ainda.</EmptyRow>}
                  {data.data.runs.map((r) => (
                    <tr key={r.step_key}>
                      <td>{dateBR(r.step_date)}</td>
                      <td>
                        {ACTION_LABEL[r.action] ?? r.action}
                        <small className="muted" style={{ display: 'block' }}>
                          {stepKeyLabel(r.step_key)}
                        </small>
                      </td>
                      <td>{OUTCOME_LABEL[r.outcome] ?? r.outcome}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div>
              <h3>Próximos passos</h3>
              <table className="grid compact">
                <thead>
                  <tr>
                    <th>Data</th>
                    <th>Passo</th>
                    <th>Canais</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.upcoming.length === 0 && (
                    <EmptyRow colSpan={3}>
                      {data.data.effective.paused ? 'Régua pausada: nenhum passo previsto.' : 'Nenhum passo previsto.'}
                    </EmptyRow>
                  )}
                  {data.data.upcoming.map((u) => (
                    <tr key={u.key}>
                      <td>{dateBR(u.date)}</td>
                      <td>
                        {ACTION_LABEL[u.action] ?? u.action}
                        {u.event ? ` — ${EVENT_LABEL[u.event] ?? u.event}` : ''}
                        <small className="muted" style={{ display: 'block' }}>
                          {offsetLabel(u.offset_days)}
                        </small>
                      </td>
                      <td>{channelsLabel(u.channels)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
