// Server-rendered HTML of the payer page: mobile-first CSS in one nonce'd <style>, and the few
// lines of script the copy and print buttons need in one nonce'd <script> (the page works without
// it: the buttons stay hidden and the codes can be selected by hand). Every value is escaped.
import { html, raw, type Raw } from './html.ts';
import { formatDate, formatMoney, strings, type Locale, type Strings } from './i18n.ts';
import type { ChargeView, CustomerView, Header, ReceiptView } from './page.ts';

const CSS = `*{box-sizing:border-box}[hidden]{display:none!important}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#f3f5f7}
.top{background:#fff;border-bottom:1px solid #d0d6dc;padding:12px 16px;display:flex;align-items:center;gap:12px}
.top img{max-height:48px;max-width:160px;height:auto;width:auto}
.brand{font-weight:700;font-size:1.1rem;margin:0}
main{max-width:46rem;margin:0 auto;padding:16px}
.card{background:#fff;border:1px solid #d0d6dc;border-radius:8px;padding:16px;margin:0 0 16px}
h1{font-size:1.35rem;margin:0 0 8px;line-height:1.3}
h2{font-size:1.1rem;margin:0 0 12px}
h3{font-size:1rem;margin:16px 0 8px}
p{margin:0 0 12px}
.amount{font-size:2rem;font-weight:700;margin:0 0 8px;font-variant-numeric:tabular-nums}
.label,.muted{color:#47515c;margin:0 0 4px}
dl.kv{display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:6px 12px;margin:0}
dl.kv dt{color:#47515c}
dl.kv dd{margin:0;text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
dl.kv .total{font-weight:700;color:#1b1b1b}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:.875rem;font-weight:600;background:#e4edf8;color:#0a3a75;vertical-align:middle}
.badge.overdue{background:#fde8e8;color:#8a0000}.badge.paid{background:#e2f3e6;color:#14532d}.badge.cancelled{background:#eceff1;color:#333d44}
.note{border-left:4px solid #0b5cad;background:#eef4fb;padding:8px 12px;margin:0 0 12px}
.note.warn{border-color:#a35a00;background:#fff4e5}
.btn{display:inline-block;padding:10px 16px;min-height:44px;border-radius:6px;background:#0b5cad;color:#fff;text-decoration:none;font-weight:600;border:2px solid #0b5cad;font-size:1rem;cursor:pointer;margin:4px 0}
.btn.secondary{background:#fff;color:#0b5cad}
.btn:focus-visible,a:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
a{color:#0b5cad}
label{display:block;font-weight:600;margin:0 0 4px}
textarea,input.code{display:block;width:100%;font:.95rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:8px;border:1px solid #7b8794;border-radius:6px;background:#fafbfc;color:#1b1b1b;word-break:break-all;resize:none;margin:0 0 4px}
.pix img{display:block;width:220px;height:220px;max-width:100%;image-rendering:pixelated;margin:0 auto 12px}
table{width:100%;border-collapse:collapse;margin:0 0 8px}
th,td{text-align:left;padding:6px 4px;border-bottom:1px solid #e1e6ea;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
ul.list{list-style:none;padding:0;margin:0}
ul.list li{border-top:1px solid #e1e6ea;padding:12px 0}
ul.list li:first-child{border-top:0}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;gap:8px;align-items:baseline}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}
footer{max-width:46rem;margin:0 auto;padding:0 16px 32px;color:#47515c;font-size:.875rem}
@media (min-width:768px){main{padding:24px}.cols{display:grid;grid-template-columns:1fr 1fr;gap:16px}.cols>.card{margin:0}.cols{margin:0 0 16px}}
@media print{.btn,.noprint{display:none!important}body{background:#fff}.card{border:0;padding:0}}`;

const SCRIPT = `(function(){
var live=document.getElementById('copy-status');
document.querySelectorAll('[data-copy]').forEach(function(b){
b.hidden=false;
b.addEventListener('click',function(){
var f=document.getElementById(b.getAttribute('data-copy'));var v=f.value;
var done=function(){b.textContent=b.getAttribute('data-done');if(live)live.textContent=b.getAttribute('data-done');};
var fallback=function(){f.focus();f.select();try{document.execCommand('copy');}catch(e){}done();};
if(navigator.clipboard&&navigator.clipboard.writeText){navigator.clipboard.writeText(v).then(done,fallback);}else{fallback();}
});});
document.querySelectorAll('[data-print]').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){window.print();});});
})();`;

function layout(o: { locale: Locale; title: string; nonce: string; head: Header | null; body: Raw }): string {
  const t = strings(o.locale);
  const brand = o.head
    ? html`<header class="top">${o.head.logo ? html`<img src="${raw(escAttrUri(o.head.logo))}" alt="${o.head.tenantName}">` : ''}<p class="brand">${o.head.tenantName}</p></header>`
    : '';
  return `<!doctype html>
${html`<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<meta name="referrer" content="no-referrer">
<title>${o.title}</title>
<style nonce="${o.nonce}">${raw(CSS)}</style>
</head>
<body>
${brand}
<main>
${o.body}
</main>
<footer>${t.poweredBy}${o.head ? html` · ${o.head.tenantName}` : ''}</footer>
<p id="copy-status" class="sr-only" role="status" aria-live="polite"></p>
<script nonce="${o.nonce}">${raw(SCRIPT)}</script>
</body>
</html>`}`;
}

/** A data: URI is built by us from a checked PNG/JPEG (base64 alphabet only); still escaped. */
function escAttrUri(uri: string): string {
  return /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(uri) ? uri : '';
}

function badge(t: Strings, status: string): Raw {
  return html`<span class="badge ${status}">${t.statuses[status] ?? status}</span>`;
}

function support(t: Strings, h: Header): Raw | '' {
  const s = h.settings;
  if (!s.instructions && !s.support_email && !s.support_phone) return '';
  return html`<section class="card" aria-labelledby="support-h"><h2 id="support-h">${t.support}</h2>
${s.instructions ? html`<p>${s.instructions}</p>` : ''}
${s.support_email ? html`<p>${t.email}: <a href="mailto:${s.support_email}">${s.support_email}</a></p>` : ''}
${s.support_phone ? html`<p>${t.phone}: <a href="tel:${s.support_phone.replace(/[^\d+]/g, '')}">${s.support_phone}</a></p>` : ''}
</section>`;
}

function party(p: { name: string; document: string | null }): string {
  return p.document ? `${p.name} (${p.document})` : p.name;
}

export function renderCharge(v: ChargeView, nonce: string): string {
  const t = strings(v.locale);
  const m = (c: number) => formatMoney(v.locale, c);
  const dt = (s: string) => formatDate(v.locale, s);
  const b = v.due.breakdown;
  const base = `/pagar/${v.token}`;

  const summary = html`<section class="card" aria-labelledby="title">
<h1 id="title">${t.chargeNo} ${v.charge.number} ${badge(t, v.status)}</h1>
<p class="label">${t.beneficiary}: ${party(v.beneficiary)}</p>
${
  v.status === 'cancelled'
    ? html`<p class="note warn">${t.cancelled}</p>`
    : v.status === 'paid'
      ? html`<p class="note">${t.paidOn(v.paidOn ? dt(v.paidOn) : '')}</p><p><a class="btn" href="${base}/recibo">${t.receipt}</a></p>`
      : !v.payable
        ? html`<p class="note">${t.nothingToPay}</p>`
        : html`<p class="label">${t.dueToday}</p>
<p class="amount" data-testid="amount-due">${m(b.totalCents)}</p>
<p class="label">${t.dueDate}: ${dt(v.charge.due_date)}</p>
${v.due.discountCents > 0 ? html`<p class="note">${v.due.discountUntil ? t.discountUntil(m(v.due.discountCents), dt(v.due.discountUntil)) : t.discountAlways(m(v.due.discountCents))}</p>` : ''}
${b.daysLate > 0 && b.fineCents + b.interestCents > 0 ? html`<p class="note warn">${t.lateNote(b.daysLate)}</p>` : ''}`
}
</section>`;

  const boleto = v.boleto
    ? html`<section class="card" aria-labelledby="boleto-h"><h2 id="boleto-h">${t.boleto}</h2>
<label for="linha">${t.linha}</label>
<textarea id="linha" class="code" rows="2" readonly>${v.boleto.linha}</textarea>
<button type="button" class="btn secondary" data-copy="linha" data-done="${t.copied}" hidden>${t.copy}</button>
${v.overdue && !v.boleto.secondCopy ? html`<p class="muted">${t.overdueBoletoNote}</p>` : ''}
<p><a class="btn" href="${base}/boleto.pdf">${v.boleto.secondCopy ? t.downloadSecondCopy : t.downloadPdf}</a></p>
</section>`
    : '';
  /** A QR code card: the image, its copy-and-paste code and a copy button. */
  const qrCard = (id: string, title: string, help: string, png: string, alt: string, label: string, payload: string) =>
    html`<section class="card pix" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>
<p>${help}</p>
<img src="${base}/${png}" alt="${alt}" width="220" height="220">
<label for="${id}-code">${label}</label>
<textarea id="${id}-code" class="code" rows="5" readonly>${payload}</textarea>
<button type="button" class="btn secondary" data-copy="${id}-code" data-done="${t.copied}" hidden>${t.copy}</button>
</section>`;
  const pix = v.pix ? qrCard('pix', t.pix, t.pixHelp, 'pix.png', t.pixQrAlt, t.pixCode, v.pix.payload) : '';
  const ways = v.payable && (v.boleto || v.pix) ? html`<div class="${v.boleto && v.pix ? 'cols' : ''}">${pix}${boleto}</div>` : '';
  const recurrence = v.recurrence
    ? qrCard('rec', t.recurrence, t.recurrenceHelp, 'pix-automatico.png', t.recurrenceQrAlt, t.recurrenceCode, v.recurrence.payload)
    : '';

  const lines = v.charge.lines.length
    ? html`<h3>${t.whatIsCharged}</h3><table><thead><tr><th scope="col">${t.description}</th><th scope="col" class="num">${t.quantity}</th><th scope="col" class="num">${t.amount}</th></tr></thead><tbody>
${v.charge.lines.map((l) => html`<tr><td>${l.description}</td><td class="num">${l.quantity.replace(/\.?0+$/, '').replace('.', ',')}</td><td class="num">${m(l.amount_cents)}</td></tr>`)}
</tbody></table>`
    : '';
  const details = html`<section class="card" aria-labelledby="details-h"><h2 id="details-h">${t.charge}</h2>
<dl class="kv">
<dt>${t.beneficiary}</dt><dd>${v.beneficiary.name}${v.beneficiary.document ? html`<br>${t.document} ${v.beneficiary.document}` : ''}</dd>
<dt>${t.payer}</dt><dd>${party(v.payer)}</dd>
${v.charge.description ? html`<dt>${t.description}</dt><dd>${v.charge.description}</dd>` : ''}
<dt>${t.issueDate}</dt><dd>${dt(v.charge.issue_date)}</dd>
<dt>${t.dueDate}</dt><dd>${dt(v.charge.due_date)}</dd>
<dt>${t.status}</dt><dd>${t.statuses[v.status] ?? v.status}</dd>
</dl>
${lines}
${
  v.payable
    ? html`<h3>${t.dueToday} (${dt(v.today)})</h3><dl class="kv">
<dt>${t.original}</dt><dd>${m(b.originalCents)}</dd>
${b.paidCents > 0 ? html`<dt>${t.alreadyPaid}</dt><dd>− ${m(b.paidCents)}</dd>` : ''}
${b.discounts.map((d) => html`<dt>${t.discount}</dt><dd>− ${m(d.amountCents)}</dd>`)}
${b.surcharges.map((d) => html`<dt>${t.surcharge}</dt><dd>+ ${m(d.amountCents)}</dd>`)}
${b.fineCents > 0 ? html`<dt>${t.fine}</dt><dd>+ ${m(b.fineCents)}</dd>` : ''}
${b.interestCents > 0 ? html`<dt>${t.interest}</dt><dd>+ ${m(b.interestCents)}</dd>` : ''}
<dt class="total">${t.dueToday}</dt><dd class="total">${m(b.totalCents)}</dd>
</dl>`
    : ''
}
${v.due.conditions.length && v.payable ? html`<h3>${t.conditions}</h3><ul>${v.due.conditions.map((c) => html`<li>${c}</li>`)}</ul>` : ''}
</section>`;

  return layout({
    locale: v.locale,
    title: `${t.chargeNo} ${v.charge.number} · ${v.tenantName}`,
    nonce,
    head: v,
    body: html`${summary}${ways}${recurrence}${details}${support(t, v)}`,
  });
}

export function renderCustomer(v: CustomerView, nonce: string): string {
  const t = strings(v.locale);
  const m = (c: number) => formatMoney(v.locale, c);
  const body = html`<section class="card" aria-labelledby="title">
<h1 id="title">${t.openCharges}</h1>
<p class="label">${t.payer}: ${party(v.payer)}</p>
<p class="label">${t.beneficiary}: ${party(v.beneficiary)}</p>
${v.charges.length ? html`<p class="label">${t.totalOpen}</p><p class="amount" data-testid="total-open">${m(v.totalCents)}</p>` : html`<p class="note">${t.noOpenCharges}</p>`}
</section>
${
  v.charges.length
    ? html`<section class="card" aria-labelledby="list-h"><h2 id="list-h">${t.openCharges}</h2><ul class="list">
${v.charges.map(
  (
    c,
  ) => html`<li><div class="row"><h3>${t.chargeNo} ${c.number} ${badge(t, c.status)}</h3><span class="num"><strong>${m(c.totalCents)}</strong></span></div>
${c.description ? html`<p>${c.description}</p>` : ''}
<div class="row"><span class="label">${t.dueDate}: ${formatDate(v.locale, c.due_date)}</span><a class="btn" href="${c.path}">${t.pay} <span class="sr-only">${t.chargeNo} ${c.number}</span></a></div></li>`,
)}
</ul></section>`
    : ''
}
${support(t, v)}`;
  return layout({ locale: v.locale, title: `${t.openCharges} · ${v.tenantName}`, nonce, head: v, body });
}

export function renderReceipt(v: ReceiptView, nonce: string): string {
  const t = strings(v.locale);
  const m = (c: number) => formatMoney(v.locale, c);
  const dt = (s: string) => formatDate(v.locale, s);
  const body = html`<section class="card" aria-labelledby="title">
<h1 id="title">${t.receiptTitle}</h1>
<p>${t.receiptText(party(v.payer), m(v.paidCents), party(v.beneficiary))}</p>
<dl class="kv">
<dt>${t.chargeNo}</dt><dd>${v.charge.number}</dd>
${v.charge.description ? html`<dt>${t.description}</dt><dd>${v.charge.description}</dd>` : ''}
<dt>${t.dueDate}</dt><dd>${dt(v.charge.due_date)}</dd>
<dt>${t.original}</dt><dd>${m(v.charge.amount_cents)}</dd>
${v.charge.paid_at ? html`<dt>${t.paidOn('').trim()}</dt><dd>${dt(v.charge.paid_at)}</dd>` : ''}
</dl>
<h2>${t.payments}</h2>
<table><thead><tr><th scope="col">${t.paymentDate}</th><th scope="col">${t.method}</th><th scope="col" class="num">${t.amount}</th></tr></thead><tbody>
${v.payments.map((p) => html`<tr><td>${dt(p.paid_on)}</td><td>${t.methods[p.method] ?? p.method}</td><td class="num">${m(p.amount_cents)}</td></tr>`)}
</tbody></table>
<p class="noprint"><button type="button" class="btn" data-print hidden>${t.print}</button> <a class="btn secondary" href="/pagar/${v.token}">${t.backToCharge}</a></p>
</section>`;
  return layout({ locale: v.locale, title: `${t.receiptTitle} · ${v.tenantName}`, nonce, head: v, body });
}

/** The page of every failure: it says nothing about what exists. */
export function renderMessage(
  kind: 'not_found' | 'too_many' | 'error' | 'receipt_not_yet',
  nonce: string,
  locale: Locale = 'pt-BR',
): string {
  const t = strings(locale);
  const [title, text] =
    kind === 'too_many'
      ? [t.tooManyTitle, t.tooManyText]
      : kind === 'error'
        ? [t.errorTitle, t.errorText]
        : kind === 'receipt_not_yet'
          ? [t.receiptTitle, t.receiptNotYet]
          : [t.notFoundTitle, t.notFoundText];
  return layout({ locale, title, nonce, head: null, body: html`<section class="card"><h1>${title}</h1><p>${text}</p></section>` });
}
