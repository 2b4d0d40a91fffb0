// Every problem of one TOConline request, gathered from each stage — the document's JSON:API schema,
// the mapping to the domain, the domain's own rules — so that one response names every bad
// attribute, in TOConline's error format, instead of stopping at the first stage that fails.
import type { FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode, type ErrorDetail } from '../../platform/errors.ts';
import { validationDetails } from '../../platform/http/api-error.ts';
import { pointerFor, type PointerContext } from './pointers.ts';

/** Codes whose details describe bad input (400), as opposed to conflicts or missing resources. */
const INPUT_CODES = new Set(['validation_failed', 'invalid_document']);

/** '/data/attributes/postcode' and '/data/relationships/country/data/id' → the attribute or relationship they name. */
const keyOf = (pointer: string | undefined) => (pointer ?? '').split('/').slice(0, 4).join('/');

export class Problems {
  readonly details: ErrorDetail[] = [];
  private readonly codes: ErrorCode[] = [];

  constructor(public ctx: PointerContext) {}

  get any(): boolean {
    return this.details.length > 0;
  }

  add(field: string, issue: string, code: ErrorCode = 'validation_failed'): void {
    if (this.details.some((d) => d.field === field && d.issue === issue)) return;
    this.details.push({ field, issue });
    this.codes.push(code);
  }

  /** Whether an earlier stage already named this attribute. */
  names(field: string | undefined): boolean {
    const key = keyOf(pointerFor(field, this.ctx));
    return key !== '' && this.details.some((d) => keyOf(pointerFor(d.field, this.ctx)) === key);
  }

  /**
   * Keeps the details of a bad-input DomainError (other errors propagate). A later stage only adds
   * attributes no earlier stage named: the domain, seeing a value the mapping already refused (or a
   * stand-in for it), would only repeat the same problem in other words.
   */
  absorb(err: unknown): void {
    if (!(err instanceof DomainError) || !INPUT_CODES.has(err.code)) throw err;
    const fresh = (err.details.length ? err.details : [{ issue: err.message }]).filter((d) => !this.names(d.field));
    for (const d of fresh) {
      this.details.push(d);
      this.codes.push(err.code);
    }
  }

  run<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      this.absorb(err);
      return fallback;
    }
  }

  /**
   * Runs a write only to learn the domain's problems with the rest of the request: the caller
   * refuses the request afterwards, so its transaction rolls back. A conflict or the like met on the
   * way is not reported — the request is refused for its bad input first.
   */
  async trial(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (err instanceof DomainError && !INPUT_CODES.has(err.code)) return;
      this.absorb(err);
    }
  }

  error(): DomainError {
    const code = this.codes.every((c) => c === this.codes[0]) ? this.codes[0] : 'validation_failed';
    return new DomainError(
      code,
      'The request is invalid: ' + this.details.map((d) => (d.field ? `${d.field} ${d.issue}` : d.issue)).join('; '),
      [...this.details],
    );
  }

  throwIfAny(): void {
    if (this.any) throw this.error();
  }
}

/**
 * The request-schema problems of a route registered with `attachValidation`, and the attributes
 * they concern (left out of the mapping, so later stages see only well-typed values). A problem
 * outside `data.attributes` (no `data`, a wrong `type`, a malformed relationship) leaves nothing to
 * map: it is thrown at once, with every schema problem found.
 */
export function schemaProblems(req: FastifyRequest, ctx: PointerContext): { problems: Problems; badAttributes: Set<string> } {
  const problems = new Problems(ctx);
  const badAttributes = new Set<string>();
  const err = req.validationError as
    | (Error & { validation?: Parameters<typeof validationDetails>[0]; validationContext?: string })
    | undefined;
  if (!err) return { problems, badAttributes };
  if (!Array.isArray(err.validation)) throw err;
  const details = mergeTypeIssues(validationDetails(err.validation, err.validationContext));
  let structural = err.validationContext !== 'body';
  for (const d of details) {
    problems.add(d.field ?? '(body)', d.issue);
    const m = /^data\.attributes\.([^.[]+)/.exec(d.field ?? '');
    if (m) badAttributes.add(m[1]);
    else structural = true;
  }
  if (structural) throw problems.error();
  return { problems, badAttributes };
}

/** A nullable attribute of the wrong type fails each branch of its union: one issue, not two. */
function mergeTypeIssues(details: ErrorDetail[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const d of details) {
    const type = /^must be (\w+)$/.exec(d.issue)?.[1];
    const prev = type ? out.find((o) => o.field === d.field && /^must be \w+( or \w+)*$/.test(o.issue)) : undefined;
    if (prev) prev.issue += ` or ${type}`;
    else out.push({ ...d });
  }
  return out;
}

/** The attributes of a request without those the schema refused. */
export function usable<T extends object>(attributes: T | undefined, bad: Set<string>): T {
  const out = { ...(attributes ?? {}) } as Record<string, unknown>;
  for (const name of bad) delete out[name];
  return out as T;
}

/**
 * The canonical input schema's check of a mapped input. On failure its problems are recorded and
 * `rest` is the input without the fields it refused, for the domain's rules to check the others.
 */
export function checkCanonical<T extends object>(p: Problems, check: (input: unknown) => T, input: T): { checked?: T; rest: T } {
  try {
    return { checked: check(input), rest: input };
  } catch (err) {
    p.absorb(err);
    const rest = { ...input } as Record<string, unknown>;
    for (const d of (err as DomainError).details) delete rest[(d.field ?? '').split(/[.[]/)[0]];
    return { rest: rest as T };
  }
}
