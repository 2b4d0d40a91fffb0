// Placeholder (issue 16): overdue by age and receipts by period.
export function AgingReportPage() {
  return <h1>Inadimplência por idade</h1>;
}
export function ReceiptsReportPage() {
  return <h1>Recebimentos por período</h1>;
}
