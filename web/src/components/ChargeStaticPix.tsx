// A Pix-only charge's QR code and "copia e cola" (a static BR Code with the amount due, on the
// collection account's Pix key: GET /v1/charges/:id/pix), with a copy button.
import { get } from '../api.ts';
import { brl } from '../format.ts';
import { LoadError, notify, useAsync } from '../ui.tsx';
import { chargeApiError } from './ChargeDocuments.tsx';

export function ChargeStaticPix({ chargeId, number }: { chargeId: string; number: number }) {
  const pix = useAsync(() => get(`/v1/charges/${chargeId}/pix`), [chargeId]);
  const copy = async (code: string) => {
    try {
      await navigator.clipboard.writeText(code);
      notify('Código Pix copiado.');
    } catch {
      notify('Não foi possível copiar automaticamente: selecione o código e copie.', 'error');
    }
  };
  const p = pix.data;
  return (
    <section className="charge-static-pix" aria-labelledby="charge-static-pix-title" data-charge-static-pix>
      <h2 id="charge-static-pix-title">Pagar com Pix</h2>
      {pix.error && <LoadError error={chargeApiError(pix.error)} what="QR code Pix" />}
      {!p && !pix.error && <p>Carregando o QR code…</p>}
      {p && (
        <div className="charge-static-pix-body">
          <img src={p.qr_png_url} alt={`QR code Pix da cobrança nº ${number}, ${brl(p.amount_cents)}`} width={220} height={220} />
          <div>
            <p>
              Valor: <strong>{brl(p.amount_cents)}</strong> · chave {p.key}
            </p>
            <label className="field">
              <span className="label">Pix copia e cola</span>
              <textarea readOnly value={p.payload} rows={4} className="code" name="pix_copia_e_cola" onFocus={(e) => e.target.select()} />
            </label>
            <button type="button" onClick={() => copy(p.payload)}>
              Copiar código Pix
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
