// Previews: an unsaved rule or late-charge policy computed by the real engine (computeAmountDue) on
// an example charge, for the console's forms ("what does the payer pay on these dates?"). Nothing is
// stored; the same validation as create/PUT applies, so a preview that works saves.
import type { Queryable } from '../platform/db/types.ts';
import { DomainError, type ErrorDetail } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import {
  computeAmountDue,
  describeRulesInWords,
  validateLatePolicy,
  type ChargeForCalculation,
  type LateChargePolicy,
  type PaymentRuleData,
} from './calculate/index.ts';
import { parseIsoDate } from './calculate/dates.ts';
import * as q from './queries.ts';
import { latePolicyFromApi, latePolicyFromRow, latePolicyToApi } from './present.ts';
import { invalid, normalizeRule } from './rules.ts';
import type { LatePolicyListItem, LatePolicyPreviewInput, PreviewExample, PreviewResult, RulePreviewInput } from './schemas.ts';

const MS_PER_DAY = 86_400_000;
const dayNumber = (iso: string) => Math.round(Date.parse(iso + 'T00:00:00Z') / MS_PER_DAY);

function exampleIssues(ex: PreviewExample): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const dates: [string, string][] = [
    ['example.issue_date', ex.issue_date],
    ['example.due_date', ex.due_date],
    ...ex.paid_on.map((d, i): [string, string] => [`example.paid_on[${i}]`, d]),
  ];
  for (const [field, value] of dates) {
    try {
      parseIsoDate(value, field);
    } catch {
      issues.push({ field, issue: 'must be a valid date' });
    }
  }
  if (!issues.length && ex.issue_date > ex.due_date)
    issues.push({ field: 'example.issue_date', issue: 'must be on or before the due date' });
  if ((ex.paid_cents ?? 0) > ex.amount_cents) issues.push({ field: 'example.paid_cents', issue: 'must not exceed amount_cents' });
  return issues;
}

function run(
  ex: PreviewExample,
  rules: PaymentRuleData[],
  late: LateChargePolicy | null,
  associate: boolean,
  inWords: string[],
): PreviewResult {
  const charge: ChargeForCalculation = {
    amountCents: ex.amount_cents,
    issueDate: ex.issue_date,
    dueDate: ex.due_date,
    paidCents: ex.paid_cents ?? 0,
    customerIsAssociate: associate,
    customerIsConsumer: ex.customer_is_consumer ?? false,
  };
  const due = dayNumber(ex.due_date);
  return {
    example: {
      amount_cents: charge.amountCents,
      issue_date: charge.issueDate,
      due_date: charge.dueDate,
      paid_cents: charge.paidCents,
      customer_is_associate: associate,
      customer_is_consumer: charge.customerIsConsumer,
    },
    in_words: inWords,
    dates: ex.paid_on.map((paidOn) => {
      const b = computeAmountDue(charge, rules, late, paidOn);
      const amounts = (list: typeof b.discounts) => list.map((a) => ({ descricao: a.descricao, amount_cents: a.amountCents }));
      return {
        paid_on: paidOn,
        days_from_due: dayNumber(paidOn) - due,
        days_late: b.daysLate,
        original_cents: b.originalCents,
        paid_cents: b.paidCents,
        discounts: amounts(b.discounts),
        surcharges: amounts(b.surcharges),
        fine_cents: b.fineCents,
        interest_cents: b.interestCents,
        total_cents: b.totalCents,
      };
    }),
  };
}

/** An unsaved rule (the create body) on the example charge. Invalid rule → the create's 400 details. */
export function previewRule(input: RulePreviewInput): PreviewResult {
  const { example, ...draft } = input;
  const { issues, data } = normalizeRule(draft, '');
  const all = [...issues, ...exampleIssues(example)];
  if (all.length) throw invalid(all);
  // By default the example customer is one the rule is for, so the preview shows it applying.
  const associate = example.customer_is_associate ?? data.tipo_pessoa !== 'T';
  const words = describeRulesInWords([data], null, example.due_date, {
    amountCents: example.amount_cents - (example.paid_cents ?? 0),
    customerIsAssociate: associate,
  });
  return run(example, [data], null, associate, words);
}

/** An unsaved late-charge policy (the PUT body) on the example charge. Invalid → the PUT's 400 details. */
export function previewLatePolicy(input: LatePolicyPreviewInput): PreviewResult {
  const { example, ...body } = input;
  const policy = latePolicyFromApi(body);
  const issues = [...validateLatePolicy(policy, '').map((d) => ({ ...d, field: apiField(d.field ?? '') })), ...exampleIssues(example)];
  if (issues.length) {
    throw new DomainError(
      'validation_failed',
      'The late-charge policy is invalid: ' + issues.map((i) => `${i.field} ${i.issue}`).join('; '),
      issues,
    );
  }
  const associate = example.customer_is_associate ?? true;
  const words = describeRulesInWords([], policy, example.due_date, {
    amountCents: example.amount_cents - (example.paid_cents ?? 0),
    customerIsConsumer: example.customer_is_consumer ?? false,
  });
  return run(example, [], policy, associate, words);
}

function apiField(f: string): string {
  return f.replace('graceDays', 'grace_days').replace('capPercent', 'cap_percent').replace('monthlyPercent', 'monthly_percent');
}

/** Every stored late-charge policy of the tenant (the tenant's own first), with whom it belongs to. */
export async function listLatePolicies(
  db: Queryable,
  scope: Scope,
  page: number,
  pageSize: number,
): Promise<{ data: LatePolicyListItem[]; has_more: boolean }> {
  const rows = await q.listLatePolicies(db, scope.tenantId, pageSize + 1, (page - 1) * pageSize);
  return {
    has_more: rows.length > pageSize,
    data: rows.slice(0, pageSize).map((r) => ({
      level: r.level,
      target_id: r.customer_id ?? r.contract_id ?? null,
      customer: r.owner_customer_id ? { id: r.owner_customer_id, number: r.customer_number!, name: r.customer_name! } : null,
      contract: r.contract_id ? { id: r.contract_id, number: r.contract_number! } : null,
      policy: latePolicyToApi(latePolicyFromRow(r)),
      updated_at: new Date(r.updated_at).toISOString(),
    })),
  };
}
