// Placeholder (issue 16): CNAB remittances and returns.
export function BankFilesPage() {
  return <h1>Arquivos bancários (CNAB)</h1>;
}
