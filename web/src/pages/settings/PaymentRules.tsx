// Configurações → Regras de pagamento: early-payment discounts and surcharges, written in words (the
// CRM's codes stay as a small detail), previewed on an example charge, and attached where they apply
// ("Aplicar a": every customer, a customer, a contract, a service).
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError, del, get, patch, post, type ApiBody, type ErrorDetail } from '../../api.ts';
import { brl, centsStringToReais, dateBR, decimalBR, parseDateBR, parseMoneyBR, todayISO } from '../../format.ts';
import {
  CustomerPicker,
  EmptyRow,
  ErrorBox,
  Field,
  LoadError,
  Modal,
  Pager,
  StatusBadge,
  notify,
  runAction,
  toApiError,
  useAsync,
  type CustomerLite,
} from '../../ui.tsx';
import { Link } from '../../router.tsx';
import {
  addDays,
  applicationChoices,
  BASE,
  CALCULATION,
  DIRECTION,
  EXTRA,
  INTEREST_KIND,
  parsePercent,
  PERSON,
  relativeToDue,
  ruleInWords,
  windowChoices,
  type Choice,
  type PreviewResult,
  type Rule,
  type RuleLink,
} from './rules-words.ts';
import './rules.css';

/** Enter in an example field only updates the example; it does not submit (save) the form around it. */
const keepForm = (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.key === 'Enter') e.preventDefault();
};

export function PaymentRulesPage() {
  const [page, setPage] = useState(1);
  const list = useAsync(() => get('/v1/payment-rules', { page, page_size: 20, include_total: true }), [page]);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [linking, setLinking] = useState<Rule | null>(null);
  const remove = (r: Rule) =>
    runAction(() => del(`/v1/payment-rules/${r.id}`), {
      confirm: `Excluir a regra “${r.descricao}”? Ela deixa de valer onde estiver aplicada.`,
      done: 'Regra excluída.',
      after: list.reload,
    });
  return (
    <div className="rules-page">
      <div className="page-head">
        <h1>Regras de pagamento</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          Incluir regra
        </button>
      </div>
      <p className="muted">
        Descontos por pontualidade e acréscimos por atraso. Uma regra só vale onde for aplicada: para todos os clientes, para um cliente, um
        contrato ou um serviço (botão “Aplicar a”). Multa e juros por atraso ficam em{' '}
        <Link to="/configuracoes/multa-e-juros">Multa e juros</Link>.
      </p>
      {list.error && <LoadError error={list.error} what="Regras de pagamento" />}
      {list.data && (
        <>
          <table className="grid rules-table">
            <thead>
              <tr>
                <th scope="col">Nº</th>
                <th scope="col">Descrição</th>
                <th scope="col">O que faz</th>
                <th scope="col">Aplicada a</th>
                <th scope="col">Situação</th>
                <th scope="col">
                  <span className="sr-only">Ações</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && <EmptyRow colSpan={6}>Nenhuma regra cadastrada.</EmptyRow>}
              {list.data.data.map((r) => (
                <tr key={r.id} data-rule={r.descricao}>
                  <td>{r.codigo}</td>
                  <td>{r.descricao}</td>
                  <td>{ruleInWords(r)}</td>
                  <td>
                    <LinksSummary links={r.links} />
                  </td>
                  <td>
                    <StatusBadge status={r.ativo ? 'active' : 'inactive'} labels={{ active: 'Ativa', inactive: 'Inativa' }} />
                  </td>
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setLinking(r)} aria-label={`Aplicar a regra ${r.descricao}`}>
                      Aplicar a
                    </button>{' '}
                    <button type="button" className="link" onClick={() => setEditing(r)} aria-label={`Editar a regra ${r.descricao}`}>
                      Editar
                    </button>{' '}
                    <button type="button" className="link danger" onClick={() => remove(r)} aria-label={`Excluir a regra ${r.descricao}`}>
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
      {editing && (
        <RuleModal
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            list.reload();
            // A new rule applies nowhere yet: go straight to where it should apply.
            if (created) setLinking(saved);
          }}
        />
      )}
      {linking && <RuleLinksModal rule={linking} onClose={() => setLinking(null)} onChanged={list.reload} />}
    </div>
  );
}

function LinksSummary({ links }: { links: RuleLink[] }) {
  if (!links.length) return <span className="rules-nowhere">Em nenhum lugar (ainda não aplicada)</span>;
  const n = (type: string) => links.filter((l) => l.target_type === type).length;
  const parts: string[] = [];
  if (n('tenant')) parts.push('Todos os clientes');
  const plural = (k: number, one: string, many: string) => (k ? `${k} ${k === 1 ? one : many}` : null);
  for (const p of [
    plural(n('customer'), 'cliente', 'clientes'),
    plural(n('contract'), 'contrato', 'contratos'),
    plural(n('service'), 'serviço', 'serviços'),
  ])
    if (p) parts.push(p);
  return <span>{parts.join(', ')}</span>;
}

// ---- the rule form ----

interface RuleForm {
  descricao: string;
  acrescimo_desconto: string;
  tipo_prazo_pagamento: string;
  tipo_calculo_valor: string;
  tipo_aplicacao_calculo: string;
  tipo_juros: string;
  tipo_saldo: string;
  tipo_pessoa: string;
  desconto_extra: string;
  percentual: string;
  valor: string;
  dias: string;
  teto_valor: string;
  teto_percentual: string;
  codigo_externo: string;
  ativo: boolean;
}

// The CRM's defaults (the API's), chosen in the form rather than hidden behind "(padrão)".
const NEW_RULE: RuleForm = {
  descricao: '',
  acrescimo_desconto: 'D',
  tipo_prazo_pagamento: 'AOV',
  tipo_calculo_valor: 'N',
  tipo_aplicacao_calculo: 'D',
  tipo_juros: 'S',
  tipo_saldo: 'S',
  tipo_pessoa: 'S',
  desconto_extra: 'N',
  percentual: '',
  valor: '',
  dias: '',
  teto_valor: '',
  teto_percentual: '',
  codigo_externo: '',
  ativo: true,
};

function formOf(r: Rule): RuleForm {
  return {
    descricao: r.descricao,
    acrescimo_desconto: r.acrescimo_desconto,
    tipo_prazo_pagamento: r.tipo_prazo_pagamento,
    tipo_calculo_valor: r.tipo_calculo_valor,
    tipo_aplicacao_calculo: r.tipo_aplicacao_calculo,
    tipo_juros: r.tipo_juros,
    tipo_saldo: r.tipo_saldo,
    tipo_pessoa: r.tipo_pessoa,
    desconto_extra: r.desconto_extra,
    percentual: r.percentual !== null ? decimalBR(r.percentual) : '',
    valor: r.valor_fixo_centavos !== null ? centsStringToReais(String(r.valor_fixo_centavos)) : '',
    dias: r.dias !== null ? String(r.dias) : '',
    teto_valor: r.teto_centavos !== null ? centsStringToReais(String(r.teto_centavos)) : '',
    teto_percentual: r.teto_percentual !== null ? decimalBR(r.teto_percentual) : '',
    codigo_externo: r.codigo_externo ?? '',
    ativo: r.ativo,
  };
}

/** Which optional fields the chosen options use (the others are hidden and not sent). */
function visibility(f: RuleForm) {
  const target = f.tipo_calculo_valor === 'M';
  return {
    dias: f.tipo_prazo_pagamento === 'ADV' || f.tipo_prazo_pagamento === 'VCE',
    application: !target,
    interest: f.tipo_calculo_valor === 'N' && f.tipo_aplicacao_calculo === 'P',
    // A fixed amount does not depend on the base, except through a cap in % of it.
    base: f.tipo_calculo_valor !== 'V' || f.teto_percentual.trim() !== '',
  };
}

const PERCENT_HELP = 'informe um percentual de 0 a 100, com até 4 casas decimais (ex.: 2,5)';
const MONEY_HELP = 'informe um valor em reais, como 10,00';

/** The API body for the form (hidden fields omitted, or null when editing), and what is wrong, in pt-BR, by API field. */
function toBody(f: RuleForm, forPatch: boolean): { body: Record<string, unknown>; issues: ErrorDetail[] } {
  const v = visibility(f);
  const issues: ErrorDetail[] = [];
  const body: Record<string, unknown> = {
    descricao: f.descricao.trim(),
    acrescimo_desconto: f.acrescimo_desconto,
    tipo_prazo_pagamento: f.tipo_prazo_pagamento,
    tipo_calculo_valor: f.tipo_calculo_valor,
    tipo_aplicacao_calculo: v.application ? f.tipo_aplicacao_calculo : 'D',
    tipo_juros: f.tipo_juros,
    tipo_saldo: f.tipo_saldo,
    tipo_pessoa: f.tipo_pessoa,
    desconto_extra: f.desconto_extra,
    ativo: f.ativo,
  };
  const unset = (k: string) => {
    if (forPatch) body[k] = null;
  };
  if (!body.descricao) issues.push({ field: 'descricao', issue: 'informe uma descrição (aparece no boleto)' });
  else if ((body.descricao as string).length > 200) issues.push({ field: 'descricao', issue: 'use no máximo 200 caracteres' });
  if (f.tipo_calculo_valor === 'N') {
    const p = parsePercent(f.percentual);
    if (p === null) issues.push({ field: 'percentual', issue: PERCENT_HELP });
    else body.percentual = p;
    unset('valor_fixo_centavos');
  } else {
    const c = parseMoneyBR(f.valor);
    if (c === null) issues.push({ field: 'valor_fixo_centavos', issue: MONEY_HELP });
    else body.valor_fixo_centavos = c;
    unset('percentual');
  }
  if (v.dias) {
    const text = f.dias.trim();
    const min = f.tipo_prazo_pagamento === 'ADV' ? 1 : 0;
    const n = Number(text);
    if (!/^\d{1,4}$/.test(text) || n < min || n > 3650) issues.push({ field: 'dias', issue: `informe de ${min} a 3650 dias` });
    else body.dias = n;
  } else unset('dias');
  if (f.teto_valor.trim()) {
    const c = parseMoneyBR(f.teto_valor);
    if (c === null) issues.push({ field: 'teto_centavos', issue: MONEY_HELP });
    else body.teto_centavos = c;
  } else unset('teto_centavos');
  if (f.teto_percentual.trim()) {
    const p = parsePercent(f.teto_percentual);
    if (p === null) issues.push({ field: 'teto_percentual', issue: PERCENT_HELP });
    else body.teto_percentual = p;
  } else unset('teto_percentual');
  if (f.codigo_externo.trim()) body.codigo_externo = f.codigo_externo.trim();
  else unset('codigo_externo');
  if (f.codigo_externo.trim().length > 64) issues.push({ field: 'codigo_externo', issue: 'use no máximo 64 caracteres' });
  return { body, issues };
}

// The API's issues on these fields, said as the form says them.
const API_ISSUE_PT: Record<string, string> = {
  descricao: 'informe uma descrição de até 200 caracteres',
  percentual: PERCENT_HELP,
  valor_fixo_centavos: MONEY_HELP,
  dias: 'informe um número de dias válido para este prazo',
  teto_centavos: MONEY_HELP,
  teto_percentual: PERCENT_HELP,
  codigo_externo: 'já usado por outra regra, ou longo demais (máximo 64 caracteres)',
  tipo_aplicacao_calculo: 'um valor-alvo só pode ser aplicado uma vez',
};

function inPortuguese(err: ApiError): ApiError {
  const details = err.details.map((d) => {
    const field = d.field?.replace(/^example\./, '') ?? '';
    return API_ISSUE_PT[field] && d.field ? { field: d.field, issue: API_ISSUE_PT[field] } : d;
  });
  return new ApiError(err.status, err.code, err.apiMessage, details, err.requestId, err.meta);
}

const FORM_FIELDS = [
  'descricao',
  'acrescimo_desconto',
  'tipo_prazo_pagamento',
  'tipo_calculo_valor',
  'tipo_aplicacao_calculo',
  'tipo_juros',
  'tipo_saldo',
  'tipo_pessoa',
  'desconto_extra',
  'percentual',
  'valor_fixo_centavos',
  'dias',
  'teto_centavos',
  'teto_percentual',
  'codigo_externo',
];

function RuleModal({ rule, onClose, onSaved }: { rule: Rule | null; onClose: () => void; onSaved: (r: Rule, created: boolean) => void }) {
  const [f, setF] = useState<RuleForm>(rule ? formOf(rule) : NEW_RULE);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [apiError, setApiError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const v = visibility(f);
  const { body, issues } = toBody(f, rule !== null);
  const set = (k: keyof RuleForm) => (value: string | boolean) => {
    setF((old) => {
      const next = { ...old, [k]: value };
      // Sensible follow-ups: "at least N days early" starts at 1 day.
      if (k === 'tipo_prazo_pagamento' && value === 'ADV' && !old.dias) next.dias = '1';
      return next;
    });
  };
  const touch = (k: string) => setTouched((t) => (t.has(k) ? t : new Set(t).add(k)));
  // What the browser found (on fields already left, or after "Salvar"), else what the API said.
  const shown = issues.filter((i) => submitted || touched.has(i.field!));
  const fieldErrors = shown.length ? new ApiError(400, 'validation_failed', '', shown, null) : apiError;
  const save = async () => {
    setSubmitted(true);
    setApiError(null);
    if (issues.length) {
      document.querySelector<HTMLElement>(`.rules-form [data-field="${issues[0].field}"] input`)?.focus();
      return;
    }
    setSaving(true);
    try {
      // toBody builds the body field by field (descricao always): the API validates it.
      const saved = rule
        ? await patch(`/v1/payment-rules/${rule.id}`, body)
        : await post('/v1/payment-rules', body as ApiBody<'POST', '/v1/payment-rules'>);
      notify(rule ? 'Regra alterada.' : 'Regra incluída. Agora escolha onde ela se aplica.');
      onSaved(saved, rule === null);
    } catch (err) {
      setApiError(inPortuguese(toApiError(err)));
    } finally {
      setSaving(false);
    }
  };
  const text = (
    k: keyof RuleForm,
    name: string,
    label: string,
    opts: { hint?: string; placeholder?: string; inputMode?: 'decimal' | 'numeric' } = {},
  ) => (
    <Field label={label} name={name} error={fieldErrors} hint={opts.hint}>
      <input
        name={name}
        value={f[k] as string}
        inputMode={opts.inputMode}
        placeholder={opts.placeholder}
        onChange={(e) => set(k)(e.target.value)}
        onBlur={() => touch(name)}
      />
    </Field>
  );
  return (
    <Modal title={rule ? `Editar regra “${rule.descricao}”` : 'Incluir regra de pagamento'} onClose={onClose} wide>
      <form
        className="rules-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorBox error={apiError} fields={FORM_FIELDS} />
        <div className="rules-form-layout">
          <div className="rules-form-fields">
            {text('descricao', 'descricao', 'Descrição', {
              hint: 'Aparece no boleto e no detalhe da cobrança.',
              placeholder: 'Desconto pontualidade',
            })}
            <ChoiceGroup
              legend="Tipo"
              name="acrescimo_desconto"
              choices={DIRECTION}
              value={f.acrescimo_desconto}
              onChange={set('acrescimo_desconto')}
              error={fieldErrors}
            />
            <ChoiceGroup
              legend="Quando se aplica"
              name="tipo_prazo_pagamento"
              choices={windowChoices(f.acrescimo_desconto)}
              value={f.tipo_prazo_pagamento}
              onChange={set('tipo_prazo_pagamento')}
              error={fieldErrors}
            />
            {v.dias &&
              text('dias', 'dias', f.tipo_prazo_pagamento === 'ADV' ? 'Dias de antecedência (N)' : 'Dias de carência (N)', {
                inputMode: 'numeric',
                hint:
                  f.tipo_prazo_pagamento === 'ADV'
                    ? 'Pago até este número de dias antes do vencimento.'
                    : 'Dias após o vencimento (0 a 3650).',
              })}
            <ChoiceGroup
              legend="Cálculo"
              name="tipo_calculo_valor"
              choices={CALCULATION}
              value={f.tipo_calculo_valor}
              onChange={set('tipo_calculo_valor')}
              error={fieldErrors}
            />
            {f.tipo_calculo_valor === 'N'
              ? text('percentual', 'percentual', 'Percentual (%)', {
                  inputMode: 'decimal',
                  placeholder: '5',
                  hint: f.tipo_aplicacao_calculo === 'P' && v.application ? 'Por dia.' : undefined,
                })
              : text('valor', 'valor_fixo_centavos', f.tipo_calculo_valor === 'M' ? 'Valor-alvo (R$)' : 'Valor (R$)', {
                  inputMode: 'decimal',
                  placeholder: '10,00',
                  hint:
                    f.tipo_calculo_valor === 'M'
                      ? 'O saldo a pagar passa a ser este valor.'
                      : f.tipo_aplicacao_calculo === 'P'
                        ? 'Por dia.'
                        : undefined,
                })}
            {v.application && (
              <ChoiceGroup
                legend="Aplicação"
                name="tipo_aplicacao_calculo"
                choices={applicationChoices(f.acrescimo_desconto)}
                value={f.tipo_aplicacao_calculo}
                onChange={set('tipo_aplicacao_calculo')}
                error={fieldErrors}
              />
            )}
            {v.interest && (
              <ChoiceGroup
                legend="Juros por dia"
                name="tipo_juros"
                choices={INTEREST_KIND}
                value={f.tipo_juros}
                onChange={set('tipo_juros')}
                error={fieldErrors}
              />
            )}
            {v.base && (
              <ChoiceGroup
                legend="Base do cálculo"
                name="tipo_saldo"
                choices={BASE}
                value={f.tipo_saldo}
                onChange={set('tipo_saldo')}
                error={fieldErrors}
              />
            )}
            <ChoiceGroup
              legend="Clientes"
              name="tipo_pessoa"
              choices={PERSON}
              value={f.tipo_pessoa}
              onChange={set('tipo_pessoa')}
              error={fieldErrors}
            />
            <ChoiceGroup
              legend="Soma-se a outras regras?"
              name="desconto_extra"
              choices={EXTRA}
              value={f.desconto_extra}
              onChange={set('desconto_extra')}
              error={fieldErrors}
            />
            <details className="rules-more" open={!!(f.teto_valor || f.teto_percentual || f.codigo_externo) || undefined}>
              <summary>Mais opções: limite, código externo, situação</summary>
              <div className="form-grid">
                {text('teto_valor', 'teto_centavos', 'Limite em R$ (opcional)', {
                  inputMode: 'decimal',
                  hint: 'A regra nunca passa deste valor.',
                })}
                {text('teto_percentual', 'teto_percentual', 'Limite em % da base (opcional)', { inputMode: 'decimal' })}
                {text('codigo_externo', 'codigo_externo', 'Código no sistema integrado (opcional)')}
                <label className="check">
                  <input type="checkbox" name="ativo" checked={f.ativo} onChange={(e) => set('ativo')(e.target.checked)} /> Regra ativa
                </label>
              </div>
            </details>
          </div>
          <RulePreview body={body} valid={issues.length === 0} />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Salvando…' : 'Salvar'}
          </button>
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** A radio group with its legend; each choice shows its CRM code as a small detail. */
export function ChoiceGroup({
  legend,
  name,
  choices,
  value,
  onChange,
  error,
  showCode = true,
}: {
  legend: string;
  name: string;
  choices: Choice[];
  value: string;
  onChange: (v: string) => void;
  error?: ApiError | null;
  showCode?: boolean;
}) {
  const id = useId();
  const msg = error?.details.find((d) => d.field === name)?.issue ?? null;
  return (
    <fieldset className={'rules-choices' + (msg ? ' has-error' : '')} data-field={name} aria-describedby={msg ? `${id}-erro` : undefined}>
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} className="rules-choice">
          <input type="radio" name={name} value={c.value} checked={value === c.value} onChange={() => onChange(c.value)} />
          <span>
            {c.label}
            {c.hint && <span className="rules-hint"> — {c.hint}</span>}
            {showCode && (
              <small className="rules-code" title="Código no CRM">
                {' '}
                ({c.value})
              </small>
            )}
          </span>
        </label>
      ))}
      {msg && (
        <span className="field-error" id={`${id}-erro`}>
          {msg}
        </span>
      )}
    </fieldset>
  );
}

// ---- the live preview on an example charge ----

const PREVIEW_OFFSETS = [-10, 0, 5, 30];

function RulePreview({ body, valid }: { body: Record<string, unknown>; valid: boolean }) {
  const today = todayISO();
  const [amount, setAmount] = useState('1.000,00');
  const [issue, setIssue] = useState(dateBR(today));
  const [due, setDue] = useState(dateBR(addDays(today, 30)));
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const amountCents = parseMoneyBR(amount);
  const issueISO = parseDateBR(issue);
  const dueISO = parseDateBR(due);
  const exampleProblem =
    amountCents === null || amountCents < 1
      ? 'Informe o valor do exemplo, como 1.000,00.'
      : issueISO === null || dueISO === null
        ? 'Informe as datas do exemplo como dd/mm/aaaa.'
        : issueISO > dueISO
          ? 'A emissão do exemplo deve ser até o vencimento.'
          : null;
  const key = JSON.stringify([body, amountCents, issueISO, dueISO]);
  const seq = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the rule and the example (objects rebuilt every render)
  useEffect(() => {
    if (!valid || exampleProblem) return;
    const mine = ++seq.current;
    const timer = window.setTimeout(() => {
      const example = {
        amount_cents: amountCents!,
        issue_date: issueISO!,
        due_date: dueISO!,
        paid_on: PREVIEW_OFFSETS.map((d) => addDays(dueISO!, d)),
      };
      // toBody builds the rule field by field (descricao always): the API validates it.
      post('/v1/payment-rules/preview', { ...body, example } as ApiBody<'POST', '/v1/payment-rules/preview'>).then(
        (r) => {
          if (mine !== seq.current) return;
          setResult(r);
          setProblem(null);
        },
        (err) => mine === seq.current && setProblem(toApiError(err).message),
      );
    }, 250);
    return () => window.clearTimeout(timer);
  }, [key, valid, exampleProblem]);
  const note = !valid ? 'Preencha os campos destacados para ver a pré-visualização.' : (exampleProblem ?? problem);
  return (
    <section className="rules-preview" aria-labelledby="rules-preview-title">
      <h3 id="rules-preview-title">Pré-visualização</h3>
      <p className="muted">O que o pagador paga numa cobrança de exemplo (sem multa e juros, que ficam em Multa e juros).</p>
      <div className="form-grid">
        <Field label="Valor do exemplo (R$)" name="example_amount">
          <input
            name="example_amount"
            onKeyDown={keepForm}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </Field>
        <Field label="Emissão do exemplo" name="example_issue">
          <input
            name="example_issue"
            onKeyDown={keepForm}
            inputMode="numeric"
            placeholder="dd/mm/aaaa"
            value={issue}
            onChange={(e) => setIssue(e.target.value)}
          />
        </Field>
        <Field label="Vencimento do exemplo" name="example_due">
          <input
            name="example_due"
            onKeyDown={keepForm}
            inputMode="numeric"
            placeholder="dd/mm/aaaa"
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
        </Field>
      </div>
      {note && <p className="rules-preview-note">{note}</p>}
      {result && body.tipo_pessoa !== 'S' && (
        <p className="muted">Exemplo para um cliente {result.example.customer_is_associate ? 'associado' : 'não associado'}.</p>
      )}
      {result && <PreviewTable result={result} stale={!!note} caption="Valor a pagar em cada data" />}
    </section>
  );
}

/** The engine's breakdown per payment date. */
export function PreviewTable({
  result,
  stale,
  caption,
  lateColumns = false,
}: {
  result: PreviewResult;
  stale?: boolean;
  caption: string;
  lateColumns?: boolean;
}): ReactNode {
  return (
    <div className={'rules-preview-result' + (stale ? ' stale' : '')} aria-live="polite">
      {result.in_words.length > 0 && (
        <ul className="rules-words">
          {result.in_words.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <table className="grid rules-preview-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Pago em</th>
            <th scope="col">Quando</th>
            {lateColumns ? (
              <>
                <th scope="col">Multa</th>
                <th scope="col">Juros</th>
              </>
            ) : (
              <th scope="col">Desconto / acréscimo</th>
            )}
            <th scope="col">Valor a pagar</th>
          </tr>
        </thead>
        <tbody>
          {result.dates.map((d) => {
            const off = d.discounts.reduce((s, x) => s + x.amount_cents, 0);
            const on = d.surcharges.reduce((s, x) => s + x.amount_cents, 0);
            return (
              <tr key={d.paid_on} data-paid-on={d.paid_on}>
                <td>{dateBR(d.paid_on)}</td>
                <td>{relativeToDue(d.days_from_due)}</td>
                {lateColumns ? (
                  <>
                    <td>{brl(d.fine_cents)}</td>
                    <td>{brl(d.interest_cents)}</td>
                  </>
                ) : (
                  <td>{off ? `− ${brl(off)}` : on ? `+ ${brl(on)}` : 'não se aplica'}</td>
                )}
                <td className="rules-total">{brl(d.total_cents)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// ---- "Aplicar a": where a rule applies ----

export const TARGET_LABEL: Record<string, string> = {
  tenant: 'Todos os clientes',
  customer: 'Cliente',
  contract: 'Contrato',
  service: 'Serviço',
};

/** "Cliente: Maria (nº 12)", "Contrato nº 5 de Maria", "Serviço: Plano (PL1)", "Todos os clientes". */
export function useTargetNames(links: { target_type: string; target_id: string | null }[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = links.map((l) => `${l.target_type}:${l.target_id}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `links` (a new array every render); `names` is read to skip what is known, not to re-run
  useEffect(() => {
    let live = true;
    for (const l of links) {
      if (!l.target_id || names[l.target_id]) continue;
      const id = l.target_id;
      const load =
        l.target_type === 'customer'
          ? get(`/v1/customers/${id}`).then((c) => `Cliente: ${c.name} (nº ${c.number})`)
          : l.target_type === 'contract'
            ? get(`/v1/contracts/${id}`).then((k) => `Contrato nº ${k.number}${k.customer ? ` de ${k.customer.name}` : ''}`)
            : get(`/v1/services/${id}`).then((s) => `Serviço: ${s.name} (${s.code})`);
      load.then(
        (name) => live && setNames((n) => ({ ...n, [id]: name })),
        () => live && setNames((n) => ({ ...n, [id]: `${TARGET_LABEL[l.target_type]} (não encontrado)` })),
      );
    }
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

export function targetName(l: { target_type: string; target_id: string | null }, names: Record<string, string>): string {
  if (l.target_type === 'tenant') return 'Todos os clientes (padrão da empresa)';
  return names[l.target_id!] ?? 'Carregando…';
}

function RuleLinksModal({ rule, onClose, onChanged }: { rule: Rule; onClose: () => void; onChanged: () => void }) {
  const links = useAsync(() => get(`/v1/payment-rules/${rule.id}/links`), [rule.id]);
  const names = useTargetNames(links.data?.data ?? []);
  const changed = () => {
    links.reload();
    onChanged();
  };
  const detach = (l: RuleLink) =>
    runAction(() => del(`/v1/payment-rules/${rule.id}/links/${l.id}`), {
      confirm: `Deixar de aplicar “${rule.descricao}” a ${targetName(l, names)}?`,
      done: 'A regra deixou de valer ali.',
      after: changed,
    });
  return (
    <Modal title={`Aplicar a regra “${rule.descricao}”`} onClose={onClose} wide>
      <p className="muted">{ruleInWords(rule)}</p>
      <p className="muted">
        Quando várias regras valem para a mesma cobrança, a mais específica vence: contrato, depois cliente, depois serviço, depois todos os
        clientes (regras que se somam valem sempre).
      </p>
      <h3>Onde a regra se aplica</h3>
      {links.error && <LoadError error={links.error} what="Onde a regra se aplica" />}
      {links.data && (
        <table className="grid rules-links">
          <thead>
            <tr>
              <th scope="col">Aplicada a</th>
              <th scope="col">
                <span className="sr-only">Ações</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {links.data.data.length === 0 && (
              <EmptyRow colSpan={2}>Em nenhum lugar: a regra ainda não vale para nenhuma cobrança.</EmptyRow>
            )}
            {links.data.data.map((l) => (
              <tr key={l.id} data-link={l.target_type}>
                <td>{targetName(l, names)}</td>
                <td className="actions">
                  <button type="button" className="link danger" onClick={() => detach(l)} aria-label={`Remover: ${targetName(l, names)}`}>
                    Remover
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AttachForm ruleId={rule.id} onAttached={changed} />
      <div className="form-actions">
        <button type="button" onClick={onClose}>
          Concluir
        </button>
      </div>
    </Modal>
  );
}

function AttachForm({ ruleId, onAttached }: { ruleId: string; onAttached: () => void }) {
  const [kind, setKind] = useState<'tenant' | 'customer' | 'contract' | 'service'>('customer');
  const [customer, setCustomer] = useState<CustomerLite | null>(null);
  const [contractId, setContractId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const contracts = useAsync(
    () => (kind === 'contract' && customer ? get('/v1/contracts', { customer_id: customer.id, page_size: 100 }) : Promise.resolve(null)),
    [kind, customer?.id],
  );
  const services = useAsync(() => (kind === 'service' ? get('/v1/services', { page_size: 100 }) : Promise.resolve(null)), [kind]);
  const targetId = kind === 'customer' ? customer?.id : kind === 'contract' ? contractId : kind === 'service' ? serviceId : undefined;
  const local =
    kind === 'customer' && !customer
      ? { field: 'target_id', issue: 'escolha o cliente' }
      : kind === 'contract' && !contractId
        ? { field: 'target_id', issue: customer ? 'escolha o contrato' : 'escolha o cliente e depois o contrato' }
        : kind === 'service' && !serviceId
          ? { field: 'target_id', issue: 'escolha o serviço' }
          : null;
  const [showLocal, setShowLocal] = useState(false);
  const fieldErrors = showLocal && local ? new ApiError(400, 'validation_failed', '', [local], null) : error;
  const attach = async () => {
    setError(null);
    if (local) return setShowLocal(true);
    setShowLocal(false);
    try {
      await post(`/v1/payment-rules/${ruleId}/links`, { target_type: kind, ...(targetId ? { target_id: targetId } : {}) });
      notify('Regra aplicada.');
      setCustomer(null);
      setContractId('');
      setServiceId('');
      onAttached();
    } catch (err) {
      const e = toApiError(err);
      setError(
        e.code === 'conflict'
          ? new ApiError(409, 'conflict', e.apiMessage, [{ field: 'target_id', issue: 'a regra já se aplica aqui' }], e.requestId)
          : e,
      );
    }
  };
  return (
    <form
      className="rules-attach"
      onSubmit={(e) => {
        e.preventDefault();
        void attach();
      }}
    >
      <h3>Aplicar também a</h3>
      <ErrorBox error={error} fields={['target_id']} />
      <div className="form-grid">
        <Field label="Aplicar a" name="target_type">
          <select
            name="target_type"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as typeof kind);
              setError(null);
              setShowLocal(false);
            }}
          >
            <option value="customer">Um cliente</option>
            <option value="contract">Um contrato</option>
            <option value="service">Um serviço</option>
            <option value="tenant">Todos os clientes (padrão da empresa)</option>
          </select>
        </Field>
        {(kind === 'customer' || kind === 'contract') && (
          <Field label="Cliente" name={kind === 'customer' ? 'target_id' : 'customer'} error={kind === 'customer' ? fieldErrors : null}>
            <CustomerPicker
              value={customer}
              name="rules_customer"
              onChange={(c) => {
                setCustomer(c);
                setContractId('');
              }}
            />
          </Field>
        )}
        {kind === 'contract' && (
          <Field label="Contrato" name="target_id" error={fieldErrors}>
            <select name="contract_id" value={contractId} onChange={(e) => setContractId(e.target.value)} disabled={!customer}>
              <option value="">
                {customer
                  ? contracts.data?.data.length === 0
                    ? 'O cliente não tem contratos'
                    : 'Escolha o contrato'
                  : 'Escolha o cliente antes'}
              </option>
              {contracts.data?.data.map((k) => (
                <option key={k.id} value={k.id}>
                  Contrato nº {k.number}
                  {k.items?.length ? ` — ${k.items.map((i) => i.service.name).join(', ')}` : ''}
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind === 'service' && (
          <Field label="Serviço" name="target_id" error={fieldErrors}>
            <select name="service_id" value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
              <option value="">Escolha o serviço</option>
              {services.data?.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.code})
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind === 'tenant' && (
          <p className="muted">A regra valerá para as cobranças de todos os clientes, salvo onde uma regra mais específica a substituir.</p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          Aplicar
        </button>
      </div>
    </form>
  );
}
