// Reads a CNAB 240 remittance back with the same field tables that wrote it: used to verify what a
// remittance says before it is sent (and to test the writer by round trip).
import { DomainError } from '../platform/errors.ts';
import { movementKindOf } from './movements.ts';
import { readRecord } from './record.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { FEBRABAN_240, type Remessa240Variant } from './remessa240.ts';
import { decodeCnab, splitCnabLines } from './retorno.ts';

export interface ReadRemessa {
  bankCode: string;
  bankName: string;
  fileSequence: number;
  beneficiary: Omit<RemessaInput['beneficiary'], 'carteira'>;
  boletos: RemessaBoleto[];
  batchTrailer: { recordCount: number; simpleCount: number; simpleTotal: number };
  fileTrailer: { batchCount: number; recordCount: number };
}

function iso(ddmmyyyy: string): string {
  return `${ddmmyyyy.slice(4, 8)}-${ddmmyyyy.slice(2, 4)}-${ddmmyyyy.slice(0, 2)}`;
}

function bad(line: number, issue: string): DomainError {
  return new DomainError('validation_failed', `CNAB 240 remittance, line ${line}: ${issue}`, [{ field: `line ${line}`, issue }]);
}

// A bank table may lack a field (Caixa's header has no account): read as empty, its hook says more.
const trimZeros = (s: string | undefined) => (s ?? '').replace(/^0+(?=\d)/, '');

/** Reads a remittance written with `variant` (FEBRABAN's when absent) back with the same tables. */
export function readRemessa240(content: string | Buffer, variant: Remessa240Variant = FEBRABAN_240): ReadRemessa {
  const L = variant.layouts;
  const lines = splitCnabLines(decodeCnab(content));
  lines.forEach((l, i) => {
    if (l.length !== 240) throw bad(i + 1, `expected 240 characters, got ${l.length}`);
  });
  const h = readRecord(L.fileHeader, lines[0] ?? '');
  if (lines[0]?.[7] !== '0' || h.fileKind !== '1') throw bad(1, 'not a remittance file header');
  const boletos: RemessaBoleto[] = [];
  let batchTrailer: ReadRemessa['batchTrailer'] | undefined;
  let fileTrailer: ReadRemessa['fileTrailer'] | undefined;
  let firstP: Record<string, string> | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const type = line[7];
    if (type === '3' && line[13] === 'P') {
      const p = readRecord(L.segmentP, line);
      firstP ??= p;
      const q = readRecord(L.segmentQ, lines[i + 1] ?? '');
      const r = readRecord(L.segmentR, lines[i + 2] ?? '');
      if (lines[i + 1]?.[13] !== 'Q' || lines[i + 2]?.[13] !== 'R') throw bad(i + 1, 'segment P not followed by Q and R');
      i += 2;
      const movement = movementKindOf(variant.movements, p.movementCode);
      if (!movement) throw bad(i - 1, `unknown movement code "${p.movementCode}"`);
      const boleto: RemessaBoleto = {
        movement,
        nossoNumero: variant.read?.nossoNumero ? variant.read.nossoNumero(p) : p.nossoNumero,
        documentNumber: p.documentNumber,
        issueDate: iso(p.issueDate),
        dueDate: iso(p.dueDate),
        amountCents: Number(p.amount),
        payer: {
          name: q.payerName,
          documentKind: q.payerDocumentKind === '1' ? 'cpf' : 'cnpj',
          document: q.payerDocument.slice(q.payerDocumentKind === '1' ? 4 : 1),
          address: q.payerAddress,
          district: q.payerDistrict,
          city: q.payerCity,
          state: q.payerState,
          postalCode: q.payerPostalCode + q.payerPostalSuffix,
        },
      };
      if (p.discountCode !== '0') {
        boleto.discount = {
          kind: p.discountCode === '1' ? 'fixed' : 'percent',
          untilDate: iso(p.discountDate),
          value: Number(p.discountValue),
        };
      }
      if (p.interestCode !== (variant.read?.noInterestCode ?? '3')) {
        boleto.interest = {
          kind: p.interestCode === '1' ? 'daily_amount' : 'monthly_percent',
          fromDate: iso(p.interestDate),
          value: Number(p.interestValue),
        };
      }
      if (r.fineCode !== '0') {
        boleto.fine = { kind: r.fineCode === '1' ? 'fixed' : 'percent', fromDate: iso(r.fineDate), value: Number(r.fineValue) };
      }
      if (Number(p.rebate) > 0) boleto.rebateCents = Number(p.rebate);
      if (p.protestCode === '1' || p.protestCode === '8') boleto.protestDays = Number(p.protestDays);
      const instructions = [r.message3, r.message4].filter((m) => m !== '');
      if (instructions.length > 0) boleto.instructions = instructions;
      variant.read?.boleto?.(boleto, p, r);
      boletos.push(boleto);
    } else if (type === '5') {
      const t = readRecord(L.batchTrailer, line);
      batchTrailer = { recordCount: Number(t.recordCount), simpleCount: Number(t.simpleCount), simpleTotal: Number(t.simpleTotal) };
    } else if (type === '9') {
      fileTrailer = { batchCount: Number(line.slice(17, 23)), recordCount: Number(line.slice(23, 29)) };
    } else if (type !== '1') {
      throw bad(i + 1, `unexpected record type "${type}" segment "${line[13]}"`);
    }
  }
  if (!batchTrailer || !fileTrailer) throw bad(lines.length, 'missing trailers');
  const own = variant.read?.beneficiary?.(h, readRecord(L.batchHeader, lines[1] ?? ''), firstP);
  return {
    bankCode: h.bankCode,
    bankName: h.bankName,
    fileSequence: Number(h.fileSequence),
    beneficiary: {
      name: h.companyName,
      documentKind: h.documentKind === '1' ? 'cpf' : 'cnpj',
      document: h.documentKind === '1' ? h.document.slice(3) : h.document,
      agency: trimZeros(h.agency),
      agencyDigit: h.agencyDigit,
      account: trimZeros(h.account),
      accountDigit: h.accountDigit ?? '',
      convenio: h.convenio,
      ...own,
    },
    boletos,
    batchTrailer,
    fileTrailer,
  };
}
