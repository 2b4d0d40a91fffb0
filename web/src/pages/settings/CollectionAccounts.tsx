// Configurações → Contas de cobrança: list, Incluir+, Editar (the bank agreement becomes read-only
// once boletos were issued on the account), Desativar/Reativar, Tornar padrão. While the clerk
// types, the draft goes to POST /v1/collection-accounts/validate (debounced), which judges only
// what was filled in and gives the check digit the bank expects ("Dígito da conta deveria ser 7"),
// so the console does not carry the banks' rules itself.
import { useEffect, useRef, useState } from 'react';
import { api, type ApiBody, type ApiError, get, patch, post } from '../../api.ts';
import { useSession } from '../../session.ts';
import { Link } from '../../router.tsx';
import { explainIssue, localizeError } from '../../errors.ts';
import { ErrorBox, Field, LoadError, Modal, notify, toApiError, useAsync, EmptyRow, runAction, StatusBadge } from '../../ui.tsx';
import '../bank-files.css';

export interface CollectionAccount {
  id: string;
  number: number;
  label: string | null;
  bank_code: string;
  bank_name: string;
  agency: string;
  agency_digit: string | null;
  account: string;
  account_digit: string | null;
  carteira: string;
  convenio: string | null;
  beneficiary_code: string | null;
  variation: string | null;
  post: string | null;
  byte_idt: string | null;
  remittance_layout: string;
  beneficiary_name: string;
  beneficiary_document: string;
  beneficiary_document_formatted: string;
  beneficiary_address: {
    street: string;
    number: string | null;
    complement: string | null;
    district: string | null;
    city: string;
    state: string;
    postal_code: string;
  };
  instructions: string[];
  is_default: boolean;
  active: boolean;
  pix_key: string | null;
  next_sequence: number;
  max_sequence: number;
  boleto_count: number;
}

interface Validation {
  valid: boolean;
  issues: { field: string; issue: string; expected?: string }[];
  expected_digits: { agency_digit?: string; account_digit?: string };
  fixed_fields: string[];
}

const ACTIVE_LABEL: Record<string, string> = { active: 'Ativa', inactive: 'Inativa' };

export function CollectionAccountsPage() {
  const { session } = useSession();
  const isAdmin = session.user.role === 'admin';
  const list = useAsync(() => get('/v1/collection-accounts'), []);
  const banks = useAsync(() => get('/v1/collection-accounts/banks'), []);
  const [editing, setEditing] = useState<CollectionAccount | 'new' | null>(null);
  const bankList = banks.data?.data ?? [];
  const accounts = list.data?.data ?? [];
  const toggle = (a: CollectionAccount) =>
    runAction(() => patch(`/v1/collection-accounts/${a.id}`, { active: !a.active }), {
      confirm: a.active
        ? `Desativar a conta de cobrança nº ${a.number} (${a.bank_name})? Ela não emitirá novos boletos; os já emitidos continuam válidos e seus pagamentos e arquivos de retorno continuam sendo aceitos.` +
          (a.is_default
            ? ' Esta é a conta padrão: cobranças novas ficarão sem boleto até que outra conta seja a padrão ou esta seja reativada.'
            : '')
        : `Reativar a conta de cobrança nº ${a.number} (${a.bank_name})? Ela voltará a emitir boletos.`,
      done: a.active ? `Conta nº ${a.number} desativada: não emite novos boletos.` : `Conta nº ${a.number} reativada.`,
      after: list.reload,
    });
  const makeDefault = (a: CollectionAccount) =>
    runAction(() => patch(`/v1/collection-accounts/${a.id}`, { is_default: true }), {
      done: `A conta nº ${a.number} agora é a padrão.`,
      after: list.reload,
    });
  return (
    <div>
      <div className="page-head">
        <h1>Contas de cobrança</h1>
        {isAdmin && !list.error && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Incluir+
          </button>
        )}
      </div>
      {!isAdmin && <p className="muted">Somente administradores alteram contas de cobrança.</p>}
      <p className="muted">
        Remessas e retornos CNAB de cada conta:{' '}
        <Link className="inline-link" to="/arquivos-bancarios">
          Arquivos bancários (CNAB)
        </Link>
        . Pix dinâmico pela API Pix de um PSP (cobranças com QR code próprio, conciliação, devoluções, Pix Automático):{' '}
        <Link className="inline-link" to="/configuracoes/pix-psp">
          Configurações → Pix (PSP)
        </Link>
        .
      </p>
      {list.error && <LoadError error={list.error} what="Contas de cobrança" />}
      {list.data && (
        <table className="grid">
          <thead>
            <tr>
              <th>Nº</th>
              <th>Banco</th>
              <th>Agência / Conta</th>
              <th>Carteira</th>
              <th>Beneficiário</th>
              <th>Chave PIX</th>
              <th>Padrão</th>
              <th>Situação</th>
              <th>Boletos</th>
              {isAdmin && <th>Ações</th>}
            </tr>
          </thead>
          <tbody>
            {accounts.length === 0 && <EmptyRow colSpan={isAdmin ? 10 : 9}>Nenhuma conta de cobrança.</EmptyRow>}
            {accounts.map((a) => (
              <tr key={a.id} data-account={a.number}>
                <td>{a.number}</td>
                <td>
                  {a.bank_code} — {a.bank_name} {a.label && <small className="muted">({a.label})</small>}
                </td>
                <td>
                  {a.agency || '—'}
                  {a.agency_digit ? `-${a.agency_digit}` : ''} / {a.account || '—'}
                  {a.account_digit ? `-${a.account_digit}` : ''}
                </td>
                <td>{a.carteira}</td>
                <td>{a.beneficiary_name}</td>
                <td>{a.pix_key ?? '—'}</td>
                <td>{a.is_default ? 'Sim' : 'Não'}</td>
                <td>
                  <StatusBadge status={a.active ? 'active' : 'inactive'} labels={ACTIVE_LABEL} />
                </td>
                <td className="num">{a.boleto_count.toLocaleString('pt-BR')}</td>
                {isAdmin && (
                  <td className="actions">
                    <button type="button" className="link" onClick={() => setEditing(a)} aria-label={`Editar a conta nº ${a.number}`}>
                      Editar
                    </button>
                    <button
                      type="button"
                      className={'link' + (a.active ? ' danger' : '')}
                      onClick={() => toggle(a)}
                      aria-label={`${a.active ? 'Desativar' : 'Reativar'} a conta nº ${a.number}`}
                    >
                      {a.active ? 'Desativar' : 'Reativar'}
                    </button>
                    {!a.is_default && a.active && (
                      <button
                        type="button"
                        className="link"
                        onClick={() => makeDefault(a)}
                        aria-label={`Tornar padrão a conta nº ${a.number}`}
                      >
                        Tornar padrão
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <AccountModal
          banks={bankList}
          account={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

type Form = Record<
  | 'bank_code'
  | 'label'
  | 'agency'
  | 'agency_digit'
  | 'account'
  | 'account_digit'
  | 'carteira'
  | 'convenio'
  | 'beneficiary_code'
  | 'variation'
  | 'post'
  | 'byte_idt'
  | 'remittance_layout'
  | 'beneficiary_name'
  | 'beneficiary_document'
  | 'street'
  | 'number'
  | 'complement'
  | 'district'
  | 'city'
  | 'state'
  | 'postal_code'
  | 'pix_key'
  | 'instructions'
  | 'next_sequence',
  string
>;

const BANK_KEYS = [
  'bank_code',
  'agency',
  'agency_digit',
  'account',
  'account_digit',
  'carteira',
  'convenio',
  'beneficiary_code',
  'variation',
  'post',
  'byte_idt',
] as const;
const ADDRESS_KEYS = ['street', 'number', 'complement', 'district', 'city', 'state', 'postal_code'] as const;
const TOP_KEYS = [...BANK_KEYS, 'label', 'beneficiary_name', 'beneficiary_document', 'pix_key', 'remittance_layout'] as const;

function formOf(a: CollectionAccount | null, firstBank: string): Form {
  const s = (v: string | null | undefined) => v ?? '';
  return {
    bank_code: a?.bank_code ?? firstBank,
    label: s(a?.label),
    agency: s(a?.agency),
    agency_digit: s(a?.agency_digit),
    account: s(a?.account),
    account_digit: s(a?.account_digit),
    carteira: s(a?.carteira),
    convenio: s(a?.convenio),
    beneficiary_code: s(a?.beneficiary_code),
    variation: s(a?.variation),
    post: s(a?.post),
    byte_idt: s(a?.byte_idt),
    remittance_layout: a?.remittance_layout ?? 'cnab240',
    beneficiary_name: s(a?.beneficiary_name),
    beneficiary_document: s(a?.beneficiary_document_formatted),
    street: s(a?.beneficiary_address.street),
    number: s(a?.beneficiary_address.number),
    complement: s(a?.beneficiary_address.complement),
    district: s(a?.beneficiary_address.district),
    city: s(a?.beneficiary_address.city),
    state: s(a?.beneficiary_address.state),
    postal_code: s(a?.beneficiary_address.postal_code),
    pix_key: s(a?.pix_key),
    instructions: (a?.instructions ?? []).join('\n'),
    next_sequence: a ? String(a.next_sequence) : '',
  };
}

const instructionLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The fields that differ from `base` (everything filled in when base is null), as the API names them. */
function changes(f: Form, base: Form | null, opts: { includeBank: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TOP_KEYS) {
    if (!opts.includeBank && (BANK_KEYS as readonly string[]).includes(k)) continue;
    const v = f[k].trim();
    if (base === null) {
      if (v !== '') out[k] = v;
    } else if (v !== base[k].trim())
      out[k] =
        v === '' ? (k === 'bank_code' || k === 'beneficiary_name' || k === 'beneficiary_document' || k === 'carteira' ? v : null) : v;
  }
  const addrChanged =
    base === null ? ADDRESS_KEYS.some((k) => f[k].trim() !== '') : ADDRESS_KEYS.some((k) => f[k].trim() !== base[k].trim());
  if (addrChanged) {
    const addr: Record<string, string | null> = {};
    for (const k of ADDRESS_KEYS) {
      const v = f[k].trim();
      if (v !== '') addr[k] = v;
      else if (base !== null && (k === 'number' || k === 'complement' || k === 'district')) addr[k] = null;
      else if (base !== null) addr[k] = '';
    }
    out.beneficiary_address = addr;
  }
  const lines = instructionLines(f.instructions);
  if (base === null ? lines.length > 0 : lines.join('\n') !== instructionLines(base.instructions).join('\n')) out.instructions = lines;
  return out;
}

const DIGIT_LABEL: Record<string, string> = { agency_digit: 'Dígito da agência', account_digit: 'Dígito da conta' };

/** Field → message from the as-you-type validation, in the form's words. */
function messagesOf(v: Validation | null, f: Form): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of v?.issues ?? []) {
    const key = i.field;
    const text =
      i.expected !== undefined
        ? `${DIGIT_LABEL[i.field] ?? 'Dígito'} deveria ser ${i.expected} para esta agência e conta.`
        : i.issue === 'fixed once boletos exist'
          ? 'não pode mais mudar: já há boletos emitidos nesta conta'
          : explainIssue(i.issue, i.field, i.field === 'beneficiary_document' ? f.beneficiary_document : undefined);
    out[key] = out[key] ? `${out[key]}; ${text}` : text;
  }
  return out;
}

function AccountModal({
  banks,
  account,
  onClose,
  onDone,
}: {
  banks: { code: string; name: string }[];
  account: CollectionAccount | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const base = useRef<Form | null>(account ? formOf(account, '') : null);
  const [f, setF] = useState<Form>(() => formOf(account, banks[0]?.code ?? ''));
  const [error, setError] = useState<ApiError | null>(null);
  const [check, setCheck] = useState<Validation | null>(null);
  const [busy, setBusy] = useState(false);
  const locked = !!account && account.boleto_count > 0;
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setF((old) => ({ ...old, [k]: e.target.value }));

  // As-you-type: the draft is checked by the API 400 ms after the last keystroke; a newer draft
  // cancels the older request so a slow answer never overwrites a fresh one.
  useEffect(() => {
    const body = { ...(account ? { id: account.id } : {}), ...changes(f, base.current, { includeBank: !locked }) };
    if (!account && !('bank_code' in body)) return;
    const ctrl = new AbortController();
    const timer = window.setTimeout(() => {
      api('POST', '/v1/collection-accounts/validate', body, { signal: ctrl.signal }).then(
        (v) => setCheck(v),
        () => undefined, // the submit reports what the check could not reach
      );
    }, 400);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
  }, [f, account, locked]);

  const layouts = useAsync(() => get('/v1/remittance-layouts', { bank_code: f.bank_code }), [f.bank_code]);
  const live = messagesOf(check, f);
  const bankName = banks.find((b) => b.code === f.bank_code)?.name ?? f.bank_code;
  const exp = check?.expected_digits ?? {};
  const text = (
    k: keyof Form,
    label: string,
    opts: { name?: string; hint?: string; readOnly?: boolean; inputMode?: 'numeric'; maxLength?: number } = {},
  ) => {
    const name = opts.name ?? k;
    return (
      <Field
        label={label}
        name={name}
        error={error}
        message={live[name] ?? null}
        hint={opts.readOnly ? 'fixo: há boletos emitidos nesta conta' : opts.hint}
      >
        <input
          name={k}
          value={f[k]}
          onChange={set(k)}
          readOnly={opts.readOnly}
          inputMode={opts.inputMode}
          maxLength={opts.maxLength}
          className={opts.readOnly ? 'bankfiles-readonly' : undefined}
        />
      </Field>
    );
  };
  const bankField = (k: keyof Form, label: string, hint?: string, maxLength?: number) =>
    text(k, label, { readOnly: locked, hint, inputMode: 'numeric', maxLength });
  const digitHint = (k: 'agency_digit' | 'account_digit') =>
    exp[k] !== undefined && f[k].trim() === '' ? `Dígito esperado para esta agência e conta: ${exp[k]}` : undefined;

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      if (account) {
        const body: Record<string, unknown> = changes(f, base.current, { includeBank: !locked });
        const seq = f.next_sequence.trim();
        if (seq !== '' && seq !== String(account.next_sequence)) body.next_sequence = /^\d+$/.test(seq) ? Number(seq) : seq;
        if (Object.keys(body).length === 0) {
          notify('Nada foi alterado.');
          onClose();
          return;
        }
        await patch(`/v1/collection-accounts/${account.id}`, body);
        notify(`Conta de cobrança nº ${account.number} alterada.`);
      } else {
        const body = changes(f, null, { includeBank: true });
        // changes() gives the filled fields (bank_code among them); the API validates the rest.
        await post('/v1/collection-accounts', {
          ...(body as Pick<ApiBody<'POST', '/v1/collection-accounts'>, 'bank_code'>),
          carteira: '',
          beneficiary_name: '',
          beneficiary_document: '',
          ...body,
          beneficiary_address: { street: '', city: '', state: '', postal_code: '', ...(body.beneficiary_address as object) },
        });
        notify('Conta de cobrança incluída.');
      }
      onDone();
    } catch (err) {
      const values: Record<string, string> = { beneficiary_document: f.beneficiary_document };
      setError(localizeError(toApiError(err), { shown: [...SHOWN], values }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={account ? `Editar conta de cobrança nº ${account.number}` : 'Incluir conta de cobrança'} onClose={onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <ErrorBox error={error} fields={[...SHOWN]} />
        {locked && (
          <p className="bankfiles-note" role="note">
            Já foram emitidos {account!.boleto_count.toLocaleString('pt-BR')} boleto(s) nesta conta: banco, agência, conta, dígitos,
            carteira e convênio ficam fixos, porque os boletos emitidos e os arquivos do banco dependem deles. Para outro acordo com o
            banco, inclua uma nova conta e desative esta.
          </p>
        )}
        <fieldset className="bankfiles-fieldset">
          <legend>Acordo com o banco</legend>
          <div className="form-grid">
            <Field
              label="Banco"
              name="bank_code"
              error={error}
              message={live.bank_code ?? null}
              hint={locked ? 'fixo: há boletos emitidos nesta conta' : undefined}
            >
              <select name="bank_code" value={f.bank_code} onChange={set('bank_code')} disabled={locked}>
                {banks.map((b) => (
                  <option key={b.code} value={b.code}>
                    {b.code} — {b.name}
                  </option>
                ))}
              </select>
            </Field>
            {bankField('agency', f.bank_code === '756' || f.bank_code === '748' ? 'Cooperativa (agência)' : 'Agência', undefined, 5)}
            {text('agency_digit', 'Dígito da agência', { readOnly: locked, hint: digitHint('agency_digit'), maxLength: 2 })}
            {bankField('account', f.bank_code === '041' ? 'Código do beneficiário' : 'Conta', undefined, 12)}
            {text('account_digit', f.bank_code === '041' ? 'NC do código (2 dígitos)' : 'Dígito da conta', {
              readOnly: locked,
              hint: digitHint('account_digit'),
              maxLength: 2,
            })}
            {text('carteira', 'Carteira', { readOnly: locked, maxLength: 3 })}
            {(f.bank_code === '001' || f.bank_code === '033' || f.convenio) &&
              bankField('convenio', f.bank_code === '033' ? 'Código do beneficiário (convênio)' : 'Convênio', undefined, 8)}
            {(['104', '756', '748'].includes(f.bank_code) || f.beneficiary_code) &&
              bankField('beneficiary_code', f.bank_code === '756' ? 'Código do cliente' : 'Código do beneficiário', undefined, 7)}
            {(f.bank_code === '756' || f.variation) && bankField('variation', 'Modalidade', 'padrão 01', 2)}
            {(f.bank_code === '748' || f.post) && bankField('post', 'Posto', undefined, 2)}
            {(f.bank_code === '748' || f.byte_idt) && bankField('byte_idt', 'Byte de geração do nosso número', 'padrão 2', 1)}
            <Field
              label="Layout da remessa (CNAB)"
              name="remittance_layout"
              error={error}
              message={live.remittance_layout ?? null}
              hint="o formato do arquivo de remessa desta conta; as instruções disponíveis dependem dele"
            >
              <select name="remittance_layout" value={f.remittance_layout} onChange={set('remittance_layout')}>
                {(layouts.data?.data ?? []).map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
                {!(layouts.data?.data ?? []).some((l) => l.id === f.remittance_layout) && (
                  <option value={f.remittance_layout}>{f.remittance_layout}</option>
                )}
              </select>
            </Field>
          </div>
          <p className="muted bankfiles-small">
            Banco escolhido: {bankName}. Os dígitos de agência e conta do Itaú e do Banco do Brasil são conferidos enquanto você digita.
          </p>
        </fieldset>
        <fieldset className="bankfiles-fieldset">
          <legend>Beneficiário</legend>
          <div className="form-grid">
            {text('label', 'Descrição')}
            {text('beneficiary_name', 'Beneficiário (razão social)')}
            {text('beneficiary_document', 'CNPJ/CPF do beneficiário')}
            {text('street', 'Logradouro', { name: 'beneficiary_address.street' })}
            {text('number', 'Número', { name: 'beneficiary_address.number' })}
            {text('complement', 'Complemento', { name: 'beneficiary_address.complement' })}
            {text('district', 'Bairro', { name: 'beneficiary_address.district' })}
            {text('city', 'Cidade', { name: 'beneficiary_address.city' })}
            {text('state', 'UF', { name: 'beneficiary_address.state', maxLength: 2 })}
            {text('postal_code', 'CEP', { name: 'beneficiary_address.postal_code', maxLength: 9 })}
            {text('pix_key', 'Chave PIX (bolepix)')}
            {account &&
              text('next_sequence', 'Próximo nosso número', {
                inputMode: 'numeric',
                hint: `só pode aumentar (números nunca são reutilizados); máximo ${account.max_sequence.toLocaleString('pt-BR')}`,
              })}
          </div>
          <Field
            label="Instruções impressas em todo boleto (uma por linha, até 6)"
            name="instructions"
            error={error}
            message={live.instructions ?? null}
          >
            <textarea name="instructions" rows={3} value={f.instructions} onChange={set('instructions')} />
          </Field>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Salvar
          </button>
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
        </div>
      </form>
    </Modal>
  );
}

const SHOWN = [
  'bank_code',
  'agency',
  'agency_digit',
  'account',
  'account_digit',
  'carteira',
  'convenio',
  'beneficiary_code',
  'variation',
  'post',
  'byte_idt',
  'remittance_layout',
  'label',
  'beneficiary_name',
  'beneficiary_document',
  'beneficiary_address',
  'pix_key',
  'instructions',
  'next_sequence',
] as const;
