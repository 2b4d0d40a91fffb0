// pt-BR formatting: money R$ 1.234,56, dates dd/mm/aaaa, decimals with a comma.

const money = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const number = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 6 });
const dateTime = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'America/Sao_Paulo' });

/** Integer cents → "R$ 1.234,56" (normal spaces, so it reads and copies well). */
export function brl(cents: number | string | null | undefined): string {
  if (cents === null || cents === undefined || cents === '') return '—';
  const n = typeof cents === 'string' ? Number(cents) : cents;
  return money.format(n / 100).replace(/\u00a0/g, ' ');
}

/** "YYYY-MM-DD" → "dd/mm/aaaa". */
export function dateBR(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function dateTimeBR(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** "dd/mm/aaaa" → "YYYY-MM-DD", or null when it is not a real date. */
export function parseDateBR(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Today is the server's business date (it comes with the session), not the browser's: a browser
// whose clock is off, or a server running on another clock, must not date a billing run or a payment.
let businessToday = '';

export function setBusinessToday(date: string): void {
  businessToday = date;
}

export function todayISO(): string {
  if (!businessToday) throw new Error('the business date is not known before the session is loaded');
  return businessToday;
}

export function todayBR(): string {
  return dateBR(todayISO());
}

/** A decimal string "12.5" → "12,5". */
export function decimalBR(s: string | number | null | undefined): string {
  if (s === null || s === undefined || s === '') return '—';
  const str = String(s);
  if (!/^-?\d+(\.\d+)?$/.test(str)) return str;
  const [int, frac] = str.split('.');
  const intFmt = number.format(BigInt(int) as unknown as number);
  return frac ? `${intFmt},${frac.replace(/0+$/, '') || '0'}`.replace(/,0$/, '') : intFmt;
}

/** "1.234,5" or "1234.5" → "1234.5" (a decimal string for the API), or null. */
export function parseDecimalBR(text: string): string | null {
  let t = text.trim().replace(/\s/g, '');
  if (!t) return null;
  if (t.includes(',')) t = t.replace(/\./g, '').replace(',', '.');
  return /^\d+(\.\d+)?$/.test(t) ? t : null;
}

/** "R$ 1.234,56" / "1234,56" → 123456 cents, or null. */
export function parseMoneyBR(text: string): number | null {
  const d = parseDecimalBR(text.replace(/R\$/i, ''));
  if (d === null) return null;
  const [int, frac = ''] = d.split('.');
  if (frac.length > 2) return null;
  return Number(int) * 100 + Number((frac + '00').slice(0, 2));
}

/** Reais with up to 8 places → cents as a decimal string ("0,754321" → "75.4321"). */
export function reaisToCentsString(text: string): string | null {
  const d = parseDecimalBR(text.replace(/R\$/i, ''));
  if (d === null) return null;
  const [int, frac = ''] = d.split('.');
  if (frac.length > 8) return null;
  const padded = (frac + '00').slice(0, Math.max(2, frac.length));
  const cents = (BigInt(int) * 100n + BigInt(padded.slice(0, 2))).toString();
  const rest = padded.slice(2).replace(/0+$/, '');
  return rest ? `${cents}.${rest}` : cents;
}

/** Cents as a decimal string → reais text for an input ("75.4321" → "0,754321"). */
export function centsStringToReais(cents: string | null | undefined): string {
  if (cents === null || cents === undefined || cents === '') return '';
  const [int, frac = ''] = String(cents).split('.');
  const n = BigInt(int);
  const reais = n / 100n;
  const c = String(n % 100n).padStart(2, '0');
  return `${reais},${c}${frac}`;
}

export const STATUS_LABEL: Record<string, string> = {
  open: 'Em aberto',
  partially_paid: 'Pago parcialmente',
  paid: 'Pago',
  overdue: 'Vencido',
  cancelled: 'Cancelado',
  pending: 'Pendente',
  active: 'Ativo',
  inactive: 'Inativo',
  suspended: 'Suspenso',
  queued: 'Na fila',
  running: 'Em processamento',
  completed: 'Concluído',
  finished: 'Concluído',
  failed: 'Falhou',
  succeeded: 'Entregue',
  retrying: 'Nova tentativa',
};

export const PERIOD_LABEL: Record<string, string> = {
  monthly: 'Mensal',
  quarterly: 'Trimestral',
  semiannual: 'Semestral',
  yearly: 'Anual',
};
export const PRICING_LABEL: Record<string, string> = {
  flat: 'Preço fixo por período',
  per_unit: 'Por unidade consumida',
  tiered: 'Faixas progressivas',
  volume: 'Faixa por volume',
};
export const METHOD_LABEL: Record<string, string> = {
  boleto: 'Boleto',
  pix: 'PIX',
  both: 'Boleto e PIX',
  cash: 'Dinheiro',
  transfer: 'Transferência',
  card: 'Cartão',
  other: 'Outro',
};
export const ACTION_LABEL: Record<string, string> = {
  create: 'Criado',
  activate: 'Ativado',
  deactivate: 'Desativado',
  suspend: 'Suspenso',
  resume: 'Retomado',
  cancel: 'Cancelado',
  update: 'Alterado',
};
