import { describe, expect, it } from 'vitest';
import {
  certificateNo,
  certificateNumber,
  defaultCertificatePrefix,
  expiryMilestones,
  expiryOf,
  mayImportAt,
  mayManage,
  canonicalCertificate,
  importRow,
  parseCertificateNumber,
  regionAtLevel,
  shownStatus,
  type Issuer,
  type NamingLevel,
} from '../../../../shared/domain/namings.ts';
import { milestonesOf, nextMilestone } from '../../../../shared/domain/agenda.ts';
import { addDays, addYears } from '../../../../shared/domain/time.ts';
import { authorityPut } from '../../../../shared/domain/authorities.ts';

describe('Function: expiryOf', () => {
  it('adds five years, turning Feb 29 into Feb 28 when the year has none', () => {
    expect(expiryOf('2026-03-01')).toBe('2031-03-01');
    expect(expiryOf('2024-02-29')).toBe('2029-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(expiryOf('2026-12-31')).toBe('2031-12-31');
  });
});

describe('Function: milestonesOf', () => {
  it('falls on the right dates across leap days and year ends', () => {
    expect(milestonesOf('2029-02-28', expiryMilestones).map((m) => m.date)).toEqual([
      '2028-09-01',
      '2028-11-30',
      '2029-01-29',
      '2029-02-21',
      '2029-02-28',
    ]);
    expect(milestonesOf('2031-01-05', [30, 7]).map((m) => m.date)).toEqual(['2030-12-06', '2030-12-29']);
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});

describe('Function: nextMilestone', () => {
  const expires = '2031-03-01';

  it('is the first milestone ahead when none has passed', () => {
    expect(nextMilestone(expires, expiryMilestones, '2026-03-01')).toEqual({ daysBefore: 180, date: '2030-09-02' });
  });

  it('is only the latest passed milestone for a naming imported late, never the older ones', () => {
    expect(nextMilestone(expires, expiryMilestones, '2031-02-10')).toEqual({ daysBefore: 30, date: '2031-01-30' });
  });

  it('moves past the one acted on to the next ahead, or to the latest due after a missed day', () => {
    expect(nextMilestone(expires, expiryMilestones, '2030-09-02', 180)).toEqual({ daysBefore: 90, date: '2030-12-01' });
    expect(nextMilestone(expires, expiryMilestones, '2031-02-25', 180)).toEqual({ daysBefore: 7, date: '2031-02-22' });
  });

  it('is the expiry day itself last, then nothing', () => {
    expect(nextMilestone(expires, expiryMilestones, '2031-02-22', 7)).toEqual({ daysBefore: 0, date: expires });
    expect(nextMilestone(expires, expiryMilestones, '2031-03-01', 0)).toBeUndefined();
  });
});

describe('Function: shownStatus', () => {
  it('shows an active naming as expiring within 180 days, in force through its expiry date and expired from the day after', () => {
    expect(shownStatus('active', '2031-03-01', '2030-09-01')).toBe('active');
    expect(shownStatus('active', '2031-03-01', '2030-09-02')).toBe('expiring');
    expect(shownStatus('active', '2031-03-01', '2031-03-01')).toBe('expiring');
    expect(shownStatus('active', '2031-03-01', '2031-03-02')).toBe('expired');
    expect(shownStatus('revoked', '2031-03-01', '2027-01-01')).toBe('revoked');
  });
});

describe('Function: certificateNumber', () => {
  it("uses the issuer's prefix, the year in 〔〕 and a 4-digit sequence", () => {
    expect(certificateNumber(defaultCertificatePrefix('province', '420000'), 2026, 7)).toBe('鄂民示〔2026〕0007');
    expect(certificateNumber(defaultCertificatePrefix('national', '000000'), 2026, 12)).toBe('国民示〔2026〕0012');
  });

  it('gives each level of a province a series of its own by default', () => {
    const prefixes = [
      defaultCertificatePrefix('province', '420000'),
      defaultCertificatePrefix('city', '420100'),
      defaultCertificatePrefix('county', '420102'),
    ];
    expect(prefixes).toEqual(['鄂民示', '鄂武汉民示', '鄂江岸民示']);
    for (const prefix of prefixes) expect(certificateNo.safeParse(certificateNumber(prefix, 2026, 1)).success).toBe(true);
  });

  it('reads a number back into its series and place', () => {
    expect(parseCertificateNumber('鄂民示〔2026〕0004')).toEqual({ prefix: '鄂民示', year: 2026, sequence: 4 });
    expect(parseCertificateNumber('鄂民示[2026]0004')).toBeUndefined();
  });

  it('refuses numbers with odd characters', () => {
    expect(certificateNo.safeParse('鄂民示〔2022〕0007').success).toBe(true);
    expect(certificateNo.safeParse("鄂民示〔2022〕0007' OR 1=1").success).toBe(false);
    expect(certificateNo.safeParse('ABC[2022]0007').success).toBe(false);
  });
});

describe('Function: mayManage', () => {
  const at = (level: NamingLevel, regionCode: string, agencyId = `${level}-${regionCode}`) => ({ agencyId, level, regionCode });
  const provincial: Issuer = { agencyId: 'hubei', level: 'province', regionCode: '420000' };
  const wuhans: Issuer = { agencyId: 'wuhan', level: 'city', regionCode: '420100' };

  it('lets the issuer and the authorities above it in its region chain change a naming', () => {
    expect(mayManage(at('province', '420000', 'hubei'), provincial)).toBe(true);
    expect(mayManage(at('national', '000000'), provincial)).toBe(true);
    expect(mayManage(at('province', '420000'), wuhans)).toBe(true);
  });

  it('refuses a lower level, the same level elsewhere, and a level above in another province', () => {
    expect(mayManage(at('county', '422801'), provincial)).toBe(false);
    expect(mayManage(at('city', '420100'), provincial)).toBe(false);
    expect(mayManage(at('city', '420200'), wuhans)).toBe(false);
    expect(mayManage(at('province', '430000'), wuhans)).toBe(false);
  });
});

describe('Function: mayImportAt', () => {
  it("admits the importer's own level and those below, never above", () => {
    expect(mayImportAt('county', 'county')).toBe(true);
    expect(mayImportAt('county', 'province')).toBe(false);
    expect(mayImportAt('province', 'city')).toBe(true);
    expect(mayImportAt('province', 'national')).toBe(false);
    expect(mayImportAt('national', 'national')).toBe(true);
  });
});

describe('Function: regionAtLevel', () => {
  it('is the county, city, province or country that holds a code', () => {
    expect(['county', 'city', 'province', 'national'].map((l) => regionAtLevel('420102', l as NamingLevel))).toEqual([
      '420102',
      '420100',
      '420000',
      '000000',
    ]);
  });
});

describe('Function: canonicalCertificate', () => {
  it('writes one number one way, so that a sequence is held once', () => {
    expect(canonicalCertificate('鄂民示〔2026〕1')).toBe('鄂民示〔2026〕0001');
    expect(canonicalCertificate('鄂民示〔2026〕000001')).toBe('鄂民示〔2026〕0001');
    expect(canonicalCertificate('鄂民示〔2026〕12345')).toBe('鄂民示〔2026〕12345');
    expect(importRow.safeParse({ unitId: 'u', level: 'city', certificateNo: '鄂民示〔2026〕1', namedOn: '2026-01-05' }).success).toBe(
      false,
    );
    expect(importRow.safeParse({ unitId: 'u', level: 'city', certificateNo: '鄂民示〔2026〕0001', namedOn: '2026-01-05' }).success).toBe(
      true,
    );
  });
});

describe('Schema: authorityPut certificatePrefix', () => {
  const entry = (regionCode: string, certificatePrefix?: string) => ({
    name: '民族宗教事务委员会',
    regionCode,
    contacts: [{ name: '王', email: 'w@example.cn' }],
    ...(certificatePrefix ? { certificatePrefix } : {}),
  });
  const accepts = (regionCode: string, prefix?: string) => authorityPut.safeParse(entry(regionCode, prefix)).success;

  it("keeps the national series for the national commission and each province's series for that province", () => {
    expect(accepts('000000', '国民示')).toBe(true);
    expect(accepts('000000', '中民示')).toBe(false);
    expect(accepts('420000', '国民示')).toBe(false);
    expect(accepts('420000', '鄂民示')).toBe(true);
    expect(accepts('420100', '鄂民示')).toBe(false);
    expect(accepts('420000', '湘民示')).toBe(false);
    expect(accepts('420100', '汉民示')).toBe(true);
    expect(accepts('420100')).toBe(true);
    expect(accepts('420100', 'HB民示')).toBe(false);
  });
});
