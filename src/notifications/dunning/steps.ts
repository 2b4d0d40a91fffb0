// The dunning schedule ("régua de cobrança") as plain data, and the pure rules over it: when each
// step of a charge falls (calendar or business days, national holidays), which steps are due on a
// day (with a short catch-up window), when a message may go out (quiet hours in São Paulo time),
// and what makes a schedule valid. No SQL and no clock here: every instant and date comes in as an
// argument (docs/dunning.md).
import Holidays from 'date-holidays';
import type { ErrorDetail } from '../../platform/errors.ts';
import { addDays, toDayNumber } from '../../platform/dates.ts';

export const STEP_ACTIONS = ['notify', 'suspend_contract', 'flag_protest'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];
export const STEP_EVENTS = ['reminder', 'due_today', 'overdue', 'contract_suspended'] as const;
export type StepEvent = (typeof STEP_EVENTS)[number];
/** The events a notify step may send (contract_suspended belongs to the suspend step). */
export const NOTIFY_EVENTS = ['reminder', 'due_today', 'overdue'] as const;
export const STEP_CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export type StepChannel = (typeof STEP_CHANNELS)[number];
export const DAY_KINDS = ['calendar', 'business'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export const MIN_OFFSET = -60;
export const MAX_OFFSET = 365;
export const MAX_STEPS = 20;
/** A tick missed for a day or two still takes its step; older steps are not taken late. */
export const CATCH_UP_DAYS = 3;

export interface DunningStep {
  /** Days relative to the due date: −5 five days before, 0 on it, +7 a week after. */
  offset_days: number;
  action: StepAction;
  /** notify: required (reminder, due_today, overdue); suspend_contract: optional notice 'contract_suspended'; flag_protest: none. */
  event?: StepEvent | null;
  /** notify: at least one; suspend_contract: the notice's channels (with event); flag_protest: none. */
  channels: StepChannel[];
}

export interface Schedule {
  day_kind: DayKind;
  /** 'HH:MM' local time (America/Sao_Paulo); both null = messages go at any time. */
  quiet_start: string | null;
  quiet_end: string | null;
  steps: DunningStep[];
}

/**
 * The built-in schedule, used when the tenant has none. It only sends messages: suspending a
 * contract or flagging a charge for protest changes more than a message does, so a tenant turns
 * those steps on explicitly in a schedule of its own.
 */
export const DEFAULT_SCHEDULE: Schedule = Object.freeze({
  day_kind: 'calendar',
  quiet_start: '20:00',
  quiet_end: '08:00',
  steps: [
    { offset_days: -5, action: 'notify', event: 'reminder', channels: ['email'] },
    { offset_days: 0, action: 'notify', event: 'due_today', channels: ['email'] },
    { offset_days: 1, action: 'notify', event: 'overdue', channels: ['email', 'sms'] },
    { offset_days: 7, action: 'notify', event: 'overdue', channels: ['email', 'whatsapp'] },
  ],
}) as Schedule;

/**
 * What identifies a step on a charge, once: `step:-5:notify`, `step:+0:notify`, `step:+15:suspend_contract`.
 * It depends only on the offset and the action, so renaming a schedule, changing a step's channels or
 * moving a charge to another schedule never takes a step already taken again.
 */
export function stepKey(step: Pick<DunningStep, 'offset_days' | 'action'>): string {
  return `step:${step.offset_days >= 0 ? '+' : ''}${step.offset_days}:${step.action}`;
}

// ---- business days ---------------------------------------------------------------------------

const holidayCache = new Map<string, Set<string>>();

/** The country whose national holidays count: PT for a Portuguese tenant, BR otherwise. */
export function holidayCountry(country: string | null | undefined): 'BR' | 'PT' {
  return country?.trim().toUpperCase() === 'PT' ? 'PT' : 'BR';
}

/** National public holidays ('YYYY-MM-DD') of a year; date-holidays' type 'public' only (no bank, optional or observance days). */
export function nationalHolidays(country: string | null | undefined, year: number): Set<string> {
  const c = holidayCountry(country);
  const key = `${c}:${year}`;
  let set = holidayCache.get(key);
  if (!set) {
    const hd = new Holidays(c);
    set = new Set(
      hd
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    holidayCache.set(key, set);
  }
  return set;
}

/** 0 = Sunday … 6 = Saturday, from the calendar date alone (no time zone involved). */
export function weekday(date: string): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isBusinessDay(date: string, country: string | null | undefined): boolean {
  const wd = weekday(date);
  if (wd === 0 || wd === 6) return false;
  return !nationalHolidays(country, Number(date.slice(0, 4))).has(date);
}

export function nextBusinessDay(date: string, country: string | null | undefined, inclusive = true): string {
  let d = inclusive ? date : addDays(date, 1);
  while (!isBusinessDay(d, country)) d = addDays(d, 1);
  return d;
}

function previousBusinessDay(date: string, country: string | null | undefined): string {
  let d = addDays(date, -1);
  while (!isBusinessDay(d, country)) d = addDays(d, -1);
  return d;
}

/**
 * The date a step falls on.
 * - calendar: the due date plus `offset` days.
 * - business: weekends and national public holidays do not count. Offset 0 is the due date when it
 *   is a business day, else the next business day (a boleto due on a holiday is payable on the next
 *   business day without charges — FEBRABAN). Positive offsets count business days after that day;
 *   negative offsets count business days back from the due date itself.
 */
export function stepDate(dueDate: string, offset: number, dayKind: DayKind, country: string | null | undefined = 'BR'): string {
  if (dayKind === 'calendar') return addDays(dueDate, offset);
  if (offset < 0) {
    let d = dueDate;
    for (let i = 0; i < -offset; i++) d = previousBusinessDay(d, country);
    return d;
  }
  let d = nextBusinessDay(dueDate, country);
  for (let i = 0; i < offset; i++) d = nextBusinessDay(d, country, false);
  return d;
}

export interface DueStep {
  step: DunningStep;
  key: string;
  date: string;
}

/** Every step with its date, in offset order. */
export function plannedSteps(
  schedule: Pick<Schedule, 'day_kind' | 'steps'>,
  charge: { due_date: string },
  country: string | null | undefined = 'BR',
): DueStep[] {
  return [...schedule.steps]
    .sort((a, b) => a.offset_days - b.offset_days)
    .map((step) => ({ step, key: stepKey(step), date: stepDate(charge.due_date, step.offset_days, schedule.day_kind, country) }));
}

/**
 * The steps to take on `today`: those whose date is today or within the `catchUpDays` before it
 * (date ≤ today and date > today − catchUpDays), in offset order. A tick missed for a day or two
 * still takes its steps; a schedule set up today does not fire months of old steps at once.
 * Which of them were already taken is the caller's business (dunning_step_runs' unique key).
 */
export function dueSteps(
  schedule: Pick<Schedule, 'day_kind' | 'steps'>,
  charge: { due_date: string },
  today: string,
  catchUpDays = CATCH_UP_DAYS,
  country: string | null | undefined = 'BR',
): DueStep[] {
  const after = addDays(today, -catchUpDays);
  return plannedSteps(schedule, charge, country).filter((s) => s.date <= today && s.date > after);
}

// ---- quiet hours -------------------------------------------------------------------------------

/** São Paulo has been UTC−3 all year since 2019 (no daylight saving time). */
const SAO_PAULO_OFFSET_MS = -3 * 3_600_000;
const MS_PER_DAY = 86_400_000;

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * `now` when it is outside the quiet hours, else the instant they end (São Paulo local time).
 * A window may cross midnight (20:00 → 08:00): at 23:00 the message waits until 08:00 the next day,
 * at 06:00 until 08:00 the same day. The start is inside the window, the end is not.
 */
export function nextSendableInstant(now: Date, quietStart: string | null, quietEnd: string | null): Date {
  if (!quietStart || !quietEnd) return now;
  const start = minutesOf(quietStart);
  const end = minutesOf(quietEnd);
  if (start === end) return now;
  const local = now.getTime() + SAO_PAULO_OFFSET_MS;
  const localMidnight = Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
  const minute = Math.floor((local - localMidnight) / 60_000);
  let endLocal: number;
  if (start < end) {
    if (minute < start || minute >= end) return now;
    endLocal = localMidnight + end * 60_000;
  } else {
    if (minute >= start) endLocal = localMidnight + MS_PER_DAY + end * 60_000;
    else if (minute < end) endLocal = localMidnight + end * 60_000;
    else return now;
  }
  return new Date(endLocal - SAO_PAULO_OFFSET_MS);
}

// ---- validation --------------------------------------------------------------------------------

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A schedule as a client sends it (loosely typed: this function is where its rules live). */
export interface ScheduleInput {
  day_kind?: string;
  quiet_start?: string | null;
  quiet_end?: string | null;
  steps?: unknown[];
}

/** The problems of a schedule, each naming its field (`steps[2].channels`); empty when valid. */
export function validateSchedule(input: ScheduleInput, prefix = ''): ErrorDetail[] {
  const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const out: ErrorDetail[] = [];
  if (input.day_kind !== undefined && !(DAY_KINDS as readonly string[]).includes(input.day_kind))
    out.push({ field: f('day_kind'), issue: `must be one of ${DAY_KINDS.join(', ')}` });
  const qs = input.quiet_start ?? null;
  const qe = input.quiet_end ?? null;
  if (qs !== null && !HHMM.test(qs)) out.push({ field: f('quiet_start'), issue: 'must be a time HH:MM (00:00 to 23:59)' });
  if (qe !== null && !HHMM.test(qe)) out.push({ field: f('quiet_end'), issue: 'must be a time HH:MM (00:00 to 23:59)' });
  if ((qs === null) !== (qe === null))
    out.push({
      field: f(qs === null ? 'quiet_start' : 'quiet_end'),
      issue: 'quiet_start and quiet_end must be set together (or both null)',
    });
  else if (qs !== null && qs === qe) out.push({ field: f('quiet_end'), issue: 'must differ from quiet_start' });
  const steps = input.steps;
  if (!Array.isArray(steps)) {
    out.push({ field: f('steps'), issue: 'is required (a list of steps)' });
    return out;
  }
  if (steps.length > MAX_STEPS) out.push({ field: f('steps'), issue: `must have at most ${MAX_STEPS} steps` });
  const seen = new Map<string, number>();
  steps.forEach((raw, i) => {
    const at = (name: string) => f(`steps[${i}]${name ? `.${name}` : ''}`);
    if (!raw || typeof raw !== 'object') {
      out.push({ field: at(''), issue: 'must be an object' });
      return;
    }
    const s = raw as Partial<DunningStep>;
    const offsetOk = Number.isInteger(s.offset_days) && s.offset_days! >= MIN_OFFSET && s.offset_days! <= MAX_OFFSET;
    if (!offsetOk) out.push({ field: at('offset_days'), issue: `must be an integer from ${MIN_OFFSET} to ${MAX_OFFSET}` });
    const actionOk = (STEP_ACTIONS as readonly string[]).includes(s.action as string);
    if (!actionOk) out.push({ field: at('action'), issue: `must be one of ${STEP_ACTIONS.join(', ')}` });
    const channels = s.channels ?? [];
    if (!Array.isArray(channels)) out.push({ field: at('channels'), issue: 'must be a list' });
    else {
      channels.forEach((c, j) => {
        if (!(STEP_CHANNELS as readonly string[]).includes(c))
          out.push({ field: at(`channels[${j}]`), issue: `must be one of ${STEP_CHANNELS.join(', ')}` });
      });
      if (new Set(channels).size !== channels.length) out.push({ field: at('channels'), issue: 'must not repeat a channel' });
    }
    const event = s.event ?? null;
    const nChannels = Array.isArray(channels) ? channels.length : 0;
    if (s.action === 'notify') {
      if (event === null) out.push({ field: at('event'), issue: `is required for a notify step (${NOTIFY_EVENTS.join(', ')})` });
      else if (!(NOTIFY_EVENTS as readonly string[]).includes(event))
        out.push({ field: at('event'), issue: `must be one of ${NOTIFY_EVENTS.join(', ')} for a notify step` });
      if (nChannels === 0) out.push({ field: at('channels'), issue: 'a notify step needs at least one channel' });
    } else if (s.action === 'suspend_contract') {
      if (event !== null && event !== 'contract_suspended')
        out.push({ field: at('event'), issue: 'a suspend_contract step may only send contract_suspended' });
      if (event !== null && nChannels === 0)
        out.push({ field: at('channels'), issue: 'the contract_suspended notice needs at least one channel' });
      if (event === null && nChannels > 0)
        out.push({ field: at('event'), issue: 'is required (contract_suspended) when channels are given' });
    } else if (s.action === 'flag_protest') {
      if (event !== null) out.push({ field: at('event'), issue: 'a flag_protest step sends no message' });
      if (nChannels > 0) out.push({ field: at('channels'), issue: 'a flag_protest step sends no message' });
    }
    if (offsetOk && actionOk) {
      const key = stepKey(s as DunningStep);
      const first = seen.get(key);
      if (first !== undefined) out.push({ field: at('offset_days'), issue: `duplicates steps[${first}] (same offset and action: ${key})` });
      else seen.set(key, i);
    }
  });
  return out;
}

/** A valid input as a stored schedule: steps in offset order, absent fields as null / []. */
export function normalizeSchedule(input: Required<Pick<ScheduleInput, 'steps'>> & ScheduleInput): Schedule {
  return {
    day_kind: (input.day_kind as DayKind | undefined) ?? 'calendar',
    quiet_start: input.quiet_start ?? null,
    quiet_end: input.quiet_end ?? null,
    steps: (input.steps as DunningStep[])
      .map((s) => ({ offset_days: s.offset_days, action: s.action, event: s.event ?? null, channels: [...(s.channels ?? [])] }))
      .sort((a, b) => a.offset_days - b.offset_days || STEP_ACTIONS.indexOf(a.action) - STEP_ACTIONS.indexOf(b.action)),
  };
}
