// Placeholder (issue 16): the fine and interest (multa/juros) policy screen.
export function LatePolicyPage() {
  return <h1>Multa e juros</h1>;
}
