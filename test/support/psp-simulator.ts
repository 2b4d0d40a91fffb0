// A PSP recebedor for tests: an in-memory implementation of the BCB's API Pix 2.9.0 behind the
// same gates as a real PSP (mTLS with a client certificate of the test CA, OAuth2 client
// credentials), with the callbacks a PSP sends and the knobs a test needs (pay a charge, drop or
// resend a notification, fail the next requests, approve a recurrence, settle a recurring debit).
//
//   const psp = await startPspSimulator({ now: () => clock.now(), webhookHmacSecret: 's3cr3t' });
//   const client = new PspClient({ cacheKey: 'x', credentials: psp.credentials(), clock });
//   await putCobv(client, txid, body);                 // Cobre's own wrappers
//   const [e2e] = await psp.pay(txid);                  // POSTs {webhookUrl}/pix and awaits the answer
//   expect(psp.violations).toEqual([]);                 // every message checked against the spec
//   await psp.stop();
//
// Served (at the server root; paths as the API Pix declares them):
//   POST /oauth/token                         client_credentials, HTTP Basic client auth (RFC 6749 §2.3.1)
//   PUT|PATCH|GET /cob/{txid}, GET /cob       PUT|PATCH|GET /cobv/{txid}, GET /cobv
//   PUT|PATCH|GET /lotecobv/{id}              POST /loc, GET /loc/{id}
//   GET /pix, GET /pix/{e2eid}, PUT|GET /pix/{e2eid}/devolucao/{id}
//   PUT|GET|DELETE /webhook/{chave}, GET /webhook, PUT|GET|DELETE /webhookrec, /webhookcobr
//   POST /locrec, GET /locrec/{id}            POST /rec, GET /rec, GET|PATCH /rec/{idRec}
//   POST /solicrec, GET|PATCH /solicrec/{id}  PUT|GET|PATCH /cobr/{txid}, GET /cobr
//   POST /cobr/{txid}/retentativa/{data}
// Callbacks: POST {webhookUrl}/pix, /rec, /cobr (http:// or https://), with
// `x-pix-signature: sha256=<hex HMAC-SHA256 of the body bytes>` when `webhookHmacSecret` is set.
//
// Validation: every request received, every answer sent and every callback body is checked with
// test/support/pix-spec.ts when the spec document is present; what does not match lands in
// `violations` (tests assert it is empty). Independently of the document, the simulator applies
// the rules the spec's prose gives for each operation and answers application/problem+json
// (type https://pix.bcb.gov.br/api/v2/error/<Tipo>, title, status, detail, violacoes).
//
// Rules of Pix Automático enforced here (as confirmed for Cobre): a cobr's dataDeVencimento must be
// between D+2 and D+10 of the simulator's today (now() in America/Sao_Paulo), i.e. the cobr is
// sent 10 to 2 days before it is due; the rec must be APROVADA; at most one live cobr per rec and
// period; retries (POST /cobr/{txid}/retentativa/{data}) only under PERMITE_3R_7D, at most 3, for a
// future date no later than the due date + 7 days, and only when no attempt is still open.
//
// Deviations from the API Pix 2.9.0 document, and why:
// - 401 for a missing/unknown/expired bearer token, and the OAuth2 endpoint itself, are outside the
//   document (it only names OAuth2 scopes); the token endpoint answers as RFC 6749 (§5.1/§5.2), a
//   refused API call answers 401 with `WWW-Authenticate: Bearer error="invalid_token"` and a
//   problem body. Scopes are echoed in the token answer but not enforced per operation.
// - Failures injected with failNext (429, 500, 503) are not validated: 429 is declared nowhere in
//   the document; its problem `type` reuses ServicoIndisponivel.
// - Webhook URLs may be http:// (Cobre in tests); the document and the Manual require https with
//   mTLS. An https callback trusts the test CA (and Node's roots) and presents `webhookTls` if given.
//   A failed callback is recorded, not retried (tests resend with resendWebhook).
// - A callback is POSTed once per pay()/settleRefunds()/rec or cobr change, not batched over time.
// - pay() pays a cobv, by default, the amount due on the day as src/psp/cobv-terms.ts computes it
//   (pspAmountOn: the spec names the modalities, not the arithmetic); componentesValor splits it into
//   original, abatimento, multa, juros (the rest above the base) or desconto (the rest below it).
// - pay() may add `pagador` {cpf|cnpj, nome} to the Pix (not a Pix property of the document, which
//   does not forbid extra ones; it lets GET /pix filter by cpf/cnpj as the document describes).
// - PATCH bodies are applied as a JSON Merge Patch (RFC 7396: objects merged, null removes, arrays
//   replaced), the document leaving the merge rule open. A PATCH that removes a charge already
//   removed by the recebedor, or cancels a rec/cobr already cancelled, answers 200 with the current
//   state instead of 400, so that a client repeating a lost PATCH is not refused.
// - The lote id of /lotecobv/{id} is a string in the path ("em formato de texto") but an int64 in
//   LoteCobVConsultado; answers carry a number when the id is all digits, else the string (the
//   spec patch "lotecobv-id-text" in pix-spec.ts accepts both).
// - PUT /cobr answers status CRIADA (as the document's example); the simulator then activates the
//   cobr at once (ATIVA, first attempt AGND/AGENDADA on the due date, moved past a weekend when
//   ajusteDiaUtil; holidays are not known) without a callback. Retries are attempts of type NTAG
//   (example cobRResponse3). Periods for "one cobr per rec and period" are calendar ones (week,
//   month, quarter, half-year, year of the due date).
// - A recebedor's own changes (PATCH /rec, PATCH /cobr) fire no callback; the payer's and the
//   PSP's do (approveRec, rejectRec, cancelRecByPayer, settleCobr, refunds).
// - Recurrences and requests never expire by themselves; a cob/cobv can be paid until it expires
//   (criacao + expiracao; dataDeVencimento + validadeAposVencimento).
// - Jornada at POST /rec: ativacao.dadosJornada.txid → JORNADA_3; `loc` without txid → JORNADA_2;
//   neither → JORNADA_1 (confirmed by POST /solicrec). GET /rec/{idRec} gives dadosQR per the
//   document's table: loc only → JORNADA_2; loc + txid of a cob → JORNADA_3; loc + txid of a cobv →
//   JORNADA_4 (the composite code appends field 80 with the rec location to the charge's code).
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { businessDate } from '../../src/platform/clock.ts';
import type { PspCredentials } from '../../src/psp/client.ts';
import { centsToValor, valorToCents } from '../../src/psp/pix-api.ts';
import { pspAmountOn } from '../../src/psp/cobv-terms.ts';
import { addDays } from '../../src/platform/dates.ts';
import { buildDynamicPix, crc16CcittFalse } from '../../src/pix/index.ts';
import { MERCHANT_CITY_MAX, MERCHANT_NAME_MAX, normalizeMerchantText } from '../../src/pix/brCode.ts';
import { emvField } from '../../src/pix/emv.ts';
import { loadPixSpec, type CallbackKind, type PixSpec } from './pix-spec.ts';
import { testPki, type TestPki } from './psp-certs.ts';

type Json = Record<string, any>;

// ============================================================================ public types

export interface PspSimulatorOptions {
  pki?: TestPki;
  clientId?: string;
  clientSecret?: string;
  /** The recebedor's DICT key: cob/cobv must carry it, webhooks are registered for it. */
  chave?: string;
  /** The simulator's clock (token expiry, timestamps, today for the Pix rules). Default real time. */
  now?: () => Date;
  /** Access token lifetime in seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** Scope given in the token answer when the client asks for none. */
  defaultScope?: string;
  /** Adds `x-pix-signature: sha256=<hex HMAC>` to every callback. */
  webhookHmacSecret?: string | null;
  /** Refunds settle (DEVOLVIDO + callback) right after their PUT is answered, instead of on settleRefunds(). */
  instantRefunds?: boolean;
  /** TLS options for https:// callbacks (a client certificate, another CA). */
  webhookTls?: { ca?: string | string[]; cert?: string; key?: string };
  /** Per callback, before it counts as failed. Default 30 s. */
  webhookTimeoutMs?: number;
  /** The validator; default loadPixSpec() (null when the document is absent: no schema checks). */
  spec?: PixSpec | null;
  /** This PSP's ISPB (rtrId, idRec, idSolicRec, cobr end-to-end ids). */
  ispb?: string;
  /** The payer's PSP ISPB used in end-to-end ids of pay(). */
  payerIspb?: string;
  /** Host of the payload locations (never contacted). */
  locationHost?: string;
  merchantName?: string;
  merchantCity?: string;
  /** The recebedor as cobv (with address) and rec/cobr (PJ) answers show it. */
  recebedor?: { cnpj: string; nome: string; logradouro: string; cidade: string; uf: string; cep: string };
}

export type CobStatus = 'ATIVA' | 'CONCLUIDA' | 'REMOVIDA_PELO_USUARIO_RECEBEDOR' | 'REMOVIDA_PELO_PSP';

export interface SimLoc {
  id: number;
  location: string;
  tipoCob: 'cob' | 'cobv';
  criacao: string;
  txid?: string;
}

/** A cob or cobv. `content` is what the recebedor asked (PUT body with PATCHes merged). */
export interface SimCharge {
  kind: 'cob' | 'cobv';
  txid: string;
  status: CobStatus;
  revisao: number;
  criacao: string;
  content: Json;
  loc: SimLoc;
  /** endToEndIds of the Pix that paid it. */
  pix: string[];
  /** The answer as it was at each revisao (GET ?revisao=n). */
  history: Json[];
  loteId?: string;
}

export interface SimLoteItem {
  txid: string;
  status: 'EM_PROCESSAMENTO' | 'CRIADA' | 'NEGADA';
  problema?: Problem;
  criacao?: string;
}

export interface SimLote {
  id: string;
  descricao: string;
  criacao: string;
  items: Map<string, SimLoteItem>;
}

export interface SimDevolucao {
  e2eid: string;
  id: string;
  rtrId: string;
  valor: string;
  natureza: string;
  descricao?: string;
  horario: { solicitacao: string; liquidacao?: string };
  status: 'EM_PROCESSAMENTO' | 'DEVOLVIDO' | 'NAO_REALIZADO';
  motivo?: string;
  /** The request body, for idempotent repeats. */
  request: Json;
}

export interface SimPix {
  endToEndId: string;
  txid?: string;
  valor: string;
  horario: string;
  chave: string;
  componentesValor?: Json;
  infoPagador?: string;
  pagador?: { cpf?: string; cnpj?: string; nome?: string };
  devolucoes: SimDevolucao[];
  /** What it paid: a cob/cobv (a Pix) or a cobr (a Pix Automático). */
  kind: 'cob' | 'cobv' | 'cobr';
}

export interface SimWebhook {
  webhookUrl: string;
  criacao: string;
  chave?: string;
}

export interface SimLocRec {
  id: number;
  location: string;
  criacao: string;
  idRec?: string;
}

export type RecStatus = 'CRIADA' | 'APROVADA' | 'REJEITADA' | 'EXPIRADA' | 'CANCELADA';

export interface SimRec {
  idRec: string;
  status: RecStatus;
  criacao: string;
  vinculo: Json;
  calendario: Json;
  valor?: Json;
  convenio?: string;
  politicaRetentativa: 'NAO_PERMITE' | 'PERMITE_3R_7D';
  loc?: SimLocRec;
  ativacao: { tipoJornada: string; dadosJornada?: { txid: string } };
  atualizacao: { status: RecStatus; data: string }[];
  encerramento?: Json;
  pagador?: Json;
  solicitacoes: string[];
}

export type SolicRecStatus = 'CRIADA' | 'ENVIADA' | 'RECEBIDA' | 'REJEITADA' | 'ACEITA' | 'EXPIRADA' | 'CANCELADA';

export interface SimSolicRec {
  idSolicRec: string;
  idRec: string;
  calendario: Json;
  destinatario: Json;
  status: SolicRecStatus;
  atualizacao: { status: SolicRecStatus; data: string }[];
}

export type CobRStatus = 'CRIADA' | 'ATIVA' | 'CONCLUIDA' | 'EXPIRADA' | 'REJEITADA' | 'CANCELADA';
export type TentativaStatus = 'SOLICITADA' | 'AGENDADA' | 'PAGA' | 'CANCELADA' | 'REJEITADA' | 'EXPIRADA';

export interface SimTentativa {
  dataLiquidacao: string;
  tipo: 'AGND' | 'NTAG' | 'RIFL';
  status: TentativaStatus;
  endToEndId: string;
  atualizacao: { status: TentativaStatus; data: string }[];
  rejeicao?: { codigo: string; descricao: string };
}

export interface SimCobr {
  txid: string;
  idRec: string;
  status: CobRStatus;
  /** Creation date 'YYYY-MM-DD' (CobR calendario.criacao is a date). */
  criacao: string;
  criacaoInstant: string;
  content: Json;
  atualizacao: { status: CobRStatus; data: string }[];
  tentativas: SimTentativa[];
  pix: string[];
  encerramento?: Json;
}

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** Answered by failNext, not by the API. */
  injected?: boolean;
}

export interface TokenRequest {
  at: string;
  clientId: string | null;
  grantType: string | null;
  scope: string | null;
  status: number;
}

export interface WebhookDelivery {
  at: string;
  kind: CallbackKind;
  url: string;
  body: Json;
  headers: Record<string, string>;
  /** The receiver's HTTP status; null while in flight, when dropped, or on a network error. */
  status: number | null;
  dropped: boolean;
  error?: string;
  responseBody?: string;
}

export interface PayOptions {
  /** Amount paid; default the charge's valor.original. */
  valorCents?: number;
  /** Pays this many times (duplicate payments). Default 1. */
  times?: number;
  /** Records the Pix without POSTing the callback. */
  dropWebhook?: boolean;
  /** When the Pix settled; default now(). */
  horario?: Date | string;
  pagador?: { cpf?: string; cnpj?: string; nome?: string };
  infoPagador?: string;
}

export interface FailOptions {
  status: 500 | 429 | 503;
  retryAfterSeconds?: number;
  /** Tested against "METHOD /path" (e.g. "PUT /cobv/abc"). Without it, any API request (token requests excluded). */
  match?: RegExp;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  violacoes?: Violacao[];
}

export interface Violacao {
  razao: string;
  propriedade?: string;
  valor?: string;
}

export interface PspSimulator {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  chave: string;
  pki: TestPki;
  spec: PixSpec | null;
  /** Credentials for Cobre's PspClient (PEM client certificate, the test CA trusted). */
  credentials(o?: { pfx?: boolean; scope?: string | null }): PspCredentials;

  cobs: Map<string, SimCharge>;
  cobvs: Map<string, SimCharge>;
  lotes: Map<string, SimLote>;
  locs: Map<number, SimLoc>;
  pix: Map<string, SimPix>;
  /** Keyed by `${e2eid}/${id}`. */
  devolucoes: Map<string, SimDevolucao>;
  webhooks: { pix: Map<string, SimWebhook>; rec: SimWebhook | null; cobr: SimWebhook | null };
  locrecs: Map<number, SimLocRec>;
  recs: Map<string, SimRec>;
  solicrecs: Map<string, SimSolicRec>;
  cobrs: Map<string, SimCobr>;

  requests: RecordedRequest[];
  violations: string[];
  tokenRequests: TokenRequest[];
  webhookDeliveries: WebhookDelivery[];

  /** Pays a cob/cobv; resolves with the endToEndIds once the callback (if any) was answered. */
  pay(txid: string, o?: PayOptions): Promise<string[]>;
  /** While on, callbacks are recorded as dropped instead of POSTed. */
  dropWebhooks(on: boolean): void;
  /** The next n matching requests fail with this status (and Retry-After). */
  failNext(n: number, o: FailOptions): void;
  /** The payer approves (rec APROVADA; an open solicrec ACEITA); POSTs /rec. */
  approveRec(idRec: string, o?: { pagador?: Json }): Promise<void>;
  /** The payer rejects (REJEITADA, encerramento.rejeicao AP13); POSTs /rec. */
  rejectRec(idRec: string): Promise<void>;
  /** The payer cancels an approved rec (CANCELADA, solicitante USUARIO_PAGADOR); its open cobr are cancelled; POSTs /rec (and /cobr). */
  cancelRecByPayer(idRec: string): Promise<void>;
  /**
   * The open attempt of a cobr settles: 'paid' → Pix Automático recorded, cobr CONCLUIDA; 'failed' →
   * attempt REJEITADA (cobr stays ATIVA, or REJEITADA with `final`). POSTs /cobr. Resolves with the
   * endToEndId of the attempt.
   */
  settleCobr(txid: string, outcome: 'paid' | 'failed', o?: { final?: boolean; codigo?: string; horario?: Date | string }): Promise<string>;
  /** POSTs the callback of a received Pix again (also when dropWebhooks is on). */
  resendWebhook(e2eid: string): Promise<WebhookDelivery | null>;
  /** Every refund EM_PROCESSAMENTO becomes DEVOLVIDO (or NAO_REALIZADO); POSTs /pix. Resolves with how many. */
  settleRefunds(o?: { status?: 'DEVOLVIDO' | 'NAO_REALIZADO'; motivo?: string }): Promise<number>;
  /** Every token issued so far stops working (a PSP revoking tokens early). */
  revokeTokens(): void;
  /** Waits for callbacks and settlements still in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

// ============================================================================ constants and small helpers

const ERROR_BASE = 'https://pix.bcb.gov.br/api/v2/error/';
const GUI = 'br.gov.bcb.pix';
const TXID_RE = /^[a-zA-Z0-9]{26,35}$/;
const REC_ID_RE = /^[a-zA-Z0-9]{29}$/;
const DEVOLUCAO_ID_RE = /^[a-zA-Z0-9]{1,35}$/;
const VALOR_RE = /^\d{1,10}\.\d{2}$/;
const CPF_RE = /^\d{11}$/;
const CNPJ_RE = /^[0-9A-Z]{14}$/;
const ISPB_RE = /^[0-9A-Z]{8}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const isObj = (x: unknown): x is Json => !!x && typeof x === 'object' && !Array.isArray(x);
const iso = (d: Date) => d.toISOString();

function randomAlnum(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

function isDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function isDateTime(s: unknown): s is string {
  return typeof s === 'string' && DATE_TIME_RE.test(s) && !Number.isNaN(Date.parse(s));
}

/** yyyyMMddHHmm of an instant, UTC (as end-to-end ids carry it). */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 12);
}

/** JSON with sorted keys: two bodies with the same content compare equal. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (isObj(x)) {
    return `{${Object.keys(x)
      .filter((k) => x[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(x[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x);
}

/** RFC 7396 JSON Merge Patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Json = isObj(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Saturday/Sunday → next Monday (holidays are not known here). */
function nextBusinessDay(date: string): string {
  const dow = dayOfWeek(date);
  return dow === 6 ? addDays(date, 2) : dow === 0 ? addDays(date, 1) : date;
}

/** The calendar period of a date for a periodicity (one live cobr per rec and period). */
function periodOf(periodicidade: string, date: string): string {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  switch (periodicidade) {
    case 'SEMANAL':
      return `W${addDays(date, -((dayOfWeek(date) + 6) % 7))}`;
    case 'TRIMESTRAL':
      return `${y}-Q${Math.ceil(m / 3)}`;
    case 'SEMESTRAL':
      return `${y}-H${m <= 6 ? 1 : 2}`;
    case 'ANUAL':
      return `${y}`;
    default:
      return date.slice(0, 7);
  }
}

// ============================================================================ problems (RFC 7807 as the API Pix writes them)

class PixProblem extends Error {
  constructor(
    readonly status: number,
    readonly tipo: string,
    readonly title: string,
    detail: string,
    readonly violacoes: Violacao[] = [],
  ) {
    super(detail);
  }

  toJson(): Problem {
    return {
      type: ERROR_BASE + this.tipo,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(this.violacoes.length ? { violacoes: this.violacoes } : {}),
    };
  }
}

const invalid = (tipo: string, detail: string, violacoes: Violacao[] = []) =>
  new PixProblem(400, tipo, 'Requisição inválida.', detail, violacoes);
const notFound = (what: string) => new PixProblem(404, 'NaoEncontrado', 'Não encontrado', `${what} não encontrado(a).`);

/** Collects violations of one request; `throwIfAny` answers 400 with all of them. */
class Check {
  readonly list: Violacao[] = [];
  add(propriedade: string, razao: string, valor?: unknown): void {
    this.list.push({
      razao,
      propriedade,
      ...(valor === undefined ? {} : { valor: typeof valor === 'string' ? valor : JSON.stringify(valor) }),
    });
  }
  throwIfAny(tipo: string, detail: string): void {
    if (this.list.length) throw invalid(tipo, detail, this.list);
  }
}

// ---------------------------------------------------------------------------- field checks

function checkValor(c: Check, prop: string, v: unknown, o: { required?: boolean; positive?: boolean } = {}): number | null {
  if (v === undefined) {
    if (o.required) c.add(prop, 'obrigatório');
    return null;
  }
  if (typeof v !== 'string' || !VALOR_RE.test(v)) {
    c.add(prop, 'deve ser um valor no formato \\d{1,10}\\.\\d{2}', v);
    return null;
  }
  const cents = valorToCents(v);
  if (o.positive !== false && cents <= 0) c.add(prop, 'deve ser maior que zero', v);
  return cents;
}

function checkString(c: Check, prop: string, v: unknown, max: number, required = false): void {
  if (v === undefined) {
    if (required) c.add(prop, 'obrigatório');
  } else if (typeof v !== 'string' || (required && v === '')) c.add(prop, 'deve ser um texto', v);
  else if (v.length > max) c.add(prop, `deve ter no máximo ${max} caracteres`, v);
}

function checkPessoa(c: Check, prop: string, p: unknown, o: { required: boolean; maxNome: number; endereco?: boolean }): void {
  if (p === undefined) {
    if (o.required) c.add(prop, 'obrigatório');
    return;
  }
  if (!isObj(p)) {
    c.add(prop, 'deve ser um objeto');
    return;
  }
  if (p.cpf !== undefined && p.cnpj !== undefined) c.add(prop, 'cpf e cnpj não podem ser informados juntos');
  else if (p.cpf === undefined && p.cnpj === undefined) c.add(prop, 'cpf ou cnpj é obrigatório');
  else if (p.cpf !== undefined && (typeof p.cpf !== 'string' || !CPF_RE.test(p.cpf))) c.add(`${prop}.cpf`, 'deve ter 11 dígitos', p.cpf);
  else if (p.cnpj !== undefined && (typeof p.cnpj !== 'string' || !CNPJ_RE.test(p.cnpj)))
    c.add(`${prop}.cnpj`, 'deve ter 14 caracteres [0-9A-Z]', p.cnpj);
  checkString(c, `${prop}.nome`, p.nome, o.maxNome, true);
  if (o.endereco) checkEndereco(c, prop, p);
}

function checkEndereco(c: Check, prop: string, p: Json): void {
  checkString(c, `${prop}.logradouro`, p.logradouro, 200);
  checkString(c, `${prop}.cidade`, p.cidade, 200);
  checkString(c, `${prop}.uf`, p.uf, 2);
  checkString(c, `${prop}.cep`, p.cep, 8);
  if (p.email !== undefined && typeof p.email !== 'string') c.add(`${prop}.email`, 'deve ser um texto', p.email);
}

function checkDate(c: Check, prop: string, v: unknown, required = true): v is string {
  if (v === undefined) {
    if (required) c.add(prop, 'obrigatório');
    return false;
  }
  if (!isDate(v)) {
    c.add(prop, 'deve ser uma data YYYY-MM-DD', v);
    return false;
  }
  return true;
}

function checkInt(c: Check, prop: string, v: unknown, min: number, max: number): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) c.add(prop, `deve ser um inteiro entre ${min} e ${max}`, v);
}

// ============================================================================ the simulator's state

interface FailRule extends FailOptions {
  remaining: number;
}

interface Ctx {
  o: Required<
    Pick<
      PspSimulatorOptions,
      | 'clientId'
      | 'clientSecret'
      | 'chave'
      | 'tokenTtlSeconds'
      | 'ispb'
      | 'payerIspb'
      | 'locationHost'
      | 'merchantName'
      | 'merchantCity'
      | 'instantRefunds'
      | 'webhookTimeoutMs'
    >
  > & {
    defaultScope: string;
    webhookHmacSecret: string | null;
    webhookTls: PspSimulatorOptions['webhookTls'];
    recebedor: NonNullable<PspSimulatorOptions['recebedor']>;
  };
  now: () => Date;
  spec: PixSpec | null;
  sim: PspSimulator;
  tokens: Map<string, { expiresAtMs: number; scope: string }>;
  failRules: FailRule[];
  dropAll: boolean;
  inflight: Set<Promise<unknown>>;
  seq: { loc: number; locrec: number };
  ids: Set<string>;
}

const today = (ctx: Ctx) => businessDate(ctx.now());
const nowIso = (ctx: Ctx) => iso(ctx.now());

/** Work that outlives the request (callbacks after an answer): tracked so idle()/stop() can wait for it. */
function track(ctx: Ctx, p: Promise<unknown>): void {
  const guarded = p.catch(() => {});
  ctx.inflight.add(guarded);
  void guarded.finally(() => ctx.inflight.delete(guarded));
}

/** A fresh id of `prefix` + ISPB + date/stamp + 11 alphanumerics, never repeated. */
function newId(ctx: Ctx, prefix: string, ispb: string, time: string): string {
  for (;;) {
    const id = `${prefix}${ispb}${time}${randomAlnum(11)}`;
    if (!ctx.ids.has(id)) {
      ctx.ids.add(id);
      return id;
    }
  }
}

const newE2e = (ctx: Ctx, ispb: string, at: Date) => newId(ctx, 'E', ispb, stamp(at));

// ============================================================================ routing

interface ApiRequest {
  method: string;
  path: string;
  template: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

interface ApiAnswer {
  status: number;
  body?: unknown;
  /** Runs once the answer is sent (a settlement that must follow the answer). */
  after?: () => Promise<unknown>;
}

type Handler = (ctx: Ctx, r: ApiRequest) => ApiAnswer | Promise<ApiAnswer>;

interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: Handler;
}

function route(method: string, template: string, handler: Handler): Route {
  return { method, template, segments: template.split('/').slice(1), handler };
}

function matchRoute(
  routes: Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
  const parts = path.split('/').slice(1);
  let methodMismatch = false;
  for (const r of routes) {
    if (r.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = r.segments[i];
      if (seg.startsWith('{')) {
        if (parts[i] === '') ok = false;
        else {
          try {
            params[seg.slice(1, -1)] = decodeURIComponent(parts[i]);
          } catch {
            ok = false;
          }
        }
      } else ok = seg === parts[i];
    }
    if (!ok) continue;
    if (r.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route: r, params };
  }
  return { methodMismatch };
}

// ============================================================================ pagination and time windows

interface Window {
  inicio: string;
  fim: string;
  from: number;
  to: number;
}

/** inicio/fim (RFC 3339), required for the lists; fim before inicio is refused as the spec says. */
function timeWindow(q: Record<string, string>, tipo: string, required = true): Window | null {
  const c = new Check();
  if (q.inicio === undefined && q.fim === undefined && !required) return null;
  if (!isDateTime(q.inicio)) c.add('inicio', 'deve ser um timestamp RFC 3339', q.inicio);
  if (!isDateTime(q.fim)) c.add('fim', 'deve ser um timestamp RFC 3339', q.fim);
  c.throwIfAny(tipo, 'Parâmetros de consulta inválidos.');
  const w = { inicio: q.inicio, fim: q.fim, from: Date.parse(q.inicio), to: Date.parse(q.fim) };
  if (w.to < w.from)
    throw invalid(tipo, 'fim é anterior a inicio.', [{ razao: 'fim é anterior a inicio', propriedade: 'fim', valor: q.fim }]);
  return w;
}

function inWindow(w: Window | null, instant: string): boolean {
  if (!w) return true;
  const t = Date.parse(instant);
  return t >= w.from && t <= w.to;
}

/** paginacao.paginaAtual (from 0) and paginacao.itensPorPagina (1..1000, default 100). */
function paginate<T>(items: T[], q: Record<string, string>, tipo: string): { page: T[]; paginacao: Json } {
  const c = new Check();
  const intParam = (name: string, def: number, min: number, max: number) => {
    const raw = q[`paginacao.${name}`];
    if (raw === undefined) return def;
    const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) c.add(`paginacao.${name}`, `deve ser um inteiro entre ${min} e ${max}`, raw);
    return n;
  };
  const paginaAtual = intParam('paginaAtual', 0, 0, Number.MAX_SAFE_INTEGER);
  const itensPorPagina = intParam('itensPorPagina', 100, 1, 1000);
  c.throwIfAny(tipo, 'Parâmetros de paginação inválidos.');
  const quantidadeDePaginas = Math.max(1, Math.ceil(items.length / itensPorPagina));
  return {
    page: items.slice(paginaAtual * itensPorPagina, (paginaAtual + 1) * itensPorPagina),
    paginacao: { paginaAtual, itensPorPagina, quantidadeDePaginas, quantidadeTotalDeItens: items.length },
  };
}

function documentFilter(q: Record<string, string>, tipo: string): ((p: Json | undefined) => boolean) | null {
  if (q.cpf !== undefined && q.cnpj !== undefined)
    throw invalid(tipo, 'cpf e cnpj não podem ser usados juntos.', [{ razao: 'cpf e cnpj juntos', propriedade: 'cpf' }]);
  if (q.cpf !== undefined) return (p) => p?.cpf === q.cpf;
  if (q.cnpj !== undefined) return (p) => p?.cnpj === q.cnpj;
  return null;
}

const filtersEcho = (q: Record<string, string>, names: string[]) =>
  Object.fromEntries(names.filter((n) => q[n] !== undefined).map((n) => [n, q[n] === 'true' ? true : q[n] === 'false' ? false : q[n]]));

// ============================================================================ OAuth2 (RFC 6749 client credentials)

function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return null;
  try {
    return { id: formDecode(text.slice(0, i)), secret: formDecode(text.slice(i + 1)) };
  } catch {
    return null;
  }
}

function tokenEndpoint(ctx: Ctx, req: IncomingMessage, raw: Buffer): { status: number; body: Json; headers: Record<string, string> } {
  const record: TokenRequest = { at: nowIso(ctx), clientId: null, grantType: null, scope: null, status: 0 };
  ctx.sim.tokenRequests.push(record);
  const answer = (status: number, body: Json, headers: Record<string, string> = {}) => {
    record.status = status;
    return { status, body, headers: { 'cache-control': 'no-store', ...headers } };
  };
  const creds = basicCredentials(req.headers.authorization);
  record.clientId = creds?.id ?? null;
  if (
    !String(req.headers['content-type'] ?? '')
      .toLowerCase()
      .startsWith('application/x-www-form-urlencoded')
  ) {
    return answer(400, { error: 'invalid_request', error_description: 'the body must be application/x-www-form-urlencoded' });
  }
  const form = new URLSearchParams(raw.toString('utf8'));
  record.grantType = form.get('grant_type');
  record.scope = form.get('scope');
  if (!creds || creds.id !== ctx.o.clientId || creds.secret !== ctx.o.clientSecret) {
    return answer(
      401,
      { error: 'invalid_client', error_description: 'client authentication failed' },
      { 'www-authenticate': 'Basic realm="psp-simulator"' },
    );
  }
  if (!record.grantType) return answer(400, { error: 'invalid_request', error_description: 'grant_type is required' });
  if (record.grantType !== 'client_credentials') return answer(400, { error: 'unsupported_grant_type' });
  const token = randomBytes(24).toString('base64url');
  const scope = record.scope ?? ctx.o.defaultScope;
  ctx.tokens.set(token, { expiresAtMs: ctx.now().getTime() + ctx.o.tokenTtlSeconds * 1000, scope });
  return answer(200, { access_token: token, token_type: 'Bearer', expires_in: ctx.o.tokenTtlSeconds, scope });
}

/** Why the bearer token is not acceptable, or null when it is. */
function bearerProblem(ctx: Ctx, header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return 'missing bearer token';
  const t = ctx.tokens.get(m[1]);
  if (!t) return 'unknown or revoked token';
  if (ctx.now().getTime() >= t.expiresAtMs) return 'token expired';
  return null;
}

// ============================================================================ payload locations (loc)

function newLoc(ctx: Ctx, tipoCob: 'cob' | 'cobv'): SimLoc {
  const id = ctx.seq.loc++;
  const loc: SimLoc = {
    id,
    location: `${ctx.o.locationHost}/qr/v2/${tipoCob === 'cobv' ? 'cobv/' : ''}${randomBytes(16).toString('hex')}`,
    tipoCob,
    criacao: nowIso(ctx),
  };
  ctx.sim.locs.set(id, loc);
  return loc;
}

const presentLoc = (l: SimLoc): Json => ({
  id: l.id,
  location: l.location,
  tipoCob: l.tipoCob,
  criacao: l.criacao,
  ...(l.txid ? { txid: l.txid } : {}),
});

const postLoc: Handler = (ctx, r) => {
  const body = r.body;
  if (!isObj(body) || (body.tipoCob !== 'cob' && body.tipoCob !== 'cobv')) {
    throw invalid('PayloadLocationOperacaoInvalida', 'tipoCob deve ser cob ou cobv.', [
      { razao: 'deve ser cob ou cobv', propriedade: 'tipoCob' },
    ]);
  }
  const loc = newLoc(ctx, body.tipoCob);
  return { status: 201, body: { id: loc.id, location: loc.location, tipoCob: loc.tipoCob, criacao: loc.criacao } };
};

const getLoc: Handler = (ctx, r) => {
  const loc = /^\d+$/.test(r.params.id) ? ctx.sim.locs.get(Number(r.params.id)) : undefined;
  if (!loc) throw notFound('Location');
  return { status: 200, body: presentLoc(loc) };
};

/** The location a charge asks for (`loc.id`): it must exist, be of its kind and be free. */
function takeLoc(ctx: Ctx, kind: 'cob' | 'cobv', txid: string, loc: unknown, tipo: string): SimLoc | null {
  if (loc === undefined) return null;
  const id = isObj(loc) ? loc.id : undefined;
  const found = typeof id === 'number' ? ctx.sim.locs.get(id) : undefined;
  if (!found)
    throw invalid(tipo, 'O location referenciado por loc.id inexiste.', [
      { razao: 'location inexistente', propriedade: 'loc.id', valor: String(id) },
    ]);
  if (found.tipoCob !== kind)
    throw invalid(tipo, `O location referenciado por loc.id apresenta tipo "${found.tipoCob}".`, [
      { razao: `deveria ser ${kind}`, propriedade: 'loc.id' },
    ]);
  if (found.txid && found.txid !== txid)
    throw invalid(tipo, 'O location referenciado por loc.id já está sendo utilizado por outra cobrança.', [
      { razao: 'location em uso', propriedade: 'loc.id' },
    ]);
  return found;
}

// ============================================================================ cob and cobv

const chargeTipo = (kind: 'cob' | 'cobv') => (kind === 'cob' ? 'CobOperacaoInvalida' : 'CobVOperacaoInvalida');
const chargeMap = (ctx: Ctx, kind: 'cob' | 'cobv') => (kind === 'cob' ? ctx.sim.cobs : ctx.sim.cobvs);

function checkCommon(ctx: Ctx, c: Check, b: Json): void {
  if (b.chave === undefined) c.add('chave', 'obrigatório');
  else if (b.chave !== ctx.o.chave) c.add('chave', 'não pertence a este usuário recebedor', b.chave);
  checkString(c, 'solicitacaoPagador', b.solicitacaoPagador, 140);
  if (b.infoAdicionais !== undefined) {
    if (!Array.isArray(b.infoAdicionais) || b.infoAdicionais.length > 50) c.add('infoAdicionais', 'deve ser uma lista de até 50 itens');
    else
      b.infoAdicionais.forEach((x: unknown, i: number) => {
        if (!isObj(x)) {
          c.add(`infoAdicionais[${i}]`, 'deve ser um objeto');
          return;
        }
        checkString(c, `infoAdicionais[${i}].nome`, x.nome, 50, true);
        checkString(c, `infoAdicionais[${i}].valor`, x.valor, 200, true);
      });
  }
  if (b.loc !== undefined && !(isObj(b.loc) && Number.isSafeInteger(b.loc.id)))
    c.add('loc.id', 'deve ser o id (inteiro) de um location', b.loc);
}

function checkCobBody(ctx: Ctx, b: Json): Check {
  const c = new Check();
  if (!isObj(b.calendario)) c.add('calendario', 'obrigatório');
  else if (b.calendario.expiracao !== undefined && !(Number.isSafeInteger(b.calendario.expiracao) && b.calendario.expiracao > 0)) {
    c.add('calendario.expiracao', 'deve ser um inteiro maior que zero', b.calendario.expiracao);
  }
  if (!isObj(b.valor)) c.add('valor', 'obrigatório');
  else {
    checkValor(c, 'valor.original', b.valor.original, { required: true });
    checkInt(c, 'valor.modalidadeAlteracao', b.valor.modalidadeAlteracao, 0, 1);
  }
  checkPessoa(c, 'devedor', b.devedor, { required: false, maxNome: 200 });
  checkCommon(ctx, c, b);
  return c;
}

function checkCobvValor(c: Check, v: Json, dueDate: string | null): void {
  const original = checkValor(c, 'valor.original', v.original, { required: true });
  const part = (name: string, maxModalidade: number) => {
    const p = v[name];
    if (p === undefined) return null;
    if (!isObj(p)) {
      c.add(`valor.${name}`, 'deve ser um objeto');
      return null;
    }
    if (p.modalidade === undefined) c.add(`valor.${name}.modalidade`, 'obrigatório');
    checkInt(c, `valor.${name}.modalidade`, p.modalidade, 1, maxModalidade);
    return p;
  };
  /** An amount below the original, or a percentage below 100 %. */
  const belowOriginal = (prop: string, valorPerc: unknown, isAmount: boolean) => {
    const cents = checkValor(c, prop, valorPerc, { required: true, positive: false });
    if (cents === null) return;
    if (isAmount ? original !== null && cents >= original : cents >= 10000)
      c.add(prop, 'deve ser menor que o valor original (ou que 100%)', valorPerc);
  };
  const multa = part('multa', 2);
  // Rates and fixed parts may be zero (the spec's pattern allows "0.00"); only the original must be positive.
  if (multa) checkValor(c, 'valor.multa.valorPerc', multa.valorPerc, { required: true, positive: false });
  const juros = part('juros', 8);
  if (juros) checkValor(c, 'valor.juros.valorPerc', juros.valorPerc, { required: true, positive: false });
  const abatimento = part('abatimento', 2);
  if (abatimento) belowOriginal('valor.abatimento.valorPerc', abatimento.valorPerc, abatimento.modalidade === 1);
  const desconto = part('desconto', 6);
  if (desconto) {
    if (desconto.modalidade === 1 || desconto.modalidade === 2) {
      if (desconto.valorPerc !== undefined) c.add('valor.desconto.valorPerc', 'não deve ser informado com modalidade 1 ou 2');
      const fixed = desconto.descontoDataFixa;
      if (!Array.isArray(fixed) || fixed.length < 1 || fixed.length > 3)
        c.add('valor.desconto.descontoDataFixa', 'deve ter de 1 a 3 elementos com modalidade 1 ou 2');
      else
        fixed.forEach((f: unknown, i: number) => {
          const prop = `valor.desconto.descontoDataFixa[${i}]`;
          if (!isObj(f)) {
            c.add(prop, 'deve ser um objeto');
            return;
          }
          if (checkDate(c, `${prop}.data`, f.data) && dueDate && f.data > dueDate)
            c.add(`${prop}.data`, 'posterior à data de vencimento', f.data);
          belowOriginal(`${prop}.valorPerc`, f.valorPerc, desconto.modalidade === 1);
        });
    } else if (typeof desconto.modalidade === 'number') {
      if (desconto.descontoDataFixa !== undefined) c.add('valor.desconto.descontoDataFixa', 'não deve ser informado com modalidade 3 a 6');
      belowOriginal('valor.desconto.valorPerc', desconto.valorPerc, desconto.modalidade === 3 || desconto.modalidade === 4);
    }
  }
}

function checkCobvBody(ctx: Ctx, b: Json): Check {
  const c = new Check();
  let due: string | null = null;
  if (!isObj(b.calendario)) c.add('calendario', 'obrigatório');
  else {
    if (checkDate(c, 'calendario.dataDeVencimento', b.calendario.dataDeVencimento)) due = b.calendario.dataDeVencimento;
    checkInt(c, 'calendario.validadeAposVencimento', b.calendario.validadeAposVencimento, 0, 2 ** 31 - 1);
  }
  checkPessoa(c, 'devedor', b.devedor, { required: true, maxNome: 200, endereco: true });
  if (!isObj(b.valor)) c.add('valor', 'obrigatório');
  else checkCobvValor(c, b.valor, due);
  checkCommon(ctx, c, b);
  return c;
}

function checkChargeBody(ctx: Ctx, kind: 'cob' | 'cobv', body: unknown, creating: boolean): Json {
  if (!isObj(body)) throw invalid(chargeTipo(kind), 'O corpo deve ser um objeto JSON.');
  const c = kind === 'cob' ? checkCobBody(ctx, body) : checkCobvBody(ctx, body);
  if (kind === 'cobv' && creating && isDate(body.calendario?.dataDeVencimento) && body.calendario.dataDeVencimento < today(ctx)) {
    c.add('calendario.dataDeVencimento', 'anterior à data de criação da cobrança', body.calendario.dataDeVencimento);
  }
  c.throwIfAny(chargeTipo(kind), `A requisição que busca criar ou alterar a cobrança não respeita o schema ou está semanticamente errada.`);
  return body;
}

function chargePayload(ctx: Ctx, c: SimCharge): string {
  const original = c.content.valor?.original;
  // A cobv's amount depends on the day it is paid: its code carries none (the payer's PSP reads the payload).
  const amountCents =
    c.kind === 'cob' && c.content.valor?.modalidadeAlteracao !== 1 && typeof original === 'string' ? valorToCents(original) : undefined;
  return buildDynamicPix({
    url: c.loc.location,
    merchantName: ctx.o.merchantName,
    merchantCity: ctx.o.merchantCity,
    ...(amountCents ? { amountCents } : {}),
  });
}

function presentCharge(ctx: Ctx, c: SimCharge): Json {
  const k = c.content;
  const calendario =
    c.kind === 'cob'
      ? { criacao: c.criacao, expiracao: k.calendario?.expiracao ?? 86400 }
      : {
          criacao: c.criacao,
          dataDeVencimento: k.calendario.dataDeVencimento,
          validadeAposVencimento: k.calendario.validadeAposVencimento ?? 30,
        };
  return {
    calendario,
    txid: c.txid,
    revisao: c.revisao,
    loc: { id: c.loc.id, location: c.loc.location, tipoCob: c.loc.tipoCob, criacao: c.loc.criacao, txid: c.txid },
    location: c.loc.location,
    status: c.status,
    ...(k.devedor ? { devedor: k.devedor } : {}),
    ...(c.kind === 'cobv' ? { recebedor: { ...ctx.o.recebedor } } : {}),
    valor: k.valor,
    chave: k.chave,
    ...(k.solicitacaoPagador !== undefined ? { solicitacaoPagador: k.solicitacaoPagador } : {}),
    ...(k.infoAdicionais !== undefined ? { infoAdicionais: k.infoAdicionais } : {}),
    pixCopiaECola: chargePayload(ctx, c),
  };
}

/** The answer of GET: the charge with the Pix that paid it. */
function presentChargeFull(ctx: Ctx, c: SimCharge): Json {
  const out = presentCharge(ctx, c);
  if (c.pix.length) out.pix = c.pix.map((e) => presentPix(ctx.sim.pix.get(e)!));
  return out;
}

function recordRevision(ctx: Ctx, c: SimCharge): void {
  c.history[c.revisao] = presentCharge(ctx, c);
}

/** Which kind of charge already uses a txid (txids are unique across cob, cobv and cobr). */
function txidOwner(ctx: Ctx, txid: string): 'cob' | 'cobv' | 'cobr' | null {
  return ctx.sim.cobs.has(txid) ? 'cob' : ctx.sim.cobvs.has(txid) ? 'cobv' : ctx.sim.cobrs.has(txid) ? 'cobr' : null;
}

function checkTxid(txid: string, tipo: string): void {
  if (!TXID_RE.test(txid))
    throw invalid(tipo, 'txid deve ter de 26 a 35 caracteres [a-zA-Z0-9].', [{ razao: 'txid inválido', propriedade: 'txid', valor: txid }]);
}

/** A cobv held by a lote in EM_PROCESSAMENTO or NEGADA cannot be changed directly (spec, CobVOperacaoInvalida). */
function checkNotHeldByLote(ctx: Ctx, txid: string): void {
  for (const lote of ctx.sim.lotes.values()) {
    const item = lote.items.get(txid);
    if (item && (item.status === 'EM_PROCESSAMENTO' || item.status === 'NEGADA')) {
      throw invalid('CobVOperacaoInvalida', `Este txid está associado ao lote ${lote.id} com status ${item.status}.`, [
        { razao: `lote ${item.status}`, propriedade: 'txid', valor: txid },
      ]);
    }
  }
}

/** PUT /cob/{txid} and PUT /cobv/{txid} (and each cobv of a lote). */
function putCharge(ctx: Ctx, kind: 'cob' | 'cobv', txid: string, body: unknown, o: { loteId?: string } = {}): SimCharge {
  const tipo = chargeTipo(kind);
  checkTxid(txid, tipo);
  const map = chargeMap(ctx, kind);
  const existing = map.get(txid);
  if (kind === 'cobv' && !o.loteId) checkNotHeldByLote(ctx, txid);
  const owner = txidOwner(ctx, txid);
  if (owner && owner !== kind)
    throw invalid(tipo, `O txid já está em uso por uma ${owner}.`, [{ razao: 'txid em uso', propriedade: 'txid', valor: txid }]);
  if (existing && isObj(body) && canonical(body) === canonical(existing.content)) return existing; // the same content: same answer
  const content = checkChargeBody(ctx, kind, body, true);
  if (existing) {
    if (existing.status !== 'ATIVA')
      throw invalid(tipo, 'A cobrança já existe, não está no status ATIVA, e a presente requisição busca alterá-la.');
    reviseCharge(ctx, existing, content);
    return existing;
  }
  const loc = takeLoc(ctx, kind, txid, content.loc, tipo) ?? newLoc(ctx, kind);
  loc.txid = txid;
  const c: SimCharge = {
    kind,
    txid,
    status: 'ATIVA',
    revisao: 0,
    criacao: nowIso(ctx),
    content: structuredClone(content),
    loc,
    pix: [],
    history: [],
    ...(o.loteId ? { loteId: o.loteId } : {}),
  };
  map.set(txid, c);
  recordRevision(ctx, c);
  return c;
}

function reviseCharge(ctx: Ctx, c: SimCharge, content: Json): void {
  if (content.loc !== undefined && content.loc.id !== c.loc.id) {
    const loc = takeLoc(ctx, c.kind, c.txid, content.loc, chargeTipo(c.kind))!;
    delete c.loc.txid;
    loc.txid = c.txid;
    c.loc = loc;
  }
  c.content = structuredClone(content);
  c.revisao++;
  recordRevision(ctx, c);
}

/** PATCH /cob/{txid} and PATCH /cobv/{txid}. */
function patchCharge(ctx: Ctx, kind: 'cob' | 'cobv', txid: string, body: unknown, o: { loteId?: string } = {}): SimCharge {
  const tipo = chargeTipo(kind);
  checkTxid(txid, tipo);
  const c = chargeMap(ctx, kind).get(txid);
  if (!c) throw notFound(kind === 'cob' ? 'Cobrança' : 'Cobrança com vencimento');
  if (!isObj(body)) throw invalid(tipo, 'O corpo deve ser um objeto JSON.');
  if (kind === 'cobv' && !o.loteId) checkNotHeldByLote(ctx, txid);
  if (body.status !== undefined) {
    if (body.status !== 'REMOVIDA_PELO_USUARIO_RECEBEDOR')
      throw invalid(tipo, 'o campo status não respeita o schema.', [
        { razao: 'deve ser REMOVIDA_PELO_USUARIO_RECEBEDOR', propriedade: 'status', valor: String(body.status) },
      ]);
    if (Object.keys(body).length > 1) throw invalid(tipo, 'A cobrança não pode ser removida juntamente com outras alterações.');
    if (c.status === 'REMOVIDA_PELO_USUARIO_RECEBEDOR') return c; // a repeated removal
    if (c.status !== 'ATIVA') throw invalid(tipo, 'A cobrança não está ATIVA, e a presente requisição busca alterá-la.');
    c.status = 'REMOVIDA_PELO_USUARIO_RECEBEDOR';
    c.revisao++;
    recordRevision(ctx, c);
    return c;
  }
  if (c.status !== 'ATIVA') throw invalid(tipo, 'A cobrança não está ATIVA, e a presente requisição busca alterá-la.');
  const merged = checkChargeBody(ctx, kind, mergePatch(c.content, body), body.calendario?.dataDeVencimento !== undefined);
  reviseCharge(ctx, c, merged);
  return c;
}

function getCharge(ctx: Ctx, kind: 'cob' | 'cobv', r: ApiRequest): ApiAnswer {
  const c = chargeMap(ctx, kind).get(r.params.txid);
  if (!c) throw notFound(kind === 'cob' ? 'Cobrança' : 'Cobrança com vencimento');
  if (r.query.revisao !== undefined) {
    const n = /^\d+$/.test(r.query.revisao) ? Number(r.query.revisao) : -1;
    const tipo = kind === 'cob' ? 'CobConsultaInvalida' : 'CobVConsultaInvalida';
    if (n < 0 || n > c.revisao)
      throw invalid(tipo, 'revisao inexistente para esta cobrança.', [
        { razao: 'revisão inexistente', propriedade: 'revisao', valor: r.query.revisao },
      ]);
    if (n < c.revisao) return { status: 200, body: c.history[n] };
  }
  return { status: 200, body: presentChargeFull(ctx, c) };
}

function listCharges(ctx: Ctx, kind: 'cob' | 'cobv', r: ApiRequest): ApiAnswer {
  const tipo = kind === 'cob' ? 'CobConsultaInvalida' : 'CobVConsultaInvalida';
  const q = r.query;
  const w = timeWindow(q, tipo)!;
  const byDoc = documentFilter(q, tipo);
  const items = [...chargeMap(ctx, kind).values()].filter(
    (c) =>
      inWindow(w, c.criacao) &&
      (!byDoc || byDoc(c.content.devedor)) &&
      (q.status === undefined || c.status === q.status) &&
      q.locationPresente !== 'false' &&
      (q.loteCobVId === undefined || c.loteId === q.loteCobVId),
  );
  const { page, paginacao } = paginate(items, q, tipo);
  return {
    status: 200,
    body: {
      parametros: { inicio: w.inicio, fim: w.fim, ...filtersEcho(q, ['cpf', 'cnpj', 'locationPresente', 'status']), paginacao },
      cobs: page.map((c) => presentChargeFull(ctx, c)),
    },
  };
}

const putCob: Handler = (ctx, r) => ({ status: 201, body: presentCharge(ctx, putCharge(ctx, 'cob', r.params.txid, r.body)) });
const patchCob: Handler = (ctx, r) => ({ status: 200, body: presentCharge(ctx, patchCharge(ctx, 'cob', r.params.txid, r.body)) });
const putCobv: Handler = (ctx, r) => ({ status: 201, body: presentCharge(ctx, putCharge(ctx, 'cobv', r.params.txid, r.body)) });
const patchCobv: Handler = (ctx, r) => ({ status: 200, body: presentCharge(ctx, patchCharge(ctx, 'cobv', r.params.txid, r.body)) });

// ============================================================================ lotecobv

const loteIdOut = (id: string): string | number => (/^\d{1,15}$/.test(id) ? Number(id) : id);

function checkLoteBody(body: unknown, creating: boolean): { descricao?: string; cobsv: Json[] } {
  const c = new Check();
  if (!isObj(body)) throw invalid('LoteCobVOperacaoInvalida', 'O corpo deve ser um objeto JSON.');
  if (creating || body.descricao !== undefined) checkString(c, 'descricao', body.descricao, 1000, creating);
  if (!Array.isArray(body.cobsv) || body.cobsv.length === 0) c.add('cobsv', 'deve ser uma lista não vazia de cobranças');
  else {
    const seen = new Set<string>();
    body.cobsv.forEach((x: unknown, i: number) => {
      if (!isObj(x) || typeof x.txid !== 'string' || !TXID_RE.test(x.txid)) {
        c.add(`cobsv[${i}].txid`, 'txid inválido', isObj(x) ? x.txid : x);
        return;
      }
      if (seen.has(x.txid)) c.add(`cobsv[${i}].txid`, 'txid repetido no lote', x.txid);
      seen.add(x.txid);
    });
  }
  c.throwIfAny('LoteCobVOperacaoInvalida', 'O lote não respeita o schema.');
  return body as { descricao?: string; cobsv: Json[] };
}

/** Each cobv of a lote processed as its own PUT/PATCH: CRIADA, or NEGADA with the problem it would have got. */
function processLoteItem(ctx: Ctx, lote: SimLote, item: Json, mode: 'put' | 'patch'): void {
  const { txid, ...body } = item;
  const entry: SimLoteItem = lote.items.get(txid) ?? { txid, status: 'EM_PROCESSAMENTO' };
  lote.items.set(txid, entry);
  try {
    const c =
      mode === 'put' ? putCharge(ctx, 'cobv', txid, body, { loteId: lote.id }) : patchCharge(ctx, 'cobv', txid, body, { loteId: lote.id });
    entry.status = 'CRIADA';
    entry.criacao = c.criacao;
    delete entry.problema;
  } catch (e) {
    if (!(e instanceof PixProblem)) throw e;
    entry.status = 'NEGADA';
    entry.problema = e.toJson();
  }
}

const putLote: Handler = (ctx, r) => {
  const id = r.params.id;
  const body = checkLoteBody(r.body, true);
  const txids = body.cobsv.map((x) => x.txid as string);
  let lote = ctx.sim.lotes.get(id);
  if (lote) {
    const same = txids.length === lote.items.size && txids.every((t) => lote!.items.has(t));
    if (!same) throw invalid('LoteCobVOperacaoInvalida', 'O lote já existe e a requisição não referencia exatamente as mesmas cobranças.');
  } else {
    const taken = txids.filter((t) => txidOwner(ctx, t));
    if (taken.length)
      throw invalid(
        'LoteCobVOperacaoInvalida',
        'Pelo menos uma cobrança do lote já encontra-se criada.',
        taken.map((t) => ({ razao: 'cobrança já criada', propriedade: 'cobsv.txid', valor: t })),
      );
    lote = {
      id,
      descricao: body.descricao!,
      criacao: nowIso(ctx),
      items: new Map(txids.map((t) => [t, { txid: t, status: 'EM_PROCESSAMENTO' as const }])),
    };
    ctx.sim.lotes.set(id, lote);
  }
  lote.descricao = body.descricao!;
  for (const item of body.cobsv) processLoteItem(ctx, lote, item, 'put');
  return { status: 202 };
};

const patchLote: Handler = (ctx, r) => {
  const lote = ctx.sim.lotes.get(r.params.id);
  if (!lote) throw notFound('Lote');
  const body = checkLoteBody(r.body, false);
  const foreign = body.cobsv.filter((x) => !lote.items.has(x.txid));
  if (foreign.length)
    throw invalid(
      'LoteCobVOperacaoInvalida',
      'A requisição contém cobranças que não pertencem ao lote.',
      foreign.map((x) => ({ razao: 'não pertence ao lote', propriedade: 'cobsv.txid', valor: x.txid })),
    );
  if (body.descricao !== undefined) lote.descricao = body.descricao;
  for (const item of body.cobsv) processLoteItem(ctx, lote, item, 'patch');
  return { status: 202 };
};

const presentLote = (l: SimLote): Json => ({
  id: loteIdOut(l.id),
  descricao: l.descricao,
  criacao: l.criacao,
  cobsv: [...l.items.values()].map((i) => ({
    txid: i.txid,
    status: i.status,
    ...(i.criacao ? { criacao: i.criacao } : {}),
    ...(i.problema ? { problema: i.problema } : {}),
  })),
});

const getLote: Handler = (ctx, r) => {
  const lote = ctx.sim.lotes.get(r.params.id);
  if (!lote) throw notFound('Lote');
  return { status: 200, body: presentLote(lote) };
};

// ============================================================================ pix received and devoluções

function presentDevolucao(d: SimDevolucao): Json {
  return {
    id: d.id,
    rtrId: d.rtrId,
    valor: d.valor,
    natureza: d.natureza,
    ...(d.descricao !== undefined ? { descricao: d.descricao } : {}),
    horario: { ...d.horario },
    status: d.status,
    ...(d.motivo ? { motivo: d.motivo } : {}),
  };
}

function presentPix(p: SimPix): Json {
  if (p.kind === 'cobr') {
    return {
      endToEndId: p.endToEndId,
      txid: p.txid,
      valor: p.valor,
      horario: p.horario,
      ...(p.devolucoes.length ? { devolucoes: p.devolucoes.map(presentDevolucao) } : {}),
    };
  }
  return {
    endToEndId: p.endToEndId,
    ...(p.txid ? { txid: p.txid } : {}),
    valor: p.valor,
    ...(p.componentesValor ? { componentesValor: p.componentesValor } : {}),
    chave: p.chave,
    horario: p.horario,
    ...(p.infoPagador ? { infoPagador: p.infoPagador } : {}),
    ...(p.pagador ? { pagador: p.pagador } : {}),
    ...(p.devolucoes.length ? { devolucoes: p.devolucoes.map(presentDevolucao) } : {}),
  };
}

const listPixHandler: Handler = (ctx, r) => {
  const tipo = 'PixConsultaInvalida';
  const q = r.query;
  const w = timeWindow(q, tipo)!;
  const byDoc = documentFilter(q, tipo);
  if (q.txid !== undefined && !/^[a-zA-Z0-9]{1,35}$/.test(q.txid))
    throw invalid(tipo, 'txid inválido.', [{ razao: 'txid inválido', propriedade: 'txid', valor: q.txid }]);
  const items = [...ctx.sim.pix.values()]
    .filter(
      (p) =>
        inWindow(w, p.horario) &&
        (q.txid === undefined || p.txid === q.txid) &&
        (q.txIdPresente === undefined || (q.txIdPresente === 'true') === !!p.txid) &&
        (q.devolucaoPresente === undefined || (q.devolucaoPresente === 'true') === p.devolucoes.length > 0) &&
        (!byDoc || byDoc(p.pagador)),
    )
    .sort((a, b) => Date.parse(a.horario) - Date.parse(b.horario) || a.endToEndId.localeCompare(b.endToEndId));
  const { page, paginacao } = paginate(items, q, tipo);
  return {
    status: 200,
    body: {
      parametros: {
        inicio: w.inicio,
        fim: w.fim,
        ...filtersEcho(q, ['txid', 'txIdPresente', 'devolucaoPresente', 'cpf', 'cnpj']),
        paginacao,
      },
      pix: page.map(presentPix),
    },
  };
};

const getPixHandler: Handler = (ctx, r) => {
  const p = ctx.sim.pix.get(r.params.e2eid);
  if (!p) throw notFound('Pix');
  return { status: 200, body: presentPix(p) };
};

function settleDevolucao(ctx: Ctx, d: SimDevolucao, status: 'DEVOLVIDO' | 'NAO_REALIZADO', motivo?: string): void {
  d.status = status;
  if (status === 'DEVOLVIDO') d.horario.liquidacao = nowIso(ctx);
  else d.motivo = motivo ?? 'Devolução não realizada (simulador)';
}

const putDevolucaoHandler: Handler = (ctx, r) => {
  const tipo = 'PixDevolucaoInvalida';
  const { e2eid, id } = r.params;
  const p = ctx.sim.pix.get(e2eid);
  if (!p) throw notFound('Pix');
  if (!DEVOLUCAO_ID_RE.test(id))
    throw invalid(tipo, 'id deve ter de 1 a 35 caracteres [a-zA-Z0-9].', [{ razao: 'id inválido', propriedade: 'id', valor: id }]);
  const body = r.body;
  if (!isObj(body)) throw invalid(tipo, 'O corpo deve ser um objeto JSON.');
  const key = `${e2eid}/${id}`;
  const existing = ctx.sim.devolucoes.get(key);
  if (existing) {
    if (canonical(existing.request) === canonical(body)) return { status: 201, body: presentDevolucao(existing) };
    throw invalid(tipo, 'O id já foi utilizado por outra requisição de devolução deste Pix.', [
      { razao: 'id já utilizado', propriedade: 'id', valor: id },
    ]);
  }
  const c = new Check();
  const cents = checkValor(c, 'valor', body.valor, { required: true });
  const natureza = body.natureza ?? 'ORIGINAL';
  if (natureza !== 'ORIGINAL' && natureza !== 'RETIRADA') c.add('natureza', 'deve ser ORIGINAL ou RETIRADA', natureza);
  if (natureza === 'RETIRADA' && !(p.componentesValor?.saque || p.componentesValor?.troco))
    c.add('natureza', 'o Pix não tem saque ou troco', natureza);
  checkString(c, 'descricao', body.descricao, 140);
  c.throwIfAny(tipo, 'A requisição de devolução não respeita o schema.');
  const refunded = p.devolucoes.filter((d) => d.status !== 'NAO_REALIZADO').reduce((s, d) => s + valorToCents(d.valor), 0);
  if (refunded + cents! > valorToCents(p.valor)) {
    throw invalid(tipo, 'A devolução, com as devoluções anteriores, excederia o valor do Pix.', [
      { razao: `disponível para devolução: ${centsToValor(valorToCents(p.valor) - refunded)}`, propriedade: 'valor', valor: body.valor },
    ]);
  }
  if (ctx.now().getTime() > Date.parse(p.horario) + 90 * 86_400_000)
    throw invalid(tipo, 'A janela de 90 dias para devolução deste Pix terminou.');
  const d: SimDevolucao = {
    e2eid,
    id,
    rtrId: newId(ctx, 'D', ctx.o.ispb, stamp(ctx.now())),
    valor: body.valor,
    natureza,
    ...(body.descricao !== undefined ? { descricao: body.descricao } : {}),
    horario: { solicitacao: nowIso(ctx) },
    status: 'EM_PROCESSAMENTO',
    request: structuredClone(body),
  };
  ctx.sim.devolucoes.set(key, d);
  p.devolucoes.push(d);
  const answer = presentDevolucao(d);
  return ctx.o.instantRefunds
    ? { status: 201, body: answer, after: () => settleRefunds(ctx, [d], 'DEVOLVIDO') }
    : { status: 201, body: answer };
};

const getDevolucaoHandler: Handler = (ctx, r) => {
  if (!ctx.sim.pix.has(r.params.e2eid)) throw notFound('Pix');
  const d = ctx.sim.devolucoes.get(`${r.params.e2eid}/${r.params.id}`);
  if (!d) throw notFound('Devolução');
  return { status: 200, body: presentDevolucao(d) };
};

/** Settles refunds and notifies each affected Pix once, with all its devoluções (spec: a final status fires the pix callback). */
async function settleRefunds(ctx: Ctx, list: SimDevolucao[], status: 'DEVOLVIDO' | 'NAO_REALIZADO', motivo?: string): Promise<number> {
  const pending = list.filter((d) => d.status === 'EM_PROCESSAMENTO');
  for (const d of pending) settleDevolucao(ctx, d, status, motivo);
  const affected = [...new Set(pending.map((d) => d.e2eid))].map((e) => ctx.sim.pix.get(e)!).filter((p) => p.txid);
  if (affected.length) await deliver(ctx, 'pix', { pix: affected.map(presentPix) }, { chave: ctx.o.chave });
  return pending.length;
}

// ============================================================================ paying (the payer's side)

/**
 * What the payer pays and its breakdown. A cobv's default is the amount due on the day of payment
 * as src/psp/cobv-terms.ts reads the spec's arithmetic (pspAmountOn); a test about that arithmetic
 * passes valorCents instead of relying on it. Modalities it does not model fall back to the original.
 */
function amountPaid(c: SimCharge, valorCents: number | undefined, at: Date): { valor: string; componentesValor: Json } {
  const v = c.content.valor;
  const original = valorToCents(v.original);
  let paid = valorCents ?? original;
  const late = c.kind === 'cobv' && businessDate(at) > c.content.calendario.dataDeVencimento;
  if (valorCents === undefined && c.kind === 'cobv') {
    try {
      paid = pspAmountOn(v, c.content.calendario.dataDeVencimento, businessDate(at));
    } catch {
      paid = original;
    }
  }
  const componentesValor: Json = { original: { valor: centsToValor(original) } };
  let base = original;
  if (c.kind === 'cobv' && v.abatimento) {
    const a = valorToCents(v.abatimento.valorPerc);
    const cut = v.abatimento.modalidade === 1 ? a : Math.round((original * a) / 10_000);
    if (cut > 0) componentesValor.abatimento = { valor: centsToValor(cut) };
    base = Math.max(0, original - cut);
  }
  if (paid > base) {
    let rest = paid - base;
    if (late && v.multa) {
      const m = valorToCents(v.multa.valorPerc);
      const multa = Math.min(rest, v.multa.modalidade === 1 ? m : Math.round((base * m) / 10_000));
      if (multa > 0) componentesValor.multa = { valor: centsToValor(multa) };
      rest -= multa;
    }
    if (rest > 0) componentesValor.juros = { valor: centsToValor(rest) };
  } else if (paid < base) componentesValor.desconto = { valor: centsToValor(base - paid) };
  return { valor: centsToValor(paid), componentesValor };
}

function checkPayable(c: SimCharge, at: Date): void {
  if (c.status === 'REMOVIDA_PELO_USUARIO_RECEBEDOR' || c.status === 'REMOVIDA_PELO_PSP')
    throw new Error(`psp simulator: ${c.kind} ${c.txid} is ${c.status}: it cannot be paid`);
  if (c.kind === 'cob') {
    const expires = Date.parse(c.criacao) + (c.content.calendario?.expiracao ?? 86400) * 1000;
    if (at.getTime() > expires)
      throw new Error(`psp simulator: cob ${c.txid} expired at ${iso(new Date(expires))}: it cannot be paid at ${iso(at)}`);
  } else {
    const last = addDays(c.content.calendario.dataDeVencimento, c.content.calendario.validadeAposVencimento ?? 30);
    if (businessDate(at) > last) throw new Error(`psp simulator: cobv ${c.txid} can be paid until ${last}, not on ${businessDate(at)}`);
  }
}

async function pay(ctx: Ctx, txid: string, o: PayOptions = {}): Promise<string[]> {
  const c = ctx.sim.cobs.get(txid) ?? ctx.sim.cobvs.get(txid);
  if (!c) throw new Error(`psp simulator: no cob or cobv ${txid}`);
  const at = o.horario === undefined ? ctx.now() : new Date(o.horario);
  checkPayable(c, at);
  const made: SimPix[] = [];
  for (let i = 0; i < (o.times ?? 1); i++) {
    const p: SimPix = {
      endToEndId: newE2e(ctx, ctx.o.payerIspb, at),
      txid,
      ...amountPaid(c, o.valorCents, at),
      chave: ctx.o.chave,
      horario: iso(at),
      ...(o.infoPagador ? { infoPagador: o.infoPagador } : {}),
      ...(o.pagador ? { pagador: { ...o.pagador } } : {}),
      devolucoes: [],
      kind: c.kind,
    };
    ctx.sim.pix.set(p.endToEndId, p);
    c.pix.push(p.endToEndId);
    made.push(p);
  }
  c.status = 'CONCLUIDA';
  await deliver(ctx, 'pix', { pix: made.map(presentPix) }, { chave: c.content.chave, drop: o.dropWebhook });
  return made.map((p) => p.endToEndId);
}

// ============================================================================ webhooks (configuration and callbacks)

function checkWebhookUrl(body: unknown, tipo: string): string {
  const url = isObj(body) ? body.webhookUrl : undefined;
  let ok = false;
  try {
    ok = typeof url === 'string' && ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok)
    throw invalid(tipo, 'Campo webhookUrl não respeita o schema.', [
      { razao: 'deve ser uma URL http(s)', propriedade: 'webhookUrl', valor: String(url) },
    ]);
  return url as string;
}

const putWebhookHandler: Handler = (ctx, r) => {
  const tipo = 'WebhookOperacaoInvalida';
  if (r.params.chave !== ctx.o.chave)
    throw invalid(tipo, 'A chave não pertence a este usuário recebedor.', [
      { razao: 'chave de outro recebedor', propriedade: 'chave', valor: r.params.chave },
    ]);
  const webhookUrl = checkWebhookUrl(r.body, tipo);
  const previous = ctx.sim.webhooks.pix.get(r.params.chave);
  ctx.sim.webhooks.pix.set(r.params.chave, { webhookUrl, chave: r.params.chave, criacao: previous?.criacao ?? nowIso(ctx) });
  return { status: 200 };
};

const getWebhookHandler: Handler = (ctx, r) => {
  const w = ctx.sim.webhooks.pix.get(r.params.chave);
  if (!w) throw notFound('Webhook');
  return { status: 200, body: { webhookUrl: w.webhookUrl, chave: w.chave, criacao: w.criacao } };
};

const deleteWebhookHandler: Handler = (ctx, r) => {
  if (!ctx.sim.webhooks.pix.delete(r.params.chave)) throw notFound('Webhook');
  return { status: 204 };
};

const listWebhooksHandler: Handler = (ctx, r) => {
  const w = timeWindow(r.query, 'WebhookConsultaInvalida', false);
  const items = [...ctx.sim.webhooks.pix.values()].filter((x) => inWindow(w, x.criacao));
  const { page, paginacao } = paginate(items, r.query, 'WebhookConsultaInvalida');
  return {
    status: 200,
    body: {
      parametros: { ...(w ? { inicio: w.inicio, fim: w.fim } : {}), paginacao },
      webhooks: page.map((x) => ({ webhookUrl: x.webhookUrl, chave: x.chave, criacao: x.criacao })),
    },
  };
};

function singleWebhookHandlers(kind: 'rec' | 'cobr'): { put: Handler; get: Handler; del: Handler } {
  const tipo = kind === 'rec' ? 'WebhookRecOperacaoInvalida' : 'WebhookCobROperacaoInvalida';
  return {
    put: (ctx, r) => {
      const webhookUrl = checkWebhookUrl(r.body, tipo);
      ctx.sim.webhooks[kind] = { webhookUrl, criacao: ctx.sim.webhooks[kind]?.criacao ?? nowIso(ctx) };
      return { status: 200 };
    },
    get: (ctx) => {
      const w = ctx.sim.webhooks[kind];
      if (!w) throw notFound('Webhook');
      return { status: 200, body: { webhookUrl: w.webhookUrl, criacao: w.criacao } };
    },
    del: (ctx) => {
      if (!ctx.sim.webhooks[kind]) throw notFound('Webhook');
      ctx.sim.webhooks[kind] = null;
      return { status: 204 };
    },
  };
}

/** {webhookUrl}/pix, keeping any query string of the registered URL. */
function callbackUrl(webhookUrl: string, kind: CallbackKind): string {
  const u = new URL(webhookUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${kind}`;
  return u.toString();
}

function postCallback(ctx: Ctx, url: string, payload: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const common = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(payload.length) },
      agent: false as const,
      timeout: ctx.o.webhookTimeoutMs,
    };
    const t = ctx.o.webhookTls;
    const ca = t?.ca === undefined ? [ctx.sim.pki.ca.certPem] : Array.isArray(t.ca) ? t.ca : [t.ca];
    const req =
      u.protocol === 'https:'
        ? https.request(u, { ...common, ca: [...tls.rootCertificates, ...ca], ...(t?.cert ? { cert: t.cert, key: t.key } : {}) })
        : http.request(u, common);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ctx.o.webhookTimeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.end(payload);
  });
}

/**
 * POSTs a callback to the webhook registered for its kind (for Pix: for the key), checked against
 * the spec; resolves once the receiver answered. Null when no webhook is registered.
 */
async function deliver(
  ctx: Ctx,
  kind: CallbackKind,
  body: Json,
  o: { chave?: string; drop?: boolean; force?: boolean } = {},
): Promise<WebhookDelivery | null> {
  const hook = kind === 'pix' ? ctx.sim.webhooks.pix.get(o.chave ?? ctx.o.chave) : ctx.sim.webhooks[kind];
  if (!hook) return null;
  if (ctx.spec) ctx.sim.violations.push(...ctx.spec.validateCallback(kind, body));
  const payload = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (ctx.o.webhookHmacSecret)
    headers['x-pix-signature'] = `sha256=${createHmac('sha256', ctx.o.webhookHmacSecret).update(payload).digest('hex')}`;
  const d: WebhookDelivery = {
    at: nowIso(ctx),
    kind,
    url: callbackUrl(hook.webhookUrl, kind),
    body,
    headers,
    status: null,
    dropped: !o.force && (o.drop === true || ctx.dropAll),
  };
  ctx.sim.webhookDeliveries.push(d);
  if (d.dropped) return d;
  const sending = postCallback(ctx, d.url, payload, headers).then(
    (res) => {
      d.status = res.status;
      d.responseBody = res.body;
    },
    (e: Error) => {
      d.error = e.message;
    },
  );
  track(ctx, sending);
  await sending;
  return d;
}

// ============================================================================ Pix Automático: locrec

const postLocRecHandler: Handler = (ctx) => {
  const id = ctx.seq.locrec++;
  const l: SimLocRec = { id, location: `${ctx.o.locationHost}/qr/v2/rec/${randomBytes(16).toString('hex')}`, criacao: nowIso(ctx) };
  ctx.sim.locrecs.set(id, l);
  return { status: 201, body: { id: l.id, location: l.location, criacao: l.criacao } };
};

const presentLocRec = (l: SimLocRec): Json => ({
  id: l.id,
  location: l.location,
  criacao: l.criacao,
  ...(l.idRec ? { idRec: l.idRec } : {}),
});

const getLocRecHandler: Handler = (ctx, r) => {
  const l = /^\d+$/.test(r.params.id) ? ctx.sim.locrecs.get(Number(r.params.id)) : undefined;
  if (!l) throw notFound('Location');
  return { status: 200, body: presentLocRec(l) };
};

// ============================================================================ Pix Automático: rec

const REC_FINAL: RecStatus[] = ['REJEITADA', 'EXPIRADA', 'CANCELADA'];

function checkRecBody(ctx: Ctx, b: Json): void {
  const c = new Check();
  if (!isObj(b.vinculo)) c.add('vinculo', 'obrigatório');
  else {
    checkString(c, 'vinculo.contrato', b.vinculo.contrato, 35, true);
    checkString(c, 'vinculo.objeto', b.vinculo.objeto, 35);
    checkPessoa(c, 'vinculo.devedor', b.vinculo.devedor, { required: true, maxNome: 140 });
  }
  if (!isObj(b.calendario)) c.add('calendario', 'obrigatório');
  else {
    const cal = b.calendario;
    if (checkDate(c, 'calendario.dataInicial', cal.dataInicial) && cal.dataInicial < today(ctx))
      c.add('calendario.dataInicial', 'anterior à data de criação da recorrência', cal.dataInicial);
    if (checkDate(c, 'calendario.dataFinal', cal.dataFinal, false) && isDate(cal.dataInicial) && cal.dataFinal < cal.dataInicial)
      c.add('calendario.dataFinal', 'anterior a dataInicial', cal.dataFinal);
    if (!['SEMANAL', 'MENSAL', 'TRIMESTRAL', 'SEMESTRAL', 'ANUAL'].includes(cal.periodicidade))
      c.add('calendario.periodicidade', 'não respeita o schema', cal.periodicidade);
  }
  if (b.valor !== undefined) {
    if (!isObj(b.valor)) c.add('valor', 'deve ser um objeto');
    else {
      checkValor(c, 'valor.valorRec', b.valor.valorRec);
      checkValor(c, 'valor.valorMinimoRecebedor', b.valor.valorMinimoRecebedor);
      if (b.valor.valorRec !== undefined && b.valor.valorMinimoRecebedor !== undefined)
        c.add('valor', 'valorRec e valorMinimoRecebedor não podem estar ambos preenchidos');
    }
  }
  if (b.recebedor !== undefined && !isObj(b.recebedor)) c.add('recebedor', 'deve ser um objeto');
  else checkString(c, 'recebedor.convenio', b.recebedor?.convenio, 60);
  if (!['NAO_PERMITE', 'PERMITE_3R_7D'].includes(b.politicaRetentativa))
    c.add('politicaRetentativa', 'não respeita o schema', b.politicaRetentativa);
  if (b.loc !== undefined) {
    const l = Number.isSafeInteger(b.loc) ? ctx.sim.locrecs.get(b.loc) : undefined;
    if (!l) c.add('loc', 'o location referenciado inexiste', b.loc);
    else if (l.idRec) c.add('loc', 'o location referenciado já está sendo utilizado por outra recorrência', b.loc);
  }
  if (b.ativacao !== undefined) {
    const txid = b.ativacao?.dadosJornada?.txid;
    const cob = typeof txid === 'string' ? ctx.sim.cobs.get(txid) : undefined;
    if (!cob) c.add('ativacao.dadosJornada.txid', 'deve ser o txid de uma cobrança imediata (cob) existente', txid);
    else if (cob.status !== 'ATIVA') c.add('ativacao.dadosJornada.txid', 'a cobrança imediata não está ATIVA', txid);
  }
  c.throwIfAny('RecOperacaoInvalida', 'A recorrência não respeita o schema ou está semanticamente errada.');
}

function recebedorPj(ctx: Ctx, convenio?: string): Json {
  return { cnpj: ctx.o.recebedor.cnpj, nome: ctx.o.recebedor.nome, ...(convenio ? { convenio } : {}) };
}

function presentRec(ctx: Ctx, r: SimRec): Json {
  return {
    idRec: r.idRec,
    vinculo: r.vinculo,
    calendario: r.calendario,
    ...(r.valor ? { valor: r.valor } : {}),
    recebedor: recebedorPj(ctx, r.convenio),
    politicaRetentativa: r.politicaRetentativa,
    status: r.status,
    ...(r.loc ? { loc: presentLocRec(r.loc) } : {}),
    atualizacao: r.atualizacao.map((a) => ({ ...a })),
    ...(r.encerramento ? { encerramento: r.encerramento } : {}),
    ativacao: { tipoJornada: r.ativacao.tipoJornada, ...(r.ativacao.dadosJornada ? { dadosJornada: { ...r.ativacao.dadosJornada } } : {}) },
  };
}

/** RecCompleta: with the payer (once approved) and the confirmation requests. */
function presentRecFull(ctx: Ctx, r: SimRec): Json {
  return {
    ...presentRec(ctx, r),
    ...(r.pagador ? { pagador: r.pagador } : {}),
    ...(r.solicitacoes.length ? { solicitacao: r.solicitacoes.map((id) => presentSolicRec(ctx.sim.solicrecs.get(id)!)) } : {}),
  };
}

/** A code with field 80 (the rec's location) added before the CRC: the "QR composto". */
function withRecField(code: string | null, recLocation: string, ctx: Ctx): string {
  const rec = emvField('80', emvField('00', GUI) + emvField('25', recLocation));
  let body: string;
  if (code)
    body = code.slice(0, -8); // drop "6304" + CRC
  else {
    // Jornada 2: a code of the recurrence alone; field 26 carries only the GUI (document's example recResponse3).
    body = [
      emvField('00', '01'),
      emvField('26', emvField('00', GUI)),
      emvField('52', '0000'),
      emvField('53', '986'),
      emvField('58', 'BR'),
      emvField('59', normalizeMerchantText(ctx.o.merchantName, MERCHANT_NAME_MAX, 'merchantName')),
      emvField('60', normalizeMerchantText(ctx.o.merchantCity, MERCHANT_CITY_MAX, 'merchantCity')),
      emvField('62', emvField('05', '***')),
    ].join('');
  }
  const withCrc = `${body}${rec}6304`;
  return withCrc + crc16CcittFalse(withCrc);
}

/** dadosQR per the document's table (GET /rec/{idRec}); undefined without the rec's location. */
function dadosQr(ctx: Ctx, r: SimRec, txidParam: string | undefined): Json | undefined {
  const tipo = 'RecConsultaInvalida';
  const txid = txidParam ?? r.ativacao.dadosJornada?.txid;
  if (txidParam !== undefined) {
    const cob = ctx.sim.cobs.get(txidParam);
    const cobv = ctx.sim.cobvs.get(txidParam);
    if (!cob && !cobv)
      throw invalid(tipo, 'txid não corresponde a uma cobrança.', [
        { razao: 'cobrança inexistente', propriedade: 'txid', valor: txidParam },
      ]);
    if (cobv && r.ativacao.tipoJornada === 'JORNADA_3')
      throw invalid(tipo, 'txid corresponde a uma CobV e a jornada é JORNADA_3.', [
        { razao: 'jornada incompatível', propriedade: 'txid', valor: txidParam },
      ]);
    if (cob && r.ativacao.dadosJornada && r.ativacao.dadosJornada.txid !== txidParam) {
      throw invalid(tipo, 'txid corresponde a uma cobrança imediata diferente de ativacao.dadosJornada.txid.', [
        { razao: 'cobrança diferente', propriedade: 'txid', valor: txidParam },
      ]);
    }
  }
  if (!r.loc) return undefined;
  if (!txid) return { jornada: 'JORNADA_2', pixCopiaECola: withRecField(null, r.loc.location, ctx) };
  const cob = ctx.sim.cobs.get(txid);
  if (cob) return { jornada: 'JORNADA_3', pixCopiaECola: withRecField(chargePayload(ctx, cob), r.loc.location, ctx) };
  const cobv = ctx.sim.cobvs.get(txid)!;
  return { jornada: 'JORNADA_4', pixCopiaECola: withRecField(chargePayload(ctx, cobv), r.loc.location, ctx) };
}

function setRecStatus(ctx: Ctx, r: SimRec, status: RecStatus): void {
  r.status = status;
  r.atualizacao.push({ status, data: nowIso(ctx) });
}

const recNotification = (r: SimRec): Json => ({
  idRec: r.idRec,
  status: r.status,
  atualizacao: r.atualizacao.map((a) => ({ ...a })),
  ...(r.encerramento ? { encerramento: r.encerramento } : {}),
  ativacao: { tipoJornada: r.ativacao.tipoJornada, ...(r.ativacao.dadosJornada ? { dadosJornada: { ...r.ativacao.dadosJornada } } : {}) },
});

const postRecHandler: Handler = (ctx, r) => {
  const b = r.body;
  if (!isObj(b)) throw invalid('RecOperacaoInvalida', 'O corpo deve ser um objeto JSON.');
  checkRecBody(ctx, b);
  const now = ctx.now();
  const idRec = newId(ctx, b.politicaRetentativa === 'PERMITE_3R_7D' ? 'RR' : 'RN', ctx.o.ispb, businessDate(now).replace(/-/g, ''));
  const loc = b.loc !== undefined ? ctx.sim.locrecs.get(b.loc)! : undefined;
  if (loc) loc.idRec = idRec;
  const txid: string | undefined = b.ativacao?.dadosJornada?.txid;
  const rec: SimRec = {
    idRec,
    status: 'CRIADA',
    criacao: iso(now),
    vinculo: structuredClone(b.vinculo),
    calendario: structuredClone(b.calendario),
    ...(b.valor && Object.keys(b.valor).length ? { valor: structuredClone(b.valor) } : {}),
    ...(b.recebedor?.convenio ? { convenio: b.recebedor.convenio } : {}),
    politicaRetentativa: b.politicaRetentativa,
    ...(loc ? { loc } : {}),
    ativacao: txid ? { tipoJornada: 'JORNADA_3', dadosJornada: { txid } } : { tipoJornada: loc ? 'JORNADA_2' : 'JORNADA_1' },
    atualizacao: [{ status: 'CRIADA', data: iso(now) }],
    solicitacoes: [],
  };
  ctx.sim.recs.set(idRec, rec);
  return { status: 201, body: presentRec(ctx, rec) };
};

const getRecHandler: Handler = (ctx, r) => {
  const rec = ctx.sim.recs.get(r.params.idRec);
  if (!rec) throw notFound('Recorrência');
  const qr = dadosQr(ctx, rec, r.query.txid);
  return { status: 200, body: { ...presentRecFull(ctx, rec), ...(qr ? { dadosQR: qr } : {}) } };
};

const patchRecHandler: Handler = (ctx, r) => {
  const tipo = 'RecOperacaoInvalida';
  const rec = ctx.sim.recs.get(r.params.idRec);
  if (!rec) throw notFound('Recorrência');
  const b = r.body;
  if (!isObj(b)) throw invalid(tipo, 'O corpo deve ser um objeto JSON.');
  if (b.status !== undefined && b.status !== 'CANCELADA')
    throw invalid(tipo, 'O campo status não respeita o schema.', [
      { razao: 'deve ser CANCELADA', propriedade: 'status', valor: String(b.status) },
    ]);
  if (b.status === 'CANCELADA' && rec.status === 'CANCELADA' && Object.keys(b).length === 1)
    return { status: 200, body: presentRec(ctx, rec) };
  if (REC_FINAL.includes(rec.status)) throw invalid(tipo, `A recorrência encontra-se ${rec.status}.`);
  const c = new Check();
  if (b.loc !== undefined) {
    const l = Number.isSafeInteger(b.loc) ? ctx.sim.locrecs.get(b.loc) : undefined;
    if (rec.status !== 'CRIADA') c.add('loc', 'somente pode ser alterado com a recorrência CRIADA');
    else if (!l) c.add('loc', 'o location referenciado inexiste', b.loc);
    else if (l.idRec && l.idRec !== rec.idRec) c.add('loc', 'o location referenciado já está sendo utilizado por outra recorrência', b.loc);
  }
  if (b.calendario?.dataInicial !== undefined) {
    if (rec.status !== 'CRIADA') c.add('calendario.dataInicial', 'somente pode ser alterado com a recorrência CRIADA');
    else if (checkDate(c, 'calendario.dataInicial', b.calendario.dataInicial) && b.calendario.dataInicial < today(ctx))
      c.add('calendario.dataInicial', 'anterior à data de criação da recorrência');
  }
  if (b.vinculo?.devedor !== undefined) checkString(c, 'vinculo.devedor.nome', b.vinculo.devedor?.nome, 140, true);
  if (b.ativacao?.dadosJornada !== undefined) {
    const txid = b.ativacao.dadosJornada?.txid;
    if (typeof txid !== 'string' || !ctx.sim.cobs.has(txid))
      c.add('ativacao.dadosJornada.txid', 'deve ser o txid de uma cobrança imediata existente', txid);
  }
  c.throwIfAny(tipo, 'A revisão da recorrência não respeita o schema ou está semanticamente errada.');
  if (b.loc !== undefined) {
    if (rec.loc) delete rec.loc.idRec;
    rec.loc = ctx.sim.locrecs.get(b.loc)!;
    rec.loc.idRec = rec.idRec;
  }
  if (b.calendario?.dataInicial !== undefined) rec.calendario.dataInicial = b.calendario.dataInicial;
  if (b.vinculo?.devedor?.nome !== undefined) rec.vinculo.devedor.nome = b.vinculo.devedor.nome;
  if (b.ativacao?.dadosJornada?.txid) rec.ativacao = { tipoJornada: 'JORNADA_3', dadosJornada: { txid: b.ativacao.dadosJornada.txid } };
  if (b.status === 'CANCELADA') {
    rec.encerramento = {
      cancelamento: { solicitante: 'USUARIO_RECEBEDOR', codigo: 'SLCR', descricao: 'Cancelamento solicitado pelo usuário recebedor' },
    };
    setRecStatus(ctx, rec, 'CANCELADA');
  }
  return { status: 200, body: presentRec(ctx, rec) };
};

const listRecsHandler: Handler = (ctx, r) => {
  const tipo = 'RecConsultaInvalida';
  const q = r.query;
  const w = timeWindow(q, tipo)!;
  const byDoc = documentFilter(q, tipo);
  const items = [...ctx.sim.recs.values()].filter(
    (x) =>
      inWindow(w, x.criacao) &&
      (!byDoc || byDoc(x.vinculo.devedor)) &&
      (q.status === undefined || x.status === q.status) &&
      (q.convenio === undefined || x.convenio === q.convenio) &&
      (q.locationPresente === undefined || (q.locationPresente === 'true') === !!x.loc),
  );
  const { page, paginacao } = paginate(items, q, tipo);
  return {
    status: 200,
    body: {
      parametros: {
        inicio: w.inicio,
        fim: w.fim,
        ...filtersEcho(q, ['cpf', 'cnpj', 'locationPresente', 'status']),
        ...(q.convenio ? { recebedor: { convenio: q.convenio } } : {}),
        paginacao,
      },
      recs: page.map((x) => presentRecFull(ctx, x)),
    },
  };
};

// ============================================================================ Pix Automático: solicrec

function presentSolicRec(s: SimSolicRec): Json {
  return {
    idSolicRec: s.idSolicRec,
    idRec: s.idRec,
    calendario: s.calendario,
    destinatario: s.destinatario,
    status: s.status,
    atualizacao: s.atualizacao.map((a) => ({ ...a })),
  };
}

function setSolicStatus(ctx: Ctx, s: SimSolicRec, status: SolicRecStatus): void {
  s.status = status;
  s.atualizacao.push({ status, data: nowIso(ctx) });
}

const SOLIC_OPEN: SolicRecStatus[] = ['CRIADA', 'ENVIADA', 'RECEBIDA'];
const openSolic = (ctx: Ctx, r: SimRec) =>
  r.solicitacoes.map((id) => ctx.sim.solicrecs.get(id)!).find((s) => SOLIC_OPEN.includes(s.status));

const postSolicRecHandler: Handler = (ctx, r) => {
  const tipo = 'SolicRecOperacaoInvalida';
  const b = r.body;
  if (!isObj(b)) throw invalid(tipo, 'O corpo deve ser um objeto JSON.');
  const c = new Check();
  const rec = typeof b.idRec === 'string' ? ctx.sim.recs.get(b.idRec) : undefined;
  if (!rec) c.add('idRec', 'recorrência inexistente', b.idRec);
  else if (rec.status !== 'CRIADA') c.add('idRec', `a recorrência está ${rec.status}`, b.idRec);
  else if (openSolic(ctx, rec)) c.add('idRec', 'existe uma solicitação ativa referente a esta recorrência', b.idRec);
  const exp = b.calendario?.dataExpiracaoSolicitacao;
  if (!isDateTime(exp)) c.add('calendario.dataExpiracaoSolicitacao', 'deve ser um timestamp RFC 3339', exp);
  else if (Date.parse(exp) <= ctx.now().getTime())
    c.add('calendario.dataExpiracaoSolicitacao', 'anterior à data de criação da solicitação', exp);
  const d = b.destinatario;
  if (!isObj(d)) c.add('destinatario', 'obrigatório');
  else {
    checkString(c, 'destinatario.conta', d.conta, 20, true);
    checkString(c, 'destinatario.agencia', d.agencia, 4);
    if (typeof d.ispbParticipante !== 'string' || !ISPB_RE.test(d.ispbParticipante))
      c.add('destinatario.ispbParticipante', 'deve ter 8 caracteres [0-9A-Z]', d.ispbParticipante);
    if ((d.cpf === undefined) === (d.cnpj === undefined)) c.add('destinatario', 'informe cpf ou cnpj');
    else if (d.cpf !== undefined && !CPF_RE.test(String(d.cpf))) c.add('destinatario.cpf', 'deve ter 11 dígitos', d.cpf);
    else if (d.cnpj !== undefined && !CNPJ_RE.test(String(d.cnpj))) c.add('destinatario.cnpj', 'deve ter 14 caracteres [0-9A-Z]', d.cnpj);
  }
  c.throwIfAny(tipo, 'A solicitação de confirmação da recorrência não respeita o schema ou está semanticamente errada.');
  const now = ctx.now();
  const s: SimSolicRec = {
    idSolicRec: newId(ctx, 'SC', ctx.o.ispb, businessDate(now).replace(/-/g, '')),
    idRec: rec!.idRec,
    calendario: { dataExpiracaoSolicitacao: exp },
    destinatario: structuredClone(d),
    status: 'CRIADA',
    atualizacao: [{ status: 'CRIADA', data: iso(now) }],
  };
  ctx.sim.solicrecs.set(s.idSolicRec, s);
  rec!.solicitacoes.push(s.idSolicRec);
  rec!.ativacao = { tipoJornada: 'JORNADA_1' };
  return { status: 201, body: presentSolicRec(s) };
};

const getSolicRecHandler: Handler = (ctx, r) => {
  const s = ctx.sim.solicrecs.get(r.params.idSolicRec);
  if (!s) throw notFound('Solicitação de recorrência');
  return { status: 200, body: presentSolicRec(s) };
};

const patchSolicRecHandler: Handler = (ctx, r) => {
  const tipo = 'SolicRecOperacaoInvalida';
  const s = ctx.sim.solicrecs.get(r.params.idSolicRec);
  if (!s) throw notFound('Solicitação de recorrência');
  if (!isObj(r.body) || r.body.status !== 'CANCELADA')
    throw invalid(tipo, 'status deve ser CANCELADA.', [{ razao: 'deve ser CANCELADA', propriedade: 'status' }]);
  if (s.status !== 'CANCELADA') {
    if (!SOLIC_OPEN.includes(s.status))
      throw invalid(tipo, 'Não é possível cancelar uma solicitação com status diferente de CRIADA, ENVIADA ou RECEBIDA.');
    setSolicStatus(ctx, s, 'CANCELADA');
  }
  return { status: 201, body: presentSolicRec(s) };
};

// ============================================================================ Pix Automático: cobr

const COBR_OPEN_TRY: TentativaStatus[] = ['SOLICITADA', 'AGENDADA'];
const openTry = (c: SimCobr) => c.tentativas.find((t) => COBR_OPEN_TRY.includes(t.status));

function checkCobrBody(ctx: Ctx, txid: string, b: Json): SimRec {
  const tipo = 'CobROperacaoInvalida';
  const c = new Check();
  let rec: SimRec | undefined;
  if (typeof b.idRec !== 'string' || !REC_ID_RE.test(b.idRec)) c.add('idRec', 'deve ter 29 caracteres [a-zA-Z0-9]', b.idRec);
  else {
    rec = ctx.sim.recs.get(b.idRec);
    if (!rec) c.add('idRec', 'recorrência inexistente', b.idRec);
    else if (rec.status !== 'APROVADA') c.add('idRec', `a recorrência está ${rec.status}, não APROVADA`, b.idRec);
  }
  checkString(c, 'infoAdicional', b.infoAdicional, 140);
  const due = b.calendario?.dataDeVencimento;
  if (!isObj(b.calendario)) c.add('calendario', 'obrigatório');
  else if (checkDate(c, 'calendario.dataDeVencimento', due)) {
    // The window of Pix Automático: sent 10 to 2 days before the due date.
    const t = today(ctx);
    if (due < addDays(t, 2) || due > addDays(t, 10))
      c.add(
        'calendario.dataDeVencimento',
        `deve estar entre ${addDays(t, 2)} e ${addDays(t, 10)} (de 10 a 2 dias antes do vencimento)`,
        due,
      );
    if (rec && (due < rec.calendario.dataInicial || (rec.calendario.dataFinal && due > rec.calendario.dataFinal)))
      c.add('calendario.dataDeVencimento', 'fora do calendário da recorrência', due);
  }
  if (!isObj(b.valor)) c.add('valor', 'obrigatório');
  else {
    const cents = checkValor(c, 'valor.original', b.valor.original, { required: true });
    if (rec?.valor?.valorRec && cents !== null && cents !== valorToCents(rec.valor.valorRec))
      c.add('valor.original', `deve ser o valor fixo da recorrência (${rec.valor.valorRec})`, b.valor.original);
  }
  if (typeof b.ajusteDiaUtil !== 'boolean') c.add('ajusteDiaUtil', 'obrigatório (booleano)', b.ajusteDiaUtil);
  if (!isObj(b.recebedor)) c.add('recebedor', 'obrigatório');
  else {
    checkString(c, 'recebedor.conta', b.recebedor.conta, 20, true);
    checkString(c, 'recebedor.agencia', b.recebedor.agencia, 4);
    if (!['CORRENTE', 'POUPANCA', 'PAGAMENTO'].includes(b.recebedor.tipoConta))
      c.add('recebedor.tipoConta', 'deve ser CORRENTE, POUPANCA ou PAGAMENTO', b.recebedor.tipoConta);
  }
  if (b.devedor !== undefined) {
    if (!isObj(b.devedor)) c.add('devedor', 'deve ser um objeto');
    else checkEndereco(c, 'devedor', b.devedor);
  }
  c.throwIfAny(tipo, 'A cobrança recorrente não respeita o schema ou está semanticamente errada.');
  const sameCycle = [...ctx.sim.cobrs.values()].find(
    (x) =>
      x.txid !== txid &&
      x.idRec === rec!.idRec &&
      !['REJEITADA', 'CANCELADA'].includes(x.status) &&
      periodOf(rec!.calendario.periodicidade, x.content.calendario.dataDeVencimento) === periodOf(rec!.calendario.periodicidade, due),
  );
  if (sameCycle)
    throw invalid(tipo, `Existe a cobrança recorrente ${sameCycle.txid} (${sameCycle.status}) da mesma recorrência no mesmo ciclo.`, [
      { razao: 'cobrança no mesmo ciclo', propriedade: 'calendario.dataDeVencimento', valor: due },
    ]);
  return rec!;
}

function setCobrStatus(ctx: Ctx, c: SimCobr, status: CobRStatus): void {
  c.status = status;
  c.atualizacao.push({ status, data: nowIso(ctx) });
}

function setTryStatus(ctx: Ctx, t: SimTentativa, status: TentativaStatus): void {
  t.status = status;
  t.atualizacao.push({ status, data: nowIso(ctx) });
}

function newTentativa(ctx: Ctx, tipo: SimTentativa['tipo'], date: string, status: TentativaStatus): SimTentativa {
  return {
    dataLiquidacao: date,
    tipo,
    status,
    endToEndId: newE2e(ctx, ctx.o.ispb, new Date(`${date}T12:00:00Z`)),
    atualizacao: [{ status, data: nowIso(ctx) }],
  };
}

function presentCobr(ctx: Ctx, c: SimCobr): Json {
  const k = c.content;
  return {
    idRec: c.idRec,
    txid: c.txid,
    ...(k.infoAdicional !== undefined ? { infoAdicional: k.infoAdicional } : {}),
    calendario: { criacao: c.criacao, dataDeVencimento: k.calendario.dataDeVencimento },
    valor: { original: k.valor.original },
    ajusteDiaUtil: k.ajusteDiaUtil,
    recebedor: { ...k.recebedor, cnpj: ctx.o.recebedor.cnpj, nome: ctx.o.recebedor.nome },
    ...(k.devedor ? { devedor: k.devedor } : {}),
    status: c.status,
  };
}

/** CobRCompleta: with the retry policy, history, attempts and the Pix that paid it. */
function presentCobrFull(ctx: Ctx, c: SimCobr): Json {
  return {
    ...presentCobr(ctx, c),
    politicaRetentativa: ctx.sim.recs.get(c.idRec)!.politicaRetentativa,
    atualizacao: c.atualizacao.map((a) => ({ ...a })),
    ...(c.encerramento ? { encerramento: c.encerramento } : {}),
    tentativas: c.tentativas.map(presentTentativa),
    ...(c.pix.length ? { pix: c.pix.map((e) => presentPix(ctx.sim.pix.get(e)!)) } : {}),
  };
}

const presentTentativa = (t: SimTentativa): Json => ({
  dataLiquidacao: t.dataLiquidacao,
  tipo: t.tipo,
  status: t.status,
  endToEndId: t.endToEndId,
  atualizacao: t.atualizacao.map((a) => ({ ...a })),
  ...(t.rejeicao ? { rejeicao: t.rejeicao } : {}),
});

const cobrNotification = (ctx: Ctx, c: SimCobr): Json => ({
  idRec: c.idRec,
  txid: c.txid,
  status: c.status,
  atualizacao: c.atualizacao.map((a) => ({ ...a })),
  ...(c.encerramento ? { encerramento: c.encerramento } : {}),
  tentativas: c.tentativas.map(presentTentativa),
  ...(c.pix.length ? { pix: c.pix.map((e) => presentPix(ctx.sim.pix.get(e)!)) } : {}),
});

const putCobrHandler: Handler = (ctx, r) => {
  const tipo = 'CobROperacaoInvalida';
  const txid = r.params.txid;
  checkTxid(txid, tipo);
  const b = r.body;
  if (!isObj(b)) throw invalid(tipo, 'O corpo deve ser um objeto JSON.');
  const existing = ctx.sim.cobrs.get(txid);
  if (existing) {
    if (canonical(existing.content) === canonical(b)) return { status: 201, body: presentCobr(ctx, existing) };
    throw invalid(tipo, 'O campo txid encontra-se em uso.', [{ razao: 'txid em uso', propriedade: 'txid', valor: txid }]);
  }
  const owner = txidOwner(ctx, txid);
  if (owner) throw invalid(tipo, `O txid já está em uso por uma ${owner}.`, [{ razao: 'txid em uso', propriedade: 'txid', valor: txid }]);
  checkCobrBody(ctx, txid, b);
  const now = ctx.now();
  const c: SimCobr = {
    txid,
    idRec: b.idRec,
    status: 'CRIADA',
    criacao: businessDate(now),
    criacaoInstant: iso(now),
    content: structuredClone(b),
    atualizacao: [{ status: 'CRIADA', data: iso(now) }],
    tentativas: [],
    pix: [],
  };
  ctx.sim.cobrs.set(txid, c);
  const answer = presentCobr(ctx, c);
  // Accepted by the payer's PSP at once: the first attempt is scheduled for the due date.
  setCobrStatus(ctx, c, 'ATIVA');
  const due: string = b.calendario.dataDeVencimento;
  c.tentativas.push(newTentativa(ctx, 'AGND', b.ajusteDiaUtil ? nextBusinessDay(due) : due, 'AGENDADA'));
  return { status: 201, body: answer };
};

const getCobrHandler: Handler = (ctx, r) => {
  const c = ctx.sim.cobrs.get(r.params.txid);
  if (!c) throw notFound('Cobrança recorrente');
  return { status: 200, body: presentCobrFull(ctx, c) };
};

const patchCobrHandler: Handler = (ctx, r) => {
  const tipo = 'CobROperacaoInvalida';
  const c = ctx.sim.cobrs.get(r.params.txid);
  if (!c) throw notFound('Cobrança recorrente');
  if (!isObj(r.body) || r.body.status !== 'CANCELADA')
    throw invalid(tipo, 'O campo status não respeita o schema.', [{ razao: 'deve ser CANCELADA', propriedade: 'status' }]);
  if (c.status === 'CANCELADA') return { status: 200, body: presentCobr(ctx, c) };
  if (c.status !== 'CRIADA' && c.status !== 'ATIVA') throw invalid(tipo, `A cobrança recorrente está ${c.status}.`);
  const first = c.tentativas[0];
  if (first && today(ctx) >= first.dataLiquidacao)
    throw invalid(
      tipo,
      'Não é possível cancelar uma cobrança em uma data igual ou maior que a data prevista da primeira tentativa de liquidação.',
    );
  for (const t of c.tentativas) if (COBR_OPEN_TRY.includes(t.status)) setTryStatus(ctx, t, 'CANCELADA');
  c.encerramento = {
    cancelamento: {
      solicitante: 'USUARIO_RECEBEDOR',
      codigo: 'SLCR',
      descricao: 'Cancelamento de agendamento solicitado pelo usuário recebedor',
    },
  };
  setCobrStatus(ctx, c, 'CANCELADA');
  return { status: 200, body: presentCobr(ctx, c) };
};

const listCobrsHandler: Handler = (ctx, r) => {
  const tipo = 'CobRConsultaInvalida';
  const q = r.query;
  const w = timeWindow(q, tipo)!;
  const byDoc = documentFilter(q, tipo);
  const items = [...ctx.sim.cobrs.values()].filter((c) => {
    const rec = ctx.sim.recs.get(c.idRec)!;
    return (
      inWindow(w, c.criacaoInstant) &&
      (q.idRec === undefined || c.idRec === q.idRec) &&
      (!byDoc || byDoc(rec.vinculo.devedor)) &&
      (q.status === undefined || c.status === q.status) &&
      (q.convenio === undefined || rec.convenio === q.convenio)
    );
  });
  const { page, paginacao } = paginate(items, q, tipo);
  return {
    status: 200,
    body: {
      parametros: {
        inicio: w.inicio,
        fim: w.fim,
        ...filtersEcho(q, ['idRec', 'cpf', 'cnpj', 'status']),
        ...(q.convenio ? { recebedor: { convenio: q.convenio } } : {}),
        paginacao,
      },
      cobsr: page.map((c) => presentCobrFull(ctx, c)),
    },
  };
};

const postRetentativaHandler: Handler = (ctx, r) => {
  const tipo = 'CobROperacaoInvalida';
  const c = ctx.sim.cobrs.get(r.params.txid);
  if (!c) throw notFound('Cobrança recorrente');
  const data = r.params.data;
  const rec = ctx.sim.recs.get(c.idRec)!;
  const due: string = c.content.calendario.dataDeVencimento;
  const refuse = (razao: string) => {
    throw invalid(tipo, razao, [{ razao, propriedade: 'data', valor: data }]);
  };
  if (!isDate(data)) refuse('data deve ser uma data YYYY-MM-DD');
  if (rec.politicaRetentativa !== 'PERMITE_3R_7D') refuse('A política configurada na recorrência não permite retentativa de cobrança.');
  if (c.status !== 'ATIVA') refuse(`A cobrança recorrente está ${c.status}.`);
  if (openTry(c)) refuse('Existe uma tentativa não finalizada.');
  if (data <= today(ctx)) refuse('O parâmetro data não corresponde a uma data futura.');
  if (data > addDays(due, 7)) refuse(`As retentativas devem ocorrer até 7 dias após o vencimento (${addDays(due, 7)}).`);
  if (c.tentativas.filter((t) => t.tipo === 'NTAG').length >= 3) refuse('O limite de 3 retentativas foi atingido.');
  if (c.tentativas.some((t) => t.dataLiquidacao === data && t.status !== 'REJEITADA' && t.status !== 'EXPIRADA'))
    refuse('Existe uma tentativa vigente para a data informada.');
  c.tentativas.push(newTentativa(ctx, 'NTAG', data, 'SOLICITADA'));
  return { status: 201, body: presentCobrFull(ctx, c) };
};

// ============================================================================ behaviours of the payer's side (Pix Automático)

function recOrThrow(ctx: Ctx, idRec: string): SimRec {
  const r = ctx.sim.recs.get(idRec);
  if (!r) throw new Error(`psp simulator: no rec ${idRec}`);
  return r;
}

async function approveRec(ctx: Ctx, idRec: string, o: { pagador?: Json } = {}): Promise<void> {
  const r = recOrThrow(ctx, idRec);
  if (r.status !== 'CRIADA') throw new Error(`psp simulator: rec ${idRec} is ${r.status}, not CRIADA`);
  const doc = r.vinculo.devedor.cpf ? { cpf: r.vinculo.devedor.cpf } : { cnpj: r.vinculo.devedor.cnpj };
  r.pagador = o.pagador ?? { ispbParticipante: ctx.o.payerIspb, ...doc };
  const s = openSolic(ctx, r);
  if (s) setSolicStatus(ctx, s, 'ACEITA');
  setRecStatus(ctx, r, 'APROVADA');
  await deliver(ctx, 'rec', { recs: [recNotification(r)] });
}

async function rejectRec(ctx: Ctx, idRec: string): Promise<void> {
  const r = recOrThrow(ctx, idRec);
  if (r.status !== 'CRIADA') throw new Error(`psp simulator: rec ${idRec} is ${r.status}, not CRIADA`);
  const s = openSolic(ctx, r);
  if (s) setSolicStatus(ctx, s, 'REJEITADA');
  r.encerramento = { rejeicao: { codigo: 'AP13', descricao: 'Recorrência rejeitada pelo usuário pagador' } };
  setRecStatus(ctx, r, 'REJEITADA');
  await deliver(ctx, 'rec', { recs: [recNotification(r)] });
}

async function cancelRecByPayer(ctx: Ctx, idRec: string): Promise<void> {
  const r = recOrThrow(ctx, idRec);
  if (r.status !== 'APROVADA') throw new Error(`psp simulator: rec ${idRec} is ${r.status}, not APROVADA`);
  r.encerramento = {
    cancelamento: { solicitante: 'USUARIO_PAGADOR', codigo: 'SLDB', descricao: 'Cancelamento solicitado pelo usuário pagador' },
  };
  setRecStatus(ctx, r, 'CANCELADA');
  // The payer's PSP drops the debits it had scheduled for this authorization.
  const cancelled: SimCobr[] = [];
  for (const c of ctx.sim.cobrs.values()) {
    if (c.idRec !== idRec || (c.status !== 'CRIADA' && c.status !== 'ATIVA')) continue;
    for (const t of c.tentativas) if (COBR_OPEN_TRY.includes(t.status)) setTryStatus(ctx, t, 'CANCELADA');
    c.encerramento = {
      cancelamento: { solicitante: 'USUARIO_PAGADOR', codigo: 'CCLD', descricao: 'Recorrência cancelada pelo usuário pagador' },
    };
    setCobrStatus(ctx, c, 'CANCELADA');
    cancelled.push(c);
  }
  await deliver(ctx, 'rec', { recs: [recNotification(r)] });
  if (cancelled.length) await deliver(ctx, 'cobr', { cobsr: cancelled.map((c) => cobrNotification(ctx, c)) });
}

async function settleCobr(
  ctx: Ctx,
  txid: string,
  outcome: 'paid' | 'failed',
  o: { final?: boolean; codigo?: string; horario?: Date | string } = {},
): Promise<string> {
  const c = ctx.sim.cobrs.get(txid);
  if (!c) throw new Error(`psp simulator: no cobr ${txid}`);
  const t = openTry(c);
  if (c.status !== 'ATIVA' || !t) throw new Error(`psp simulator: cobr ${txid} is ${c.status} with no open attempt to settle`);
  if (outcome === 'paid') {
    setTryStatus(ctx, t, 'PAGA');
    const p: SimPix = {
      endToEndId: t.endToEndId,
      txid,
      valor: c.content.valor.original,
      horario: iso(o.horario === undefined ? ctx.now() : new Date(o.horario)),
      chave: ctx.o.chave,
      devolucoes: [],
      kind: 'cobr',
    };
    ctx.sim.pix.set(p.endToEndId, p);
    c.pix.push(p.endToEndId);
    setCobrStatus(ctx, c, 'CONCLUIDA');
  } else {
    // AM02 leaves the cobr open for retries; the codes the document lists as final (MSUC, AM09, …) reject it.
    const codigo = o.codigo ?? (o.final ? 'MSUC' : 'AM02');
    t.rejeicao = { codigo, descricao: 'Tentativa de liquidação rejeitada (simulador)' };
    setTryStatus(ctx, t, 'REJEITADA');
    if (o.final) {
      c.encerramento = { rejeicao: { codigo, descricao: 'Cobrança recorrente rejeitada (simulador)' } };
      setCobrStatus(ctx, c, 'REJEITADA');
    }
  }
  await deliver(ctx, 'cobr', { cobsr: [cobrNotification(ctx, c)] });
  return t.endToEndId;
}

async function resendWebhook(ctx: Ctx, e2eid: string): Promise<WebhookDelivery | null> {
  const p = ctx.sim.pix.get(e2eid);
  if (!p) throw new Error(`psp simulator: no pix ${e2eid}`);
  if (p.kind === 'cobr') {
    const c = ctx.sim.cobrs.get(p.txid!)!;
    return deliver(ctx, 'cobr', { cobsr: [cobrNotification(ctx, c)] }, { force: true });
  }
  return deliver(ctx, 'pix', { pix: [presentPix(p)] }, { chave: p.chave, force: true });
}

// ============================================================================ the routes

function routes(): Route[] {
  const rec = singleWebhookHandlers('rec');
  const cobr = singleWebhookHandlers('cobr');
  return [
    route('POST', '/loc', postLoc),
    route('GET', '/loc/{id}', getLoc),
    route('PUT', '/cob/{txid}', putCob),
    route('PATCH', '/cob/{txid}', patchCob),
    route('GET', '/cob/{txid}', (ctx, r) => getCharge(ctx, 'cob', r)),
    route('GET', '/cob', (ctx, r) => listCharges(ctx, 'cob', r)),
    route('PUT', '/cobv/{txid}', putCobv),
    route('PATCH', '/cobv/{txid}', patchCobv),
    route('GET', '/cobv/{txid}', (ctx, r) => getCharge(ctx, 'cobv', r)),
    route('GET', '/cobv', (ctx, r) => listCharges(ctx, 'cobv', r)),
    route('PUT', '/lotecobv/{id}', putLote),
    route('PATCH', '/lotecobv/{id}', patchLote),
    route('GET', '/lotecobv/{id}', getLote),
    route('GET', '/pix', listPixHandler),
    route('GET', '/pix/{e2eid}', getPixHandler),
    route('PUT', '/pix/{e2eid}/devolucao/{id}', putDevolucaoHandler),
    route('GET', '/pix/{e2eid}/devolucao/{id}', getDevolucaoHandler),
    route('PUT', '/webhook/{chave}', putWebhookHandler),
    route('GET', '/webhook/{chave}', getWebhookHandler),
    route('DELETE', '/webhook/{chave}', deleteWebhookHandler),
    route('GET', '/webhook', listWebhooksHandler),
    route('PUT', '/webhookrec', rec.put),
    route('GET', '/webhookrec', rec.get),
    route('DELETE', '/webhookrec', rec.del),
    route('PUT', '/webhookcobr', cobr.put),
    route('GET', '/webhookcobr', cobr.get),
    route('DELETE', '/webhookcobr', cobr.del),
    route('POST', '/locrec', postLocRecHandler),
    route('GET', '/locrec/{id}', getLocRecHandler),
    route('POST', '/rec', postRecHandler),
    route('GET', '/rec', listRecsHandler),
    route('GET', '/rec/{idRec}', getRecHandler),
    route('PATCH', '/rec/{idRec}', patchRecHandler),
    route('POST', '/solicrec', postSolicRecHandler),
    route('GET', '/solicrec/{idSolicRec}', getSolicRecHandler),
    route('PATCH', '/solicrec/{idSolicRec}', patchSolicRecHandler),
    route('PUT', '/cobr/{txid}', putCobrHandler),
    route('GET', '/cobr/{txid}', getCobrHandler),
    route('PATCH', '/cobr/{txid}', patchCobrHandler),
    route('GET', '/cobr', listCobrsHandler),
    route('POST', '/cobr/{txid}/retentativa/{data}', postRetentativaHandler),
  ];
}

// ============================================================================ the HTTP server

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const type = status >= 400 && isObj(body) && typeof body.type === 'string' ? 'application/problem+json' : 'application/json';
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, ...headers });
  res.end(JSON.stringify(body));
}

function takeFailure(ctx: Ctx, method: string, path: string, isToken: boolean): FailRule | null {
  const rule = ctx.failRules.find((f) => (f.match ? f.match.test(`${method} ${path}`) : !isToken));
  if (!rule) return null;
  if (--rule.remaining <= 0) ctx.failRules.splice(ctx.failRules.indexOf(rule), 1);
  return rule;
}

function injectedProblem(status: number): Problem {
  if (status === 500)
    return { type: `${ERROR_BASE}ErroInternoDoServidor`, title: 'Erro interno do servidor', status, detail: 'Falha simulada.' };
  return {
    type: `${ERROR_BASE}ServicoIndisponivel`,
    title: status === 429 ? 'Too Many Requests' : 'Serviço indisponível',
    status,
    detail: 'Falha simulada.',
  };
}

async function handle(ctx: Ctx, table: Route[], req: IncomingMessage, res: ServerResponse, tokenPath: string): Promise<void> {
  const raw = await readBody(req);
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;

  const failure = takeFailure(ctx, method, path, method === 'POST' && path === tokenPath);
  if (method === 'POST' && path === tokenPath) {
    if (failure) {
      ctx.sim.tokenRequests.push({ at: nowIso(ctx), clientId: null, grantType: null, scope: null, status: failure.status });
      return send(
        res,
        failure.status,
        injectedProblem(failure.status),
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      );
    }
    const t = tokenEndpoint(ctx, req, raw);
    return send(res, t.status, t.body, t.headers);
  }

  const query = Object.fromEntries(url.searchParams);
  const recorded: RecordedRequest = { at: nowIso(ctx), method, path, query, body: undefined, status: 0 };
  ctx.sim.requests.push(recorded);
  let body: unknown;
  let badJson = false;
  if (raw.length) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      badJson = true;
      body = raw.toString('utf8');
    }
  }
  recorded.body = body;

  const matched = matchRoute(table, method, path);
  const routeFound = 'route' in matched ? matched : null;
  const validated = !!ctx.spec && !!routeFound && ctx.spec.hasOperation(method, routeFound.route.template);
  if (ctx.spec && routeFound && validated) {
    const { template } = routeFound.route;
    ctx.sim.violations.push(...ctx.spec.validateParameters(method, template, { path: routeFound.params, query }));
    ctx.sim.violations.push(...ctx.spec.validateRequest(method, template, body));
  } else if (ctx.spec) {
    ctx.sim.violations.push(`${method} ${path}: not an operation of API Pix 2.9.0`);
  }

  if (failure) {
    recorded.status = failure.status;
    recorded.injected = true;
    return send(
      res,
      failure.status,
      injectedProblem(failure.status),
      failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
    );
  }
  const authProblem = bearerProblem(ctx, req.headers.authorization);
  if (authProblem) {
    recorded.status = 401;
    return send(
      res,
      401,
      { type: 'about:blank', title: 'Unauthorized', status: 401, detail: authProblem },
      { 'www-authenticate': `Bearer error="invalid_token", error_description="${authProblem}"` },
    );
  }

  let answer: ApiAnswer;
  try {
    if (!routeFound)
      throw 'methodMismatch' in matched && matched.methodMismatch
        ? new PixProblem(405, 'RequisicaoInvalida', 'Method Not Allowed', `${method} não é aceito em ${path}.`)
        : notFound('Recurso');
    if (badJson) throw new PixProblem(400, 'RequisicaoInvalida', 'Requisição inválida.', 'O corpo não é um JSON válido.');
    answer = await routeFound.route.handler(ctx, {
      method,
      path,
      template: routeFound.route.template,
      params: routeFound.params,
      query,
      body,
    });
  } catch (e) {
    if (!(e instanceof PixProblem)) {
      answer = {
        status: 500,
        body: {
          type: `${ERROR_BASE}ErroInternoDoServidor`,
          title: 'Erro interno do servidor',
          status: 500,
          detail: `psp simulator bug: ${(e as Error).stack ?? String(e)}`,
        },
      };
      ctx.sim.violations.push(`${method} ${path}: the simulator failed: ${(e as Error).message}`);
    } else answer = { status: e.status, body: e.toJson() };
  }
  if (ctx.spec && routeFound && validated)
    ctx.sim.violations.push(...ctx.spec.validateResponse(method, routeFound.route.template, answer.status, answer.body));
  recorded.status = answer.status;
  send(res, answer.status, answer.body);
  if (answer.after) {
    const after = answer.after;
    // After the answer has left: the client learns of the request before its outcome arrives.
    track(
      ctx,
      new Promise<void>((resolve) => res.once('finish', resolve)).then(() => after()),
    );
  }
}

// ============================================================================ start

const DEFAULT_RECEBEDOR = {
  cnpj: '12345678000195',
  nome: 'Cobre Simulador Ltda',
  logradouro: 'Rua do Simulador, 100',
  cidade: 'Sao Paulo',
  uf: 'SP',
  cep: '01001000',
};

export async function startPspSimulator(opts: PspSimulatorOptions = {}): Promise<PspSimulator> {
  const pki = opts.pki ?? testPki();
  const spec = opts.spec === undefined ? loadPixSpec() : opts.spec;
  const tokenPath = '/oauth/token';
  const sim = {
    baseUrl: '',
    tokenUrl: '',
    clientId: opts.clientId ?? 'cobre-sim-client',
    clientSecret: opts.clientSecret ?? 'cobre-sim-secret',
    chave: opts.chave ?? 'cobranca@cobre.test',
    pki,
    spec,
    cobs: new Map(),
    cobvs: new Map(),
    lotes: new Map(),
    locs: new Map(),
    pix: new Map(),
    devolucoes: new Map(),
    webhooks: { pix: new Map(), rec: null, cobr: null },
    locrecs: new Map(),
    recs: new Map(),
    solicrecs: new Map(),
    cobrs: new Map(),
    requests: [],
    violations: [],
    tokenRequests: [],
    webhookDeliveries: [],
  } as unknown as PspSimulator;

  const ctx: Ctx = {
    o: {
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      chave: sim.chave,
      tokenTtlSeconds: opts.tokenTtlSeconds ?? 3600,
      defaultScope:
        opts.defaultScope ??
        'cob.write cob.read cobv.write cobv.read lotecobv.write lotecobv.read pix.write pix.read webhook.write webhook.read payloadlocation.write payloadlocation.read rec.write rec.read solicrec.write solicrec.read cobr.write cobr.read webhookrec.write webhookrec.read webhookcobr.write webhookcobr.read payloadlocationrec.write payloadlocationrec.read',
      webhookHmacSecret: opts.webhookHmacSecret ?? null,
      instantRefunds: opts.instantRefunds ?? false,
      webhookTls: opts.webhookTls,
      webhookTimeoutMs: opts.webhookTimeoutMs ?? 30_000,
      ispb: opts.ispb ?? '12345678',
      payerIspb: opts.payerIspb ?? '87654321',
      locationHost: opts.locationHost ?? 'pix.psp-simulator.test',
      merchantName: opts.merchantName ?? 'Cobre Simulador',
      merchantCity: opts.merchantCity ?? 'Sao Paulo',
      recebedor: opts.recebedor ?? DEFAULT_RECEBEDOR,
    },
    now: opts.now ?? (() => new Date()),
    spec,
    sim,
    tokens: new Map(),
    failRules: [],
    dropAll: false,
    inflight: new Set(),
    seq: { loc: 1001, locrec: 5001 },
    ids: new Set(),
  };

  const table = routes();
  const server = https.createServer(
    { key: pki.server.keyPem, cert: pki.server.certPem, ca: [pki.ca.certPem], requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      handle(ctx, table, req, res, tokenPath).catch((e: Error) => {
        sim.violations.push(`psp simulator: request failed: ${e.message}`);
        if (!res.headersSent)
          send(res, 500, { type: `${ERROR_BASE}ErroInternoDoServidor`, title: 'Erro interno do servidor', status: 500, detail: e.message });
        else res.destroy();
      });
    },
  );
  // A refused client certificate is an expected outcome in tests, not an error of the simulator.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  sim.baseUrl = `https://127.0.0.1:${port}`;
  sim.tokenUrl = `${sim.baseUrl}${tokenPath}`;

  const idle = async () => {
    while (ctx.inflight.size) await Promise.all([...ctx.inflight]);
  };

  Object.assign(sim, {
    credentials: (o: { pfx?: boolean; scope?: string | null } = {}): PspCredentials => ({
      baseUrl: sim.baseUrl,
      tokenUrl: null,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      certificate: o.pfx
        ? { kind: 'pfx', pfx: pki.client.pfx, password: pki.client.pfxPassword }
        : { kind: 'pem', certPem: pki.client.certPem, keyPem: pki.client.keyPem },
      caPem: pki.ca.certPem,
      scope: o.scope ?? null,
    }),
    pay: (txid: string, o?: PayOptions) => pay(ctx, txid, o),
    dropWebhooks: (on: boolean) => {
      ctx.dropAll = on;
    },
    failNext: (n: number, o: FailOptions) => {
      if (n > 0) ctx.failRules.push({ ...o, remaining: n });
    },
    approveRec: (idRec: string, o?: { pagador?: Json }) => approveRec(ctx, idRec, o),
    rejectRec: (idRec: string) => rejectRec(ctx, idRec),
    cancelRecByPayer: (idRec: string) => cancelRecByPayer(ctx, idRec),
    settleCobr: (txid: string, outcome: 'paid' | 'failed', o?: { final?: boolean; codigo?: string; horario?: Date | string }) =>
      settleCobr(ctx, txid, outcome, o),
    resendWebhook: (e2eid: string) => resendWebhook(ctx, e2eid),
    settleRefunds: (o: { status?: 'DEVOLVIDO' | 'NAO_REALIZADO'; motivo?: string } = {}) =>
      settleRefunds(ctx, [...sim.devolucoes.values()], o.status ?? 'DEVOLVIDO', o.motivo),
    revokeTokens: () => ctx.tokens.clear(),
    idle,
    stop: async () => {
      await idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  });
  return sim;
}
