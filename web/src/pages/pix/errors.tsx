// The PSP screens' API errors in Portuguese: the capability's own field issues and conflict
// reasons translated (the generic ones stay with errors.ts), and a summary that names each field
// the way its form labels it, besides the message next to the field itself.
import { ApiError } from '../../api.ts';
import { explainIssue } from '../../errors.ts';
import { brl } from '../../format.ts';
import { ErrorBox, toApiError } from '../../ui.tsx';

const ISSUES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^must be an https:\/\/ URL/i, () => 'deve ser um endereço https:// (a API Pix usa TLS com o certificado do cliente)'],
  [/^must not carry a query string or fragment$/i, () => 'não pode ter parâmetros (?…) nem fragmento (#…)'],
  [/^is not a Pix key \((.*)\)/i, (m) => `não é uma chave Pix válida (${m[1]}): use CPF, CNPJ, e-mail, telefone +55 ou chave aleatória`],
  [/^the password does not open it$/i, () => 'a senha não abre o certificado'],
  [/^the private key does not belong to this certificate$/i, () => 'a chave privada não pertence a este certificado'],
  [/^it cannot be read \((.*)\)$/i, (m) => `não foi possível ler o certificado (${m[1]})`],
  [/^is not a PEM certificate$/i, () => 'não é um certificado PEM'],
  [/^is required with webhook_auth hmac$/i, () => 'é obrigatório com a autenticação HMAC'],
  [/^no collection account with this id$/i, () => 'conta de cobrança não encontrada'],
  [/^already used$/i, () => 'já é usado por outra conexão'],
  [/^must be at most (\d+)$/i, (m) => `deve ser no máximo ${brl(Number(m[1]))}`],
  [/^not found$/i, () => 'não encontrada'],
  [/^cobv needs a future due date$/i, () => 'o Pix com vencimento exige vencimento futuro'],
  [/^is required with journey qr_with_payment/i, () => 'é obrigatória com a jornada "QR code com o primeiro pagamento"'],
  [/^is required with journey push/i, () => 'é obrigatório com a jornada "solicitação ao banco do pagador"'],
  [/^only for a variable amount/i, () => 'só vale para valor variável'],
  [/^not a charge of this contract$/i, () => 'não é uma cobrança deste contrato'],
  [/^nothing left to pay$/i, () => 'não tem saldo a pagar'],
  [/^missing \(CPF or CNPJ\)$/i, () => 'o cliente não tem CPF ou CNPJ cadastrado'],
  [/^must match pattern/i, () => 'formato inválido (somente dígitos)'],
  [/^must match exactly one schema in oneOf$|^must match a schema in anyOf$/i, () => 'dados incompletos'],
];

function issuePt(issue: string): string {
  for (const [re, f] of ISSUES) {
    const m = issue.match(re);
    if (m) return f(m);
  }
  return explainIssue(issue);
}

const BY_REASON: Record<string, string> = {
  secret_key_missing:
    'O servidor não tem a chave COBRE_SECRET_KEY configurada: as credenciais do PSP não podem ser guardadas. Peça à equipe técnica para configurá-la.',
  nothing_to_refund: 'Tudo o que este Pix trouxe já foi devolvido (ou está sendo devolvido).',
  pix_charge_exists: 'Esta cobrança já tem um Pix ativo no PSP.',
  charge_closed: 'Esta cobrança não tem saldo a pagar.',
  no_psp_connection: 'Não há conexão PSP ativa: cadastre uma em Configurações → Pix (PSP).',
  psp_connection_inactive: 'A conexão PSP está inativa.',
  recurrence_exists: 'Este contrato já tem um Pix Automático em andamento.',
  first_charge_not_cob: 'A primeira cobrança já tem um Pix com vencimento; a jornada com o primeiro pagamento exige um Pix imediato.',
};

const BY_CODE: Record<string, string> = {
  payer_incomplete: 'O pagador não tem CPF ou CNPJ cadastrado, exigido pelo Pix: complete o cadastro do cliente.',
};

/** The error with the PSP's issues and reasons in Portuguese (field names and the API's message kept). */
export function pixError(err: unknown): ApiError {
  const e = toApiError(err);
  // A nullable field's wrong value also fails its "or null" branch: that half says nothing.
  const noise = /^must be null$|^must be equal to constant$/i;
  const details = e.details
    .filter((d) => !noise.test(d.issue) || !e.details.some((o) => o.field === d.field && !noise.test(o.issue)))
    .map((d) => ({ ...d, issue: issuePt(d.issue) }));
  const out = new ApiError(e.status, e.code, e.apiMessage, details, e.requestId, e.meta);
  const reason = typeof e.meta.reason === 'string' ? e.meta.reason : null;
  const specific = (reason && BY_REASON[reason]) || BY_CODE[e.code];
  if (specific) out.message = specific;
  return out;
}

/** The error box, then each field in error named by its label in the form. */
export function FormErrors({ error, labels }: { error: ApiError | null; labels: Record<string, string> }) {
  if (!error) return null;
  const fields = Object.keys(labels);
  const owner = (f: string | undefined) => (f ? fields.find((k) => f === k || f.startsWith(k + '.') || f.startsWith(k + '[')) : undefined);
  const named = error.details.filter((d) => owner(d.field));
  return (
    <>
      <ErrorBox error={error} fields={fields} />
      {named.length > 0 && (
        <ul className="error-fields" aria-label="Campos com erro">
          {named.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the API's details in its order, replaced whole
            <li key={i}>
              <strong>{labels[d.field!] ?? labels[owner(d.field)!]}</strong>: {d.issue}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
