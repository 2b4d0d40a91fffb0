import { useState } from 'react';
import { ApiError, del, get, href, post, put } from '../api.ts';
import { dateBR, decimalBR, parseDateBR, parseDecimalBR, todayBR } from '../format.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { localizeError } from '../errors.ts';
import {
  CustomerPicker,
  DateInput,
  ErrorBox,
  Field,
  LoadError,
  Modal,
  Pager,
  notify,
  toApiError,
  runAction,
  useAsync,
  type CustomerLite,
  EmptyRow,
} from '../ui.tsx';
import type { Service } from './Customer.tsx';

interface Usage {
  id: string;
  contract_id: string;
  contract_item_id: string;
  customer_id: string;
  service_id: string;
  quantity: string;
  reference_date: string;
  description: string | null;
  external_id: string | null;
  billed: boolean;
}

const PAGE_SIZE = 20;

export function ConsumptionPage() {
  const { query } = useLocation();
  const serviceId = query.get('servico') ?? '';
  const page = Number(query.get('pagina') ?? 1);
  const services = useAsync(() => get('/v1/services', { page_size: 100 }), []);
  const service = services.data?.data.find((s) => s.id === serviceId) ?? null;
  const list = useAsync(
    () =>
      serviceId
        ? get('/v1/consumption', {
            service_id: serviceId,
            page,
            page_size: PAGE_SIZE,
            include_total: true,
            sort: '-reference_date',
          })
        : Promise.resolve(null),
    [serviceId, page],
  );
  const [editing, setEditing] = useState<Usage | 'new' | null>(null);
  const names = useNames(list.data?.data ?? []);

  const remove = (u: Usage) =>
    runAction(() => del(`/v1/consumption/${u.id}`), {
      confirm: `Excluir o consumo de ${decimalBR(u.quantity)} em ${dateBR(u.reference_date)}?`,
      done: 'Consumo excluído.',
      after: list.reload,
    });

  return (
    <div>
      <div className="page-head">
        <h1>Consumo</h1>
        <div className="spacer" />
        <Link to="/integracao/consumos" className="button">
          Importar Consumos
        </Link>
        {serviceId && (
          <a className="button" href={href('/v1/consumption/export.xlsx', { service_id: serviceId })} download>
            Exportar Consumos
          </a>
        )}
      </div>
      {services.error && <LoadError error={services.error} what="Serviços" />}
      <div className="filters">
        <label className="field">
          <span className="label">Serviço</span>
          <select name="service" value={serviceId} onChange={(e) => setQuery({ servico: e.target.value || null, pagina: null })}>
            <option value="">Selecione o serviço…</option>
            {services.data?.data.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </label>
        {serviceId && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Incluir Consumo
          </button>
        )}
      </div>
      {!serviceId && <p className="muted">Selecione um serviço para ver e lançar o consumo.</p>}
      {list.error && <LoadError error={list.error} what="Consumo" />}
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>Data</th>
                <th>Cliente</th>
                <th className="num">Quantidade</th>
                <th>Descrição</th>
                <th>Faturado</th>
                <th>
                  <span className="sr-only">Ações</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && <EmptyRow colSpan={6}>Nenhum consumo deste serviço.</EmptyRow>}
              {list.data.data.map((u) => (
                <tr key={u.id}>
                  <td>{dateBR(u.reference_date)}</td>
                  <td>{names[u.customer_id] ?? '…'}</td>
                  <td className="num">
                    {decimalBR(u.quantity)} {service?.unit}
                  </td>
                  <td>{u.description ?? ''}</td>
                  <td>{u.billed ? 'Sim' : 'Não'}</td>
                  <td className="actions">
                    {!u.billed && (
                      <>
                        <button type="button" className="link" onClick={() => setEditing(u)}>
                          Alterar
                        </button>
                        <button type="button" className="link danger" onClick={() => remove(u)}>
                          Excluir
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            hasMore={list.data.has_more}
            onPage={(p) => setQuery({ pagina: p })}
          />
        </>
      )}
      {editing && service && (
        <UsageModal
          service={service}
          usage={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

const nameCache = new Map<string, string>();
function useNames(rows: Usage[]): Record<string, string> {
  const ids = [...new Set(rows.map((r) => r.customer_id))];
  const loaded = useAsync(
    async () =>
      Object.fromEntries(
        await Promise.all(
          ids.map(async (id) => {
            if (!nameCache.has(id))
              nameCache.set(
                id,
                await get(`/v1/customers/${id}`).then(
                  (c) => c.name,
                  () => '—',
                ),
              );
            return [id, nameCache.get(id)!];
          }),
        ),
      ) as Record<string, string>,
    [ids.join(',')],
  );
  return loaded.data ?? {};
}

function UsageModal({
  service,
  usage,
  onClose,
  onDone,
}: {
  service: Service;
  usage: Usage | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [customer, setCustomer] = useState<CustomerLite | null>(null);
  const [qty, setQty] = useState(usage ? decimalBR(usage.quantity) : '');
  const [date, setDate] = useState(usage ? dateBR(usage.reference_date) : todayBR());
  const [description, setDescription] = useState(usage?.description ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => crypto.randomUUID());
  // The API may name the item by any of its references: they all point at the "Cliente" field.
  const labels = { customer_id: 'Cliente', contract_item_id: 'Cliente', quantity: `Quantidade (${service.unit})` };
  const shown = ['customer_id', 'quantity', 'reference_date', 'description'];
  return (
    <Modal title={usage ? 'Alterar Consumo' : `Incluir Consumo — ${service.name}`} onClose={onClose}>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const q = parseDecimalBR(qty);
          const d = parseDateBR(date);
          const bad = [];
          if (!usage && !customer)
            bad.push({
              field: 'customer_id',
              issue: 'Escolha o cliente: digite parte do nome, documento ou e-mail e clique nele na lista.',
            });
          if (q === null) bad.push({ field: 'quantity', issue: 'Informe a quantidade, por exemplo 12,5.' });
          if (!d) bad.push({ field: 'reference_date', issue: 'Data inválida: use dd/mm/aaaa.' });
          if (bad.length) return setError(localizeError(new ApiError(400, 'validation_failed', '', bad, null), { labels, shown }));
          setBusy(true);
          setError(null);
          try {
            if (usage)
              await put(`/v1/consumption/${usage.id}`, {
                contract_item_id: usage.contract_item_id,
                quantity: q!,
                reference_date: d!,
                description: description.trim() || null,
                external_id: usage.external_id,
              });
            else
              await post(
                '/v1/consumption',
                {
                  customer_id: customer!.id,
                  service_id: service.id,
                  quantity: q!,
                  reference_date: d!,
                  description: description.trim() || null,
                },
                { idempotencyKey: key },
              );
            notify(usage ? 'Consumo alterado.' : 'Consumo incluído.');
            onDone();
          } catch (err) {
            setError(localizeError(toApiError(err), { labels, shown }));
          } finally {
            setBusy(false);
          }
        }}
      >
        <ErrorBox error={error} fields={shown} />
        {!usage && (
          <Field label="Cliente" name="customer_id" error={error}>
            <CustomerPicker value={customer} onChange={setCustomer} />
          </Field>
        )}
        <Field label={`Quantidade (${service.unit})`} name="quantity" error={error}>
          <input name="quantity" value={qty} onChange={(e) => setQty(e.target.value)} inputMode="decimal" />
        </Field>
        <Field label="Data de referência" name="reference_date" error={error}>
          <DateInput name="reference_date" value={date} onChange={setDate} />
        </Field>
        <Field label="Descrição" name="description" error={error}>
          <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Salvar
          </button>
        </div>
      </form>
    </Modal>
  );
}
