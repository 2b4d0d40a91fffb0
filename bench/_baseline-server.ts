// The baseline for `npm run bench -- customers`: a bare Fastify route doing one INSERT … RETURNING
// and one primary-key SELECT through pg, with the same pool size as Cobre.
import Fastify from 'fastify';
import pg from 'pg';
import { randomUUID } from 'node:crypto';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 20) });
const tenantId = process.env.TENANT_ID!;
let n = Number(process.env.NUMBER_START ?? 50_000_000);
const app = Fastify();
app.post('/insert', async (req) => {
  const body = req.body as { name: string; document: string };
  const { rows } = await pool.query(
    `INSERT INTO customers (tenant_id, id, number, person_type, name, document, document_kind) VALUES ($1, $2, $3, 'PF', $4, $5, 'cpf') RETURNING *`,
    [tenantId, randomUUID(), n++, body.name, body.document],
  );
  return rows[0];
});
app.get('/get/:id', async (req) => {
  const { rows } = await pool.query(`SELECT * FROM customers WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    (req.params as { id: string }).id,
  ]);
  return rows[0];
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
