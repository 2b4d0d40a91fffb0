// What the credential screens (Chaves de API, Aplicativos OAuth) share: the dialog that shows a
// secret once, and a row's state with its "Revogar" action.
import type { ReactNode } from 'react';
import { Modal, notify } from '../ui.tsx';

export function SecretShownOnce({
  title,
  what,
  secret,
  onClose,
  children,
}: {
  title: string;
  what: 'a chave' | 'o segredo';
  secret: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const copied = what === 'a chave' ? 'Chave copiada.' : 'Segredo copiado.';
  return (
    <Modal title={title} onClose={onClose}>
      <p className="warning">
        Copie {what} agora: {what === 'a chave' ? 'ela não será mostrada' : 'ele não será mostrado'} de novo.
      </p>
      {children}
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          onClick={() =>
            navigator.clipboard.writeText(secret).then(
              () => notify(copied),
              () => undefined,
            )
          }
        >
          {what === 'a chave' ? 'Copiar' : 'Copiar segredo'}
        </button>
        <button type="button" onClick={onClose}>
          Já guardei
        </button>
      </div>
    </Modal>
  );
}

/** The state and action cells of a credential's row; `feminine` for "chave" (Ativa/Revogada). */
export function RevocableCells({ revokedAt, feminine, onRevoke }: { revokedAt: string | null; feminine: boolean; onRevoke: () => void }) {
  return (
    <>
      <td>
        {revokedAt ? (
          <span className="badge status-cancelled">{feminine ? 'Revogada' : 'Revogado'}</span>
        ) : (
          <span className="badge status-active">{feminine ? 'Ativa' : 'Ativo'}</span>
        )}
      </td>
      <td className="actions">
        {!revokedAt && (
          <button type="button" className="link danger" onClick={onRevoke}>
            Revogar
          </button>
        )}
      </td>
    </>
  );
}
