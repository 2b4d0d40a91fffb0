// What Contas a Receber and the charge page share about a charge's documents and its errors: which
// document a charge offers (boleto while it can be paid, receipt once something was paid), the PDF
// downloads of the bulk actions (POST → blob → the browser's download) and the API's refusals in
// Portuguese, per charge.
import { ApiError } from '../api.ts';
import { explainError } from '../errors.ts';

export interface ChargeLike {
  id: string;
  number: number;
  status: string;
  payment_method: string;
  paid_cents: number;
}

const PAYABLE = new Set(['open', 'overdue', 'partially_paid']);

/** A boleto only while something can be paid, and never for a Pix-only charge (double payment otherwise). */
export const offersBoleto = (c: ChargeLike) => PAYABLE.has(c.status) && c.payment_method !== 'pix';
/** A receipt once a payment counts (paid, partially paid, or cancelled after a partial payment). */
export const offersReceipt = (c: ChargeLike) => c.paid_cents > 0 || c.status === 'paid';
export const isPayable = (c: { status: string }) => PAYABLE.has(c.status);

export const boletoHref = (id: string) => `/v1/charges/${id}/boleto.pdf`;
export const receiptHref = (id: string) => `/v1/charges/${id}/receipt.pdf`;

/** Why the carnê / 2ª via leaves a charge out, as the clerk reads it. */
export const SKIP_REASON: Record<string, string> = {
  paid: 'já está paga',
  cancelled: 'está cancelada',
  not_boleto: 'é cobrada só por Pix (não tem boleto)',
  not_found: 'não foi encontrada',
};

export const LAYOUT_LABEL: Record<'page' | 'booklet', string> = {
  page: 'Uma por página',
  booklet: 'Carnê (3 por folha A4)',
};

/** An API refusal in Portuguese, naming what to do; per-charge results of the bulk actions use it too. */
export function chargeErrorText(code: string, apiMessage: string, details: { field?: string; issue: string }[] = [], status = 409): string {
  switch (code) {
    case 'charge_not_payable':
      return 'A cobrança está paga ou cancelada: não tem boleto a pagar. Use o recibo.';
    case 'charge_has_no_payments':
      return 'A cobrança não tem pagamentos: ainda não há recibo.';
    case 'nothing_to_print':
      return 'Nenhuma das cobranças escolhidas tem boleto a imprimir (pagas, canceladas ou só Pix).';
    case 'charge_cancelled':
      return 'A cobrança está cancelada e não aceita pagamentos.';
    case 'not_found':
      return 'Cobrança não encontrada.';
    case 'duplicate_external_id':
      return 'Este identificador externo já foi usado em outro pagamento.';
    case 'invalid_state_transition':
      if (/paid charge cannot be cancelled/i.test(apiMessage)) return 'Cobrança paga não pode ser cancelada; estorne os pagamentos antes.';
      if (/already cancelled/i.test(apiMessage)) return 'A cobrança já está cancelada.';
      if (/already reversed/i.test(apiMessage)) return 'Este pagamento já foi estornado.';
      return 'Esta ação não é permitida na situação atual da cobrança.';
    case 'validation_failed':
      if (details.some((d) => d.field === 'paid_on' && /future/i.test(d.issue))) return 'A data do pagamento não pode ser futura.';
      if (details.some((d) => d.field === 'due_date')) return 'O novo vencimento não é válido (não pode ser anterior a hoje).';
      return explainError(400, code, apiMessage);
    case 'conflict':
      if (/pix key/i.test(apiMessage)) return 'A conta de cobrança não tem chave Pix: cadastre uma em Configurações → Contas de cobrança.';
      return explainError(status, code, apiMessage);
    default:
      return explainError(status, code, apiMessage);
  }
}

/** An ApiError whose message is chargeErrorText (for ErrorBox and notify). */
export function chargeApiError(err: ApiError): ApiError {
  if (err.missingEndpoint) return err;
  const out = new ApiError(err.status, err.code, err.apiMessage, err.details, err.requestId, err.meta);
  out.message = chargeErrorText(err.code, err.apiMessage, err.details, err.status);
  return out;
}

export interface PdfDownload {
  url: string;
  filename: string;
  bytes: number;
  skippedCount: number;
  skippedNumbers: string[];
}

/** POSTs a JSON body and takes the PDF it answers (the session cookie and CSRF header as api.ts). */
export async function postPdf(path: string, body: unknown, filename: string): Promise<PdfDownload> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/pdf, application/json', 'x-cobre-csrf': '1' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached', [], null);
  }
  if (!res.ok) {
    let e: { code?: string; message?: string; details?: { field?: string; issue: string }[]; request_id?: string } = {};
    try {
      e = (await res.json())?.error ?? {};
    } catch {
      /* not JSON */
    }
    const err = new ApiError(
      res.status,
      e.code ?? 'http_' + res.status,
      e.message ?? res.statusText,
      e.details ?? [],
      e.request_id ?? res.headers.get('x-request-id'),
    );
    throw chargeApiError(err);
  }
  const blob = await res.blob();
  const skipped = (res.headers.get('cobre-skipped') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    url: URL.createObjectURL(blob),
    filename,
    bytes: blob.size,
    skippedCount: Number(res.headers.get('cobre-skipped-count') ?? skipped.length) || 0,
    skippedNumbers: skipped,
  };
}

/** Starts the browser's download of a fetched PDF. */
export function saveDownload(d: PdfDownload): void {
  const a = document.createElement('a');
  a.href = d.url;
  a.download = d.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
