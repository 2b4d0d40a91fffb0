// `?print_bill=true`: the boleto PDF of a transaction. The boleto capability decides whether it
// exists or can be issued now (same rule as GET /v1/charges/{id}/boleto.pdf); until it can — no
// collection account, charge cancelled or paid, payer data incomplete… — the answer is its 409.
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { Db } from '../../platform/db/types.ts';
import type { Scope } from '../../platform/scope.ts';
import type { Charge } from '../../charges/schemas.ts';
import { ensureChargeBoleto } from '../../boleto/boletos.ts';
import { boletoDocuments } from '../../boleto/document.ts';
import { renderBoletoPdf, type BoletoDocument } from '../../boleto/pdf/index.ts';

export async function billPdf(db: Db, scope: Scope, charge: Charge, reply: FastifyReply, today: string): Promise<FastifyReply> {
  const r = await db.transaction((tx) => ensureChargeBoleto(tx, scope, charge.id, { today }));
  const docs = boletoDocuments(db, scope, [r.boleto], today)[Symbol.asyncIterator]();
  // The document is built before any byte is sent, so a failure is still a clean error response.
  const first = await docs.next();
  async function* all(): AsyncGenerator<BoletoDocument> {
    if (!first.done) yield first.value;
    for (let n = await docs.next(); !n.done; n = await docs.next()) yield n.value;
  }
  const out = new PassThrough();
  renderBoletoPdf(all(), out).catch((err) => {
    reply.log.error({ err }, 'boleto PDF rendering failed mid-stream');
    out.destroy(err as Error);
  });
  return reply.type('application/pdf').header('content-disposition', `inline; filename="boleto-${r.charge.number}.pdf"`).send(out);
}
