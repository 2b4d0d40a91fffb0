// Configurações → Webhooks: endpoints with their events chosen from a list (GET
// /v1/webhook-endpoints/event-types), "Enviar teste" (a webhook.ping, followed until it is
// delivered or fails) and the delivery log.
import { useState, type FormEvent } from 'react';
import { ApiError, del, get, patch, post } from '../../api.ts';
import { dateTimeBR, STATUS_LABEL } from '../../format.ts';
import { localizeError } from '../../errors.ts';
import { ErrorBox, Field, LoadError, Modal, Pager, StatusBadge, toApiError, runAction, useAsync, EmptyRow, notify } from '../../ui.tsx';
import '../bank-files.css';

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
  last_status_code: number | null;
  last_error: string | null;
  last_response_body: string | null;
  last_duration_ms: number | null;
  [k: string]: unknown;
}
interface EventType {
  type: string;
  group: string;
  description: string;
}

/** pt-BR descriptions of the catalogue's types (the API describes them in English). */
const EVENT_PT: Record<string, string> = {
  'charge.created': 'Cobrança criada',
  'charge.paid': 'Cobrança paga',
  'charge.partially_paid': 'Cobrança paga em parte',
  'charge.overdue': 'Cobrança vencida sem pagamento',
  'charge.cancelled': 'Cobrança cancelada',
  'payment.created': 'Pagamento registrado',
  'payment.reversed': 'Pagamento estornado',
  'payment.refunded': 'Pagamento devolvido (total ou parcial)',
  'boleto.issued': 'Boleto emitido',
  'boleto.cancelled': 'Boleto cancelado',
  'remittance.created': 'Remessa CNAB gerada',
  'bank_return.processed': 'Retorno CNAB processado',
  'customer.created': 'Cliente incluído',
  'customer.updated': 'Cliente alterado',
  'customer.activated': 'Cliente reativado',
  'customer.deactivated': 'Cliente desativado',
  'customer.deleted': 'Cliente excluído',
  'contract.created': 'Contrato incluído',
  'contract.updated': 'Contrato alterado',
  'contract.suspended': 'Contrato suspenso',
  'contract.resumed': 'Contrato retomado',
  'contract.cancelled': 'Contrato cancelado',
  'contract.activated': 'Contrato ativado',
  'contract.deactivated': 'Contrato desativado',
  'billing_run.created': 'Faturamento iniciado',
  'billing_run.finished': 'Faturamento concluído',
  'consumption.created': 'Consumo lançado',
  'consumption.updated': 'Consumo alterado',
  'consumption.deleted': 'Consumo excluído',
  'service.created': 'Serviço incluído',
  'service.updated': 'Serviço alterado',
  'service.deleted': 'Serviço excluído',
  'import.created': 'Importação de planilha iniciada',
  'collection_account.created': 'Conta de cobrança incluída',
  'collection_account.updated': 'Conta de cobrança alterada ou desativada',
};
const GROUP_PT: Record<string, string> = {
  charges: 'Cobranças',
  payments: 'Pagamentos',
  boletos: 'Boletos e arquivos bancários',
  customers: 'Clientes',
  contracts: 'Contratos',
  billing: 'Faturamento e consumo',
  catalog: 'Serviços',
  imports: 'Importações',
  configuration: 'Configurações',
};
const eventLabel = (e: EventType) => EVENT_PT[e.type] ?? e.description;

export function WebhooksPage() {
  const list = useAsync(() => get('/v1/webhook-endpoints', { page_size: 100 }), []);
  const catalog = useAsync(() => get('/v1/webhook-endpoints/event-types'), []);
  const types = catalog.data?.data ?? [];
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['charge.paid', 'charge.overdue', 'payment.created']);
  const [error, setError] = useState<ApiError | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<Endpoint | null>(null);
  const [editing, setEditing] = useState<Endpoint | null>(null);
  const [testing, setTesting] = useState<Endpoint | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (events.length === 0) {
      setError(
        new ApiError(
          400,
          'validation_failed',
          'Escolha ao menos um evento.',
          [{ field: 'event_types', issue: 'Escolha ao menos um evento.' }],
          null,
        ),
      );
      return;
    }
    try {
      const ep = await post('/v1/webhook-endpoints', { url: url.trim(), event_types: events });
      setSecret(ep.secret);
      setUrl('');
      list.reload();
    } catch (err) {
      setError(localizeError(toApiError(err), { shown: ['url', 'event_types'], labels: { url: 'URL', event_types: 'Eventos' } }));
    }
  };
  const remove = (ep: Endpoint) =>
    runAction(() => del(`/v1/webhook-endpoints/${ep.id}`), {
      confirm: `Excluir o endpoint ${ep.url}?`,
      done: 'Endpoint excluído.',
      after: list.reload,
    });
  const toggle = (ep: Endpoint) =>
    runAction(() => patch(`/v1/webhook-endpoints/${ep.id}`, { active: !ep.active }), {
      done: ep.active ? 'Endpoint desativado.' : 'Endpoint ativado.',
      after: list.reload,
    });
  const describe = (patterns: string[]) =>
    patterns
      .map((p) =>
        p === '*'
          ? 'Todos os eventos'
          : (() => {
              const t = types.find((x) => x.type === p);
              return t ? eventLabel(t) : p;
            })(),
      )
      .join(', ');
  return (
    <div>
      <h1>Webhooks</h1>
      {list.error ? (
        <LoadError error={list.error} what="Webhooks" />
      ) : (
        <>
          <form className="panel" onSubmit={create} aria-labelledby="webhooks-new">
            <h2 id="webhooks-new">Novo endpoint</h2>
            <ErrorBox error={error} fields={['url', 'event_types']} />
            <Field label="URL (https)" name="url" error={error}>
              <input
                name="url"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="https://seu-sistema.com.br/webhooks/cobre"
                inputMode="url"
              />
            </Field>
            {catalog.error ? (
              <LoadError error={catalog.error} what="Lista de eventos" />
            ) : (
              <EventPicker types={types} value={events} onChange={setEvents} name="new" />
            )}
            {error?.details.some((d) => d.field?.startsWith('event_types')) && (
              <p className="field-error" role="alert">
                {error.details
                  .filter((d) => d.field?.startsWith('event_types'))
                  .map((d) => d.issue)
                  .join('; ')}
              </p>
            )}
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
                <th>Ações</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.data.length === 0 && <EmptyRow colSpan={4}>Nenhum endpoint.</EmptyRow>}
              {list.data?.data.map((ep) => (
                <tr key={ep.id}>
                  <td>{ep.url}</td>
                  <td>{describe(ep.event_types)}</td>
                  <td>
                    <StatusBadge status={ep.active ? 'active' : 'inactive'} labels={STATUS_LABEL} />
                  </td>
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setTesting(ep)} aria-label={`Enviar teste para ${ep.url}`}>
                      Enviar teste
                    </button>
                    <button type="button" className="link" onClick={() => setEditing(ep)} aria-label={`Editar eventos de ${ep.url}`}>
                      Editar eventos
                    </button>
                    <button type="button" className="link" onClick={() => setLog(ep)} aria-label={`Entregas de ${ep.url}`}>
                      Entregas
                    </button>
                    <button
                      type="button"
                      className="link"
                      onClick={() => toggle(ep)}
                      aria-label={`${ep.active ? 'Desativar' : 'Ativar'} ${ep.url}`}
                    >
                      {ep.active ? 'Desativar' : 'Ativar'}
                    </button>
                    <button type="button" className="link danger" onClick={() => remove(ep)} aria-label={`Excluir ${ep.url}`}>
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
      {editing && (
        <EditEvents
          endpoint={editing}
          types={types}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      {testing && <TestDelivery endpoint={testing} onClose={() => setTesting(null)} />}
    </div>
  );
}

/** Checkboxes of the catalogue by group, "Todos os eventos" (*), and a field for other patterns ('customer.*'). */
function EventPicker({
  types,
  value,
  onChange,
  name,
}: {
  types: EventType[];
  value: string[];
  onChange: (v: string[]) => void;
  name: string;
}) {
  const all = value.includes('*');
  const known = new Set(types.map((t) => t.type));
  const others = value.filter((v) => v !== '*' && !known.has(v));
  const [otherText, setOtherText] = useState(others.join(', '));
  const groups = [...new Set(types.map((t) => t.group))];
  const toggle = (type: string, on: boolean) => onChange(on ? [...value.filter((v) => v !== type), type] : value.filter((v) => v !== type));
  return (
    <fieldset className="bankfiles-events">
      <legend>Eventos enviados a este endpoint</legend>
      <label>
        <input type="checkbox" name={`${name}-all`} checked={all} onChange={(e) => toggle('*', e.target.checked)} />
        <span>
          Todos os eventos, inclusive os de auditoria (logins, chaves de API…) <code>*</code>
        </span>
      </label>
      {groups.map((g) => (
        <div key={g}>
          <h3>{GROUP_PT[g] ?? g}</h3>
          <ul>
            {types
              .filter((t) => t.group === g)
              .map((t) => (
                <li key={t.type}>
                  <label>
                    <input
                      type="checkbox"
                      name={`${name}-event`}
                      value={t.type}
                      checked={all || value.includes(t.type)}
                      disabled={all}
                      onChange={(e) => toggle(t.type, e.target.checked)}
                    />
                    <span>
                      {eventLabel(t)} <code>{t.type}</code>
                    </span>
                  </label>
                </li>
              ))}
          </ul>
        </div>
      ))}
      <Field
        label="Outros tipos ou prefixos (separados por vírgula)"
        name={`${name}-other`}
        hint="ex.: customer.* recebe todo evento de clientes"
      >
        <input
          name={`${name}-other`}
          value={otherText}
          disabled={all}
          onChange={(e) => {
            setOtherText(e.target.value);
            const typed = e.target.value
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
            onChange([...value.filter((v) => v === '*' || known.has(v)), ...typed]);
          }}
        />
      </Field>
      <p className="muted bankfiles-small" aria-live="polite">
        {all ? 'Todos os eventos.' : `${value.length} evento(s) escolhido(s).`}
      </p>
    </fieldset>
  );
}

function EditEvents({
  endpoint,
  types,
  onClose,
  onDone,
}: {
  endpoint: Endpoint;
  types: EventType[];
  onClose: () => void;
  onDone: () => void;
}) {
  const [events, setEvents] = useState<string[]>(endpoint.event_types);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <Modal title={`Eventos de ${endpoint.url}`} onClose={onClose} wide>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await patch(`/v1/webhook-endpoints/${endpoint.id}`, { event_types: events });
            notify('Eventos do endpoint salvos.');
            onDone();
          } catch (err) {
            setError(localizeError(toApiError(err), { labels: { event_types: 'Eventos' } }));
          }
        }}
      >
        <ErrorBox error={error} />
        <EventPicker types={types} value={events} onChange={setEvents} name="edit" />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={events.length === 0}>
            Salvar eventos
          </button>
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Sends a webhook.ping and follows its delivery until the endpoint answered (or 20 s passed). */
function TestDelivery({ endpoint, onClose }: { endpoint: Endpoint; onClose: () => void }) {
  const [state, setState] = useState<{ delivery: Delivery | null; error: ApiError | null; waiting: boolean; started: boolean }>({
    delivery: null,
    error: null,
    waiting: false,
    started: false,
  });
  const run = async () => {
    setState({ delivery: null, error: null, waiting: true, started: true });
    try {
      let d = await post(`/v1/webhook-endpoints/${endpoint.id}/test`);
      for (let i = 0; i < 40 && d.attempt_count === 0; i++) {
        setState((s) => ({ ...s, delivery: d }));
        await new Promise((r) => setTimeout(r, 500));
        d = await get(`/v1/webhook-endpoints/${endpoint.id}/deliveries/${d.id}`);
      }
      setState({ delivery: d, error: null, waiting: false, started: true });
    } catch (err) {
      setState({ delivery: null, error: toApiError(err), waiting: false, started: true });
    }
  };
  const d = state.delivery;
  const ok = d?.status === 'succeeded';
  return (
    <Modal title={`Enviar teste para ${endpoint.url}`} onClose={onClose}>
      <p>
        Envia o evento <code>webhook.ping</code>, assinado como os demais, só para este endpoint{endpoint.active ? '' : ' (mesmo inativo)'}.
      </p>
      <div className="bankfiles-actions">
        <button type="button" className="primary" onClick={run} disabled={state.waiting}>
          {state.started ? 'Enviar teste de novo' : 'Enviar teste'}
        </button>
        <button type="button" onClick={onClose}>
          Fechar
        </button>
      </div>
      <ErrorBox error={state.error} />
      <div role="status" aria-live="polite">
        {state.waiting && <p>Enviando… aguardando a resposta do endpoint.</p>}
        {!state.waiting && d && d.attempt_count === 0 && (
          <p className="bankfiles-result">
            O teste está na fila e ainda não foi enviado: as entregas são feitas pelo processo de webhooks (<code>cobre worker</code>).
            Acompanhe em “Entregas”.
          </p>
        )}
        {!state.waiting && d && d.attempt_count > 0 && (
          <div className={'bankfiles-result ' + (ok ? 'ok' : 'bad')}>
            <p>
              <strong>{ok ? 'Entregue' : d.status === 'failed' ? 'Falhou' : 'Não entregue — nova tentativa agendada'}</strong>
              {d.last_status_code !== null ? `: o endpoint respondeu HTTP ${d.last_status_code}` : ''}
              {d.last_duration_ms !== null ? ` em ${d.last_duration_ms} ms` : ''}.
            </p>
            {d.last_error && <p>Erro: {d.last_error}</p>}
            {d.last_response_body && (
              <p>
                Resposta: <code>{d.last_response_body.slice(0, 300)}</code>
              </p>
            )}
            {!ok && <p>Confira a URL, se o endpoint está no ar e se ele responde 2xx ao evento de teste.</p>}
          </div>
        )}
      </div>
    </Modal>
  );
}

function DeliveryLog({ endpoint, onClose }: { endpoint: Endpoint; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const list = useAsync(
    () => get(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, { page, page_size: 20, include_total: true }),
    [endpoint.id, page],
  );
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
              {list.data.data.length === 0 && <EmptyRow colSpan={6}>Nenhuma entrega.</EmptyRow>}
              {list.data.data.map((d) => (
                <tr key={d.id}>
                  <td>{dateTimeBR(d.created_at)}</td>
                  <td>{d.event_type === 'webhook.ping' ? 'Teste (webhook.ping)' : (EVENT_PT[d.event_type] ?? d.event_type)}</td>
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
          {'page' in list.data && list.data.page !== null && (
            <Pager page={page} pageSize={20} total={list.data.total} hasMore={list.data.has_more} onPage={setPage} />
          )}
        </>
      )}
    </Modal>
  );
}
