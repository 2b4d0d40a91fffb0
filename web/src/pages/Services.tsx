import { useState } from 'react';
import { ApiError, del, get, patch, post, type Page } from '../api.ts';
import { brl, centsStringToReais, decimalBR, parseDecimalBR, PERIOD_LABEL, PRICING_LABEL, reaisToCentsString } from '../format.ts';
import { setQuery, useLocation } from '../router.tsx';
import { ErrorBox, Field, LoadError, Modal, Pager, StatusBadge, notify, toApiError, useAsync, EmptyRow } from '../ui.tsx';
import type { Service } from './Customer.tsx';

const PAGE_SIZE = 20;

export function ServicesPage() {
  const { query } = useLocation();
  const page = Number(query.get('pagina') ?? 1);
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const list = useAsync(() => get<Page<Service>>('/v1/services', { q: q || undefined, page, page_size: PAGE_SIZE, include_total: true }), [q, page]);
  const [editing, setEditing] = useState<Service | 'new' | null>(null);

  const remove = async (s: Service) => {
    if (!window.confirm(`Excluir o serviço ${s.name}?`)) return;
    try {
      await del(`/v1/services/${s.id}`);
      notify('Serviço excluído.');
      list.reload();
    } catch (err) {
      const e = toApiError(err);
      notify(e.code === 'in_use' ? 'Este serviço está em contratos e não pode ser excluído; desative-o (Editar → Situação).' : e.message, 'error');
    }
  };

  return (
    <div>
      <div className="page-head">
        <h1>Serviços</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          Incluir+
        </button>
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ q: text.trim() || null, pagina: null });
        }}
      >
        <input name="q" placeholder="Buscar por código ou nome" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Buscar</button>
      </form>
      {list.error && <LoadError error={list.error} what="Serviços" />}
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>Código</th>
                <th>Nome</th>
                <th>Unidade</th>
                <th>Cobrança</th>
                <th>Periodicidade</th>
                <th className="num">Preço</th>
                <th>Situação</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && (
                <EmptyRow colSpan={8}>Nenhum serviço. Use “Incluir+”.</EmptyRow>
              )}
              {list.data.data.map((s) => (
                <tr key={s.id}>
                  <td>{s.code}</td>
                  <td>{s.name}</td>
                  <td>{s.unit}</td>
                  <td>{PRICING_LABEL[s.pricing_model] ?? s.pricing_model}</td>
                  <td>{PERIOD_LABEL[s.billing_period] ?? s.billing_period}</td>
                  <td className="num">{s.price_cents !== null ? brlPrecise(s.price_cents) : 'por faixas'}</td>
                  <td>
                    <StatusBadge status={s.active ? 'active' : 'inactive'} labels={{ active: 'Ativo', inactive: 'Inativo' }} />
                  </td>
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setEditing(s)}>
                      Editar
                    </button>
                    <button type="button" className="link danger" onClick={() => remove(s)}>
                      Excluir
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} hasMore={list.data.has_more} onPage={(p) => setQuery({ pagina: p })} />
        </>
      )}
      {editing && (
        <ServiceModal
          service={editing === 'new' ? null : editing}
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

/** Cents with possible decimals ("75.4321") as reais. */
function brlPrecise(cents: string): string {
  return /\./.test(cents) ? `R$ ${centsStringToReais(cents)}` : brl(cents);
}

function ServiceModal({ service, onClose, onDone }: { service: Service | null; onClose: () => void; onDone: () => void }) {
  const [form, setForm] = useState({
    code: service?.code ?? '',
    name: service?.name ?? '',
    description: service?.description ?? '',
    unit: service?.unit ?? 'mês',
    billing_period: service?.billing_period ?? 'monthly',
    pricing_model: service?.pricing_model === 'tiered' || service?.pricing_model === 'volume' ? service.pricing_model : service?.pricing_model ?? 'flat',
    price: service?.price_cents ? centsStringToReais(service.price_cents) : '',
    included: service?.included_quantity ? decimalBR(service.included_quantity) : '',
    active: service?.active ?? true,
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const tiers = form.pricing_model === 'tiered' || form.pricing_model === 'volume';

  return (
    <Modal title={service ? `Editar serviço ${service.code}` : 'Incluir serviço'} onClose={onClose} wide>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          const bad = [];
          const price = tiers ? null : reaisToCentsString(form.price);
          if (!tiers && price === null) bad.push({ field: 'price_cents', issue: 'informe o preço, por exemplo 99,90' });
          const included = form.included.trim() ? parseDecimalBR(form.included) : null;
          if (form.included.trim() && included === null) bad.push({ field: 'included_quantity', issue: 'quantidade inválida' });
          if (bad.length) return setError(new ApiError(400, 'validation_failed', 'Verifique os campos', bad, null));
          const body: Record<string, unknown> = {
            code: form.code.trim(),
            name: form.name.trim(),
            description: form.description.trim() || null,
            unit: form.unit.trim(),
            billing_period: form.billing_period,
            active: form.active,
          };
          const pricingChanged = !service || service.pricing_model !== form.pricing_model || service.price_cents !== price || (service.included_quantity ?? null) !== included;
          if (!tiers && pricingChanged) Object.assign(body, { pricing_model: form.pricing_model, price_cents: price, included_quantity: form.pricing_model === 'per_unit' ? included : null });
          setBusy(true);
          try {
            if (service) await patch(`/v1/services/${service.id}`, body);
            else await post('/v1/services', body);
            notify(service ? 'Serviço alterado.' + (pricingChanged && !tiers ? ' O novo preço vale a partir de amanhã.' : '') : 'Serviço incluído.');
            onDone();
          } catch (err) {
            setError(toApiError(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <ErrorBox error={error} fields={['code', 'name', 'description', 'unit', 'billing_period', 'pricing_model', 'price_cents', 'included_quantity']} />
        <div className="form-grid">
          <Field label="Código" name="code" error={error}>
            <input name="code" value={form.code} onChange={set('code')} />
          </Field>
          <Field label="Nome" name="name" error={error}>
            <input name="name" value={form.name} onChange={set('name')} />
          </Field>
          <Field label="Unidade" name="unit" error={error} hint="mês, kWh, m³, licença…">
            <input name="unit" value={form.unit} onChange={set('unit')} />
          </Field>
          <Field label="Periodicidade" name="billing_period" error={error}>
            <select name="billing_period" value={form.billing_period} onChange={set('billing_period')}>
              {Object.entries(PERIOD_LABEL).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Forma de cobrança" name="pricing_model" error={error}>
            <select name="pricing_model" value={form.pricing_model} onChange={set('pricing_model')} disabled={tiers}>
              <option value="flat">{PRICING_LABEL.flat}</option>
              <option value="per_unit">{PRICING_LABEL.per_unit}</option>
              {tiers && <option value={form.pricing_model}>{PRICING_LABEL[form.pricing_model]}</option>}
            </select>
          </Field>
          {!tiers && (
            <Field label={form.pricing_model === 'flat' ? 'Preço por período (R$)' : 'Preço por unidade (R$)'} name="price_cents" error={error}>
              <input name="price" value={form.price} onChange={set('price')} placeholder="0,00" inputMode="decimal" />
            </Field>
          )}
          {form.pricing_model === 'per_unit' && (
            <Field label="Franquia (quantidade incluída)" name="included_quantity" error={error}>
              <input name="included" value={form.included} onChange={set('included')} inputMode="decimal" />
            </Field>
          )}
          <Field label="Descrição" name="description" error={error}>
            <input name="description" value={form.description} onChange={set('description')} />
          </Field>
          <label className="check">
            <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} /> Ativo
          </label>
        </div>
        {tiers && <p className="muted">Serviços com preço por faixas são editados pela API (faixas não cabem neste formulário); os demais dados podem ser alterados aqui.</p>}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Salvar
          </button>
        </div>
      </form>
    </Modal>
  );
}
