// Configurações → Regras de pagamento.
import { useState } from 'react';
import { ApiError, del, get, post, type Page } from '../../api.ts';
import { brl, parseMoneyBR, STATUS_LABEL } from '../../format.ts';
import { ErrorBox, Field, LoadError, Modal, Pager, StatusBadge, notify, toApiError, runAction, useAsync, EmptyRow } from '../../ui.tsx';

interface Rule {
  id: string;
  codigo: number;
  descricao: string;
  acrescimo_desconto: string;
  tipo_calculo_valor: string;
  tipo_prazo_pagamento: string;
  percentual: string | null;
  valor_fixo_centavos: number | null;
  dias: number | null;
  ativo: boolean;
  [k: string]: any;
}
interface Codes {
  codes: Record<string, { value: string; label: string; meaning: string }[]>;
}

const CODED_FIELDS: [string, string][] = [
  ['acrescimo_desconto', 'Tipo'],
  ['tipo_prazo_pagamento', 'Prazo de pagamento'],
  ['tipo_calculo_valor', 'Cálculo do valor'],
  ['tipo_aplicacao_calculo', 'Aplicação'],
  ['tipo_saldo', 'Base de cálculo'],
  ['tipo_pessoa', 'Clientes'],
  ['desconto_extra', 'Acumula com outros'],
];

export function PaymentRulesPage() {
  const [page, setPage] = useState(1);
  const list = useAsync(() => get<Page<Rule>>('/v1/payment-rules', { page, page_size: 20, include_total: true }), [page]);
  const codes = useAsync(() => get<Codes>('/v1/payment-rules/codes'), []);
  const [open, setOpen] = useState(false);
  const label = (field: string, value: string) => codes.data?.codes[field]?.find((c) => c.value === value)?.label ?? value;
  const remove = (r: Rule) => runAction(() => del(`/v1/payment-rules/${r.id}`), { confirm: `Excluir a regra “${r.descricao}”?`, then: list.reload });
  return (
    <div>
      <div className="page-head">
        <h1>Regras de pagamento</h1>
        <button type="button" className="primary" onClick={() => setOpen(true)} disabled={!codes.data}>
          Incluir+
        </button>
      </div>
      <p className="muted">Descontos por pontualidade e acréscimos aplicados às cobranças.</p>
      {list.error && <LoadError error={list.error} what="Regras de pagamento" />}
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>Código</th>
                <th>Descrição</th>
                <th>Tipo</th>
                <th>Prazo</th>
                <th>Valor</th>
                <th>Situação</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && (
                <EmptyRow colSpan={7}>Nenhuma regra.</EmptyRow>
              )}
              {list.data.data.map((r) => (
                <tr key={r.id}>
                  <td>{r.codigo}</td>
                  <td>{r.descricao}</td>
                  <td>{label('acrescimo_desconto', r.acrescimo_desconto)}</td>
                  <td>
                    {label('tipo_prazo_pagamento', r.tipo_prazo_pagamento)}
                    {r.dias !== null ? ` (${r.dias} dia(s))` : ''}
                  </td>
                  <td>{r.percentual !== null ? `${r.percentual.replace('.', ',')} %` : r.valor_fixo_centavos !== null ? brl(r.valor_fixo_centavos) : '—'}</td>
                  <td>
                    <StatusBadge status={r.ativo ? 'active' : 'inactive'} labels={STATUS_LABEL} />
                  </td>
                  <td className="actions">
                    <button type="button" className="link danger" onClick={() => remove(r)}>
                      Excluir
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={20} total={list.data.total} hasMore={list.data.has_more} onPage={setPage} />
        </>
      )}
      {open && codes.data && (
        <RuleModal
          codes={codes.data}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function RuleModal({ codes, onClose, onDone }: { codes: Codes; onClose: () => void; onDone: () => void }) {
  const [descricao, setDescricao] = useState('');
  const [coded, setCoded] = useState<Record<string, string>>({});
  const [percentual, setPercentual] = useState('');
  const [valor, setValor] = useState('');
  const [dias, setDias] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const tipoValor = coded.tipo_calculo_valor ?? 'N';
  return (
    <Modal title="Incluir regra de pagamento" onClose={onClose} wide>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          const body: Record<string, unknown> = { descricao: descricao.trim(), ...coded };
          if (tipoValor === 'N') body.percentual = percentual.trim().replace(',', '.');
          else {
            const c = parseMoneyBR(valor);
            if (c === null) return setError(new ApiError(400, 'validation_failed', 'Valor', [{ field: 'valor_fixo_centavos', issue: 'informe um valor como 10,00' }], null));
            body.valor_fixo_centavos = c;
          }
          if (dias.trim()) body.dias = Number(dias);
          try {
            await post('/v1/payment-rules', body);
            notify('Regra incluída.');
            onDone();
          } catch (err) {
            setError(toApiError(err));
          }
        }}
      >
        <ErrorBox error={error} fields={['descricao', 'percentual', 'valor_fixo_centavos', 'dias', ...CODED_FIELDS.map(([f]) => f)]} />
        <div className="form-grid">
          <Field label="Descrição" name="descricao" error={error}>
            <input name="descricao" value={descricao} onChange={(e) => setDescricao(e.target.value)} />
          </Field>
          {CODED_FIELDS.filter(([f]) => codes.codes[f]).map(([f, l]) => (
            <Field key={f} label={l} name={f} error={error}>
              <select name={f} value={coded[f] ?? ''} onChange={(e) => setCoded({ ...coded, [f]: e.target.value })}>
                <option value="">(padrão)</option>
                {codes.codes[f].map((c) => (
                  <option key={c.value} value={c.value} title={c.meaning}>
                    {c.value} — {c.label}
                  </option>
                ))}
              </select>
            </Field>
          ))}
          {tipoValor === 'N' ? (
            <Field label="Percentual (%)" name="percentual" error={error}>
              <input name="percentual" value={percentual} onChange={(e) => setPercentual(e.target.value)} placeholder="2,5" />
            </Field>
          ) : (
            <Field label="Valor (R$)" name="valor_fixo_centavos" error={error}>
              <input name="valor" value={valor} onChange={(e) => setValor(e.target.value)} />
            </Field>
          )}
          <Field label="Dias" name="dias" error={error}>
            <input name="dias" value={dias} onChange={(e) => setDias(e.target.value.replace(/\D/g, ''))} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Salvar
          </button>
        </div>
      </form>
    </Modal>
  );
}

