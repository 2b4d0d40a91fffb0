// Gerenciamento → Arquivos bancários (CNAB), per collection account:
// - Remessa: "Gerar remessa" shows first what the file will carry (GET …/remittance/preview: each
//   new boleto (01) and each write-off of a boleto cancelled after it was sent (02), amount and
//   terms, the file sequence), then "Gerar e baixar" makes it (POST …/remittances, with an
//   Idempotency-Key so a retried click cannot make a second file) and downloads it from its file_url;
//   earlier remittances download again (GET /v1/remittances/{id}/file).
// - Retorno: the clerk picks a CNAB 240/400 file; it is sent first as a dry run
//   (POST …/returns?preview=true, nothing written) and each line says what processing will do;
//   "Processar arquivo" then registers it, and the result is shown the same way.
// Every API refusal (a malformed line, a file of another bank, nothing to remit) is explained in pt-BR.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, get, post } from '../api.ts';
import { brl, dateBR, dateTimeBR, STATUS_LABEL } from '../format.ts';
import { ErrorBox, Field, LoadError, notify, toApiError, useAsync, EmptyRow, ScrollTable } from '../ui.tsx';
import type { CollectionAccount } from './settings/CollectionAccounts.tsx';
import './bank-files.css';

interface Term {
  kind: string;
  value: number;
  untilDate?: string;
  fromDate?: string;
}
interface RemittancePreview {
  file_name: string;
  file_sequence: number;
  boleto_count: number;
  movement_count: number;
  total_cents: number;
  boletos: {
    boleto_id: string;
    charge_id: string;
    charge_number: number;
    customer_name: string;
    nosso_numero: string;
    movement_code: string;
    movement:
      | 'entry'
      | 'write_off'
      | 'rebate_grant'
      | 'rebate_cancel'
      | 'due_date_change'
      | 'discount_grant'
      | 'discount_cancel'
      | 'protest'
      | 'protest_stop_write_off'
      | 'protest_stop_keep'
      | 'amount_change'
      | 'negativation'
      | 'negativation_stop';
    movement_text: string;
    due_date: string;
    amount_cents: number;
    discount: Term | null;
    interest: Term | null;
    fine: Term | null;
  }[];
}
interface Remittance {
  id: string;
  file_sequence: number;
  boleto_count: number;
  movement_count: number;
  total_cents: number;
  file_name: string;
  file_url: string;
  created_at: string;
}
interface EntryRef {
  line: number;
  nosso_numero: string;
  occurrence_code: string;
  /** The bank's text of the code; null: not in the bank's table; absent from results stored before it. */
  occurrence_text?: string | null;
  kind: string;
  amount_cents: number | null;
  /** The motive codes with the bank's text of each (null: not in its table). */
  reason_texts?: { code: string; text: string | null }[];
}
interface ChargeBefore {
  number: number;
  customer_name: string;
  status: string;
  amount_cents: number;
  paid_cents: number;
  due_date: string;
}
interface ReturnResult {
  bank_return_id: string;
  already_processed: boolean;
  preview?: boolean;
  format: string;
  bank_code: string;
  entry_count: number;
  payments: (EntryRef & {
    charge_id: string;
    paid_on: string;
    paid_cents: number;
    fee_cents: number;
    created: boolean;
    charge_status: string;
  })[];
  paid_total_cents: number;
  fee_total_cents: number;
  registered: (EntryRef & { boleto_id: string })[];
  rejected: (EntryRef & { boleto_id: string | null; reasons: string[] })[];
  written_off: (EntryRef & { boleto_id: string | null })[];
  unmatched: EntryRef[];
  not_applied: (EntryRef & { charge_id: string; reason: string; message: string })[];
  other_count: number;
  other?: EntryRef[];
  charges?: Record<string, ChargeBefore>;
  line_report?: { record_count: number; padded_lines: string; padded_count: number; skipped_lines: string; skipped_count: number };
  processed_at: string;
}

/** Results stored before the API sent the bank's own text: the codes a clerk meets most. */
const OCCURRENCE: Record<string, string> = {
  '02': 'entrada confirmada',
  '03': 'entrada rejeitada',
  '06': 'liquidação',
  '09': 'baixa',
  '12': 'confirmação de abatimento',
  '14': 'confirmação de alteração de vencimento',
  '17': 'liquidação após baixa',
  '19': 'confirmação de protesto',
  '23': 'remessa a cartório',
  '25': 'protestado e baixado',
  '27': 'confirmação de alteração de dados',
  '28': 'débito de tarifas/custas',
  '30': 'alteração de dados rejeitada',
};
/** "06 — Liquidação": the bank's text of the code, as the API reads it in the bank's table. */
function occurrence(e: EntryRef): string {
  if (e.occurrence_text) return `${e.occurrence_code} — ${e.occurrence_text}`;
  if (e.occurrence_text === null) return `${e.occurrence_code} — código não documentado`;
  return `${e.occurrence_code}${OCCURRENCE[e.occurrence_code] ? ` — ${OCCURRENCE[e.occurrence_code]}` : ''}`;
}

/** A charge's status as the sentence "a cobrança fica …" needs it (feminine). */
const CHARGE_STATUS: Record<string, string> = {
  paid: 'paga',
  partially_paid: 'paga em parte',
  open: 'em aberto',
  overdue: 'vencida',
  cancelled: 'cancelada',
};

const NOT_APPLIED: Record<string, string> = {
  charge_cancelled: 'a cobrança está cancelada e não aceita pagamentos',
  no_amount: 'a liquidação não traz valor pago',
  validation_failed: 'o pagamento foi recusado',
  duplicate_external_id: 'outro pagamento já usa esta identificação',
};

const termText = (t: Term | null, what: 'discount' | 'interest' | 'fine') => {
  if (!t) return null;
  const v =
    t.kind === 'percent' || t.kind === 'monthly_percent'
      ? `${(t.value / 100).toLocaleString('pt-BR')} %${t.kind === 'monthly_percent' ? ' ao mês' : ''}`
      : t.kind === 'daily_amount'
        ? `${brl(t.value)} por dia`
        : brl(t.value);
  if (what === 'discount') return `desconto ${v} até ${dateBR(t.untilDate)}`;
  return `${what === 'fine' ? 'multa' : 'juros'} ${v} a partir de ${dateBR(t.fromDate)}`;
};

/** The parser's line problems (src/cnab/retorno.ts) in pt-BR; anything else keeps the API's words. */
const LINE_ISSUES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^expected (\d+) characters, got (\d+)$/, (m) => `deve ter ${m[1]} caracteres e tem ${m[2]}`],
  [/^empty file$/, () => 'o arquivo está vazio'],
  [/^not a return file/, () => 'não é um arquivo de retorno (parece uma remessa): escolha o arquivo que o banco devolveu'],
  [/^missing file header|^file header .* not the first record/, () => 'falta o registro de cabeçalho do arquivo (tipo 0) no início'],
  [/^missing (file )?trailer/, () => 'falta o registro final do arquivo (tipo 9): o arquivo pode estar incompleto'],
  [/^record after the (file )?trailer$/, () => 'há registros depois do final do arquivo'],
  [/^bank code (\S+) differs from the header's (\S+)$/, (m) => `o código do banco "${m[1]}" é diferente do cabeçalho ("${m[2]}")`],
  [/^bank code (\S+) ≠ (\S+)$/, (m) => `o arquivo é do banco ${m[1]} e a conta de cobrança é do banco ${m[2]}`],
  [
    /^file trailer counts "(\d+)" records, the file has (\d+)$/,
    (m) => `o final do arquivo diz ${Number(m[1])} registros, mas o arquivo tem ${m[2]}: o arquivo pode estar incompleto`,
  ],
  [/^unknown record type "(.*)"/, (m) => `tipo de registro "${m[1]}" desconhecido`],
  [/non-numeric (.*)$/, (m) => `há letras onde deveriam estar só números (${m[1]})`],
  [/invalid (occurrence|credit) date "(.*)"$/, (m) => `data ${m[1] === 'credit' ? 'de crédito' : 'da ocorrência'} inválida "${m[2]}"`],
  [/^CNAB 400 return must start with/, () => 'um retorno CNAB 400 deve começar com o cabeçalho "02RETORNO" de 400 caracteres'],
  [
    /^CNAB 400 returns of bank (\d+) are not supported$/,
    (m) => `retornos CNAB 400 do banco ${m[1]} não são aceitos; peça ao banco o retorno CNAB 240`,
  ],
];
/** "Linha N fora do padrão: …" (the words "fora do padrão" also mark it as already Portuguese for ErrorBox). */
const lineIssue = (line: string, raw: string): { text: string; mapped: boolean } => {
  const padded = /\s*\(the line has (\d+) characters, padded with spaces to (\d+)\)$/.exec(raw);
  const text = padded ? raw.slice(0, padded.index) : raw;
  const note = padded ? ` (a linha tem ${padded[1]} caracteres)` : '';
  for (const [re, f] of LINE_ISSUES) {
    const m = text.match(re);
    if (m) return { text: `Linha ${line} fora do padrão: ${f(m)}${note}`, mapped: true };
  }
  return { text: `Linha ${line} fora do padrão (mensagem da API: “${raw}”)`, mapped: false };
};

/** The API's refusal of a bank file in pt-BR (the box also lists each bad line). */
function explainFileError(err: unknown): ApiError {
  const e = toApiError(err);
  const reason = String(e.meta.reason ?? '');
  let text: string | null = null;
  if (e.code === 'invalid_return_file') {
    text = /is from bank (\d{3}), the collection account is with bank (\d{3})/.test(e.apiMessage)
      ? e.apiMessage.replace(
          /^.*is from bank (\d{3}), the collection account is with bank (\d{3}).*$/,
          'Este arquivo de retorno é do banco $1, mas a conta de cobrança escolhida é do banco $2: escolha a conta certa ou o arquivo certo.',
        )
      : `O arquivo não foi aceito: ${e.details.length || 'algumas'} linha(s) fora do layout CNAB 240/400. Nada foi registrado. Confira se é o arquivo de retorno do banco (não a remessa) e se não foi alterado.`;
  } else if (e.code === 'unsupported_media_type') text = 'Envie o arquivo de retorno como veio do banco (texto CNAB).';
  else if (e.code === 'payload_too_large') text = 'O arquivo é grande demais (limite de 20 MB).';
  else if (reason === 'nothing_to_remit')
    text = 'Nada desta conta está aguardando envio ao banco: os boletos e os pedidos de baixa já foram em remessas anteriores.';
  if (!text) return e;
  let allMapped = true;
  const details = e.details.map((d) => {
    if (!d.field?.startsWith('line ')) {
      allMapped = false;
      return d;
    }
    const l = lineIssue(d.field.slice(5), d.issue);
    if (!l.mapped) allMapped = false;
    return { issue: l.text };
  });
  // When every line was put in pt-BR, the API's English summary adds nothing the clerk can use.
  const out = new ApiError(e.status, e.code, allMapped ? text : e.apiMessage, details, e.requestId, e.meta);
  out.message = text;
  return out;
}

/** Downloads text the API returns (a CNAB file) under its own file name; errors come back as ApiError. */
async function downloadFile(path: string): Promise<{ fileName: string; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'text/plain, application/json' } });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached', [], null);
  }
  if (!res.ok) {
    const json = await res.json().catch(() => null);
    const { code, message, details, request_id, ...meta } = json?.error ?? {};
    throw new ApiError(
      res.status,
      code ?? `http_${res.status}`,
      message ?? res.statusText,
      Array.isArray(details) ? details : [],
      request_id ?? null,
      meta,
    );
  }
  const blob = await res.blob();
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'arquivo.rem';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { fileName, headers: res.headers };
}

export function BankFilesPage() {
  const accounts = useAsync(() => get('/v1/collection-accounts'), []);
  const [accountId, setAccountId] = useState('');
  const list = accounts.data?.data ?? [];
  useEffect(() => {
    if (!accountId && list.length > 0) setAccountId((list.find((a) => a.is_default) ?? list[0]).id);
  }, [list, accountId]);
  const account = list.find((a) => a.id === accountId) ?? null;
  return (
    <div>
      <h1>Arquivos bancários (CNAB)</h1>
      <p className="muted">
        Remessa: o arquivo que leva ao banco os boletos emitidos, para que ele os registre. Retorno: o arquivo que o banco devolve com as
        entradas confirmadas, as liquidações (pagamentos) e as tarifas.
      </p>
      {accounts.error && <LoadError error={accounts.error} what="Contas de cobrança" />}
      {accounts.data && list.length === 0 && (
        <p className="bankfiles-note">Nenhuma conta de cobrança: inclua uma em Configurações → Contas de cobrança.</p>
      )}
      {list.length > 0 && (
        <div className="panel bankfiles-toolbar">
          <Field label="Conta de cobrança" name="collection_account_id">
            <select name="collection_account_id" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              {list.map((a) => (
                <option key={a.id} value={a.id}>
                  nº {a.number} — {a.bank_code} {a.bank_name}
                  {a.label ? ` (${a.label})` : ''} · ag. {a.agency || '—'} conta {a.account || '—'}
                  {a.active ? '' : ' · inativa'}
                </option>
              ))}
            </select>
          </Field>
        </div>
      )}
      {account && (
        <>
          <RemittanceSection key={`r-${account.id}`} account={account} />
          <ReturnSection key={`t-${account.id}`} account={account} />
        </>
      )}
    </div>
  );
}

/** "2 boleto(s) novo(s) e 1 instrução(ões) ao banco": what a remittance carries, in the clerk's words. */
function contentsText(r: { boleto_count: number; movement_count: number }): string {
  const parts = [];
  if (r.boleto_count > 0) parts.push(`${r.boleto_count} boleto(s) novo(s)`);
  if (r.movement_count > 0) parts.push(`${r.movement_count} instrução(ões) ao banco`);
  return parts.join(' e ');
}

/** Why an instruction is in the file and what the bank does with it, in the clerk's words. */
const MOVEMENT_WHY: Partial<Record<RemittancePreview['boletos'][number]['movement'], [string, string]>> = {
  write_off: ['boleto cancelado depois de enviado', 'o banco deixa de cobrar este boleto'],
  due_date_change: ['vencimento alterado depois de enviado', 'o banco passa a cobrar no novo vencimento'],
  amount_change: ['valor alterado depois de enviado', 'o banco passa a cobrar o novo valor'],
  rebate_grant: ['abatimento concedido', 'o banco desconta o abatimento do valor'],
  rebate_cancel: ['abatimento cancelado', 'o banco volta a cobrar o valor cheio'],
  discount_grant: ['desconto concedido', 'o banco aplica o desconto'],
  discount_cancel: ['desconto cancelado', 'o banco deixa de aplicar o desconto'],
  protest: ['protesto pedido', 'o banco envia o boleto a cartório após os dias pedidos'],
  protest_stop_write_off: ['protesto sustado', 'o banco susta o protesto e baixa o boleto'],
  protest_stop_keep: ['protesto sustado', 'o banco susta o protesto e mantém o boleto em cobrança'],
  negativation: ['negativação pedida', 'o banco negativa o pagador após os dias pedidos'],
  negativation_stop: ['negativação retirada', 'o banco exclui a negativação e baixa o boleto'],
};

function RemittanceSection({ account }: { account: CollectionAccount }) {
  const list = useAsync(() => get(`/v1/collection-accounts/${account.id}/remittances`), [account.id]);
  const [preview, setPreview] = useState<RemittancePreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // One key per preview: a retried "Gerar" answers the same file instead of making a second one.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const openPreview = async () => {
    setError(null);
    setDone(null);
    setBusy(true);
    setKey(crypto.randomUUID());
    try {
      setPreview(await get(`/v1/collection-accounts/${account.id}/remittance/preview`));
    } catch (err) {
      setPreview(null);
      const e = explainFileError(err);
      // Nothing waiting is news, not a failure.
      if (e.meta.reason === 'nothing_to_remit') setDone(e.message);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const generate = async () => {
    setError(null);
    setBusy(true);
    try {
      const r = await post(`/v1/collection-accounts/${account.id}/remittances`, undefined, { idempotencyKey: key });
      await downloadFile(r.file_url);
      const text = `Remessa ${r.file_name} gerada (sequência ${r.file_sequence}: ${contentsText(r)}) e baixada. Envie-a ao banco pelo canal de cobrança dele.`;
      setDone(text);
      notify(text);
      setPreview(null);
      list.reload();
    } catch (err) {
      setError(explainFileError(err));
    } finally {
      setBusy(false);
    }
  };
  const again = async (r: Remittance) => {
    try {
      await downloadFile(r.file_url);
      notify(`Remessa ${r.file_name} baixada de novo.`);
    } catch (err) {
      notify(explainFileError(err).message, 'error');
    }
  };
  return (
    <section className="panel" aria-labelledby="bankfiles-remessa">
      <h2 id="bankfiles-remessa">Remessa</h2>
      <div className="bankfiles-actions">
        <button type="button" className="primary" onClick={openPreview} disabled={busy}>
          Gerar remessa
        </button>
      </div>
      <ErrorBox error={error} />
      {done && (
        <p className="bankfiles-result ok" role="status">
          {done}
        </p>
      )}
      {preview && (
        <section className="bankfiles-preview" aria-label="Prévia da remessa">
          <h3>Prévia: o que o arquivo vai conter</h3>
          <ul className="bankfiles-summary">
            <li>
              <strong>Arquivo</strong>
              {preview.file_name}
            </li>
            <li>
              <strong>Sequência do arquivo</strong>
              {preview.file_sequence}
            </li>
            <li>
              <strong>Boletos novos</strong>
              {preview.boleto_count}
            </li>
            <li>
              <strong>Instruções ao banco</strong>
              {preview.movement_count}
            </li>
            <li>
              <strong>Valor total</strong>
              {brl(preview.total_cents)}
            </li>
          </ul>
          <ScrollTable label="Boletos da remessa">
            <table className="grid compact">
              <thead>
                <tr>
                  <th>Cobrança nº</th>
                  <th>Pagador</th>
                  <th>Nosso número</th>
                  <th>Movimento</th>
                  <th>Vencimento</th>
                  <th className="num">Valor</th>
                  <th>Multa, juros e desconto</th>
                </tr>
              </thead>
              <tbody>
                {preview.boletos.map((b) => (
                  <tr key={`${b.movement_code}-${b.boleto_id}`}>
                    <td>{b.charge_number}</td>
                    <td>{b.customer_name}</td>
                    <td>{b.nosso_numero}</td>
                    <td>
                      {b.movement_code} — {b.movement_text}
                      {MOVEMENT_WHY[b.movement] && <span className="muted"> ({MOVEMENT_WHY[b.movement]![0]})</span>}
                    </td>
                    <td>{dateBR(b.due_date)}</td>
                    <td className="num">{brl(b.amount_cents)}</td>
                    <td>
                      {MOVEMENT_WHY[b.movement]?.[1] ??
                        ([termText(b.fine, 'fine'), termText(b.interest, 'interest'), termText(b.discount, 'discount')]
                          .filter(Boolean)
                          .join('; ') ||
                          '—')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
          <p className="muted bankfiles-small">
            Ao gerar, estes boletos e pedidos de baixa ficam marcados como enviados e não entram na próxima remessa; o arquivo fica guardado
            para baixar de novo.
          </p>
          <div className="bankfiles-actions">
            <button type="button" className="primary" onClick={generate} disabled={busy}>
              Gerar e baixar arquivo
            </button>
            <button type="button" onClick={() => setPreview(null)} disabled={busy}>
              Cancelar
            </button>
          </div>
        </section>
      )}
      <h3>Remessas geradas</h3>
      {list.error && <LoadError error={list.error} what="Remessas" />}
      {list.data && (
        <table className="grid">
          <thead>
            <tr>
              <th>Sequência</th>
              <th>Arquivo</th>
              <th className="num">Boletos novos</th>
              <th className="num">Instruções ao banco</th>
              <th className="num">Total</th>
              <th>Gerada em</th>
              <th>Ações</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.length === 0 && <EmptyRow colSpan={7}>Nenhuma remessa gerada nesta conta.</EmptyRow>}
            {list.data.data.map((r) => (
              <tr key={r.id}>
                <td>{r.file_sequence}</td>
                <td>{r.file_name}</td>
                <td className="num">{r.boleto_count}</td>
                <td className="num">{r.movement_count}</td>
                <td className="num">{brl(r.total_cents)}</td>
                <td>{dateTimeBR(r.created_at)}</td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => again(r)} aria-label={`Baixar de novo a remessa ${r.file_name}`}>
                    Baixar de novo
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface Effect {
  line: number;
  code: string;
  /** The occurrence as shown: code and the bank's text. */
  occurrence: string;
  /** The motives the bank sent with it, each with the bank's text. */
  reasons: { code: string; text: string | null }[];
  nosso: string;
  text: string;
  tone: 'payment' | 'warn' | 'none';
}

const described = (e: EntryRef) => ({ occurrence: occurrence(e), reasons: e.reason_texts ?? [] });

/** The occurrences that are only recorded, by kind (results stored before kinds: by the code 28). */
const OTHER_TEXT: Record<string, (e: EntryRef) => string> = {
  fee: (e) => `Tarifa cobrada pelo banco${e.amount_cents ? ` (título de ${brl(e.amount_cents)})` : ''}: só informativa, nada é registrado.`,
  protest: () => 'Protesto (instrução, envio a cartório, sustação ou baixa por protesto): só informativo, nada muda na cobrança.',
  change_confirmed: () => 'O banco confirmou a instrução ou alteração: só informativo, nada muda na cobrança.',
  change_rejected: () => 'O banco rejeitou a instrução ou alteração: confira os motivos e envie-a de novo. Nada muda na cobrança.',
};

/** One sentence per line of the file: what processing does (or did) with it. */
function effects(r: ReturnResult): Effect[] {
  const out: Effect[] = [];
  const will = !!r.preview;
  const ch = (id: string | null | undefined) => {
    const c = id ? r.charges?.[id] : undefined;
    return c ? `cobrança nº ${c.number} (${c.customer_name})` : 'a cobrança do boleto';
  };
  for (const p of r.payments) {
    const before = r.charges?.[p.charge_id];
    let text: string;
    let tone: Effect['tone'] = 'payment';
    if (!p.created) {
      text = `Liquidação de ${brl(p.paid_cents)} já registrada por um arquivo anterior: nada muda na ${ch(p.charge_id)}.`;
      tone = 'none';
    } else {
      text = `Liquidação: ${will ? 'registra' : 'registrou'} o pagamento de ${brl(p.paid_cents)} em ${dateBR(p.paid_on)} na ${ch(p.charge_id)}${p.fee_cents ? `, tarifa ${brl(p.fee_cents)}` : ''}; a cobrança ${will ? 'fica' : 'ficou'} ${CHARGE_STATUS[p.charge_status] ?? (STATUS_LABEL[p.charge_status] ?? p.charge_status).toLowerCase()}.`;
      if (before && before.status === 'paid') {
        text += ` Atenção: a cobrança já estava paga — este valor fica como pagamento a maior.`;
        tone = 'warn';
      }
    }
    out.push({ line: p.line, code: p.occurrence_code, ...described(p), nosso: p.nosso_numero, text, tone });
  }
  for (const e of r.registered)
    out.push({
      line: e.line,
      code: e.occurrence_code,
      ...described(e),
      nosso: e.nosso_numero,
      text: `Entrada confirmada: o banco registrou o boleto; ele ${will ? 'passa a constar' : 'passou a constar'} como registrado.`,
      tone: 'none',
    });
  for (const e of r.rejected)
    out.push({
      line: e.line,
      code: e.occurrence_code,
      ...described(e),
      nosso: e.nosso_numero,
      // Results stored before the motives' texts existed name the codes in the sentence.
      text: `Entrada rejeitada pelo banco${e.reasons.length && !e.reason_texts ? ` (motivos ${e.reasons.join(', ')})` : ''}: corrija o boleto e envie-o em nova remessa. Nada muda na cobrança.`,
      tone: 'warn',
    });
  for (const e of r.written_off)
    out.push({
      line: e.line,
      code: e.occurrence_code,
      ...described(e),
      nosso: e.nosso_numero,
      text: 'Baixa: o banco retirou o boleto da cobrança. Nada muda na cobrança em Cobre.',
      tone: 'none',
    });
  for (const e of r.unmatched)
    out.push({
      line: e.line,
      code: e.occurrence_code,
      ...described(e),
      nosso: e.nosso_numero,
      text: `Nosso número desconhecido: nenhum boleto desta conta tem este número${e.amount_cents ? ` (valor ${brl(e.amount_cents)})` : ''}; nada ${will ? 'será' : 'foi'} registrado. Confira com o banco.`,
      tone: 'warn',
    });
  for (const e of r.not_applied)
    out.push({
      line: e.line,
      code: e.occurrence_code,
      ...described(e),
      nosso: e.nosso_numero,
      text: `Não ${will ? 'será' : 'foi'} aplicado na ${ch(e.charge_id)}: ${NOT_APPLIED[e.reason] ?? 'o pagamento foi recusado'}${e.reason === 'validation_failed' ? ` (${e.message})` : ''}.`,
      tone: 'warn',
    });
  for (const e of r.other ?? [])
    out.push({
      line: e.line,
      code: e.occurrence_code,
      ...described(e),
      nosso: e.nosso_numero,
      text:
        (OTHER_TEXT[e.kind] ?? (e.occurrence_code === '28' && e.occurrence_text === undefined ? OTHER_TEXT.fee : undefined))?.(e) ??
        'Ocorrência informativa: nada é registrado.',
      tone: 'none',
    });
  return out.sort((a, b) => a.line - b.line);
}

function ReturnView({ result, title }: { result: ReturnResult; title: string }) {
  const rows = useMemo(() => effects(result), [result]);
  const created = result.payments.filter((p) => p.created);
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {result.already_processed && (
        <p className="bankfiles-note" role="note">
          Este arquivo já foi processado em {dateTimeBR(result.processed_at)}. Processá-lo de novo não registra nada; abaixo, o que ele fez
          da primeira vez.
        </p>
      )}
      <ul className="bankfiles-summary">
        <li>
          <strong>Formato</strong>
          {result.format === 'cnab240' ? 'CNAB 240' : 'CNAB 400'} · banco {result.bank_code}
        </li>
        <li>
          <strong>Registros</strong>
          {result.entry_count}
        </li>
        <li>
          <strong>Pagamentos {result.preview ? 'a registrar' : 'registrados'}</strong>
          {created.length} · {brl(result.paid_total_cents)}
        </li>
        <li>
          <strong>Tarifas</strong>
          {brl(result.fee_total_cents)}
        </li>
        <li>
          <strong>Desconhecidos</strong>
          {result.unmatched.length}
        </li>
      </ul>
      {result.line_report && (result.line_report.padded_count > 0 || result.line_report.skipped_count > 0) && (
        <p className="muted bankfiles-small">
          {result.line_report.padded_count > 0 && `Linhas completadas com espaços: ${result.line_report.padded_lines}. `}
          {result.line_report.skipped_count > 0 && `Linhas em branco ignoradas: ${result.line_report.skipped_lines}.`}
        </p>
      )}
      <ScrollTable label={`${title}: linha a linha`}>
        <table className="grid compact">
          <thead>
            <tr>
              <th>Linha</th>
              <th>Ocorrência</th>
              <th>Nosso número</th>
              <th>{result.preview ? 'O que será feito' : 'O que foi feito'}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && <EmptyRow colSpan={4}>Nenhum registro de título no arquivo.</EmptyRow>}
            {rows.map((r) => (
              <tr key={`${r.line}-${r.code}`}>
                <td>{r.line}</td>
                <td>{r.occurrence}</td>
                <td>{r.nosso}</td>
                <td className={`bankfiles-effect-${r.tone}`}>
                  {r.text}
                  {r.reasons.length > 0 && (
                    <ul className="bankfiles-reasons" aria-label="Motivos informados pelo banco">
                      {r.reasons.map((m) => (
                        <li key={m.code}>
                          {m.code} — {m.text ?? 'código não documentado'}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}

function ReturnSection({ account }: { account: CollectionAccount }) {
  const list = useAsync(() => get(`/v1/collection-accounts/${account.id}/returns`), [account.id]);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ReturnResult | null>(null);
  const [result, setResult] = useState<ReturnResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const send = (f: File, preview: boolean) =>
    api('POST', `/v1/collection-accounts/${account.id}/returns`, undefined, {
      file: f,
      contentType: 'application/octet-stream',
      query: { file_name: f.name.slice(0, 200), preview: preview || undefined },
    });
  const choose = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setResult(null);
    setError(null);
    if (!f) return;
    setBusy(true);
    try {
      setPreview(await send(f, true));
    } catch (err) {
      setError(explainFileError(err));
    } finally {
      setBusy(false);
    }
  };
  const processFile = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await send(file, false);
      setResult(r);
      setPreview(null);
      notify(
        r.already_processed
          ? 'Este arquivo já tinha sido processado: nada novo foi registrado.'
          : `Retorno processado: ${r.payments.filter((p) => p.created).length} pagamento(s), ${brl(r.paid_total_cents)}.`,
      );
      list.reload();
    } catch (err) {
      setError(explainFileError(err));
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setFile(null);
    setPreview(null);
    setResult(null);
    setError(null);
    if (input.current) input.current.value = '';
  };
  return (
    <section className="panel" aria-labelledby="bankfiles-retorno">
      <h2 id="bankfiles-retorno">Retorno</h2>
      <Field
        label="Arquivo de retorno do banco (CNAB 240 ou 400)"
        name="return_file"
        hint="Escolha o arquivo: primeiro mostramos o que ele fará, sem registrar nada."
      >
        <input
          ref={input}
          type="file"
          name="return_file"
          accept=".ret,.txt,.RET,.TXT,.cnab,text/plain,application/octet-stream"
          onChange={(e) => void choose(e.target.files?.[0] ?? null)}
          disabled={busy}
        />
      </Field>
      {busy && <p role="status">Lendo o arquivo…</p>}
      <ErrorBox error={error} />
      {preview && (
        <>
          <ReturnView result={preview} title={`Prévia do retorno ${file?.name ?? ''}`} />
          <div className="bankfiles-actions">
            <button type="button" className="primary" onClick={processFile} disabled={busy}>
              Processar arquivo
            </button>
            <button type="button" onClick={reset} disabled={busy}>
              Cancelar
            </button>
          </div>
        </>
      )}
      {result && (
        <>
          <p className="bankfiles-result ok" role="status">
            {result.already_processed
              ? 'Arquivo já processado antes: nada novo foi registrado.'
              : `Arquivo processado: ${result.payments.filter((p) => p.created).length} pagamento(s) registrado(s), ${brl(result.paid_total_cents)}.`}
          </p>
          <ReturnView result={result} title={`Resultado do retorno ${file?.name ?? ''}`} />
          <div className="bankfiles-actions">
            <button type="button" onClick={reset}>
              Enviar outro arquivo
            </button>
          </div>
        </>
      )}
      <h3>Retornos processados</h3>
      {list.error && <LoadError error={list.error} what="Retornos" />}
      {list.data && (
        <table className="grid">
          <thead>
            <tr>
              <th>Processado em</th>
              <th>Arquivo</th>
              <th>Formato</th>
              <th className="num">Registros</th>
              <th className="num">Liquidações</th>
              <th className="num">Total pago</th>
            </tr>
          </thead>
          <tbody>
            {list.data.data.length === 0 && <EmptyRow colSpan={6}>Nenhum retorno processado nesta conta.</EmptyRow>}
            {list.data.data.map((r) => (
              <tr key={r.id}>
                <td>{dateTimeBR(r.created_at)}</td>
                <td>{r.file_name ?? '—'}</td>
                <td>{r.format === 'cnab240' ? 'CNAB 240' : 'CNAB 400'}</td>
                <td className="num">{r.entry_count}</td>
                <td className="num">{r.liquidation_count}</td>
                <td className="num">{brl(r.paid_total_cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
