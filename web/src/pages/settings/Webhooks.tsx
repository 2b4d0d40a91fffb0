// Configurações → Webhooks: endpoints, their delivery log.
import { useState, type FormEvent } from 'react';
import { ApiError, del, get, patch, post, type Page } from '../../api.ts';
import { dateTimeBR, STATUS_LABEL } from '../../format.ts';
import { ErrorBox, Field, LoadError, Modal, Pager, StatusBadge, toApiError, runAction, useAsync, EmptyRow } from '../../ui.tsx';

interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  active: boolean;
  created_at: string;
}
interface Delivery {
  id: string;
  event_type: string;
  resource_type: string;
  resource_id: string;
  status: string;
  attempt_count: number;
  created_at: string;
  [k: string]: any;
}

export function WebhooksPage() {
  const list = useAsync(() => get<Page<Endpoint>>('/v1/webhook-endpoints', { page_size: 100 }), []);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('*');
  const [error, setError] = useState<ApiError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<Endpoint | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const ep = await post<Endpoint & { secret: string }>('/v1/webhook-endpoints', {
        url: url.trim(),
        event_types: events
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      setSecret(ep.secret);
      setUrl('');
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  const remove = (ep: Endpoint) => runAction(() => del(`/v1/webhook-endpoints/${ep.id}`), { confirm: `Excluir o endpoint ${ep.url}?`, then: list.reload });
  const toggle = (ep: Endpoint) => runAction(() => patch(`/v1/webhook-endpoints/${ep.id}`, { active: !ep.active }), { then: list.reload });
  return (
    <div>
      <h1>Webhooks</h1>
      {list.error ? (
        <LoadError error={list.error} what="Webhooks" />
      ) : (
        <>
          <form className="panel filters" onSubmit={create}>
            <ErrorBox error={error} fields={['url', 'event_types']} />
            <Field label="URL (https)" name="url" error={error}>
              <input name="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://seu-sistema.com.br/webhooks/cobre" />
            </Field>
            <Field label="Eventos (separados por vírgula)" name="event_types" error={error} hint="* = todos; ex.: charge.paid, charge.overdue">
              <input name="event_types" value={events} onChange={(e) => setEvents(e.target.value)} />
            </Field>
            <button type="submit" className="primary">
              Cadastrar endpoint
            </button>
          </form>
          {secret && (
            <Modal title="Segredo de assinatura" onClose={() => setSecret(null)}>
              <p className="warning">Guarde este segredo agora: ele assina as entregas e não será mostrado de novo.</p>
              <pre className="secret">{secret}</pre>
            </Modal>
          )}
          <table className="grid">
            <thead>
              <tr>
                <th>URL</th>
                <th>Eventos</th>
                <th>Situação</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data?.data.length === 0 && (
                <EmptyRow colSpan={4}>Nenhum endpoint.</EmptyRow>
              )}
              {list.data?.data.map((ep) => (
                <tr key={ep.id}>
                  <td>{ep.url}</td>
                  <td>{ep.event_types.join(', ')}</td>
                  <td>
                    <StatusBadge status={ep.active ? 'active' : 'inactive'} labels={STATUS_LABEL} />
                  </td>
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setLog(ep)}>
                      Entregas
                    </button>
                    <button type="button" className="link" onClick={() => toggle(ep)}>
                      {ep.active ? 'Desativar' : 'Ativar'}
                    </button>
                    <button type="button" className="link danger" onClick={() => remove(ep)}>
                      Excluir
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {log && <DeliveryLog endpoint={log} onClose={() => setLog(null)} />}
    </div>
  );
}

function DeliveryLog({ endpoint, onClose }: { endpoint: Endpoint; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const list = useAsync(() => get<Page<Delivery>>(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, { page, page_size: 20, include_total: true }), [endpoint.id, page]);
  return (
    <Modal title={`Entregas — ${endpoint.url}`} onClose={onClose} wide>
      {list.error && <LoadError error={list.error} what="Registro de entregas" />}
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>Quando</th>
                <th>Evento</th>
                <th>Recurso</th>
                <th>Situação</th>
                <th>Tentativas</th>
                <th>Última resposta</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((d) => (
                <tr key={d.id}>
                  <td>{dateTimeBR(d.created_at)}</td>
                  <td>{d.event_type}</td>
                  <td>
                    {d.resource_type} {d.resource_id.slice(0, 8)}
                  </td>
                  <td>{STATUS_LABEL[d.status] ?? d.status}</td>
                  <td>{d.attempt_count}</td>
                  <td>{d.last_status_code ?? d.last_error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {'page' in list.data && list.data.page !== null && <Pager page={page} pageSize={20} total={list.data.total} hasMore={list.data.has_more} onPage={setPage} />}
        </>
      )}
    </Modal>
  );
}

