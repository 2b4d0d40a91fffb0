// The small public page behind a payer's unsubscribe link (pt-BR).
import { escapeHtml } from './templates/engine.ts';

export function unsubscribePage(p: { state: 'confirm' | 'done' | 'not_found'; name?: string }): string {
  const body =
    p.state === 'not_found'
      ? '<h1>Link inválido</h1><p>Este link não existe ou não é mais válido.</p>'
      : p.state === 'done'
        ? `<h1>Pronto</h1><p>${escapeHtml(p.name ?? '')}, você não receberá mais lembretes de cobrança. Cobranças novas e recibos de pagamento continuam sendo enviados.</p>`
        : `<h1>Deixar de receber lembretes</h1><p>${escapeHtml(p.name ?? '')}, confirme que não quer mais receber lembretes de cobrança por e-mail, SMS ou WhatsApp. Cobranças novas e recibos continuam sendo enviados.</p>
<form method="post"><button type="submit">Não quero mais receber lembretes</button></form>`;
  return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>Lembretes de cobrança</title>
<style>body{font-family:system-ui,Arial,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.5}button{font-size:1rem;padding:.75rem 1.25rem;background:#0b5cad;color:#fff;border:0;border-radius:.4rem;cursor:pointer}</style>
</head><body><main>${body}</main></body></html>`;
}
