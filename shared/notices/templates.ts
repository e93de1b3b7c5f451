import type { Naming } from '../domain/namings.ts';
import type { Recheck } from '../domain/rechecks.ts';
import type { Submission } from '../domain/submissions.ts';
import type { Appointment } from '../domain/instructors.ts';
import type { Task } from '../domain/plans.ts';
import type { Campaign } from '../domain/campaigns.ts';
import { namingKindNames } from '../domain/namings.ts';
import { outcomeOf } from '../domain/evaluations.ts';
import { escapeHtml } from '../html.ts';
import { civilDateAt } from '../domain/time.ts';
import { digestItemsPerKind, isoWeekOf } from '../domain/weekly-digest.ts';
import { workLabels } from '../domain/work.ts';
import type { WorkSummary } from '../data/work.ts';
import { disableAfterDays, type WebhookSubscription } from '../domain/webhooks.ts';

/** A rendered notice: subject, plain text and HTML, Simplified Chinese first with an English line. */
export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

const levelNames = { county: '县级', city: '市级', province: '省级', national: '全国' } as const;

function html(lines: readonly string[], english: string): string {
  return `<!doctype html><html lang="zh-CN"><body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6">${lines
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('')}<p style="color:#666">${escapeHtml(english)}</p></body></html>`;
}

/** How a notice says how long is left: in N days, or today. */
function left(days: number): { zh: string; en: string } {
  return days === 0 ? { zh: '今天', en: 'today' } : { zh: `还有 ${days} 天`, en: `in ${days} days` };
}

/**
 * The expiry reminder of a naming: `daysBefore` is how many days are left (0 on the expiry day, the last day of the
 * term; negative once it has expired without that day's reminder). It says 示范区 or 示范单位 as the naming names.
 * `contact` names the issuing authority and whom to reach there.
 */
export function expiryNotice(naming: Naming, daysBefore: number, contact: string): RenderedNotice {
  const title = `${levelNames[naming.level]}民族团结进步${namingKindNames[naming.kind]}`;
  const holder = naming.kind === 'zone' ? '贵地区' : '贵单位';
  const what =
    daysBefore < 0
      ? `命名已于 ${naming.expiresOn} 期满。按照动态管理要求，期满后须重新申报，请及时向主管民族工作部门提交重新申报材料。`
      : daysBefore === 0
        ? `命名今天（${naming.expiresOn}）期满，今天是有效期的最后一天。按照动态管理要求，期满后须重新申报，请及时向主管民族工作部门提交重新申报材料。`
        : `命名将于 ${naming.expiresOn} 期满（还有 ${daysBefore} 天）。期满后须重新申报，请提前准备创建台账资料，关注申报通知。重新申报提交后，本提醒即停止。`;
  const lines = [
    `${naming.unitName}：`,
    `${holder}“${title}”（证书编号 ${naming.certificateNo}，命名日期 ${naming.namedOn}）${what}`,
    `如有疑问，请联系颁发机构：${contact}。`,
  ];
  const namedEn = naming.kind === 'zone' ? 'demonstration zone' : 'demonstration unit';
  const english =
    daysBefore < 0
      ? `The ${naming.level} ${namedEn} naming ${naming.certificateNo} of ${naming.unitName} expired after ${naming.expiresOn}, its last day in force; apply again to keep it.`
      : daysBefore === 0
        ? `The ${naming.level} ${namedEn} naming ${naming.certificateNo} of ${naming.unitName} ends today (${naming.expiresOn}), its last day in force; apply again to keep it.`
        : `The ${naming.level} ${namedEn} naming ${naming.certificateNo} of ${naming.unitName} expires on ${naming.expiresOn} (in ${daysBefore} days); it must be applied for again. These reminders stop once a renewal is submitted.`;
  return {
    subject:
      daysBefore < 0
        ? `【命名期满】${naming.unitName} 请重新申报`
        : daysBefore === 0
          ? `【命名今日期满】${naming.unitName} 请重新申报`
          : `【期满提醒】${naming.unitName} 命名将于 ${naming.expiresOn} 期满`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

/** The notice that a naming was revoked, with the reason. */
export function revocationNotice(naming: Naming, contact: string): RenderedNotice {
  const lines = [
    `${naming.unitName}：`,
    `${naming.kind === 'zone' ? '贵地区' : '贵单位'}的${levelNames[naming.level]}民族团结进步${namingKindNames[naming.kind]}命名（证书编号 ${naming.certificateNo}，命名日期 ${naming.namedOn}）已于 ${naming.revokedOn} 被撤销。`,
    `撤销原因：${naming.revokeReason}`,
    `如有异议，请联系颁发机构：${contact}。`,
  ];
  const english = `The ${naming.level} demonstration naming ${naming.certificateNo} of ${naming.unitName} was revoked on ${naming.revokedOn}: ${naming.revokeReason}`;
  return {
    subject: `【撤销命名】${naming.unitName}（${naming.certificateNo}）`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

const recheckNames = { recheck: '复检复验', inspection: '互观互检', 'look-back': '"回头看"督查' } as const;

/** A reminder of a recheck or rectification deadline (days before it; -1: overdue). */
export function deadlineNotice(recheck: Recheck, what: 'recheck' | 'rectification', daysBefore: number, contact: string): RenderedNotice {
  const deadline = what === 'recheck' ? recheck.dueOn : recheck.rectifyBy!;
  const task =
    what === 'rectification'
      ? '整改'
      : recheck.kind === 'inspection' && recheck.pairedUnitName
        ? `与${recheck.pairedUnitName}的${recheckNames.inspection}`
        : recheckNames[recheck.kind];
  const status =
    daysBefore < 0
      ? `已于 ${deadline} 逾期，请立即与主管民族工作部门联系。`
      : `截止日期为 ${deadline}（${left(daysBefore).zh}），请按时完成。`;
  const lines = [
    `${recheck.unitName}：`,
    `贵单位民族团结进步示范命名（证书编号 ${recheck.certificateNo}）的${task}${status}`,
    `如有疑问，请联系颁发机构：${contact}。`,
  ];
  const english =
    daysBefore < 0
      ? `The ${what} of naming ${recheck.certificateNo} (${recheck.unitName}) was due on ${deadline} and is overdue.`
      : `The ${what} of naming ${recheck.certificateNo} (${recheck.unitName}) is due on ${deadline}, ${left(daysBefore).en}.`;
  return {
    subject: daysBefore < 0 ? `【逾期】${recheck.unitName} ${task}` : `【${task}提醒】${recheck.unitName} 截止 ${deadline}`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

/**
 * The notice to one side of a mutual inspection that it has been paired: with whom, by when, and that each side
 * inspects the other and records its findings on it.
 */
export function inspectionNotice(recheck: Recheck, contact: string): RenderedNotice {
  const other = recheck.pairedUnitName ?? '结对单位';
  const lines = [
    `${recheck.unitName}：`,
    `颁发机关已安排贵单位（证书编号 ${recheck.certificateNo}）与${other}结对开展民族团结进步互观互检：双方互相观摩、互相检查，请于 ${recheck.dueOn} 前完成对${other}的检查，并在系统中记录检查意见；${other}也将检查贵单位。`,
    `检查组：${recheck.assignees.join('、')}。`,
    `如有疑问，请联系颁发机构：${contact}。`,
  ];
  const english = `${recheck.unitName} (naming ${recheck.certificateNo}) is paired with ${other} for a mutual inspection due on ${recheck.dueOn}: each inspects the other and records its findings.`;
  return {
    subject: `【互观互检】${recheck.unitName} 与 ${other} 结对，截止 ${recheck.dueOn}`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

/** An annual evaluation's outcomes as a notice names them. */
const gradeNames = { passed: '合格', rectify: '限期整改', failed: '不合格' } as const;

const notSelectedReasons = { vetoed: '触发一票否决项', 'below-pass-mark': '未达到合格分数线', 'quota-filled': '名额已满' } as const;

/**
 * The notice that a campaign's results are out: the unit's score and standing, and until when it may appeal. A
 * campaign organised jointly names its organisers (`organisers`: the authority first, then its co-organisers).
 */
export function resultNotice(campaign: Campaign, submission: Submission, organisers: readonly string[] = []): RenderedNotice {
  const { ranking, result } = submission;
  // An annual evaluation grades each unit against its bands: no one is selected, each is 合格, 整改 or 不合格.
  const graded =
    campaign.kind === 'annual-evaluation' && campaign.bands ? outcomeOf(result!.final, result!.vetoed, campaign.bands) : undefined;
  const standing = graded
    ? `综合得分 ${result!.final} 分，测评结果拟定为${gradeNames[graded]}${graded === 'rectify' ? `（合格线 ${campaign.bands!.passed} 分）` : ''}。`
    : ranking!.selected
      ? `综合得分 ${result!.final} 分，排名第 ${ranking!.rank} 位，拟入选。`
      : `综合得分 ${result!.final} 分，排名第 ${ranking!.rank} 位，未入选（${notSelectedReasons[ranking!.reason!]}）。`;
  const lines = [
    `${submission.unitName}：`,
    `“${campaign.name}”评审结果已公布。贵单位${standing}`,
    `评分明细可登录系统查看。如对评审结果有异议，可于 ${campaign.appealEndsOn} 前（含当日）提出复核申请，每个申报限一次。`,
    ...(organisers.length > 1 ? [`本次评选由${organisers[0]}会同${organisers.slice(1).join('、')}联合组织。`] : []),
  ];
  const jointly = organisers.length > 1 ? ` Organised by ${organisers[0]} jointly with ${organisers.slice(1).join(', ')}.` : '';
  const standingEn = graded
    ? `proposed outcome: ${graded}`
    : `rank ${ranking!.rank}, ${ranking!.selected ? 'selected' : `not selected: ${ranking!.reason}`}`;
  const english = `Results of ${campaign.name}: ${submission.unitName} scored ${result!.final} (${standingEn}). An appeal is accepted until ${campaign.appealEndsOn}.${jointly}`;
  return { subject: `【评审结果】${campaign.name}`, text: `${lines.join('\n')}\n\n${english}\n`, html: html(lines, english) };
}

/** The reminder to a county department that an instructor's term ends (90 and 30 days before). */
export function termNotice(a: Appointment, daysBefore: number): RenderedNotice {
  const lines = [
    '县级民族工作部门：',
    `${a.unitName}的民族团结进步创建指导员 ${a.instructorName}（${a.appointedOn} 起任）任期将于 ${a.termEndsOn} 届满（${left(daysBefore).zh}）。`,
    '请结合工作实绩、本人意愿等情况做好调整或续聘，调整后及时向上级备案。',
  ];
  const english = `The instructor ${a.instructorName} of ${a.unitName} ends the term on ${a.termEndsOn} (${left(daysBefore).en}): readjust or reappoint, then file the list.`;
  return {
    subject: `【指导员任期提醒】${a.unitName} ${a.instructorName} ${a.termEndsOn} 届满`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

/** The yearly reminder to a county of its collective readjustment of instructors (every 3 years). */
export function readjustmentNotice(countyName: string, dueOn: string, yearsBefore: number): RenderedNotice {
  const when = yearsBefore === 0 ? `应于今年（${dueOn}）进行` : `将于 ${dueOn} 到期（还有约 ${yearsBefore} 年）`;
  const lines = [
    `${countyName}民族工作部门：`,
    `按照指导员每三年集中调整一次的要求，本地区指导员集中调整${when}。`,
    '请提前摸排指导员履职情况，做好调整准备。',
  ];
  const english = `${countyName}: the collective readjustment of instructors (every 3 years) is due on ${dueOn}.`;
  return { subject: `【指导员集中调整】${countyName} ${dueOn}`, text: `${lines.join('\n')}\n\n${english}\n`, html: html(lines, english) };
}

/** A task's reminder to its responsible agency: 7 and 1 days before it is due, and once it is overdue (-1). */
export function taskNotice(task: Task, daysBefore: number): RenderedNotice {
  const when =
    daysBefore < 0
      ? `已于 ${task.dueOn} 到期，现已逾期，请尽快完成并报送进展。`
      : `将于 ${task.dueOn} 到期（${left(daysBefore).zh}），请按时完成并报送进展。`;
  const lines = [
    `${task.responsibleAgency}：`,
    `“${task.planTitle}”任务“${task.title}”（${task.phase}阶段，完成标准：${task.measure}）${when}`,
    `当前进度 ${task.percent}%。`,
  ];
  const english =
    daysBefore < 0
      ? `Task "${task.title}" of "${task.planTitle}" was due on ${task.dueOn} and is overdue.`
      : `Task "${task.title}" of "${task.planTitle}" is due on ${task.dueOn}, ${left(daysBefore).en}.`;
  return {
    subject: daysBefore < 0 ? `【任务逾期】${task.title}` : `【任务提醒】${task.title} ${task.dueOn} 到期`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

const outcomeNames = { passed: '合格', rectify: '限期整改', failed: '不合格' } as const;

/**
 * The notice of a unit's annual-evaluation outcome (issue #19): passed, rectify by a date, or failed (with the
 * revocation proposed to the issuer, when the unit holds a naming at the campaign's level); or, after a
 * rectification, the re-evaluation's outcome.
 */
export function evaluationNotice(campaign: Campaign, submission: Submission, reEvaluated: boolean): RenderedNotice {
  const evaluation = submission.evaluation!;
  const outcome = reEvaluated ? evaluation.reEvaluation!.outcome : evaluation.outcome;
  const score = evaluation.vetoed ? '触发一票否决项' : `综合得分 ${evaluation.final} 分`;
  const what = reEvaluated
    ? `贵单位整改后经复评，结论为${outcomeNames[outcome]}。复评意见：${evaluation.reEvaluation!.note}`
    : outcome === 'rectify'
      ? `贵单位${score}，测评结论为限期整改：请于 ${evaluation.rectifyBy} 前（含当日）完成整改，届时将组织复评。`
      : `贵单位${score}，测评结论为${outcomeNames[outcome]}。`;
  const proposal =
    outcome === 'failed' && evaluation.proposal
      ? [`根据测评结论，已向颁发机构提出撤销命名（证书编号 ${evaluation.proposal.certificateNo}）的建议，由颁发机构决定。`]
      : [];
  const lines = [`${submission.unitName}：`, `“${campaign.name}”${reEvaluated ? '整改复评' : '年度测评'}结果：${what}`, ...proposal];
  const english = reEvaluated
    ? `${campaign.name}: after rectification, ${submission.unitName} was re-evaluated as ${outcome}.`
    : `${campaign.name}: ${submission.unitName} ${evaluation.vetoed ? 'was vetoed' : `scored ${evaluation.final}`}; outcome ${outcome}${
        outcome === 'rectify' ? `, rectify by ${evaluation.rectifyBy}` : ''
      }.${outcome === 'failed' && evaluation.proposal ? ` Revoking naming ${evaluation.proposal.certificateNo} is proposed to its issuer.` : ''}`;
  return {
    subject: `【${reEvaluated ? '复评结果' : '测评结果'}】${campaign.name}：${outcomeNames[outcome]}`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

/** A reminder of the last day to rectify after an annual evaluation (days before it; negative: overdue). */
export function evaluationDeadlineNotice(
  r: { unitName: string; campaignName: string; rectifyBy: string },
  daysBefore: number,
): RenderedNotice {
  const status =
    daysBefore < 0
      ? `已于 ${r.rectifyBy} 逾期，请立即与组织测评的民族工作部门联系。`
      : `截止日期为 ${r.rectifyBy}（${left(daysBefore).zh}），请按时完成并准备复评。`;
  const lines = [`${r.unitName}：`, `贵单位在“${r.campaignName}”中的整改${status}`];
  const english =
    daysBefore < 0
      ? `The rectification of ${r.unitName} after ${r.campaignName} was due on ${r.rectifyBy} and is overdue.`
      : `The rectification of ${r.unitName} after ${r.campaignName} is due on ${r.rectifyBy}, ${left(daysBefore).en}.`;
  return {
    subject: daysBefore < 0 ? `【整改逾期】${r.unitName}` : `【整改提醒】${r.unitName} 截止 ${r.rectifyBy}`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

/** The notice to a naming's issuer that a failed annual evaluation proposes revoking it, for the issuer to decide. */
export function revocationProposalNotice(naming: Naming, campaign: Campaign): RenderedNotice {
  const lines = [
    '颁发机构：',
    `${naming.unitName}在“${campaign.name}”中测评不合格。组织测评的民族工作部门（${campaign.authorityId}）建议撤销其${levelNames[naming.level]}民族团结进步${namingKindNames[naming.kind]}命名（证书编号 ${naming.certificateNo}）。`,
    '请登录系统作出决定：撤销命名，或保留命名并说明理由。',
  ];
  const english = `${naming.unitName} failed ${campaign.name}; ${campaign.authorityId} proposes revoking naming ${naming.certificateNo}. Decide: revoke, or keep with a reason.`;
  return {
    subject: `【撤销命名建议】${naming.unitName}（${naming.certificateNo}）`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

/** The China date of a date or an instant. */
const dateOf = (since: string) => (since.length > 10 ? civilDateAt(new Date(since)) : since);

/**
 * The Monday digest of an agency's open work, as its workbench (`GET /v1/me/work`) shows it on `today`: per kind how
 * many, since when the oldest waits, and the first items with where to act on them.
 */
export function weeklyDigestNotice(agencyName: string, today: string, work: WorkSummary): RenderedNotice {
  const week = isoWeekOf(today);
  const total = work.kinds.reduce((sum, k) => sum + k.count, 0);
  const lines = [
    `${agencyName}：`,
    `截至 ${today}（${week}），贵部门共有 ${total} 项待办工作：`,
    ...work.kinds.flatMap((k) => {
      const shown = k.items.slice(0, digestItemsPerKind);
      return [
        `${k.label}：${k.count} 项${k.oldest ? `，最早一项自 ${dateOf(k.oldest)} 起等待` : ''}。`,
        ...shown.map((i) => `· ${i.title}（${dateOf(i.since)} 起${i.due ? `，应于 ${i.due} 前办结` : ''}）：${i.link}`),
        ...(k.count > shown.length ? [`· 另有 ${k.count - shown.length} 项，请登录系统查看。`] : []),
      ];
    }),
    '请登录系统在“我的待办”中逐项办理。如某位联系人不需要此周报，可在本部门名录条目中将其 digest 设为 false。',
  ];
  const kinds = work.kinds.map((k) => `${workLabels[k.kind].en}: ${k.count}`).join('; ');
  const english = `Weekly digest of ${agencyName} for ${week}: ${total} open items (${kinds}). Act on them in your workbench (GET /v1/me/work); a contact opts out with digest: false in the agency's directory entry.`;
  return {
    subject: `【每周待办】${agencyName}：${total} 项待办（${week}）`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}

/** To an agency whose webhook subscription was disabled after failing for 3 days: what, since when, how to turn it on. */
export function webhookDisabledNotice(agencyName: string, subscription: WebhookSubscription): RenderedNotice {
  const since = subscription.failingSince ?? subscription.updatedAt;
  const lines = [
    `${agencyName}：`,
    `贵部门的 Webhook 订阅 ${subscription.id}（${subscription.description ?? subscription.url}）自 ${since} 起投递持续失败，已满 ${disableAfterDays} 天，系统已于 ${subscription.disabledAt ?? subscription.updatedAt} 将其停用，此后的事件不再投递。`,
    `接收地址：${subscription.url}`,
    '请检查接收端是否可用、签名校验是否正确，修复后以 PATCH /v1/webhooks/{id}（enabled: true）重新启用；停用期间未投递的记录可在投递列表中逐条重新投递。',
  ];
  const english = `Webhook subscription ${subscription.id} (${subscription.url}) of ${agencyName} failed every delivery since ${since} for ${disableAfterDays} days and was disabled. Fix the receiver, then turn it on again with PATCH /v1/webhooks/${subscription.id} (enabled: true); redeliver what it missed from its deliveries.`;
  return {
    subject: `【Webhook 已停用】${agencyName}：订阅 ${subscription.id} 连续失败 ${disableAfterDays} 天`,
    text: `${lines.join('\n')}\n\n${english}\n`,
    html: html(lines, english),
  };
}
