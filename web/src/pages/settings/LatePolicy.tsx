// Configurações → Multa e juros: the tenant's late-charge policy (fine, interest, grace) in words, with
// an example computed by the engine, and the customers and contracts that have a policy of their own.
// LatePolicyForm is also used by EffectiveRules to set a customer's or a contract's own policy.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, del, get, post, put, type ErrorDetail } from '../../api.ts';
import { brl, centsStringToReais, dateTimeBR, decimalBR, parseMoneyBR, todayISO } from '../../format.ts';
import { ErrorBox, Field, LoadError, Pager, notify, runAction, toApiError, useAsync, EmptyRow } from '../../ui.tsx';
import { Link } from '../../router.tsx';
import { ChoiceGroup, PreviewTable } from './PaymentRules.tsx';
import { addDays, parsePercent, policyInWords, type LatePolicyBody, type PreviewResult } from './rules-words.ts';
import './rules.css';

/** Enter in an example field only updates the example; it does not submit (save) the form around it. */
const keepForm = (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.key === 'Enter') e.preventDefault();
};

export function LatePolicyPage() {
  const view = useAsync(() => get('/v1/late-charge-policy'), []);
  const [page, setPage] = useState(1);
  const others = useAsync(() => get('/v1/late-charge-policies', { page, page_size: 20 }), [page]);
  const own = (others.data?.data ?? []).filter((p) => p.level !== 'tenant');
  const saved = () => {
    view.reload();
    others.reload();
  };
  return (
    <div className="rules-page">
      <h1>Multa e juros</h1>
      <p className="muted">
        O que se cobra de quem paga depois do vencimento: multa (uma vez) e juros de mora (por dia, a partir do vencimento). A política da
        empresa vale para todas as cobranças, exceto as de clientes ou contratos com política própria (o contrato vence o cliente, que vence
        a empresa). Descontos por pontualidade ficam em <Link to="/configuracoes/regras-de-pagamento">Regras de pagamento</Link>.
      </p>
      {view.error && <LoadError error={view.error} what="Multa e juros" />}
      {view.data && (
        <section className="panel rules-section" aria-labelledby="late-tenant-title">
          <h2 id="late-tenant-title">Padrão da empresa</h2>
          <p className="rules-current" data-current-policy>
            {view.data.policy
              ? policyInWords(view.data.policy)
              : 'Nenhuma política definida: cobranças pagas em atraso não têm multa nem juros.'}
          </p>
          {!view.data.policy && (
            <p className="muted">
              O formulário abaixo traz uma sugestão usual (multa de 2% e juros de 1% ao mês); nada é cobrado até você salvar.
            </p>
          )}
          <LatePolicyForm
            key={view.data.updated_at ?? 'none'}
            policy={view.data.policy}
            saveLabel="Salvar política da empresa"
            onSave={(body) => put(`/v1/late-charge-policy`, body)}
            onRemove={view.data.policy ? () => del('/v1/late-charge-policy') : undefined}
            removeLabel="Remover política da empresa"
            onSaved={saved}
          />
        </section>
      )}
      <section className="panel rules-section" aria-labelledby="late-own-title">
        <h2 id="late-own-title">Clientes e contratos com política própria</h2>
        {others.error && <LoadError error={others.error} what="Políticas próprias" />}
        {others.data && (
          <>
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">Cliente</th>
                  <th scope="col">Contrato</th>
                  <th scope="col">Política</th>
                  <th scope="col">Alterada em</th>
                </tr>
              </thead>
              <tbody>
                {own.length === 0 && (
                  <EmptyRow colSpan={4}>
                    Nenhum cliente ou contrato tem política própria. Defina uma na página do cliente ou do contrato.
                  </EmptyRow>
                )}
                {own.map((p) => (
                  <tr key={`${p.level}:${p.target_id}`} data-own-policy={p.level}>
                    <td>
                      {p.customer ? <Link to={`/clientes/${p.customer.id}`}>{`${p.customer.name} (nº ${p.customer.number})`}</Link> : '—'}
                    </td>
                    <td>
                      {p.contract && p.customer ? (
                        <Link to={`/clientes/${p.customer.id}/contratos/${p.contract.id}`}>{`Contrato nº ${p.contract.number}`}</Link>
                      ) : (
                        'Todos os contratos do cliente'
                      )}
                    </td>
                    <td>{policyInWords(p.policy)}</td>
                    <td>{dateTimeBR(p.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} pageSize={20} total={null} hasMore={others.data.has_more} onPage={setPage} />
          </>
        )}
      </section>
    </div>
  );
}

// ---- the form ----

interface PolicyForm {
  fineKind: string;
  fine: string;
  cap: string;
  interestKind: string;
  monthly: string;
  grace: string;
  acceptDays: string;
}

function formOf(p: LatePolicyBody | null): PolicyForm {
  return {
    fineKind: p?.fine?.kind ?? (p ? 'none' : 'percent'),
    fine: p?.fine ? (p.fine.kind === 'percent' ? decimalBR(String(p.fine.value)) : centsStringToReais(String(p.fine.value))) : p ? '' : '2',
    cap: p?.fine?.cap_percent ? decimalBR(p.fine.cap_percent) : '',
    interestKind: p?.interest ? (p.interest.compound ? 'compound' : 'simple') : p ? 'none' : 'simple',
    monthly: p?.interest ? decimalBR(p.interest.monthly_percent) : p ? '' : '1',
    grace: String(p?.grace_days ?? 0),
    acceptDays: p?.accept_days_after_due != null ? String(p.accept_days_after_due) : '',
  };
}

const PERCENT_HELP = 'informe um percentual de 0 a 100, com até 4 casas decimais (ex.: 2 ou 0,5)';

function toBody(f: PolicyForm): { body: LatePolicyBody; issues: ErrorDetail[] } {
  const issues: ErrorDetail[] = [];
  let fine: LatePolicyBody['fine'] = null;
  if (f.fineKind === 'percent' || f.fineKind === 'fixed') {
    const value = f.fineKind === 'percent' ? parsePercent(f.fine) : parseMoneyBR(f.fine);
    if (value === null)
      issues.push({ field: 'fine.value', issue: f.fineKind === 'percent' ? PERCENT_HELP : 'informe um valor em reais, como 5,00' });
    let cap: string | null = null;
    if (f.cap.trim()) {
      cap = parsePercent(f.cap);
      if (cap === null) issues.push({ field: 'fine.cap_percent', issue: PERCENT_HELP });
    }
    fine = { kind: f.fineKind, value: value ?? 0, cap_percent: cap };
  }
  let interest: LatePolicyBody['interest'] = null;
  if (f.interestKind !== 'none') {
    const m = parsePercent(f.monthly);
    if (m === null) issues.push({ field: 'interest.monthly_percent', issue: PERCENT_HELP });
    interest = { monthly_percent: m ?? '0', compound: f.interestKind === 'compound' };
  }
  const g = f.grace.trim();
  if (!/^\d{1,4}$/.test(g) || Number(g) > 3650) issues.push({ field: 'grace_days', issue: 'informe de 0 a 3650 dias' });
  const a = f.acceptDays.trim();
  if (a && (!/^\d{1,4}$/.test(a) || Number(a) > 3650))
    issues.push({ field: 'accept_days_after_due', issue: 'informe de 0 a 3650 dias, ou deixe em branco para aceitar a qualquer tempo' });
  return { body: { fine, interest, grace_days: Number(g) || 0, accept_days_after_due: a ? Number(a) || 0 : null }, issues };
}

const FINE_KINDS = [
  { value: 'none', label: 'Sem multa' },
  { value: 'percent', label: 'Percentual do saldo em aberto' },
  { value: 'fixed', label: 'Valor fixo' },
];
const INTEREST_KINDS = [
  { value: 'none', label: 'Sem juros' },
  { value: 'simple', label: 'Juros simples', hint: 'taxa do mês ÷ 30 por dia de atraso' },
  { value: 'compound', label: 'Juros compostos', hint: 'meses cheios compostos, dias restantes simples' },
];

/** The fine/interest/grace form with a live example; `onSave` sends the PUT body. */
export function LatePolicyForm({
  policy,
  onSave,
  onSaved,
  onRemove,
  saveLabel = 'Salvar',
  removeLabel = 'Remover',
}: {
  policy: LatePolicyBody | null;
  onSave: (body: LatePolicyBody) => Promise<unknown>;
  onSaved: () => void;
  onRemove?: () => Promise<unknown>;
  saveLabel?: string;
  removeLabel?: string;
}) {
  const [f, setF] = useState<PolicyForm>(formOf(policy));
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [apiError, setApiError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const { body, issues } = toBody(f);
  const shown = issues.filter((i) => submitted || touched.has(i.field!));
  const fieldErrors = shown.length ? new ApiError(400, 'validation_failed', '', shown, null) : apiError;
  const set = (k: keyof PolicyForm) => (v: string) => setF((old) => ({ ...old, [k]: v }));
  const touch = (k: string) => () => setTouched((t) => (t.has(k) ? t : new Set(t).add(k)));
  const perDay = f.interestKind !== 'none' ? parsePercent(f.monthly) : null;
  const save = async () => {
    setSubmitted(true);
    setApiError(null);
    if (issues.length) return;
    setSaving(true);
    try {
      await onSave(body);
      notify('Multa e juros salvos.');
      setSubmitted(false);
      onSaved();
    } catch (err) {
      setApiError(toApiError(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      className="rules-late-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <ErrorBox error={apiError} fields={['fine', 'interest', 'grace_days', 'accept_days_after_due']} />
      <div className="rules-form-layout">
        <div className="rules-form-fields">
          <ChoiceGroup
            legend="Multa"
            name="fine.kind"
            choices={FINE_KINDS}
            value={f.fineKind}
            onChange={set('fineKind')}
            error={fieldErrors}
            showCode={false}
          />
          {f.fineKind !== 'none' && (
            <div className="form-grid">
              <Field label={f.fineKind === 'percent' ? 'Multa (%)' : 'Multa (R$)'} name="fine.value" error={fieldErrors}>
                <input
                  name="fine_value"
                  inputMode="decimal"
                  value={f.fine}
                  onChange={(e) => set('fine')(e.target.value)}
                  onBlur={touch('fine.value')}
                />
              </Field>
              <Field
                label="Limite da multa (% do saldo, opcional)"
                name="fine.cap_percent"
                error={fieldErrors}
                hint="Para consumidores (pessoa física) a multa é sempre limitada a 2% (CDC, art. 52 §1)."
              >
                <input
                  name="fine_cap"
                  inputMode="decimal"
                  value={f.cap}
                  onChange={(e) => set('cap')(e.target.value)}
                  onBlur={touch('fine.cap_percent')}
                />
              </Field>
            </div>
          )}
          <ChoiceGroup
            legend="Juros de mora"
            name="interest.kind"
            choices={INTEREST_KINDS}
            value={f.interestKind}
            onChange={set('interestKind')}
            error={fieldErrors}
            showCode={false}
          />
          {f.interestKind !== 'none' && (
            <Field
              label="Juros ao mês (%)"
              name="interest.monthly_percent"
              error={fieldErrors}
              hint={
                perDay !== null
                  ? `Equivale a ${(Number(perDay) / 30).toLocaleString('pt-BR', { maximumFractionDigits: 4 })}% ao dia (mês comercial de 30 dias).`
                  : undefined
              }
            >
              <input
                name="interest_monthly"
                inputMode="decimal"
                value={f.monthly}
                onChange={(e) => set('monthly')(e.target.value)}
                onBlur={touch('interest.monthly_percent')}
              />
            </Field>
          )}
          <Field
            label="Carência (dias)"
            name="grace_days"
            error={fieldErrors}
            hint="Até este número de dias de atraso não há multa nem juros; depois, ambos são cobrados e os juros contam desde o vencimento."
          >
            <input
              name="grace_days"
              inputMode="numeric"
              value={f.grace}
              onChange={(e) => set('grace')(e.target.value)}
              onBlur={touch('grace_days')}
            />
          </Field>
          <Field
            label="Não receber após (dias do vencimento)"
            name="accept_days_after_due"
            error={fieldErrors}
            hint="Impresso nas instruções do boleto e usado como validade do Pix com vencimento. Em branco: o banco recebe a qualquer tempo."
          >
            <input
              name="accept_days_after_due"
              inputMode="numeric"
              value={f.acceptDays}
              onChange={(e) => set('acceptDays')(e.target.value)}
              onBlur={touch('accept_days_after_due')}
            />
          </Field>
        </div>
        <LatePreview body={body} valid={issues.length === 0} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Salvando…' : saveLabel}
        </button>
        {onRemove && (
          <button
            type="button"
            className="danger"
            onClick={() => runAction(onRemove, { confirm: `${removeLabel}?`, done: 'Política removida.', after: onSaved })}
          >
            {removeLabel}
          </button>
        )}
      </div>
    </form>
  );
}

/** The example: "Uma cobrança de R$ 1.000,00 paga 10 dias após o vencimento: multa …, juros …". */
function LatePreview({ body, valid }: { body: LatePolicyBody; valid: boolean }) {
  const [amount, setAmount] = useState('1.000,00');
  const [late, setLate] = useState('10');
  const [consumer, setConsumer] = useState(false);
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const amountCents = parseMoneyBR(amount);
  const lateDays = /^\d{1,4}$/.test(late.trim()) ? Number(late) : null;
  const exampleProblem =
    amountCents === null || amountCents < 1
      ? 'Informe o valor do exemplo, como 1.000,00.'
      : lateDays === null || lateDays < 1
        ? 'Informe os dias de atraso do exemplo (1 ou mais).'
        : null;
  const key = JSON.stringify([body, amountCents, lateDays, consumer]);
  const seq = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the policy and the example (objects rebuilt every render)
  useEffect(() => {
    if (!valid || exampleProblem) return;
    const mine = ++seq.current;
    const timer = window.setTimeout(() => {
      const issue = todayISO();
      const due = addDays(issue, 30);
      const offsets = [...new Set([lateDays!, 1, 30, 60])].sort((a, b) => a - b);
      const example = {
        amount_cents: amountCents!,
        issue_date: issue,
        due_date: due,
        paid_on: offsets.map((d) => addDays(due, d)),
        customer_is_consumer: consumer,
      };
      post('/v1/late-charge-policy/preview', { ...body, example }).then(
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
  const note = !valid ? 'Preencha os campos destacados para ver o exemplo.' : (exampleProblem ?? problem);
  const main = result?.dates.find((d) => d.days_from_due === lateDays) ?? result?.dates[0];
  return (
    <section className="rules-preview" aria-labelledby="late-preview-title">
      <h3 id="late-preview-title">Exemplo</h3>
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
        <Field label="Dias de atraso do exemplo" name="example_days_late">
          <input name="example_days_late" onKeyDown={keepForm} inputMode="numeric" value={late} onChange={(e) => setLate(e.target.value)} />
        </Field>
        <label className="check">
          <input type="checkbox" name="example_consumer" checked={consumer} onChange={(e) => setConsumer(e.target.checked)} /> Cliente
          pessoa física (consumidor)
        </label>
      </div>
      {note && <p className="rules-preview-note">{note}</p>}
      {result && main && (
        <>
          <p className={'rules-example' + (note ? ' stale' : '')} data-example>
            Uma cobrança de {brl(result.example.amount_cents)} paga {main.days_late} {main.days_late === 1 ? 'dia' : 'dias'} após o
            vencimento:{' '}
            {main.fine_cents === 0 && main.interest_cents === 0
              ? 'sem multa nem juros'
              : `multa ${brl(main.fine_cents)}, juros ${brl(main.interest_cents)}`}
            , total {brl(main.total_cents)}.
          </p>
          <PreviewTable result={result} stale={!!note} caption="Valor a pagar por dias de atraso" lateColumns />
        </>
      )}
    </section>
  );
}
