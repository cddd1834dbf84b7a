import { describe, expect, it } from 'vitest';
import { DEFAULT_MISSING_TOKENS } from '../../core/tableTypes';
import { boolToken, cyclicAngle, datePart, describeLines, isBooleanPair, isMissingCell, missingSet, parseDateCell, parseNumberCell, dayFirstDates } from './cells';

describe('cells', () => {
  const m = missingSet(DEFAULT_MISSING_TOKENS);
  it('missing tokens compare trimmed and case-insensitively', () => {
    for (const s of ['', '  ', 'NA', ' na ', 'n/a', 'NaN', 'NULL', 'none', '?', '-']) expect(isMissingCell(s, m)).toBe(true);
    for (const s of ['0', 'nan?', 'Nothing', 'a', '--', 'USA']) expect(isMissingCell(s, m)).toBe(false);
  });

  it('parses dates to epoch ms UTC, and a plain number is not a date', () => {
    expect(parseDateCell('2012-01-01')).toBe(Date.UTC(2012, 0, 1));
    expect(parseDateCell('1970-01-01')).toBe(0);
    expect(parseDateCell('2012-01-01T10:00')).toBe(Date.UTC(2012, 0, 1, 10));
    expect(parseDateCell('2012-01-01 10:30:15')).toBe(Date.UTC(2012, 0, 1, 10, 30, 15));
    expect(parseDateCell('2012-01-01T10:00:00Z')).toBe(Date.UTC(2012, 0, 1, 10));
    expect(parseDateCell('2012-01-01T10:00:00+02:00')).toBe(Date.UTC(2012, 0, 1, 8));
    expect(parseDateCell('Jun 12 1998')).toBe(Date.UTC(1998, 5, 12));
    expect(parseDateCell('June 12, 1998')).toBe(Date.UTC(1998, 5, 12));
    expect(parseDateCell('12 Jun 1998')).toBe(Date.UTC(1998, 5, 12));
    expect(parseDateCell('12/31/2020')).toBe(Date.UTC(2020, 11, 31));
    expect(parseDateCell('0099-03-01')).toBe(new Date(Date.UTC(2000, 2, 1)).setUTCFullYear(99));
    // Day first where the file says so (dayFirstDates); dashes as well as slashes.
    expect(parseDateCell('31/12/2020', true)).toBe(Date.UTC(2020, 11, 31));
    expect(parseDateCell('31-12-2020', true)).toBe(Date.UTC(2020, 11, 31));
    expect(parseDateCell('12-31-2020')).toBe(Date.UTC(2020, 11, 31));
    expect(parseDateCell('01/02/2020', true)).toBe(Date.UTC(2020, 1, 1));
    expect(parseDateCell('12/1-2020')).toBeNaN();
    expect(dayFirstDates([['01/02/2020', '13/02/2020'], null])).toBe(true);
    expect(dayFirstDates([['01/02/2020', '13/02/2020'], ['02/13/2020']])).toBe(false);
    expect(dayFirstDates([['01/02/2020', '12/02/2020']])).toBe(false);
    // As Excel and European files write them.
    expect(parseDateCell('1/5/24')).toBe(Date.UTC(2024, 0, 5));
    expect(parseDateCell('12/31/99')).toBe(Date.UTC(1999, 11, 31));
    expect(parseDateCell('1/5/2024 10:15 PM')).toBe(Date.UTC(2024, 0, 5, 22, 15));
    expect(parseDateCell('1/5/2024 12:00 AM')).toBe(Date.UTC(2024, 0, 5, 0));
    expect(parseDateCell('31.12.2020')).toBe(Date.UTC(2020, 11, 31));
    expect(parseDateCell('05-Jan-2024')).toBe(Date.UTC(2024, 0, 5));
    expect(parseDateCell('5-Jan-24')).toBe(Date.UTC(2024, 0, 5));
    for (const s of ['1998', '20120101', '12.5', '2012-02-30', '2012-13-01', '31/12/2020', 'Jun', 'hello world', '', '1/5/2024 13:00 PM', '31.12.20', '123456']) expect(parseDateCell(s)).toBeNaN();
  });

  it('parses plain decimal numbers only', () => {
    expect(parseNumberCell(' 12.5 ')).toBe(12.5);
    expect(parseNumberCell('-1e3')).toBe(-1000);
    expect(parseNumberCell('.5')).toBe(0.5);
    expect(parseNumberCell('1,5', ',')).toBe(1.5);
    for (const s of ['0x1F', 'Infinity', '', '1,5', '1.2.3', 'abc']) expect(parseNumberCell(s)).toBeNaN();
  });

  it('recognises boolean pairs', () => {
    expect(boolToken('Yes')).toBe(true);
    expect(boolToken('F')).toBe(false);
    expect(boolToken('maybe')).toBeNull();
    expect(isBooleanPair('yes', 'No')).toBe(true);
    expect(isBooleanPair('0', '1')).toBe(true);
    expect(isBooleanPair('yes', 'f')).toBe(false);
    expect(isBooleanPair('true', 'true')).toBe(false);
  });

  it('date parts in UTC with pandas weekdays and cyclic angles', () => {
    const ms = Date.UTC(2020, 11, 31, 23); // a Thursday, day 366 of a leap year
    expect(['year', 'month', 'dayOfYear', 'weekday', 'hour'].map((p) => datePart(ms, p as never))).toEqual([2020, 12, 366, 3, 23]);
    expect(datePart(Date.UTC(2024, 0, 7), 'weekday')).toBe(6); // Sunday
    expect(cyclicAngle('year', 2020)).toBeNull();
    expect(cyclicAngle('month', 1)).toBe(0);
    expect(cyclicAngle('month', 4)).toBeCloseTo(Math.PI / 2);
    expect(cyclicAngle('dayOfYear', 1)).toBe(0);
    expect(cyclicAngle('weekday', 0)).toBe(0);
    expect(cyclicAngle('hour', 6)).toBeCloseTo(Math.PI / 2);
  });

  it('names lines and rows in messages', () => {
    expect(describeLines([12, 40, 41], 5, true)).toBe('lines 12, 40, 41 (and 2 more)');
    expect(describeLines([7], 1, false)).toBe('row 7');
  });
});
