// Placeholder until the payment-rules screen moves here (issue 16); the old screen is still in Settings.tsx.
export { PaymentRulesPage } from '../Settings.tsx';
export function LatePolicyPage() {
  return <h1>Multa e juros</h1>;
}
