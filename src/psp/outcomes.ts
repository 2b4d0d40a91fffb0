// What became of one PSP operation, and how a PSP error turns into one.
import { PspError } from './client.ts';

export type OperationOutcome = { done: null } | { retry: string } | { failed: string } | { later: { at: Date; reason: string } };

export const DONE: OperationOutcome = { done: null };

/** The PSP's problem (title, detail, violações) in one line. */
export function pspErrorMessage(err: unknown): string {
  if (!(err instanceof PspError)) return ((err as Error)?.message ?? String(err)).slice(0, 1000);
  const problem = err.problem as { title?: string; detail?: string; violacoes?: { razao?: string; propriedade?: string }[] } | null;
  const detail =
    problem && typeof problem === 'object'
      ? [problem.title, problem.detail, ...(problem.violacoes ?? []).map((v) => `${v.propriedade ?? ''}: ${v.razao ?? ''}`)]
          .filter(Boolean)
          .join(' — ')
      : '';
  return `${err.status ? `PSP answered ${err.status}` : 'PSP unreachable'}: ${detail || err.message}`.slice(0, 1000);
}

/**
 * Transient (5xx, 429, network) → retry; a refusal → failed. A POST whose outcome is unknown is
 * retried too: the retry looks up what exists before creating.
 */
export function errorOutcome(err: unknown): OperationOutcome {
  const message = pspErrorMessage(err);
  if (err instanceof PspError) return err.retryable || err.outcomeUnknown ? { retry: message } : { failed: message };
  return { retry: message };
}
