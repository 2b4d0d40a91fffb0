// Pure rules of the dunning schedule. Fixed literal years: nothing here reads a clock.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEDULE,
  dueSteps,
  isBusinessDay,
  nextSendableInstant,
  normalizeSchedule,
  plannedSteps,
  stepDate,
  stepKey,
  validateSchedule,
  weekday,
  type Schedule,
} from './steps.ts';

describe('step keys', () => {
  it('name the offset with its sign and the action, nothing else', () => {
    expect(stepKey({ offset_days: -5, action: 'notify' })).toBe('step:-5:notify');
    expect(stepKey({ offset_days: 0, action: 'notify' })).toBe('step:+0:notify');
    expect(stepKey({ offset_days: 15, action: 'suspend_contract' })).toBe('step:+15:suspend_contract');
  });
});

describe('step dates', () => {
  it('weekdays from the calendar date alone', () => {
    expect(weekday('2026-11-23')).toBe(1); // Monday
    expect(weekday('2026-12-25')).toBe(5); // Friday
    expect(weekday('1969-12-28')).toBe(0); // before the epoch too
  });

  it('business days skip weekends and national public holidays only', () => {
    expect(isBusinessDay('2026-12-24', 'BR')).toBe(true); // Christmas Eve is "optional" in BR: a business day
    expect(isBusinessDay('2026-12-25', 'BR')).toBe(false);
    expect(isBusinessDay('2026-12-26', 'BR')).toBe(false);
    expect(isBusinessDay('2026-11-20', 'BR')).toBe(false); // Consciência Negra (national since 2024)
    expect(isBusinessDay('2026-02-16', 'BR')).toBe(true); // Carnaval is a bank holiday, not a public one
    expect(isBusinessDay('2026-12-08', 'PT')).toBe(false); // Imaculada Conceição, in Portugal only
    expect(isBusinessDay('2026-12-08', 'BR')).toBe(true);
  });

  it('calendar days just add', () => {
    expect(stepDate('2026-12-24', 1, 'calendar')).toBe('2026-12-25');
    expect(stepDate('2026-12-24', -5, 'calendar')).toBe('2026-12-19');
    expect(stepDate('2026-12-26', 0, 'calendar')).toBe('2026-12-26');
    expect(stepDate('2026-12-31', 30, 'calendar')).toBe('2027-01-30');
  });

  it('business days across Christmas and a weekend', () => {
    // Thursday 24th; Friday 25th Christmas; 26–27 weekend.
    expect(stepDate('2026-12-24', 0, 'business', 'BR')).toBe('2026-12-24');
    expect(stepDate('2026-12-24', 1, 'business', 'BR')).toBe('2026-12-28');
    expect(stepDate('2026-12-24', 2, 'business', 'BR')).toBe('2026-12-29');
    expect(stepDate('2026-12-28', -1, 'business', 'BR')).toBe('2026-12-24');
    expect(stepDate('2026-12-28', -5, 'business', 'BR')).toBe('2026-12-18');
  });

  it('offset 0 on a holiday or weekend is the next business day (FEBRABAN); later steps count from it', () => {
    expect(stepDate('2026-12-25', 0, 'business', 'BR')).toBe('2026-12-28');
    expect(stepDate('2026-12-26', 0, 'business', 'BR')).toBe('2026-12-28');
    expect(stepDate('2026-12-26', 1, 'business', 'BR')).toBe('2026-12-29');
    // Negative offsets count back from the due date itself: the Friday before a Saturday due date.
    expect(stepDate('2026-12-26', -1, 'business', 'BR')).toBe('2026-12-24');
  });

  it('a Portuguese tenant counts Portuguese holidays', () => {
    expect(stepDate('2026-12-07', 1, 'business', 'PT')).toBe('2026-12-09');
    expect(stepDate('2026-12-07', 1, 'business', 'BR')).toBe('2026-12-08');
    expect(stepDate('2026-12-07', 1, 'business', null)).toBe('2026-12-08');
  });

  it('crosses the year with its holidays', () => {
    expect(stepDate('2026-12-31', 1, 'business', 'BR')).toBe('2027-01-04'); // 1st holiday, 2–3 weekend
  });
});

describe('due steps', () => {
  const charge = { due_date: '2026-12-10' };

  it('the step of the day, in offset order', () => {
    expect(dueSteps(DEFAULT_SCHEDULE, charge, '2026-12-04')).toEqual([]);
    expect(dueSteps(DEFAULT_SCHEDULE, charge, '2026-12-05').map((s) => s.key)).toEqual(['step:-5:notify']);
    expect(dueSteps(DEFAULT_SCHEDULE, charge, '2026-12-10').map((s) => s.key)).toEqual(['step:+0:notify']); // −5 fell on the 5th, outside the catch-up
  });

  it('catches up a tick missed for a day or two, not older steps', () => {
    expect(dueSteps(DEFAULT_SCHEDULE, charge, '2026-12-07').map((s) => [s.key, s.date])).toEqual([['step:-5:notify', '2026-12-05']]);
    expect(dueSteps(DEFAULT_SCHEDULE, charge, '2026-12-08')).toEqual([]);
    expect(dueSteps(DEFAULT_SCHEDULE, charge, '2026-12-11').map((s) => s.key)).toEqual(['step:+0:notify', 'step:+1:notify']);
    expect(dueSteps(DEFAULT_SCHEDULE, charge, '2026-12-11', 1).map((s) => s.key)).toEqual(['step:+1:notify']);
    // A schedule set up months later fires nothing old.
    expect(dueSteps(DEFAULT_SCHEDULE, charge, '2027-03-01')).toEqual([]);
  });

  it('sorts steps by offset whatever their stored order', () => {
    const s: Schedule = { day_kind: 'calendar', quiet_start: null, quiet_end: null, steps: [...DEFAULT_SCHEDULE.steps].reverse() };
    expect(plannedSteps(s, charge).map((x) => x.step.offset_days)).toEqual([-5, 0, 1, 7]);
  });
});

describe('quiet hours (São Paulo, UTC−3)', () => {
  const at = (iso: string) => new Date(iso);
  it('outside the window: now', () => {
    expect(nextSendableInstant(at('2026-11-23T12:00:00Z'), '20:00', '08:00').toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(nextSendableInstant(at('2026-11-23T11:00:00Z'), '20:00', '08:00').toISOString()).toBe('2026-11-23T11:00:00.000Z'); // 08:00 exactly
    expect(nextSendableInstant(at('2026-11-23T23:30:00Z'), null, null).toISOString()).toBe('2026-11-23T23:30:00.000Z');
  });

  it('a window crossing midnight: the evening waits for the next morning, the early morning for the same morning', () => {
    expect(nextSendableInstant(at('2026-11-23T23:00:00Z'), '20:00', '08:00').toISOString()).toBe('2026-11-24T11:00:00.000Z'); // 20:00 local
    expect(nextSendableInstant(at('2026-11-24T02:30:00Z'), '20:00', '08:00').toISOString()).toBe('2026-11-24T11:00:00.000Z'); // 23:30 local on the 23rd
    expect(nextSendableInstant(at('2026-11-24T09:00:00Z'), '20:00', '08:00').toISOString()).toBe('2026-11-24T11:00:00.000Z'); // 06:00 local
    expect(nextSendableInstant(at('2026-12-31T23:59:00Z'), '20:00', '08:00').toISOString()).toBe('2027-01-01T11:00:00.000Z');
  });

  it('a window within a day', () => {
    expect(nextSendableInstant(at('2026-11-23T15:30:00Z'), '12:00', '14:00').toISOString()).toBe('2026-11-23T17:00:00.000Z');
    expect(nextSendableInstant(at('2026-11-23T17:00:00Z'), '12:00', '14:00').toISOString()).toBe('2026-11-23T17:00:00.000Z');
  });
});

describe('validation', () => {
  const ok = { offset_days: 1, action: 'notify', event: 'overdue', channels: ['email'] };
  it('accepts the default schedule and a full one', () => {
    expect(validateSchedule(DEFAULT_SCHEDULE as never)).toEqual([]);
    expect(
      validateSchedule({
        day_kind: 'business',
        quiet_start: null,
        quiet_end: null,
        steps: [
          ok,
          { offset_days: 15, action: 'suspend_contract', event: 'contract_suspended', channels: ['email'] },
          { offset_days: 30, action: 'flag_protest', channels: [] },
        ],
      }),
    ).toEqual([]);
  });

  it('names each problem by its field', () => {
    const fields = (v: ReturnType<typeof validateSchedule>) => v.map((p) => p.field);
    expect(fields(validateSchedule({ steps: [ok, { ...ok, channels: ['email', 'sms'] }] }))).toEqual(['steps[1].offset_days']);
    expect(fields(validateSchedule({ steps: [{ offset_days: 0, action: 'notify', channels: [] }] }))).toEqual([
      'steps[0].event',
      'steps[0].channels',
    ]);
    expect(fields(validateSchedule({ steps: [{ ...ok, event: 'contract_suspended' }] }))).toEqual(['steps[0].event']);
    expect(fields(validateSchedule({ steps: [{ ...ok, channels: ['fax'] }] }))).toEqual(['steps[0].channels[0]']);
    expect(fields(validateSchedule({ steps: [{ ...ok, offset_days: 400 }] }))).toEqual(['steps[0].offset_days']);
    expect(
      fields(validateSchedule({ steps: [{ offset_days: 30, action: 'flag_protest', event: 'overdue', channels: ['email'] }] })),
    ).toEqual(['steps[0].event', 'steps[0].channels']);
    expect(fields(validateSchedule({ quiet_start: '20:00', steps: [] }))).toEqual(['quiet_end']);
    expect(fields(validateSchedule({ quiet_start: '25:00', quiet_end: '08:00', steps: [] }))).toEqual(['quiet_start']);
    expect(fields(validateSchedule({ steps: Array.from({ length: 21 }, (_, i) => ({ ...ok, offset_days: i })) }))).toEqual(['steps']);
  });

  it('normalizes: offset order, null event, copied channels', () => {
    const n = normalizeSchedule({ steps: [ok, { offset_days: -1, action: 'flag_protest', channels: [] }] });
    expect(n).toEqual({
      day_kind: 'calendar',
      quiet_start: null,
      quiet_end: null,
      steps: [
        { offset_days: -1, action: 'flag_protest', event: null, channels: [] },
        { offset_days: 1, action: 'notify', event: 'overdue', channels: ['email'] },
      ],
    });
  });
});
