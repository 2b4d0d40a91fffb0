// The BCB's standard API Pix (release 2.9.0) as typed functions over PspClient, one per operation
// Cobre uses. Field names are the spec's (Portuguese); no business rule lives here.
//
// Deviations from the published 2.9.0 document, where its schemas contradict its prose and what
// PSPs actually exchange (see /work/shared/specs/README.md):
// - PixConsultados requires `cobs` but the payload carries `pix`: listPix reads `pix`.
// - PayloadLocationCob requires `tipoCob` without declaring it; a request's `loc` is `{ id }`.
// - RecBase requires `idRec` and `retentativa`: the PSP assigns idRec, and the policy is sent as
//   `politicaRetentativa` (RecConfiguracao); RecSolicitada here has neither required field.
// - SolicRecBase requires an undeclared `pagador`; the payer's account is `destinatario`.
// - CobVGerada requires `location` and `recebedor`; they are typed optional, since a client must
//   not break on their absence.
// - Lists in responses are typed as optional arrays, since PSPs omit empty ones.

import type { PspClient, PspMethod, PspRequestOptions } from './client.ts';

// ---------------------------------------------------------------- money

/** A decimal amount as the API writes it: `\d{1,10}\.\d{2}` ("123.45"). */
export type Valor = string;

const VALOR = /^(\d{1,10})\.(\d{2})$/;
const MAX_CENTS = 999_999_999_999; // 9999999999.99, the largest amount the pattern allows

/**
 * Integer cents → "123.45", exactly (no floating point). Also right for any value in hundredths,
 * such as a percentage in `valorPerc` (200 → "2.00" %).
 */
export function centsToValor(cents: number | bigint): Valor {
  const n = typeof cents === 'bigint' ? cents : Number.isSafeInteger(cents) ? BigInt(cents) : null;
  if (n === null || n < 0n || n > BigInt(MAX_CENTS)) throw new RangeError(`not an amount in cents the API Pix can carry: ${String(cents)}`);
  const s = n.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** "123.45" → 12345. Refuses anything outside `\d{1,10}\.\d{2}` (signs, commas, 1 or 3 decimals). */
export function valorToCents(valor: Valor): number {
  const m = typeof valor === 'string' ? VALOR.exec(valor) : null;
  if (!m) throw new RangeError(`not an API Pix amount (\\d{1,10}\\.\\d{2}): ${JSON.stringify(valor)}`);
  return Number(m[1]) * 100 + Number(m[2]); // both parts are exact integers, the sum < 2^53
}

// ---------------------------------------------------------------- identifiers

/** Pattern of a txid (TxId): 26 to 35 letters and digits. */
export const TXID_PATTERN = /^[a-zA-Z0-9]{26,35}$/;
const E2E_PATTERN = /^[a-zA-Z0-9]{32}$/;
const DEVOLUCAO_ID_PATTERN = /^[a-zA-Z0-9]{1,35}$/;
const REC_ID_PATTERN = /^[a-zA-Z0-9]{29}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function checked(what: string, value: string, pattern: RegExp): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new RangeError(`invalid ${what}: ${JSON.stringify(value)}`);
  return value;
}

const txidPath = (txid: string) => checked('txid', txid, TXID_PATTERN);
/** Ids without a pattern in the spec (location and lote ids): any non-empty value, URL-encoded. */
const anyId = (what: string, id: string | number) => {
  const s = String(id);
  if (s === '') throw new RangeError(`invalid ${what}: empty`);
  return encodeURIComponent(s);
};

async function call<T>(client: PspClient, method: PspMethod, path: string, o?: PspRequestOptions): Promise<T> {
  return (await client.request<T>(method, path, o)).body;
}

// ---------------------------------------------------------------- shared shapes

export interface PessoaFisica {
  cpf: string;
  nome: string;
}
export interface PessoaJuridica {
  cnpj: string;
  nome: string;
}
export type Pessoa = PessoaFisica | PessoaJuridica;

export interface DadosComplementaresPessoa {
  logradouro?: string;
  cidade?: string;
  uf?: string;
  cep?: string;
}

export type DevedorCobv = Pessoa & DadosComplementaresPessoa & { email?: string };
export type Recebedor = (PessoaFisica | (PessoaJuridica & { nomeFantasia?: string })) & DadosComplementaresPessoa;

export interface InfoAdicional {
  nome: string;
  valor: string;
}

/** Fields common to cob and cobv (CobBase). */
export interface CobBase {
  /** The receiver's DICT key. */
  chave: string;
  solicitacaoPagador?: string;
  infoAdicionais?: InfoAdicional[];
}

export type TipoCob = 'cob' | 'cobv';

/** `loc` in a request: an existing location to attach. */
export interface PayloadLocationCob {
  id: number;
  tipoCob?: TipoCob;
}

export interface PayloadLocation {
  id: number;
  location: string;
  tipoCob: TipoCob;
  criacao: string;
  txid?: string;
}

export type CobStatus = 'ATIVA' | 'CONCLUIDA' | 'REMOVIDA_PELO_USUARIO_RECEBEDOR' | 'REMOVIDA_PELO_PSP';

export interface Violacao {
  razao?: string;
  propriedade?: string;
  valor?: string;
}

/** RFC 7807 problem, as the API Pix returns errors. */
export interface Problema {
  type: string;
  title: string;
  status: number;
  detail?: string;
  correlationId?: string;
  violacoes?: Violacao[];
}

export interface Paginacao {
  paginaAtual: number;
  itensPorPagina: number;
  quantidadeDePaginas: number;
  quantidadeTotalDeItens: number;
}

// ---------------------------------------------------------------- cob (immediate charge)

export type ModalidadeAgente = 'AGTEC' | 'AGTOT' | 'AGPSS';

export interface CobValor {
  original: Valor;
  /** 1: the payer may change the amount. */
  modalidadeAlteracao?: 0 | 1;
  retirada?:
    | { saque: { valor: Valor; modalidadeAlteracao?: 0 | 1; modalidadeAgente: ModalidadeAgente; prestadorDoServicoDeSaque: string } }
    | { troco: { valor: Valor; modalidadeAlteracao?: 0 | 1; modalidadeAgente: 'AGTEC' | 'AGTOT'; prestadorDoServicoDeSaque: string } };
}

export interface CobSolicitada extends CobBase {
  /** Lifetime in seconds from creation (default 86400). */
  calendario: { expiracao?: number };
  devedor?: Pessoa;
  loc?: PayloadLocationCob;
  valor: CobValor;
}

export interface CobRevisada extends Partial<CobBase> {
  calendario?: { expiracao?: number };
  devedor?: Pessoa;
  loc?: PayloadLocationCob;
  status?: 'REMOVIDA_PELO_USUARIO_RECEBEDOR';
  valor?: Partial<CobValor>;
}

export interface CobGerada extends CobBase {
  calendario: { criacao: string; expiracao?: number };
  txid: string;
  revisao: number;
  devedor?: Pessoa;
  loc?: PayloadLocation;
  location?: string;
  status: CobStatus;
  valor: CobValor;
  pixCopiaECola?: string;
}

export interface CobCompleta extends CobGerada {
  pix?: Pix[];
}

export async function putCob(client: PspClient, txid: string, body: CobSolicitada): Promise<CobGerada> {
  return call(client, 'PUT', `/cob/${txidPath(txid)}`, { body });
}

export async function getCob(client: PspClient, txid: string, o: { revisao?: number } = {}): Promise<CobCompleta> {
  return call(client, 'GET', `/cob/${txidPath(txid)}`, { query: { revisao: o.revisao } });
}

export async function patchCob(client: PspClient, txid: string, body: CobRevisada): Promise<CobGerada> {
  return call(client, 'PATCH', `/cob/${txidPath(txid)}`, { body });
}

// ---------------------------------------------------------------- cobv (charge with a due date)

export interface CobVValor {
  original: Valor;
  /** modalidade 1: fixed amount; 2: percentage of the original amount. */
  multa?: { modalidade: 1 | 2; valorPerc: Valor };
  /**
   * modalidade 1: amount per calendar day; 2/3/4: percent per day/month/year (calendar days);
   * 5: amount per business day; 6/7/8: percent per day/month/year (business days).
   */
  juros?: { modalidade: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8; valorPerc: Valor };
  /** modalidade 1: fixed amount; 2: percentage. */
  abatimento?: { modalidade: 1 | 2; valorPerc: Valor };
  /**
   * modalidade 1/2: fixed amount/percentage until each date of `descontoDataFixa` (up to 3);
   * 3/4: amount per day paid early (calendar/business); 5/6: percent per day early (calendar/business),
   * given in `valorPerc`.
   */
  desconto?: { modalidade: 1 | 2 | 3 | 4 | 5 | 6; descontoDataFixa?: { data: string; valorPerc: Valor }[]; valorPerc?: Valor };
}

export interface CobVSolicitada extends CobBase {
  /** dataDeVencimento 'YYYY-MM-DD'; validadeAposVencimento in calendar days (default 30). */
  calendario: { dataDeVencimento: string; validadeAposVencimento?: number };
  devedor: DevedorCobv;
  loc?: PayloadLocationCob;
  valor: CobVValor;
}

export interface CobVRevisada extends Partial<CobBase> {
  calendario?: { dataDeVencimento?: string; validadeAposVencimento?: number };
  devedor?: Partial<PessoaFisica> & Partial<PessoaJuridica> & DadosComplementaresPessoa & { email?: string };
  loc?: PayloadLocationCob;
  status?: 'REMOVIDA_PELO_USUARIO_RECEBEDOR';
  valor?: Partial<CobVValor>;
}

export interface CobVGerada extends CobBase {
  calendario: { criacao: string; dataDeVencimento: string; validadeAposVencimento?: number };
  txid: string;
  revisao: number;
  devedor: DevedorCobv;
  recebedor?: Recebedor;
  loc?: PayloadLocation;
  location?: string;
  status: CobStatus;
  valor: CobVValor;
  pixCopiaECola?: string;
}

export interface CobVCompleta extends CobVGerada {
  pix?: Pix[];
}

export async function putCobv(client: PspClient, txid: string, body: CobVSolicitada): Promise<CobVGerada> {
  return call(client, 'PUT', `/cobv/${txidPath(txid)}`, { body });
}

export async function getCobv(client: PspClient, txid: string, o: { revisao?: number } = {}): Promise<CobVCompleta> {
  return call(client, 'GET', `/cobv/${txidPath(txid)}`, { query: { revisao: o.revisao } });
}

export async function patchCobv(client: PspClient, txid: string, body: CobVRevisada): Promise<CobVGerada> {
  return call(client, 'PATCH', `/cobv/${txidPath(txid)}`, { body });
}

// ---------------------------------------------------------------- lotecobv (batch of cobv)

export interface LoteCobVSolicitado {
  descricao: string;
  cobsv: (CobVSolicitada & { txid: string })[];
}

export interface LoteCobVRevisado {
  descricao?: string;
  cobsv: (CobVRevisada & { txid: string })[];
}

export interface LoteCobVConsultado {
  id: number;
  descricao: string;
  criacao: string;
  cobsv: { txid: string; status: 'EM_PROCESSAMENTO' | 'CRIADA' | 'NEGADA'; problema?: Problema; criacao?: string }[];
}

/** Creates a batch (or re-sends exactly the same set of charges to change them); the PSP answers 202. */
export async function putLoteCobv(client: PspClient, id: string | number, body: LoteCobVSolicitado): Promise<void> {
  for (const c of body.cobsv) txidPath(c.txid);
  await call(client, 'PUT', `/lotecobv/${anyId('lote id', id)}`, { body });
}

export async function patchLoteCobv(client: PspClient, id: string | number, body: LoteCobVRevisado): Promise<void> {
  for (const c of body.cobsv) txidPath(c.txid);
  await call(client, 'PATCH', `/lotecobv/${anyId('lote id', id)}`, { body });
}

export async function getLoteCobv(client: PspClient, id: string | number): Promise<LoteCobVConsultado> {
  return call(client, 'GET', `/lotecobv/${anyId('lote id', id)}`);
}

// ---------------------------------------------------------------- pix received and refunds

export type DevolucaoStatus = 'EM_PROCESSAMENTO' | 'DEVOLVIDO' | 'NAO_REALIZADO';

export interface Devolucao {
  id: string;
  rtrId: string;
  valor: Valor;
  natureza?: 'ORIGINAL' | 'RETIRADA' | 'MED_OPERACIONAL' | 'MED_FRAUDE' | 'MED_PIX_AUTOMATICO';
  descricao?: string;
  horario: { solicitacao?: string; liquidacao?: string };
  status: DevolucaoStatus;
  motivo?: string;
}

export interface DevolucaoSolicitada {
  valor: Valor;
  natureza?: 'ORIGINAL' | 'RETIRADA';
  descricao?: string;
}

export interface PixComponentesValor {
  original?: { valor: Valor };
  saque?: { valor: Valor; modalidadeAgente: ModalidadeAgente; prestadorDoServicoDeSaque: string };
  troco?: { valor: Valor; modalidadeAgente: 'AGTEC' | 'AGTOT'; prestadorDoServicoDeSaque: string };
  juros?: { valor: Valor };
  multa?: { valor: Valor };
  abatimento?: { valor: Valor };
  desconto?: { valor: Valor };
}

/** A Pix received. */
export interface Pix {
  endToEndId: string;
  txid?: string;
  valor: Valor;
  componentesValor?: PixComponentesValor;
  chave?: string;
  horario: string;
  infoPagador?: string;
  devolucoes?: Devolucao[];
}

export interface ListPixParams {
  /** RFC 3339 instants. */
  inicio: string;
  fim: string;
  txid?: string;
  txIdPresente?: boolean;
  devolucaoPresente?: boolean;
  cpf?: string;
  cnpj?: string;
  /** Page size, 1 to 1000 (the PSP's default is 100). */
  itensPorPagina?: number;
}

export interface PixConsultados {
  parametros: { inicio: string; fim: string; paginacao: Paginacao } & Record<string, unknown>;
  pix?: Pix[];
}

/** Bounds the pages read, so a PSP that always reports "one more page" cannot loop forever. */
const MAX_PAGES = 10_000;

/**
 * Every Pix received between inicio and fim (optionally for one txid), all pages. Pages are
 * numbered from 0. A Pix that moves from one page to the next while pages are read (new ones
 * arriving) appears once: entries are de-duplicated by endToEndId.
 */
export async function listPix(client: PspClient, p: ListPixParams): Promise<Pix[]> {
  if (p.txid !== undefined) txidPath(p.txid);
  const seen = new Set<string>();
  const out: Pix[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await call<PixConsultados>(client, 'GET', '/pix', {
      query: {
        inicio: p.inicio,
        fim: p.fim,
        txid: p.txid,
        txIdPresente: p.txIdPresente,
        devolucaoPresente: p.devolucaoPresente,
        cpf: p.cpf,
        cnpj: p.cnpj,
        'paginacao.paginaAtual': page,
        'paginacao.itensPorPagina': p.itensPorPagina,
      },
    });
    const items = body?.pix ?? [];
    for (const pix of items) {
      if (seen.has(pix.endToEndId)) continue;
      seen.add(pix.endToEndId);
      out.push(pix);
    }
    const pages = body?.parametros?.paginacao?.quantidadeDePaginas;
    if (items.length === 0 || typeof pages !== 'number' || page + 1 >= pages) return out;
  }
  throw new Error(`GET /pix still had pages after ${MAX_PAGES}: narrow inicio/fim`);
}

export async function getPix(client: PspClient, e2eid: string): Promise<Pix> {
  return call(client, 'GET', `/pix/${checked('endToEndId', e2eid, E2E_PATTERN)}`);
}

/** Requests a refund; `id` is Cobre's own refund id, so repeating the PUT never refunds twice. */
export async function putDevolucao(client: PspClient, e2eid: string, id: string, body: DevolucaoSolicitada): Promise<Devolucao> {
  return call(
    client,
    'PUT',
    `/pix/${checked('endToEndId', e2eid, E2E_PATTERN)}/devolucao/${checked('devolucao id', id, DEVOLUCAO_ID_PATTERN)}`,
    { body },
  );
}

export async function getDevolucao(client: PspClient, e2eid: string, id: string): Promise<Devolucao> {
  return call(
    client,
    'GET',
    `/pix/${checked('endToEndId', e2eid, E2E_PATTERN)}/devolucao/${checked('devolucao id', id, DEVOLUCAO_ID_PATTERN)}`,
  );
}

// ---------------------------------------------------------------- webhooks

export interface WebhookCompleto {
  webhookUrl: string;
  chave?: string;
  cnpj?: string;
  criacao?: string;
}

export interface WebhookRecCompleto {
  webhookUrl: string;
  criacao?: string;
}

const chavePath = (chave: string) => {
  if (typeof chave !== 'string' || chave === '' || chave.length > 77) throw new RangeError(`invalid Pix key: ${JSON.stringify(chave)}`);
  return encodeURIComponent(chave);
};

export async function putWebhook(client: PspClient, chave: string, webhookUrl: string): Promise<void> {
  await call(client, 'PUT', `/webhook/${chavePath(chave)}`, { body: { webhookUrl } });
}

export async function getWebhook(client: PspClient, chave: string): Promise<WebhookCompleto> {
  return call(client, 'GET', `/webhook/${chavePath(chave)}`);
}

export async function deleteWebhook(client: PspClient, chave: string): Promise<void> {
  await call(client, 'DELETE', `/webhook/${chavePath(chave)}`);
}

export async function putWebhookRec(client: PspClient, webhookUrl: string): Promise<void> {
  await call(client, 'PUT', '/webhookrec', { body: { webhookUrl } });
}

export async function getWebhookRec(client: PspClient): Promise<WebhookRecCompleto> {
  return call(client, 'GET', '/webhookrec');
}

export async function deleteWebhookRec(client: PspClient): Promise<void> {
  await call(client, 'DELETE', '/webhookrec');
}

export async function putWebhookCobr(client: PspClient, webhookUrl: string): Promise<void> {
  await call(client, 'PUT', '/webhookcobr', { body: { webhookUrl } });
}

export async function getWebhookCobr(client: PspClient): Promise<WebhookRecCompleto> {
  return call(client, 'GET', '/webhookcobr');
}

export async function deleteWebhookCobr(client: PspClient): Promise<void> {
  await call(client, 'DELETE', '/webhookcobr');
}

// ---------------------------------------------------------------- locrec (location of a recurrence)

export interface PayloadLocationRec {
  id: number;
  location: string;
  criacao: string;
  idRec?: string;
}

/** Creates a location for a recurrence's QR code. Repeating it only leaves an unused location: safe to retry. */
export async function postLocRec(client: PspClient): Promise<PayloadLocationRec> {
  return call(client, 'POST', '/locrec', { retrySafe: true });
}

export async function getLocRec(client: PspClient, id: string | number): Promise<PayloadLocationRec> {
  return call(client, 'GET', `/locrec/${anyId('location id', id)}`);
}

// ---------------------------------------------------------------- rec (Pix Automático recurrence)

export type Periodicidade = 'SEMANAL' | 'MENSAL' | 'TRIMESTRAL' | 'SEMESTRAL' | 'ANUAL';
export type PoliticaRetentativa = 'NAO_PERMITE' | 'PERMITE_3R_7D';
export type RecStatus = 'CRIADA' | 'APROVADA' | 'REJEITADA' | 'EXPIRADA' | 'CANCELADA';
export type TipoJornada = 'JORNADA_1' | 'JORNADA_2' | 'JORNADA_3' | 'JORNADA_4' | 'AGUARDANDO_DEFINICAO';

export interface RecVinculo {
  /** What the recurrence pays for (e.g. a contract number), up to 35 characters. */
  objeto?: string;
  devedor: Pessoa;
  contrato: string;
}

export interface RecCalendario {
  dataInicial: string;
  dataFinal?: string;
  periodicidade: Periodicidade;
}

export interface RecValor {
  /** A fixed amount per period; omitted when it varies (then valorMinimoRecebedor may apply). */
  valorRec?: Valor;
  valorMinimoRecebedor?: Valor;
}

export interface RecSolicitada {
  vinculo: RecVinculo;
  calendario: RecCalendario;
  valor?: RecValor;
  recebedor?: { convenio?: string };
  politicaRetentativa: PoliticaRetentativa;
  /** A location created with postLocRec. */
  loc?: number;
  /** Journey 3: the immediate charge whose payment activates the recurrence. */
  ativacao?: { dadosJornada?: { txid: string } };
}

export interface RecRevisada {
  status?: 'CANCELADA';
  vinculo?: { devedor?: { nome: string } };
  loc?: number;
  calendario?: { dataInicial?: string };
  ativacao?: { dadosJornada?: { txid: string } };
}

export interface RecEncerramento {
  rejeicao?: { codigo: string; descricao: string };
  cancelamento?: {
    solicitante: 'PSP_PAGADOR' | 'USUARIO_PAGADOR' | 'PSP_RECEBEDOR' | 'USUARIO_RECEBEDOR';
    codigo: string;
    descricao: string;
  };
}

/** RecGerada and RecCompleta: what the PSP returns for a recurrence (RecCompleta adds pagador, solicitacao, dadosQR). */
export interface Rec {
  idRec: string;
  vinculo: RecVinculo;
  calendario: RecCalendario;
  valor?: RecValor;
  recebedor: { convenio?: string; cnpj?: string; nome?: string };
  pagador?: { ispbParticipante: string; codMun?: string; cpf?: string; cnpj?: string };
  status: RecStatus;
  politicaRetentativa?: PoliticaRetentativa;
  loc?: PayloadLocationRec;
  atualizacao?: { status: RecStatus; data: string }[];
  encerramento?: RecEncerramento;
  ativacao?: { tipoJornada: TipoJornada; dadosJornada?: { txid: string } };
  solicitacao?: SolicRecCompleta[];
  dadosQR?: { jornada?: 'JORNADA_2' | 'JORNADA_3' | 'JORNADA_4'; pixCopiaECola?: string };
}

/** Not retried after a lost connection unless `retrySafe`: a second recurrence would ask the payer twice. */
export async function postRec(client: PspClient, body: RecSolicitada, o: { retrySafe?: boolean } = {}): Promise<Rec> {
  if (body.ativacao?.dadosJornada) txidPath(body.ativacao.dadosJornada.txid);
  return call(client, 'POST', '/rec', { body, retrySafe: o.retrySafe });
}

export async function getRec(client: PspClient, idRec: string, o: { txid?: string } = {}): Promise<Rec> {
  if (o.txid !== undefined) txidPath(o.txid);
  return call(client, 'GET', `/rec/${checked('idRec', idRec, REC_ID_PATTERN)}`, { query: { txid: o.txid } });
}

export async function patchRec(client: PspClient, idRec: string, body: RecRevisada): Promise<Rec> {
  return call(client, 'PATCH', `/rec/${checked('idRec', idRec, REC_ID_PATTERN)}`, { body });
}

// ---------------------------------------------------------------- solicrec (request to confirm a recurrence)

export type SolicRecStatus = 'CRIADA' | 'ENVIADA' | 'RECEBIDA' | 'REJEITADA' | 'ACEITA' | 'EXPIRADA' | 'CANCELADA';

export interface SolicRecSolicitada {
  idRec: string;
  /** RFC 3339 instant until which the payer may answer. */
  calendario: { dataExpiracaoSolicitacao: string };
  /** The payer's account at its PSP, and the account holder's document. */
  destinatario: { conta: string; ispbParticipante: string; agencia?: string } & ({ cpf: string } | { cnpj: string });
}

export interface SolicRecCompleta extends SolicRecSolicitada {
  idSolicRec: string;
  status: SolicRecStatus;
  atualizacao?: { status: SolicRecStatus; data: string }[];
  recPayload?: Record<string, unknown>;
}

export async function postSolicRec(
  client: PspClient,
  body: SolicRecSolicitada,
  o: { retrySafe?: boolean } = {},
): Promise<SolicRecCompleta> {
  checked('idRec', body.idRec, REC_ID_PATTERN);
  return call(client, 'POST', '/solicrec', { body, retrySafe: o.retrySafe });
}

export async function getSolicRec(client: PspClient, idSolicRec: string): Promise<SolicRecCompleta> {
  return call(client, 'GET', `/solicrec/${checked('idSolicRec', idSolicRec, REC_ID_PATTERN)}`);
}

export async function patchSolicRec(client: PspClient, idSolicRec: string, body: { status: 'CANCELADA' }): Promise<SolicRecCompleta> {
  return call(client, 'PATCH', `/solicrec/${checked('idSolicRec', idSolicRec, REC_ID_PATTERN)}`, { body });
}

// ---------------------------------------------------------------- cobr (recurring charge)

export type CobRStatus = 'CRIADA' | 'ATIVA' | 'CONCLUIDA' | 'EXPIRADA' | 'REJEITADA' | 'CANCELADA';
export type TentativaStatus = 'SOLICITADA' | 'AGENDADA' | 'PAGA' | 'CANCELADA' | 'REJEITADA' | 'EXPIRADA';

export interface CobRSolicitada {
  idRec: string;
  infoAdicional?: string;
  calendario: { dataDeVencimento: string };
  valor: { original: Valor };
  /** Move the settlement date to the next business day (default true). */
  ajusteDiaUtil: boolean;
  recebedor: { conta: string; tipoConta: 'CORRENTE' | 'POUPANCA' | 'PAGAMENTO'; agencia?: string };
  devedor?: DadosComplementaresPessoa & { email?: string };
}

export interface CobRTentativa {
  dataLiquidacao: string;
  tipo: 'AGND' | 'NTAG' | 'RIFL';
  status: TentativaStatus;
  endToEndId: string;
  atualizacao: { status: TentativaStatus; data: string }[];
  rejeicao?: { codigo: string; descricao: string };
}

/** A Pix received for a recurring charge (PixAutomatico). */
export interface PixAutomatico {
  endToEndId: string;
  txid: string;
  valor: Valor;
  horario: string;
  infoPagador?: string;
  devolucoes?: (Omit<Devolucao, 'natureza'> & { natureza?: 'ORIGINAL' | 'MED_PIX_AUTOMATICO' | 'MED_FRAUDE' })[];
}

/** CobRGerada and CobRCompleta (the latter adds pix, atualizacao, encerramento, tentativas). */
export interface CobR {
  idRec: string;
  txid: string;
  infoAdicional?: string;
  calendario: { dataDeVencimento: string; criacao: string };
  valor: { original: Valor };
  ajusteDiaUtil?: boolean;
  recebedor: { conta: string; tipoConta: 'CORRENTE' | 'POUPANCA' | 'PAGAMENTO'; agencia?: string; cnpj?: string; nome?: string };
  devedor?: DadosComplementaresPessoa & { email?: string };
  status: CobRStatus;
  politicaRetentativa?: PoliticaRetentativa;
  pix?: PixAutomatico[];
  atualizacao?: { status: CobRStatus; data: string }[];
  encerramento?: RecEncerramento;
  tentativas?: CobRTentativa[];
}

export async function putCobr(client: PspClient, txid: string, body: CobRSolicitada): Promise<CobR> {
  checked('idRec', body.idRec, REC_ID_PATTERN);
  return call(client, 'PUT', `/cobr/${txidPath(txid)}`, { body });
}

export async function getCobr(client: PspClient, txid: string): Promise<CobR> {
  return call(client, 'GET', `/cobr/${txidPath(txid)}`);
}

export async function patchCobr(client: PspClient, txid: string, body: { status: 'CANCELADA' }): Promise<CobR> {
  return call(client, 'PATCH', `/cobr/${txidPath(txid)}`, { body });
}

/**
 * Asks the PSP to try a failed recurring charge again, to settle on `data` ('YYYY-MM-DD'); only
 * under the recurrence's PERMITE_3R_7D policy. Not repeated after a lost connection unless
 * `retrySafe` (the PSP refuses a second attempt for the same date, but that is the PSP's rule).
 */
export async function postCobrRetentativa(client: PspClient, txid: string, data: string, o: { retrySafe?: boolean } = {}): Promise<CobR> {
  return call(client, 'POST', `/cobr/${txidPath(txid)}/retentativa/${checked('data', data, DATE_PATTERN)}`, { retrySafe: o.retrySafe });
}
