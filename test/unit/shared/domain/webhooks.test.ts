import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  eventsOfChange,
  payloadOf,
  receives,
  refusedAddress,
  retriesExhausted,
  retryDelaySeconds,
  urlProblems,
  webhookCreate,
  webhookEventTypes,
  yieldsEvents,
  type WebhookEvent,
} from '../../../../shared/domain/webhooks.ts';
import { newSigningSecret, signedHeaders } from '../../../../shared/webhooks/signing.ts';

/* Events for agency systems (issue #21): the rules a subscription and a delivery obey, and the events a change makes. */

describe('Function: refusedAddress', () => {
  it('refuses private, loopback, link-local, metadata, shared and reserved addresses, IPv4 and IPv6', () => {
    for (const address of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '127.8.8.8',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      'fc00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ])
      expect(refusedAddress(address, false), address).toBeDefined();
  });

  it('admits public addresses, and the edges just outside the private ranges', () => {
    for (const address of ['8.8.8.8', '172.15.255.255', '172.32.0.0', '11.0.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      expect(refusedAddress(address, false), address).toBeUndefined();
  });

  it('admits loopback in local mode only, never the other private ranges or metadata', () => {
    expect(refusedAddress('127.0.0.1', true)).toBeUndefined();
    expect(refusedAddress('::1', true)).toBeUndefined();
    expect(refusedAddress('169.254.169.254', true)).toBeDefined();
    expect(refusedAddress('10.0.0.1', true)).toBeDefined();
  });

  it('refuses what is not an address, and says so in Chinese first', () => {
    expect(refusedAddress('example.cn', false)?.zh).toContain('不是 IP 地址');
    expect(refusedAddress('10.0.0.1', false)?.zh).toContain('内网');
  });
});

describe('Function: urlProblems', () => {
  it('admits an https URL on a public name', () => {
    expect(urlProblems('https://zwfw.hubei.gov.cn/hooks/shifan?x=1', false)).toEqual([]);
  });

  it('refuses http outside local mode, and admits it on loopback in local mode only', () => {
    expect(urlProblems('http://zwfw.hubei.gov.cn/hooks', false).map((p) => p.en)).toEqual(['must be an https URL']);
    expect(urlProblems('http://127.0.0.1:8080/hooks', true)).toEqual([]);
    expect(urlProblems('http://localhost:8080/hooks', true)).toEqual([]);
    expect(urlProblems('http://zwfw.hubei.gov.cn/hooks', true).map((p) => p.en)).toEqual(['must be an https URL']);
  });

  it('refuses a private or metadata address written in the URL, credentials, a fragment, and names that are not public', () => {
    expect(urlProblems('https://169.254.169.254/latest', false)).toHaveLength(1);
    expect(urlProblems('https://[::1]/hooks', false)).toHaveLength(1);
    expect(urlProblems('https://user:pw@example.cn/hooks', false).map((p) => p.en)).toEqual(['must not carry credentials']);
    expect(urlProblems('https://example.cn/hooks#x', false).map((p) => p.en)).toEqual(['must not carry a fragment']);
    for (const url of ['https://localhost/hooks', 'https://metadata.google.internal/', 'https://intranet/hooks'])
      expect(
        urlProblems(url, false).map((p) => p.en),
        url,
      ).toEqual(['must be a public host name']);
    expect(urlProblems('not a url', false).map((p) => p.en)).toEqual(['not a valid URL']);
  });
});

describe('Schema: webhookCreate', () => {
  it('takes events of the catalogue, each once', () => {
    expect(webhookCreate.safeParse({ url: 'https://example.cn/h', events: ['naming.created', 'task.overdue'] }).success).toBe(true);
    expect(webhookCreate.safeParse({ url: 'https://example.cn/h', events: ['naming.made'] }).success).toBe(false);
    expect(webhookCreate.safeParse({ url: 'https://example.cn/h', events: ['naming.created', 'naming.created'] }).success).toBe(false);
    expect(webhookCreate.safeParse({ url: 'https://example.cn/h', events: [] }).success).toBe(false);
  });
});

describe('Function: retryDelaySeconds and retriesExhausted', () => {
  it('doubles from 30 s, capped at 6 h, with full jitter and a floor of 10 s', () => {
    expect(retryDelaySeconds(1, 0.999)).toBe(29);
    expect(retryDelaySeconds(2, 0.5)).toBe(30);
    expect(retryDelaySeconds(5, 0.5)).toBe(240);
    expect(retryDelaySeconds(30, 0.999)).toBe(21_578);
    expect(retryDelaySeconds(3, 0)).toBe(10);
  });

  it('gives up 24 hours after the first attempt, not a second before', () => {
    expect(retriesExhausted('2026-12-01T00:00:00Z', '2026-12-01T23:59:59Z')).toBe(false);
    expect(retriesExhausted('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')).toBe(true);
  });
});

describe('Function: receives', () => {
  it('gives an event to agencies whose region covers the resource, as the API reads', () => {
    const event = { regionCode: '420102' };
    expect(receives('420000', event)).toBe(true);
    expect(receives('420100', event)).toBe(true);
    expect(receives('000000', event)).toBe(true);
    expect(receives('420200', event)).toBe(false);
    expect(receives('430000', event)).toBe(false);
  });
});

const submission = { pk: 'SUB#s1', sk: 'SUB', id: 's1', campaignId: 'c1', unitId: 'u1', regionCode: '420102', version: 3 };
const naming = {
  pk: 'NAMING#n1',
  sk: 'NAMING',
  id: 'n1',
  unitId: 'u1',
  unitName: '某社区',
  recipients: ['contact@example.cn'],
  certificateNo: '鄂民示〔2026〕0001',
  namingKind: 'unit',
  level: 'province',
  regionCode: '420102',
  status: 'active',
  namedOn: '2026-06-01',
  expiresOn: '2031-06-01',
};

/** Each event's data fits the payload schema the OpenAPI document publishes for its type. */
function fits(events: WebhookEvent[]): WebhookEvent[] {
  for (const e of events) expect(payloadOf(e.type).safeParse(e.data).success, `${e.type} ${JSON.stringify(e.data)}`).toBe(true);
  return events;
}

describe('Function: eventsOfChange', () => {
  it('tells a submission moved, from and to, keyed by its version; nothing when its state stayed', () => {
    const events = fits(eventsOfChange({ ...submission, state: 'submitted' }, { ...submission, state: 'recommended', version: 4 }));
    expect(events).toEqual([
      {
        type: 'submission.state-changed',
        regionCode: '420102',
        key: 'SUB#s1#v4',
        data: { submissionId: 's1', campaignId: 'c1', unitId: 'u1', regionCode: '420102', from: 'submitted', to: 'recommended' },
      },
    ]);
    expect(eventsOfChange({ ...submission, state: 'draft' }, { ...submission, state: 'draft', version: 4 })).toEqual([]);
    expect(fits(eventsOfChange(undefined, { ...submission, state: 'draft' }))[0]!.data.from).toBe('none');
  });

  it('tells a campaign ranked, finalized (public notice) and concluded, and nothing for other changes', () => {
    const campaign = { pk: 'CAMPAIGN#c1', sk: 'CAMPAIGN', id: 'c1', level: 'province', regionCode: '420000' };
    const step = (from: string, to: string, extra = {}) =>
      fits(eventsOfChange({ ...campaign, status: from }, { ...campaign, status: to, ...extra }));
    expect(step('open', 'ranked', { rankedOn: '2026-05-01' }).map((e) => [e.type, e.data.on])).toEqual([['campaign.ranked', '2026-05-01']]);
    expect(step('ranked', 'public-notice', { finalOn: '2026-05-09' }).map((e) => e.type)).toEqual(['campaign.finalized']);
    expect(step('public-notice', 'concluded', { decision: { number: '鄂民宗发〔2026〕1号', date: '2026-05-20' } })[0]!.data.on).toBe(
      '2026-05-20',
    );
    expect(step('open', 'open')).toEqual([]);
  });

  it('tells a naming made, revoked, expired and renewed, and each expiry reminder the sweep passed, without contacts', () => {
    const created = fits(eventsOfChange(undefined, naming));
    expect(created.map((e) => e.type)).toEqual(['naming.created']);
    expect(JSON.stringify(created)).not.toContain('contact@example.cn');
    expect(JSON.stringify(created)).not.toContain('某社区');
    expect(
      fits(eventsOfChange(naming, { ...naming, status: 'revoked', revokedOn: '2027-01-01' })).map((e) => [e.type, e.data.revokedOn]),
    ).toEqual([['naming.revoked', '2027-01-01']]);
    expect(fits(eventsOfChange(naming, { ...naming, status: 'expired' })).map((e) => e.type)).toEqual(['naming.expired']);
    expect(fits(eventsOfChange(naming, { ...naming, status: 'superseded', supersededBy: 'n2' }))[0]).toMatchObject({
      type: 'naming.renewed',
      data: { supersededBy: 'n2' },
    });
    // The sweep sent the 90-day reminder and moved the item on to the 30-day one.
    const reminded = fits(
      eventsOfChange(
        { ...naming, agendaKind: 'naming-expiry', agendaMilestone: 90 },
        { ...naming, agendaKind: 'naming-expiry', agendaMilestone: 30 },
      ),
    );
    expect(reminded.map((e) => [e.type, e.data.daysLeft, e.key])).toEqual([['naming.expiring', 90, 'NAMING#n1#expiring-90']]);
    // A change that left the milestone where it was reminds no one.
    expect(
      eventsOfChange(
        { ...naming, agendaKind: 'naming-expiry', agendaMilestone: 30 },
        { ...naming, agendaKind: 'naming-expiry', agendaMilestone: 30, version: 9 },
      ),
    ).toEqual([]);
  });

  it('tells a recheck due (per reminder), overdue and decided', () => {
    const recheck = {
      pk: 'NAMING#n1',
      sk: 'RECHECK#r1',
      id: 'r1',
      namingId: 'n1',
      recheckKind: 'recheck',
      regionCode: '420102',
      dueOn: '2027-03-01',
      status: 'open',
    };
    expect(
      fits(
        eventsOfChange(
          { ...recheck, agendaKind: 'recheck', agendaMilestone: 14 },
          { ...recheck, agendaKind: 'recheck', agendaMilestone: 3 },
        ),
      ).map((e) => [e.type, e.data.daysLeft]),
    ).toEqual([['recheck.due', 14]]);
    expect(fits(eventsOfChange(recheck, { ...recheck, status: 'overdue' })).map((e) => e.type)).toEqual(['recheck.overdue']);
    expect(fits(eventsOfChange({ ...recheck, status: 'overdue' }, { ...recheck, status: 'passed' })).map((e) => e.type)).toEqual([
      'recheck.decided',
    ]);
    expect(eventsOfChange({ ...recheck, status: 'rectifying' }, { ...recheck, status: 'passed' })).toEqual([]);
  });

  it('tells no reminder reached when a write that changes the status drops or resets the agenda; the last reminder still tells', () => {
    const types = (before: Record<string, unknown>, after: Record<string, unknown>) =>
      fits(eventsOfChange(before, after)).map((e) => [e.type, e.data.daysLeft]);
    const expiring = { ...naming, agendaKind: 'naming-expiry', agendaMilestone: 180 };
    // A revocation and a renewal take the naming off the agenda: no expiry reminder was reached.
    expect(types(expiring, { ...naming, status: 'revoked', revokedOn: '2027-01-01' })).toEqual([['naming.revoked', undefined]]);
    expect(types(expiring, { ...naming, status: 'superseded', supersededBy: 'n2' })).toEqual([['naming.renewed', undefined]]);
    const recheck = {
      pk: 'NAMING#n1',
      sk: 'RECHECK#r1',
      id: 'r1',
      namingId: 'n1',
      recheckKind: 'recheck',
      regionCode: '420102',
      dueOn: '2027-03-01',
      status: 'open',
    };
    const waiting = (milestone: number) => ({ ...recheck, agendaKind: 'recheck', agendaMilestone: milestone });
    // Decided while waiting for its 14-day reminder; to rectify, its agenda restarts at the rectification's deadline.
    expect(types(waiting(14), { ...recheck, status: 'passed' })).toEqual([['recheck.decided', undefined]]);
    expect(types(waiting(3), { ...waiting(14), status: 'rectifying' })).toEqual([['recheck.decided', undefined]]);
    // A sweep missed the 3-day reminder's day and made the recheck overdue at once: overdue, and no 3-day reminder.
    expect(types(waiting(3), { ...recheck, status: 'overdue' })).toEqual([['recheck.overdue', undefined]]);
    const appointment = { pk: 'UNIT#u1', sk: 'APPOINTMENT#a1', id: 'a1', instructorId: 'i1', unitId: 'u1', unitRegion: '420102' };
    const term = { ...appointment, termEndsOn: '2029-06-01', status: 'active' };
    // An appointment ended early leaves the agenda: no term reminder; its last reminder, taken off the agenda by the
    // sweep with its status unchanged, still tells.
    expect(types({ ...term, agendaKind: 'instructor-term', agendaMilestone: 90 }, { ...term, status: 'ended' })).toEqual([]);
    expect(types({ ...term, agendaKind: 'instructor-term', agendaMilestone: 30 }, term)).toEqual([['instructor.term-ending', 30]]);
  });

  it("tells an instructor's term ending at each reminder, a filing submitted and acknowledged, a task reported and overdue", () => {
    const appointment = {
      pk: 'UNIT#u1',
      sk: 'APPOINTMENT#a1',
      id: 'a1',
      instructorId: 'i1',
      unitId: 'u1',
      unitRegion: '420102',
      termEndsOn: '2029-06-01',
    };
    expect(
      fits(
        eventsOfChange(
          { ...appointment, agendaKind: 'instructor-term', agendaMilestone: 90 },
          { ...appointment, agendaKind: 'instructor-term', agendaMilestone: 30 },
        ),
      ).map((e) => [e.type, e.data.daysLeft]),
    ).toEqual([['instructor.term-ending', 90]]);
    const filing = { pk: 'FILING#f1', sk: 'FILING', id: 'f1', regionCode: '420102', level: 'county', asOf: '2026-12-01' };
    expect(fits(eventsOfChange(undefined, { ...filing, status: 'filed' })).map((e) => e.type)).toEqual(['filing.submitted']);
    expect(fits(eventsOfChange({ ...filing, status: 'filed' }, { ...filing, status: 'acknowledged' })).map((e) => e.type)).toEqual([
      'filing.acknowledged',
    ]);
    const task = { pk: 'TASK#t1', sk: 'TASK', id: 't1', planId: 'p1', regionCode: '420102', percent: 60, version: 2 };
    expect(fits(eventsOfChange({ ...task, state: 'open' }, { ...task, state: 'reported', version: 3 })).map((e) => e.type)).toEqual([
      'task.reported',
    ]);
    expect(fits(eventsOfChange({ ...task, state: 'open' }, { ...task, state: 'overdue', version: 3 })).map((e) => e.type)).toEqual([
      'task.overdue',
    ]);
    expect(eventsOfChange({ ...task, state: 'reported' }, { ...task, state: 'accepted', version: 4 })).toEqual([]);
  });

  it('yields the same keys for the same change seen twice (a stream record redelivered is not a new event)', () => {
    const once = eventsOfChange(naming, { ...naming, status: 'revoked', revokedOn: '2027-01-01' });
    const twice = eventsOfChange(naming, { ...naming, status: 'revoked', revokedOn: '2027-01-01' });
    expect(once.map((e) => e.key)).toEqual(twice.map((e) => e.key));
  });

  it('ignores items that are no resource of the catalogue', () => {
    expect(eventsOfChange(undefined, { pk: 'CERTSEQ#鄂民示#2026', sk: 'SEQ', next: 2 })).toEqual([]);
    expect(eventsOfChange({ ...naming }, undefined)).toEqual([]);
    // The publisher reads no image of an item whose keys tell it has no events: a submission's audit entry.
    expect(yieldsEvents('SUB#s1', 'AUDIT#2026-12-03T07:30:47.972Z#e57c3f39')).toBe(false);
    expect(['SUB', 'CAMPAIGN', 'NAMING'].map((k) => yieldsEvents(`${k}#x1`, k))).toEqual([true, true, true]);
    expect([yieldsEvents('NAMING#n1', 'RECHECK#r1'), yieldsEvents('UNIT#u1', 'APPOINTMENT#a1'), yieldsEvents('UNIT#u1', 'UNIT')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('has a payload schema for every event of the catalogue', () => {
    for (const type of webhookEventTypes) expect(payloadOf(type), type).toBeDefined();
  });
});

describe('Function: signedHeaders', () => {
  it('signs as Standard Webhooks verifies, with the old and the new secret during a rotation', () => {
    const [old, current] = [newSigningSecret(), newSigningSecret()];
    expect(current).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: 'naming.created', data: { namingId: 'n1' } });
    const headers = signedHeaders([current, old], 'msg_1', new Date(), body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    // A receiver holding either secret verifies the delivery.
    expect(new Webhook(old).verify(body, headers)).toMatchObject({ type: 'naming.created' });
    expect(new Webhook(current).verify(body, headers)).toMatchObject({ type: 'naming.created' });
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(current).verify(`${body} `, headers)).toThrow();
  });
});
