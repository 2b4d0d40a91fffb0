import { EffectiveRules } from '../components/EffectiveRules.tsx';
import { useState } from 'react';
import { ApiError, del, get, patch, post, type ApiBody, type ErrorDetail } from '../api.ts';
import { localizeError } from '../errors.ts';
import {
  brl,
  centsStringToReais,
  decimalBR,
  parseDecimalBR,
  parseMoneyBR,
  PERIOD_LABEL,
  PRICING_LABEL,
  reaisToCentsString,
} from '../format.ts';
import { setQuery, useLocation } from '../router.tsx';
import { ErrorBox, Field, LoadError, Modal, Pager, StatusBadge, notify, toApiError, useAsync, EmptyRow } from '../ui.tsx';
import { checkTiers, tierStarts, type TierRow } from '../validation.ts';
import type { Service } from './Customer.tsx';
import './forms.css';

const PAGE_SIZE = 20;

export function ServicesPage() {
  const { query } = useLocation();
  const page = Number(query.get('pagina') ?? 1);
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  const list = useAsync(() => get('/v1/services', { q: q || undefined, page, page_size: PAGE_SIZE, include_total: true }), [q, page]);
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const [rulesOf, setRulesOf] = useState<Service | null>(null);

  const remove = async (s: Service) => {
    if (!window.confirm(`Excluir o serviço ${s.name}?`)) return;
    try {
      await del(`/v1/services/${s.id}`);
      notify('Serviço excluído.');
      list.reload();
    } catch (err) {
      const e = toApiError(err);
      notify(
        e.code === 'in_use' ? 'Este serviço está em contratos e não pode ser excluído; desative-o (Editar → Situação).' : e.message,
        'error',
      );
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
                <th>
                  <span className="sr-only">Ações</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && <EmptyRow colSpan={8}>Nenhum serviço. Use “Incluir+”.</EmptyRow>}
              {list.data.data.map((s) => (
                <tr key={s.id}>
                  <td>{s.code}</td>
                  <td>{s.name}</td>
                  <td>{s.unit}</td>
                  <td>{PRICING_LABEL[s.pricing_model] ?? s.pricing_model}</td>
                  <td>{PERIOD_LABEL[s.billing_period] ?? s.billing_period}</td>
                  <td className="num">{s.price_cents !== null ? brlPrecise(s.price_cents) : `${s.tiers?.length ?? 0} faixa(s)`}</td>
                  <td>
                    <StatusBadge status={s.active ? 'active' : 'inactive'} labels={{ active: 'Ativo', inactive: 'Inativo' }} />
                  </td>
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setEditing(s)}>
                      Editar
                    </button>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setRulesOf(s)}
                      aria-label={`Regras de pagamento do serviço ${s.name}`}
                    >
                      Regras
                    </button>
                    <button type="button" className="link danger" onClick={() => remove(s)}>
                      Excluir
                    </button>
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
      {rulesOf && (
        <Modal title={`Regras do serviço ${rulesOf.code} — ${rulesOf.name}`} onClose={() => setRulesOf(null)} wide>
          <EffectiveRules target={{ type: 'service', id: rulesOf.id }} />
        </Modal>
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

interface ApiTier {
  up_to: string | null;
  unit_price_cents: string;
  flat_fee_cents: number;
}

const tierRowsOf = (tiers: ApiTier[] | null | undefined): TierRow[] =>
  tiers?.length
    ? tiers.map((t) => ({
        upTo: t.up_to === null ? '' : decimalBR(t.up_to),
        unitPrice: centsStringToReais(t.unit_price_cents),
        flatFee: t.flat_fee_cents ? centsStringToReais(String(t.flat_fee_cents)) : '',
      }))
    : [
        { upTo: '100', unitPrice: '', flatFee: '' },
        { upTo: '', unitPrice: '', flatFee: '' },
      ];

/** The faixas for the API (checked by checkTiers first). */
function tiersToApi(rows: TierRow[]): ApiTier[] {
  return rows.map((r, i) => {
    const fee = r.flatFee.trim() ? parseMoneyBR(r.flatFee) : 0;
    return {
      up_to: i === rows.length - 1 ? null : parseDecimalBR(r.upTo),
      unit_price_cents: reaisToCentsString(r.unitPrice) ?? '0',
      flat_fee_cents: fee ?? 0,
    };
  });
}

const sameTiers = (a: ApiTier[] | null | undefined, b: ApiTier[]) =>
  !!a &&
  a.length === b.length &&
  a.every(
    (t, i) =>
      Number(t.up_to ?? -1) === Number(b[i].up_to ?? -1) &&
      Number(t.unit_price_cents) === Number(b[i].unit_price_cents) &&
      t.flat_fee_cents === b[i].flat_fee_cents,
  );

/** What `quantity` units cost with these faixas (an approximate preview; the API computes exactly). */
function simulate(model: string, rows: TierRow[], quantity: number): number | null {
  const tiers = rows.map((r, i) => ({
    upTo: i === rows.length - 1 ? Infinity : Number(parseDecimalBR(r.upTo)),
    price: Number(reaisToCentsString(r.unitPrice)),
    fee: r.flatFee.trim() ? (parseMoneyBR(r.flatFee) ?? NaN) : 0,
  }));
  if (tiers.some((t) => Number.isNaN(t.upTo) || Number.isNaN(t.price) || Number.isNaN(t.fee)) || quantity <= 0) return null;
  if (model === 'volume') {
    const t = tiers.find((x) => quantity <= x.upTo)!;
    return quantity * t.price + t.fee;
  }
  let total = 0;
  let lower = 0;
  for (const t of tiers) {
    if (quantity <= lower) break;
    total += (Math.min(quantity, t.upTo) - lower) * t.price + t.fee;
    lower = t.upTo;
  }
  return total;
}

/** The faixas of a tiered ("Faixas progressivas") or volume ("Faixa por volume") price. */
function TiersEditor({
  model,
  unit,
  rows,
  onChange,
  error,
}: {
  model: string;
  unit: string;
  rows: TierRow[];
  onChange: (rows: TierRow[]) => void;
  error: ApiError | null;
}) {
  const [sample, setSample] = useState('150');
  const starts = tierStarts(rows);
  const set = (i: number, k: keyof TierRow, v: string) => onChange(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const q = Number(parseDecimalBR(sample) ?? NaN);
  const total = Number.isNaN(q) ? null : simulate(model, rows, q);
  const u = unit.trim() || 'unidade';
  return (
    <fieldset className="forms-tiers" data-field="tiers">
      <legend>Faixas</legend>
      <p className="muted">
        {model === 'volume'
          ? `Faixa por volume: todo o consumo do período é cobrado pelo preço da faixa em que o total cai.`
          : `Faixas progressivas: cada parte do consumo é cobrada pelo preço da sua faixa (as primeiras ${u} pela 1ª faixa, as seguintes pela 2ª…).`}{' '}
        Cada faixa começa onde a anterior termina; a última não tem limite.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">De ({u})</th>
            <th scope="col">Até ({u})</th>
            <th scope="col">Preço por {u} (R$)</th>
            <th scope="col">Taxa fixa (R$)</th>
            <th scope="col">
              <span className="sr-only">Ações</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const last = i === rows.length - 1;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: tiers being edited have no id; a tier is its position
              <tr key={i} data-tier={i}>
                <td className="forms-tier-from" data-label={`De (${u})`}>
                  {i === 0 ? '0' : `acima de ${starts[i]}`}
                </td>
                <td data-label={`Até (${u})`}>
                  <Field label={`Até, faixa ${i + 1}`} name={`tiers[${i}].up_to`} error={error}>
                    <input
                      name={`tiers[${i}].up_to`}
                      inputMode="decimal"
                      value={r.upTo}
                      placeholder={last ? 'sem limite' : ''}
                      onChange={(e) => set(i, 'upTo', e.target.value)}
                    />
                  </Field>
                </td>
                <td data-label={`Preço por ${u} (R$)`}>
                  <Field label={`Preço por ${u}, faixa ${i + 1}`} name={`tiers[${i}].unit_price_cents`} error={error}>
                    <input
                      name={`tiers[${i}].unit_price_cents`}
                      inputMode="decimal"
                      placeholder="0,00"
                      value={r.unitPrice}
                      onChange={(e) => set(i, 'unitPrice', e.target.value)}
                    />
                  </Field>
                </td>
                <td data-label="Taxa fixa (R$)">
                  <Field label={`Taxa fixa, faixa ${i + 1}`} name={`tiers[${i}].flat_fee_cents`} error={error}>
                    <input
                      name={`tiers[${i}].flat_fee_cents`}
                      inputMode="decimal"
                      placeholder="opcional"
                      value={r.flatFee}
                      onChange={(e) => set(i, 'flatFee', e.target.value)}
                    />
                  </Field>
                </td>
                <td>
                  <button
                    type="button"
                    className="link danger"
                    disabled={rows.length === 1}
                    onClick={() =>
                      onChange(rows.filter((_, j) => j !== i).map((x, j, all) => (j === all.length - 1 ? { ...x, upTo: '' } : x)))
                    }
                  >
                    Remover faixa {i + 1}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() => {
          // The new faixa goes last (open); the one that was last gets a limit to fill in.
          const prev = rows.map((r, j) => (j === rows.length - 1 ? { ...r, upTo: '' } : r));
          onChange([...prev, { upTo: '', unitPrice: '', flatFee: '' }]);
        }}
      >
        Incluir faixa
      </button>
      <div className="forms-tier-example">
        <span aria-hidden="true">Simular: </span>
        <input
          name="tiers_sample"
          className="narrow"
          inputMode="decimal"
          value={sample}
          onChange={(e) => setSample(e.target.value)}
          aria-label={`Quantidade a simular (${u})`}
        />{' '}
        {u}{' '}
        <output aria-live="polite" data-simulation>
          {total === null ? '— preencha as faixas' : `= ${brl(Math.round(total))}`}
        </output>
      </div>
    </fieldset>
  );
}

function ServiceModal({ service, onClose, onDone }: { service: Service | null; onClose: () => void; onDone: () => void }) {
  const [form, setForm] = useState({
    code: service?.code ?? '',
    name: service?.name ?? '',
    description: service?.description ?? '',
    unit: service?.unit ?? 'mês',
    billing_period: service?.billing_period ?? 'monthly',
    pricing_model: service?.pricing_model ?? 'flat',
    price: service?.price_cents ? centsStringToReais(service.price_cents) : '',
    included: service?.included_quantity ? decimalBR(service.included_quantity) : '',
    active: service?.active ?? true,
  });
  const [tierRows, setTierRows] = useState<TierRow[]>(() => tierRowsOf(service?.tiers));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const tiers = form.pricing_model === 'tiered' || form.pricing_model === 'volume';
  const usage = form.pricing_model !== 'flat';
  const fields = [
    'code',
    'name',
    'description',
    'unit',
    'billing_period',
    'pricing_model',
    'price_cents',
    'included_quantity',
    ...tierRows.map((_, i) => `tiers[${i}]`),
  ];
  const labels = Object.fromEntries(
    tierRows.flatMap((_, i) => [
      [`tiers[${i}].up_to`, `Até (faixa ${i + 1})`],
      [`tiers[${i}].unit_price_cents`, `Preço por unidade (faixa ${i + 1})`],
      [`tiers[${i}].flat_fee_cents`, `Taxa fixa (faixa ${i + 1})`],
    ]),
  );

  return (
    <Modal title={service ? `Editar serviço ${service.code}` : 'Incluir serviço'} onClose={onClose} wide>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          const bad: ErrorDetail[] = [];
          const price = tiers ? null : reaisToCentsString(form.price);
          if (!tiers && price === null) bad.push({ field: 'price_cents', issue: 'Informe o preço em reais, por exemplo 99,90.' });
          const included = usage && form.included.trim() ? parseDecimalBR(form.included) : null;
          if (usage && form.included.trim() && included === null)
            bad.push({ field: 'included_quantity', issue: 'Quantidade inválida: use um número, como 100 ou 100,5.' });
          if (tiers) bad.push(...checkTiers(tierRows));
          if (bad.length) return setError(localizeError(new ApiError(400, 'validation_failed', '', bad, null), { labels, shown: fields }));
          const body: Record<string, unknown> = {
            code: form.code.trim(),
            name: form.name.trim(),
            description: form.description.trim() || null,
            unit: form.unit.trim(),
            billing_period: form.billing_period,
            active: form.active,
          };
          const apiTiers = tiers ? tiersToApi(tierRows) : null;
          const pricingChanged =
            !service ||
            service.pricing_model !== form.pricing_model ||
            (tiers ? !sameTiers(service.tiers, apiTiers!) : service.price_cents !== price) ||
            Number(service.included_quantity ?? 0) !== Number(included ?? 0);
          if (pricingChanged)
            Object.assign(body, { pricing_model: form.pricing_model, price_cents: price, tiers: apiTiers, included_quantity: included });
          setBusy(true);
          try {
            if (service) await patch(`/v1/services/${service.id}`, body);
            // Built field by field above (code, name and unit always): the API validates it.
            else await post('/v1/services', body as ApiBody<'POST', '/v1/services'>);
            notify(service ? 'Serviço alterado.' + (pricingChanged ? ' O novo preço vale a partir de amanhã.' : '') : 'Serviço incluído.');
            onDone();
          } catch (err) {
            setError(localizeError(toApiError(err), { labels, shown: fields }));
          } finally {
            setBusy(false);
          }
        }}
      >
        <ErrorBox error={error} fields={fields} />
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
            <select name="pricing_model" value={form.pricing_model} onChange={set('pricing_model')}>
              {(['flat', 'per_unit', 'tiered', 'volume'] as const).map((m) => (
                <option key={m} value={m}>
                  {PRICING_LABEL[m]}
                </option>
              ))}
            </select>
          </Field>
          {!tiers && (
            <Field
              label={form.pricing_model === 'flat' ? 'Preço por período (R$)' : `Preço por ${form.unit.trim() || 'unidade'} (R$)`}
              name="price_cents"
              error={error}
            >
              <input name="price" value={form.price} onChange={set('price')} placeholder="0,00" inputMode="decimal" />
            </Field>
          )}
          {usage && (
            <Field
              label="Franquia (quantidade incluída)"
              name="included_quantity"
              error={error}
              hint="Descontada do consumo antes do preço"
            >
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
        {tiers && <TiersEditor model={form.pricing_model} unit={form.unit} rows={tierRows} onChange={setTierRows} error={error} />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Salvar
          </button>
        </div>
      </form>
    </Modal>
  );
}
