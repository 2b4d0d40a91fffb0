// Gerenciamento → Protesto e negativação: open charges the schedule marked for protest or the
// credit bureau, with the CSV for the cartório / bureau.
import { useState } from 'react';
import { get, href } from '../../api.ts';
import { brl, dateBR, dateTimeBR, STATUS_LABEL } from '../../format.ts';
import { Link } from '../../router.tsx';
import { EmptyRow, LoadError, Pager, StatusBadge, useAsync } from '../../ui.tsx';
import '../../notifications.css';

export function FlagsPage() {
  const [page, setPage] = useState(1);
  const list = useAsync(
    () =>
      get('/v1/dunning/flags', {
        page,
        page_size: 20,
      }),
    [page],
  );
  return (
    <div>
      <div className="page-head">
        <h1>Protesto e negativação</h1>
        <div className="spacer" />
        <a className="button" href={href('/v1/dunning/flags.csv')} download>
          Baixar CSV
        </a>
      </div>
      <p className="muted">
        Cobranças em aberto que a régua de cobrança marcou para protesto ou envio a birô de crédito. O CSV usa “;” e valores em reais.
      </p>
      {list.error && <LoadError error={list.error} what="Cobranças marcadas" />}
      {list.data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>Nº</th>
                <th>Cliente</th>
                <th>Documento</th>
                <th>Vencimento</th>
                <th className="num">Valor</th>
                <th className="num">Saldo</th>
                <th>Situação</th>
                <th>Marcada em</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.length === 0 && <EmptyRow colSpan={8}>Nenhuma cobrança marcada para protesto.</EmptyRow>}
              {list.data.data.map((f) => (
                <tr key={f.charge_id}>
                  <td>
                    <Link to={`/contas-a-receber/${f.charge_id}`}>{f.charge_number}</Link>
                  </td>
                  <td>
                    <Link to={`/clientes/${f.customer_id}`}>{f.customer_name}</Link>
                  </td>
                  <td>{f.customer_document ?? '—'}</td>
                  <td>{dateBR(f.due_date)}</td>
                  <td className="num">{brl(f.amount_cents)}</td>
                  <td className="num">{brl(f.balance_cents)}</td>
                  <td>
                    <StatusBadge status={f.status} labels={STATUS_LABEL} />
                  </td>
                  <td>{dateTimeBR(f.flagged_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={20} total={list.data.total} hasMore={list.data.has_more} onPage={setPage} />
        </>
      )}
    </div>
  );
}
