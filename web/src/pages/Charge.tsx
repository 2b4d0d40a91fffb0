// Contas a Receber → a charge: its facts, what it asks today and why (discount, fine and interest
// rules), its documents (boleto while payable, receipt once paid), its payments (open one to see it
// or reverse it), the Pix of a Pix-only charge, the payer's page link, the messages sent to the
// payer (delivery log, "Reenviar") and its dunning (steps taken and to come).
import { useState } from 'react';
import { get } from '../api.ts';
import { brl, dateBR, METHOD_LABEL, STATUS_LABEL } from '../format.ts';
import { Link } from '../router.tsx';
import { LoadError, StatusBadge, useAsync } from '../ui.tsx';
import { ChargeDunningBox, DeliveryLog } from '../components/ChargeDelivery.tsx';
import { PayerLinkBox } from '../components/PayerLink.tsx';
import { ChargePix } from '../components/ChargePix.tsx';
import { ChargeAmountDue } from '../components/ChargeAmountDue.tsx';
import { ChargePayments } from '../components/ChargePayments.tsx';
import { ChargeStaticPix } from '../components/ChargeStaticPix.tsx';
import { boletoHref, isPayable, offersBoleto, offersReceipt, receiptHref } from '../components/ChargeDocuments.tsx';
import { CancelChargeModal, PaymentModal } from './Receivables.tsx';
import { BoletoInstructionsBox, ChangeChargeModal } from '../components/ChargeChange.tsx';
import './receivables.css';

export function ChargePage({ id }: { id: string }) {
  const charge = useAsync(() => get(`/v1/charges/${id}`), [id]);
  const customer = useAsync(async () => (charge.data ? get(`/v1/customers/${charge.data.customer_id}`) : null), [charge.data?.customer_id]);
  const [dialog, setDialog] = useState<'pay' | 'change' | 'cancel' | null>(null);
  // Bumped when a payment changes, so the payments list and the amount due read again.
  const [version, setVersion] = useState(0);
  if (charge.error) return <LoadError error={charge.error} what="Cobrança" />;
  const c = charge.data;
  if (!c) return <p>Carregando…</p>;
  const changed = () => {
    charge.reload();
    setVersion((v) => v + 1);
  };
  return (
    <div className="charge-page">
      <p className="breadcrumb">
        <Link to="/contas-a-receber">← Contas a Receber</Link>
      </p>
      <div className="page-head">
        <h1>Cobrança nº {c.number}</h1>
        <StatusBadge status={c.status} labels={STATUS_LABEL} />
        <div className="spacer" />
        <div className="charge-page-actions">
          {offersBoleto(c) && (
            <a className="button" href={boletoHref(c.id)} target="_blank" rel="noopener">
              Boleto (PDF)
            </a>
          )}
          {offersReceipt(c) && (
            <a className="button" href={receiptHref(c.id)} target="_blank" rel="noopener">
              Recibo (PDF)
            </a>
          )}
          {isPayable(c) && (
            <>
              <button type="button" onClick={() => setDialog('pay')}>
                Registrar pagamento
              </button>
              <button type="button" onClick={() => setDialog('change')}>
                Alterar vencimento ou valor
              </button>
              <button type="button" className="danger" onClick={() => setDialog('cancel')}>
                Cancelar cobrança
              </button>
            </>
          )}
        </div>
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
        {c.status === 'cancelled' && (
          <>
            <dt>Motivo do cancelamento</dt>
            <dd>{c.cancel_reason ?? '—'}</dd>
          </>
        )}
      </dl>
      {isPayable(c) && <ChargeAmountDue key={`due-${version}`} chargeId={c.id} issueDate={c.issue_date} />}
      {isPayable(c) && c.payment_method === 'pix' && <ChargeStaticPix key={`pix-${version}`} chargeId={c.id} number={c.number} />}
      <ChargePayments key={`payments-${version}`} chargeId={c.id} onChanged={changed} />
      {c.payment_method !== 'pix' && <BoletoInstructionsBox key={`instructions-${version}`} chargeId={c.id} open={isPayable(c)} />}
      <section aria-labelledby="payer-link-title">
        <h2 id="payer-link-title">Página do pagador</h2>
        <PayerLinkBox kind="charge" id={c.id} />
      </section>
      <ChargePix key={c.id} chargeId={c.id} chargeOpen={isPayable(c)} onChanged={charge.reload} />
      <DeliveryLog chargeId={c.id} />
      <ChargeDunningBox chargeId={c.id} />
      {dialog === 'pay' && (
        <PaymentModal
          charge={c}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            changed();
          }}
        />
      )}
      {dialog === 'change' && (
        <ChangeChargeModal
          charge={c}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            changed();
          }}
        />
      )}
      {dialog === 'cancel' && (
        <CancelChargeModal
          charge={c}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            changed();
          }}
        />
      )}
    </div>
  );
}
