// What governs the charges of one customer, contract or service: the payment rules that apply (and
// where each comes from), the rules attached right here (attach / detach), and the fine and interest
// (multa e juros) that apply, with this record's own policy (customers and contracts).
// Used on the customer, contract and service pages: <EffectiveRules target={{ type, id }} />.
import { useState } from 'react';
import { del, get, post, put } from '../api.ts';
import { EmptyRow, LoadError, Modal, notify, runAction, toApiError, useAsync } from '../ui.tsx';
import { Link } from '../router.tsx';
import { LatePolicyForm } from '../pages/settings/LatePolicy.tsx';
import { policyInWords, POLICY_LEVEL_LABEL, ruleInWords } from '../pages/settings/rules-words.ts';
import '../pages/settings/rules.css';

export interface RulesTarget {
  type: 'customer' | 'contract' | 'service';
  id: string;
}

const PATH = { customer: 'customers', contract: 'contracts', service: 'services' } as const;
const HERE = { customer: 'este cliente', contract: 'este contrato', service: 'este serviço' } as const;

function origin(level: string, target: RulesTarget['type']): string {
  if (level === target) return `Aplicada a ${HERE[target]}`;
  if (level === 'tenant') return 'Todos os clientes (padrão da empresa)';
  if (level === 'customer') return 'Aplicada ao cliente do contrato';
  if (level === 'service') return target === 'contract' ? 'Aplicada a um serviço do contrato' : 'Aplicada ao serviço';
  return level;
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export function EffectiveRules({ target }: { target: RulesTarget }) {
  const base = `/v1/${PATH[target.type]}/${encodeURIComponent(target.id)}` as const;
  // A customer or a contract may have its own late-charge policy; a service never does.
  const ownLate =
    target.type === 'service' ? null : (`/v1/${PATH[target.type]}/${encodeURIComponent(target.id)}/late-charge-policy` as const);
  const [associate, setAssociate] = useState(false);
  // Links name their target by UUID; a page may know the record by its number.
  const uuid = useAsync(() => (isUuid(target.id) ? Promise.resolve(target.id) : get(base).then((r) => r.id)), [base]);
  const effective = useAsync(() => get(`${base}/payment-rules`, target.type === 'service' ? { associate } : undefined), [base, associate]);
  // The rules attached right here (exact, whatever their number), and the rules one can attach.
  const attached = useAsync(
    () =>
      uuid.data ? get('/v1/payment-rules', { target_type: target.type, target_id: uuid.data, page_size: 100 }) : Promise.resolve(null),
    [uuid.data, target.type],
  );
  const rules = useAsync(() => get('/v1/payment-rules', { ativo: true, page_size: 100 }), []);
  const late = useAsync(() => (target.type === 'service' ? get('/v1/late-charge-policy') : get(`${base}/late-charge-policy`)), [base]);
  const [choice, setChoice] = useState('');
  const [editingLate, setEditingLate] = useState(false);
  const here = (attached.data?.data ?? []).flatMap((r) =>
    r.links.filter((l) => l.target_type === target.type && l.target_id === uuid.data).map((l) => ({ rule: r, link: l })),
  );
  const available = (rules.data?.data ?? []).filter((r) => !here.some((h) => h.rule.id === r.id));
  const reload = () => {
    effective.reload();
    attached.reload();
  };
  const attach = async () => {
    if (!choice || !uuid.data) return;
    try {
      await post(`/v1/payment-rules/${choice}/links`, { target_type: target.type, target_id: uuid.data });
      notify('Regra aplicada.');
      setChoice('');
      reload();
    } catch (err) {
      notify(toApiError(err).message, 'error');
    }
  };
  const titleId = `rules-eff-${target.type}`;
  return (
    <div className="rules-effective" data-effective-rules={target.type}>
      <section className="panel" aria-labelledby={`${titleId}-rules`}>
        <h2 id={`${titleId}-rules`}>Regras de pagamento</h2>
        {target.type === 'service' && (
          <label className="check">
            <input type="checkbox" checked={associate} onChange={(e) => setAssociate(e.target.checked)} /> Mostrar para um cliente associado
          </label>
        )}
        <h3>Valem para as cobranças {target.type === 'service' ? 'deste serviço' : `d${HERE[target.type]}`}</h3>
        {effective.error && <LoadError error={effective.error} what="Regras que valem" />}
        {effective.data && (
          <table className="grid" data-effective>
            <thead>
              <tr>
                <th scope="col">Regra</th>
                <th scope="col">O que faz</th>
                <th scope="col">De onde vem</th>
              </tr>
            </thead>
            <tbody>
              {effective.data.data.length === 0 && <EmptyRow colSpan={3}>Nenhuma regra de desconto ou acréscimo vale aqui.</EmptyRow>}
              {effective.data.data.map((e) => (
                <tr key={e.rule.id} data-rule={e.rule.descricao}>
                  <td>{e.rule.descricao}</td>
                  <td>{ruleInWords(e.rule)}</td>
                  <td>{origin(e.level, target.type)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>
          Aplicadas {target.type === 'customer' ? 'a este cliente' : target.type === 'contract' ? 'a este contrato' : 'a este serviço'}
        </h3>
        {(attached.error ?? rules.error) && <LoadError error={(attached.error ?? rules.error)!} what="Regras de pagamento" />}
        {attached.data && rules.data && (
          <>
            <table className="grid" data-here>
              <thead>
                <tr>
                  <th scope="col">Regra</th>
                  <th scope="col">O que faz</th>
                  <th scope="col">
                    <span className="sr-only">Ações</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {here.length === 0 && <EmptyRow colSpan={3}>Nenhuma regra aplicada diretamente aqui.</EmptyRow>}
                {here.map(({ rule, link }) => (
                  <tr key={link.id} data-rule={rule.descricao}>
                    <td>{rule.descricao}</td>
                    <td>{ruleInWords(rule)}</td>
                    <td className="actions">
                      <button
                        type="button"
                        className="link danger"
                        aria-label={`Remover daqui: ${rule.descricao}`}
                        onClick={() =>
                          runAction(() => del(`/v1/payment-rules/${rule.id}/links/${link.id}`), {
                            confirm: `Deixar de aplicar “${rule.descricao}” aqui?`,
                            done: 'A regra deixou de valer aqui.',
                            after: reload,
                          })
                        }
                      >
                        Remover daqui
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <form
              className="rules-attach-here"
              onSubmit={(e) => {
                e.preventDefault();
                void attach();
              }}
            >
              <label className="field">
                <span className="label">Aplicar uma regra aqui</span>
                <select name="rule_id" value={choice} onChange={(e) => setChoice(e.target.value)}>
                  <option value="">{available.length ? 'Escolha a regra' : 'Todas as regras já se aplicam aqui'}</option>
                  {available.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.descricao} — {ruleInWords(r)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={!choice}>
                Aplicar aqui
              </button>
              <Link to="/configuracoes/regras-de-pagamento">Cadastrar regras</Link>
            </form>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby={`${titleId}-late`}>
        <h2 id={`${titleId}-late`}>Multa e juros</h2>
        {late.error && <LoadError error={late.error} what="Multa e juros" />}
        {late.data && (
          <>
            <p data-effective-late>
              {late.data.effective.policy
                ? `${policyInWords(late.data.effective.policy)} (política ${POLICY_LEVEL_LABEL[late.data.effective.level ?? 'tenant']})`
                : 'Sem multa nem juros: nenhuma política definida.'}
            </p>
            {target.type === 'service' ? (
              <p className="muted">
                Multa e juros não se definem por serviço: valem os da empresa (<Link to="/configuracoes/multa-e-juros">Multa e juros</Link>
                ), do cliente ou do contrato.
              </p>
            ) : (
              <>
                <p className="muted">
                  {late.data.policy
                    ? `${target.type === 'customer' ? 'Este cliente' : 'Este contrato'} tem política própria.`
                    : `${target.type === 'customer' ? 'Este cliente' : 'Este contrato'} não tem política própria: vale a ${late.data.effective.level ? POLICY_LEVEL_LABEL[late.data.effective.level] : 'da empresa'}.`}
                </p>
                <button type="button" onClick={() => setEditingLate(true)}>
                  {late.data.policy ? 'Alterar multa e juros próprios' : 'Definir multa e juros próprios'}
                </button>
              </>
            )}
          </>
        )}
      </section>
      {editingLate && late.data && ownLate && target.type !== 'service' && (
        <Modal title={`Multa e juros d${HERE[target.type]}`} onClose={() => setEditingLate(false)} wide>
          <LatePolicyForm
            policy={late.data.policy ?? late.data.effective.policy}
            saveLabel="Salvar"
            onSave={(body) => put(ownLate, body)}
            onRemove={late.data.policy ? () => del(ownLate) : undefined}
            removeLabel="Remover política própria"
            onSaved={() => {
              setEditingLate(false);
              late.reload();
            }}
          />
        </Modal>
      )}
    </div>
  );
}
