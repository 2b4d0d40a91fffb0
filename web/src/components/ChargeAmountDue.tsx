// A charge's amount due on a date (today by default) and why: the original amount, each discount
// or surcharge rule that applies, the fine and the interest of the late-charge policy, what was
// already paid. From GET /v1/charges/:id/amount-due, so it is the same figure the boleto and the
// payer's page use.
import { useState, type FormEvent } from 'react';
import { ApiError, get } from '../api.ts';
import { brl, dateBR, parseDateBR, todayBR, todayISO } from '../format.ts';
import { DateInput, ErrorBox, Field, LoadError, useAsync } from '../ui.tsx';
import { chargeApiError } from './ChargeDocuments.tsx';

export interface AmountDue {
  charge_id: string;
  date: string;
  original_cents: number;
  discounts: { rule_id: string; description: string; amount_cents: number }[];
  surcharges: { rule_id: string; description: string; amount_cents: number }[];
  fine_cents: number;
  interest_cents: number;
  paid_cents: number;
  total_cents: number;
  days_late: number;
}

export function ChargeAmountDue({ chargeId, issueDate }: { chargeId: string; issueDate: string }) {
  const [date, setDate] = useState<string>(todayISO() < issueDate ? issueDate : todayISO());
  const [text, setText] = useState(todayBR());
  const [inputError, setInputError] = useState<ApiError | null>(null);
  const due = useAsync(() => get(`/v1/charges/${chargeId}/amount-due`, { date }), [chargeId, date]);
  const isToday = date === todayISO();
  const recalc = (e: FormEvent) => {
    e.preventDefault();
    const d = parseDateBR(text);
    if (!d)
      return setInputError(
        new ApiError(
          400,
          'validation_failed',
          'Data inválida',
          [{ field: 'date', issue: 'deve ser uma data válida no formato dd/mm/aaaa' }],
          null,
        ),
      );
    if (d < issueDate)
      return setInputError(
        new ApiError(
          400,
          'validation_failed',
          'Data inválida',
          [{ field: 'date', issue: `deve ser a partir da emissão (${dateBR(issueDate)})` }],
          null,
        ),
      );
    setInputError(null);
    setDate(d);
  };
  const a = due.data;
  const applied = a ? a.discounts.length + a.surcharges.length + (a.fine_cents ? 1 : 0) + (a.interest_cents ? 1 : 0) : 0;
  return (
    <section className="charge-due" aria-labelledby="charge-due-title" data-amount-due>
      <h2 id="charge-due-title">{isToday ? 'Valor devido hoje' : `Valor devido em ${dateBR(date)}`}</h2>
      {due.error && <LoadError error={chargeApiError(due.error)} what="Valor devido" />}
      {a && (
        <table className="grid compact charge-due-table">
          <caption className="sr-only">Composição do valor devido em {dateBR(a.date)}</caption>
          <tbody>
            <tr>
              <th scope="row">Valor original</th>
              <td className="num">{brl(a.original_cents)}</td>
            </tr>
            {a.discounts.map((d) => (
              <tr key={'d' + d.rule_id} data-rule="discount">
                <th scope="row">Desconto: {d.description}</th>
                <td className="num">− {brl(d.amount_cents)}</td>
              </tr>
            ))}
            {a.surcharges.map((s) => (
              <tr key={'s' + s.rule_id} data-rule="surcharge">
                <th scope="row">Acréscimo: {s.description}</th>
                <td className="num">+ {brl(s.amount_cents)}</td>
              </tr>
            ))}
            {a.fine_cents > 0 && (
              <tr data-rule="fine">
                <th scope="row">Multa por atraso</th>
                <td className="num">+ {brl(a.fine_cents)}</td>
              </tr>
            )}
            {a.interest_cents > 0 && (
              <tr data-rule="interest">
                <th scope="row">
                  Juros ({a.days_late} {a.days_late === 1 ? 'dia' : 'dias'} de atraso)
                </th>
                <td className="num">+ {brl(a.interest_cents)}</td>
              </tr>
            )}
            {a.paid_cents > 0 && (
              <tr>
                <th scope="row">Já pago</th>
                <td className="num">− {brl(a.paid_cents)}</td>
              </tr>
            )}
            <tr className="charge-due-total">
              <th scope="row">Total a pagar</th>
              <td className="num" data-total>
                {brl(a.total_cents)}
              </td>
            </tr>
          </tbody>
        </table>
      )}
      {a && applied === 0 && <p className="muted">Nenhum desconto, acréscimo, multa ou juros se aplica nesta data.</p>}
      {a && a.days_late > 0 && applied > 0 && <p className="muted">Vencida há {a.days_late} dia(s).</p>}
      <form className="receivables-inline-form" onSubmit={recalc}>
        <Field label="Calcular para a data" name="date" error={inputError}>
          <DateInput name="date" value={text} onChange={setText} />
        </Field>
        <button type="submit">Calcular</button>
      </form>
      <ErrorBox error={inputError} fields={['date']} />
    </section>
  );
}
