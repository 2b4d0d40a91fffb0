// Configurações → Contas de cobrança.
import { useState } from 'react';
import { ApiError, get, post } from '../../api.ts';
import { useSession } from '../../session.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Field, LoadError, Modal, notify, toApiError, useAsync, EmptyRow } from '../../ui.tsx';

interface CollectionAccount {
  id: string;
  number: number;
  label: string | null;
  bank_code: string;
  bank_name: string;
  agency: string;
  account: string;
  account_digit: string | null;
  carteira: string;
  beneficiary_name: string;
  is_default: boolean;
  active: boolean;
  pix_key: string | null;
}

export function CollectionAccountsPage() {
  const { session } = useSession();
  const isAdmin = session.user.role === 'admin';
  const list = useAsync(() => get<{ data: CollectionAccount[] }>('/v1/collection-accounts'), []);
  const banks = useAsync(() => get<{ data: { code: string; name: string }[] }>('/v1/collection-accounts/banks'), []);
  const [open, setOpen] = useState(false);
  const bankList = banks.data?.data ?? [];
  return (
    <div>
      <div className="page-head">
        <h1>Contas de cobrança</h1>
        {isAdmin && !list.error && (
          <button type="button" className="primary" onClick={() => setOpen(true)}>
            Incluir+
          </button>
        )}
      </div>
      {!isAdmin && <p className="muted">Somente administradores alteram contas de cobrança.</p>}
      <p className="muted">
        Pix dinâmico pela API Pix de um PSP (cobranças com QR code próprio, conciliação, devoluções, Pix Automático): <Link className="inline-link" to="/configuracoes/pix-psp">Configurações → Pix (PSP)</Link>.
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
            </tr>
          </thead>
          <tbody>
            {list.data.data.length === 0 && (
              <EmptyRow colSpan={7}>Nenhuma conta de cobrança.</EmptyRow>
            )}
            {list.data.data.map((a) => (
              <tr key={a.id}>
                <td>{a.number}</td>
                <td>
                  {a.bank_code} — {a.bank_name} {a.label && <small className="muted">({a.label})</small>}
                </td>
                <td>
                  {a.agency} / {a.account}
                  {a.account_digit ? `-${a.account_digit}` : ''}
                </td>
                <td>{a.carteira}</td>
                <td>{a.beneficiary_name}</td>
                <td>{a.pix_key ?? '—'}</td>
                <td>{a.is_default ? 'Sim' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <AccountModal
          banks={bankList}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function AccountModal({ banks, onClose, onDone }: { banks: { code: string; name: string }[]; onClose: () => void; onDone: () => void }) {
  const [f, setF] = useState({ bank_code: banks[0]?.code ?? '', agency: '', account: '', account_digit: '', carteira: '', convenio: '', beneficiary_code: '', beneficiary_name: '', beneficiary_document: '', street: '', number: '', district: '', city: '', state: '', postal_code: '', pix_key: '', label: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  const text = (k: keyof typeof f, label: string, name: string = k) => (
    <Field label={label} name={name} error={error}>
      <input name={k} value={f[k]} onChange={set(k)} />
    </Field>
  );
  return (
    <Modal title="Incluir conta de cobrança" onClose={onClose} wide>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await post('/v1/collection-accounts', {
              bank_code: f.bank_code,
              agency: opt(f.agency),
              account: opt(f.account),
              account_digit: opt(f.account_digit),
              carteira: f.carteira.trim(),
              convenio: opt(f.convenio),
              beneficiary_code: opt(f.beneficiary_code),
              beneficiary_name: f.beneficiary_name.trim(),
              beneficiary_document: f.beneficiary_document.trim(),
              beneficiary_address: { street: f.street.trim(), number: opt(f.number), district: opt(f.district), city: f.city.trim(), state: f.state.trim(), postal_code: f.postal_code.trim() },
              pix_key: opt(f.pix_key),
              label: opt(f.label),
            });
            notify('Conta de cobrança incluída.');
            onDone();
          } catch (err) {
            setError(toApiError(err));
          }
        }}
      >
        <ErrorBox error={error} fields={['bank_code', 'agency', 'account', 'account_digit', 'carteira', 'convenio', 'beneficiary_code', 'beneficiary_name', 'beneficiary_document', 'beneficiary_address', 'pix_key', 'label']} />
        <div className="form-grid">
          <Field label="Banco" name="bank_code" error={error}>
            <select name="bank_code" value={f.bank_code} onChange={set('bank_code')}>
              {banks.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.code} — {b.name}
                </option>
              ))}
            </select>
          </Field>
          {text('label', 'Descrição')}
          {text('agency', 'Agência')}
          {text('account', 'Conta')}
          {text('account_digit', 'Dígito da conta')}
          {text('carteira', 'Carteira')}
          {text('convenio', 'Convênio')}
          {text('beneficiary_code', 'Código do beneficiário')}
          {text('beneficiary_name', 'Beneficiário (razão social)')}
          {text('beneficiary_document', 'CNPJ/CPF do beneficiário')}
          {text('street', 'Logradouro', 'beneficiary_address.street')}
          {text('number', 'Número', 'beneficiary_address.number')}
          {text('district', 'Bairro', 'beneficiary_address.district')}
          {text('city', 'Cidade', 'beneficiary_address.city')}
          {text('state', 'UF', 'beneficiary_address.state')}
          {text('postal_code', 'CEP', 'beneficiary_address.postal_code')}
          {text('pix_key', 'Chave PIX (bolepix)')}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Salvar
          </button>
        </div>
      </form>
    </Modal>
  );
}

