import { describe, expect, it } from 'vitest';
import { mergeAdds } from '../../../../shared/data/store.ts';
import { workWrites } from '../../../../shared/data/work.ts';
import type { WorkItem } from '../../../../shared/domain/work.ts';

const item = (id: string, kind: WorkItem['kind'] = 'appeal'): WorkItem => ({
  kind,
  id,
  title: `申报${id}`,
  since: '2026-05-01T00:00:00Z',
  link: `/v1/submissions/${id}`,
});
const province = { agencyId: 'hubei' };

describe('Module: work (data)', () => {
  describe('Function: workWrites', () => {
    it('puts what arises, deletes what is done, and moves each owner’s counts once by the sum', () => {
      // Act
      const writes = workWrites(
        {
          arise: [
            { owner: province, item: item('a') },
            { owner: province, item: item('b', 'objection') },
          ],
        },
        {
          done: [{ owner: province, item: item('c') }],
        },
      );

      // Assess
      expect(writes.filter((w) => w.Put).map((w) => w.Put!.Item!.sk)).toEqual([
        'appeal#2026-05-01T00:00:00Z#a',
        'objection#2026-05-01T00:00:00Z#b',
      ]);
      expect(writes.filter((w) => w.Delete).map((w) => w.Delete!.Key!.sk)).toEqual(['appeal#2026-05-01T00:00:00Z#c']);
      const counters = writes.filter((w) => w.Update);
      expect(counters).toHaveLength(1);
      // +1 −1 appeals cancel out: only the objection moves
      expect(counters[0]!.Update!.ExpressionAttributeNames).toEqual({ '#k0': 'n_objection' });
      expect(counters[0]!.Update!.ExpressionAttributeValues).toEqual({ ':d0': 1 });
    });
  });

  describe('Function: mergeAdds', () => {
    it('merges the ADD-only updates of one key into one, summing each attribute, and keeps everything else in place', () => {
      // Prepare: two changes of one transaction each move the province's counts
      const first = workWrites({ arise: [{ owner: province, item: item('a') }] });
      const second = workWrites({
        arise: [
          { owner: province, item: item('b') },
          { owner: province, item: item('c', 'recheck') },
        ],
      });
      const other = { ConditionCheck: { TableName: 't', Key: { pk: 'x', sk: 'y' }, ConditionExpression: 'attribute_exists(pk)' } };

      // Act
      const merged = mergeAdds([...first, other, ...second]);

      // Assess
      const updates = merged.filter((w) => w.Update);
      expect(updates).toHaveLength(1);
      const { ExpressionAttributeNames: names, ExpressionAttributeValues: values, UpdateExpression } = updates[0]!.Update!;
      const sums = Object.fromEntries(Object.entries(names!).map(([k, name]) => [name, values![k.replace('#', ':')]]));
      expect(sums).toEqual({ n_appeal: 2, n_recheck: 1 });
      expect(UpdateExpression).toMatch(/^ADD /);
      expect(merged.filter((w) => w.Put)).toHaveLength(3);
      expect(merged).toContain(other);
    });
  });
});
