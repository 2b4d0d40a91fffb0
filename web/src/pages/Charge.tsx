// Contas a Receber → a charge: its facts, the payer's page link, the messages sent to the payer
// (delivery log, "Reenviar") and its dunning (steps taken and to come).
import { get } from '../api.ts';
import { brl, dateBR, METHOD_LABEL, STATUS_LABEL } from '../format.ts';
import { Link } from '../router.tsx';
import { LoadError, StatusBadge, useAsync } from '../ui.tsx';
import { ChargeDunningBox, DeliveryLog } from '../components/ChargeDelivery.tsx';
import { PayerLinkBox } from '../components/PayerLink.tsx';
import { ChargePix } from '../components/ChargePix.tsx';
import type { Charge } from './Receivables.tsx';

export function ChargePage({ id }: { id: string }) {
  const charge = useAsync(() => get<Charge>(`/v1/charges/${id}`), [id]);
  const customer = useAsync(async () => (charge.data ? get<{ id: string; name: string }>(`/v1/customers/${charge.data.customer_id}`) : null), [charge.data?.customer_id]);
  if (charge.error) return <LoadError error={charge.error} what="Cobrança" />;
  const c = charge.data;
  if (!c) return <p>Carregando…</p>;
  return (
    <div>
      <p className="breadcrumb">
        <Link to="/contas-a-receber">← Contas a Receber</Link>
      </p>
      <div className="page-head">
        <h1>Cobrança nº {c.number}</h1>
        <StatusBadge status={c.status} labels={STATUS_LABEL} />
        <div className="spacer" />
        {c.status !== 'cancelled' && c.payment_method !== 'pix' && (
          <a className="button" href={`/v1/charges/${c.id}/boleto.pdf`} target="_blank" rel="noopener">
            Boleto (PDF)
          </a>
        )}
      </div>
      <dl className="facts wide">
        <dt>Cliente</dt>
        <dd>{customer.data ? <Link to={`/clientes/${customer.data.id}`}>{customer.data.name}</Link> : '…'}</dd>
        <dt>Descrição</dt>
        <dd>{c.description ?? '—'}</dd>
        <dt>Valor</dt>
        <dd>{brl(c.amount_cents)}</dd>
        <dt>Pago</dt>
        <dd>{brl(c.paid_cents)}</dd>
        <dt>Saldo</dt>
        <dd>{brl(c.balance_cents)}</dd>
        <dt>Emissão</dt>
        <dd>{dateBR(c.issue_date)}</dd>
        <dt>Vencimento</dt>
        <dd>{dateBR(c.due_date)}</dd>
        <dt>Forma de pagamento</dt>
        <dd>{METHOD_LABEL[c.payment_method] ?? c.payment_method}</dd>
      </dl>
      <section aria-labelledby="payer-link-title">
        <h2 id="payer-link-title">Página do pagador</h2>
        <PayerLinkBox kind="charge" id={c.id} />
      </section>
      <ChargePix chargeId={c.id} chargeOpen={['open', 'overdue', 'partially_paid'].includes(c.status)} onChanged={charge.reload} />
      <DeliveryLog chargeId={c.id} />
      <ChargeDunningBox chargeId={c.id} />
    </div>
  );
}
