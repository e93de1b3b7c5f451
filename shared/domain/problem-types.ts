import type { Text } from './errors.ts';

/** One problem type: its status, its title and a sentence or two on what it means and what to do (the `/problems` page). */
export interface ProblemType {
  status: number;
  title: Text;
  about: Text;
}

const t = (zh: string, en: string): Text => ({ zh, en });

const conflict = (title: Text, about: Text) => ({ status: 409 as const, title, about });

/** Every problem type this API answers with, by name: the `type` of each problem is `<origin>/problems/<name>`. */
export const problemTypes = {
  'malformed-request': {
    status: 400,
    title: t('请求格式有误', 'Malformed request'),
    about: t(
      '请求无法解读：正文不是合法的 JSON，或某个参数、请求头的格式不对。请按 detail 所述改正后重发。',
      'The request cannot be read: the body is not valid JSON, or a parameter or header is not in the expected form. Correct it as the detail says and send it again.',
    ),
  },
  validation: {
    status: 422,
    title: t('请求内容不符合要求', 'Invalid request'),
    about: t(
      '请求格式正确，但有字段不符合规则；errors 逐项列出字段位置和原因。',
      'The request is well-formed but some fields break the rules; errors lists each field and why.',
    ),
  },
  forbidden: {
    status: 403,
    title: t('无权操作', 'Forbidden'),
    about: t('您的角色或所属部门无权执行此操作。', 'Your role or your agency may not do this.'),
  },
  'not-found': {
    status: 404,
    title: t('未找到', 'Not found'),
    about: t('所请求的资源不存在，或不在您的管辖范围内。', 'What you asked for does not exist, or lies outside your scope.'),
  },
  'stale-version': {
    status: 412,
    title: t('版本已变更', 'Precondition failed'),
    about: t(
      'If-Match 所指的版本已不是最新版本：请重新读取后再修改，以免覆盖他人的更改。',
      'The version named by If-Match is no longer current: read the resource again before changing it, so that no one else’s change is lost.',
    ),
  },
  'if-match-required': {
    status: 428,
    title: t('缺少 If-Match', 'Precondition required'),
    about: t('修改须带上 If-Match 请求头，其值为读取时得到的 ETag。', 'An update must carry If-Match with the ETag you read.'),
  },
  'unsupported-media-type': {
    status: 415,
    title: t('不支持的内容类型', 'Unsupported media type'),
    about: t('请求正文的 Content-Type 不是此接口接受的类型。', 'The body’s Content-Type is not one this route accepts.'),
  },
  'payload-too-large': {
    status: 413,
    title: t('请求正文过大', 'Payload too large'),
    about: t('请求正文超过了此接口允许的大小。', 'The body is larger than this API accepts.'),
  },
  'idempotency-key-reused': {
    status: 422,
    title: t('幂等键重复使用', 'Idempotency key reused'),
    about: t(
      '同一个 Idempotency-Key 已用于另一请求正文；请为新请求使用新的键。',
      'This Idempotency-Key was used with another body; use a new key for a new request.',
    ),
  },
  internal: {
    status: 500,
    title: t('系统内部错误', 'Internal error'),
    about: t(
      '系统出现故障，已记录在案。请稍后重试，如需咨询请提供请求编号。',
      'Something went wrong on our side and it has been logged. Retry later, quoting the request id.',
    ),
  },
  conflict: conflict(
    t('与当前状态冲突', 'Conflict'),
    t('请求与资源的当前状态冲突。', 'The request conflicts with the current state of the resource.'),
  ),
  busy: conflict(
    t('资源正忙', 'Busy'),
    t('该资源正被另一请求修改；请稍后重试。', 'Another request is changing this resource; retry shortly.'),
  ),
  'idempotency-in-progress': conflict(
    t('相同请求正在处理', 'Request in progress'),
    t(
      '使用同一 Idempotency-Key 的请求仍在处理中；请稍后重试。',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
    ),
  ),
  'illegal-transition': conflict(
    t('当前状态下不可执行此操作', 'Illegal transition'),
    t('该对象当前所处的状态不允许此操作。', 'The object’s current state does not allow this step.'),
  ),
  'not-active': conflict(t('命名未处于有效状态', 'Not active'), t('只有有效的命名才能执行此操作。', 'Only an active naming allows this.')),
  'already-acknowledged': conflict(
    t('已确认', 'Already acknowledged'),
    t('该备案已被确认。', 'This filing has been acknowledged already.'),
  ),
  'already-appealed': conflict(t('已申诉', 'Already appealed'), t('每份申报只能申诉一次。', 'A submission is appealed once.')),
  'already-applied': conflict(
    t('已申报', 'Already applied'),
    t('该单位已向本批次提交申报。', 'The unit has applied to this campaign already.'),
  ),
  'already-appointed': conflict(
    t('已聘任', 'Already appointed'),
    t('该指导员已是该单位的在任指导员。', 'The instructor already serves this unit.'),
  ),
  'already-assigned': conflict(
    t('已分配', 'Already assigned'),
    t('该评审专家已分配到本轮评审。', 'The reviewer is assigned to this round already.'),
  ),
  'already-decided': conflict(
    t('已作出决定', 'Already decided'),
    t('此事项已有决定，不能再次决定。', 'This has been decided already and cannot be decided again.'),
  ),
  'term-running': conflict(
    t('荣誉期内不能删除个人信息', 'The honour is still in force'),
    t(
      '先进个人的个人信息在其荣誉期内仍用于复检、异议和撤销等管理，期满（或命名被撤销、未获命名）后方可按申请删除。',
      "An individual's personal data serves the honour's management (rechecks, objections, revocation) while it is in force; it is erased on request once the term is over, the naming revoked, or the nomination ended without one.",
    ),
  ),
  'already-done': conflict(t('已处理', 'Already done'), t('此项已处理完毕。', 'This has been dealt with already.')),
  'findings-recorded': conflict(
    t('检查意见已记录', 'Findings recorded'),
    t(
      '结对单位对该互观互检的检查意见已经记录；每次互观互检只记录一次，如需补充请联系颁发机关。',
      'The paired side has recorded its findings on this inspection already; they are recorded once. Ask the issuing authority to add to them.',
    ),
  ),
  'appeal-window-closed': conflict(
    t('申诉期已结束', 'Appeal window closed'),
    t('申诉须在申诉期内提出。', 'An appeal must be lodged within the appeal window.'),
  ),
  'applications-closed': conflict(
    t('申报已截止', 'Applications closed'),
    t('本批次已不再接受申报。', 'This campaign no longer accepts applications.'),
  ),
  'applications-not-open': conflict(
    t('申报尚未开始', 'Applications not open'),
    t('本批次尚未开放申报。', 'This campaign does not accept applications yet.'),
  ),
  'conflict-of-interest': conflict(
    t('存在利益冲突', 'Conflict of interest'),
    t('该评审专家与申报单位存在利益关系，须回避。', 'The reviewer has a tie to the applying unit and must stand aside.'),
  ),
  declined: conflict(t('已谢绝', 'Declined'), t('评审专家已谢绝该评审任务。', 'The reviewer declined this assignment.')),
  'not-rankable': conflict(
    t('暂不能排名', 'Not rankable'),
    t(
      '评选活动须在全部申报评分完毕、申诉处理完毕后方可排名。',
      'A campaign is ranked once every submission is scored and every appeal decided.',
    ),
  ),
  'not-picked-on-site': conflict(
    t('未选定实地评审', 'Not picked for the on-site round'),
    t(
      '本批次只对选定的重点单位进行实地评审，该申报未被选定，只按文件评审计分。',
      'This campaign visits only the key units it picks; this submission was not picked and is scored on the document round alone.',
    ),
  ),
  'not-due': conflict(t('时间未到', 'Not due'), t('此步骤须待相关期限届满后方可执行。', 'This step is taken once its window has ended.')),
  'not-concluded': conflict(
    t('评选活动尚未结束', 'Not concluded'),
    t(
      '命名（表彰）决定列出评选活动结束时作出的命名，须待评选活动结束后方可生成。',
      'A naming (commendation) decision lists the namings a campaign made when it concluded: it exists once the campaign has concluded.',
    ),
  ),
  'no-decision': conflict(
    t('尚未登记决定文号', 'No decision recorded'),
    t(
      '生成命名（表彰）决定前，须先登记决定的文号和日期（POST /v1/campaigns/{id}/decision）。',
      'Record the decision’s number (文号) and date first (POST /v1/campaigns/{id}/decision); the decision document carries them.',
    ),
  ),
  'no-freed-seat': conflict(
    t('无可递补的名额', 'No freed seat'),
    t(
      '没有因异议成立而空出的名额，或排名中已无可递补的申报。',
      'No seat was freed by an upheld objection, or no submission of the ranking is left to fill it.',
    ),
  ),
  'duplicate-certificate': conflict(
    t('证书编号重复', 'Duplicate certificate'),
    t('该证书编号已被使用。', 'This certificate number is taken.'),
  ),
  'duplicate-version': conflict(
    t('版本重复', 'Duplicate version'),
    t(
      '同名测评体系的该版本已存在；修改须使用新的版本号。',
      'A framework of this name has this version already; a change needs a new version.',
    ),
  ),
  'filing-out-of-order': conflict(
    t('备案日期倒序', 'Filing out of order'),
    t('备案日期不能早于该地区上一次备案的日期。', 'A filing cannot go back before the region’s last filing.'),
  ),
  'instructor-limit': conflict(
    t('指导员名额已满', 'Instructor limit'),
    t('每个单位在任指导员最多 2 名。', 'A unit has at most 2 instructors in office.'),
  ),
  'not-in-public-notice': conflict(
    t('不在公示期', 'Not in public notice'),
    t('异议只能在公示期内提出。', 'An objection is lodged during the public notice only.'),
  ),
  'not-ranked': conflict(t('尚未排名', 'Not ranked'), t('本批次须先排名。', 'The campaign must be ranked first.')),
  'no-revocation-proposal': conflict(
    t('没有撤销建议', 'No revocation proposal'),
    t('该命名没有待决定的撤销建议。', 'No revocation is proposed for this naming.'),
  ),
  'not-uploaded': conflict(
    t('文件未上传', 'Not uploaded'),
    t('证明材料尚未上传，或上传的文件与声明不符。', 'The evidence file has not been uploaded, or does not match what was declared.'),
  ),
  'nothing-to-adjust': conflict(
    t('无可调整的聘任', 'Nothing to adjust'),
    t('该指导员没有可调整的在任聘任。', 'The instructor has no appointment in force to adjust.'),
  ),
  'prefix-taken': conflict(
    t('证书编号前缀已被使用', 'Prefix taken'),
    t('该证书编号前缀属于其他民族工作部门。', 'This certificate prefix is another authority’s series.'),
  ),
  'rectification-pending': conflict(
    t('整改尚未完成', 'Rectification pending'),
    t(
      '实地评审须待申报单位申报整改完成，或整改期届满后方可开始。',
      'The on-site round opens once the unit declares its rectification done, or once the rectification window has ended.',
    ),
  ),
  'round-closed': conflict(t('评审轮次已结束', 'Round closed'), t('该轮评审已结束。', 'This review round is closed.')),
  'round-not-closed': conflict(
    t('评审轮次尚未结束', 'Round not closed'),
    t('须先结束该轮评审。', 'The review round must be closed first.'),
  ),
  'round-not-open': conflict(t('评审轮次未开启', 'Round not open'), t('该轮评审当前未开启。', 'This review round is not open.')),
  'sheet-exists': conflict(
    t('评分表已存在', 'Sheet exists'),
    t('该评审专家本轮的评分表已存在。', 'The reviewer has a sheet for this round already.'),
  ),
  'sheets-missing': conflict(
    t('评分表未齐', 'Sheets missing'),
    t('仍有评审专家未提交评分表。', 'Some reviewers have not handed in their sheets.'),
  ),
  'subscription-limit': conflict(
    t('订阅数已达上限', 'Subscription limit reached'),
    t(
      '每个部门最多可保留 20 个 Webhook 订阅；请先删除不再使用的订阅。',
      'An agency keeps at most 20 webhook subscriptions; delete one it no longer uses first.',
    ),
  ),
  'subscription-disabled': conflict(
    t('订阅已停用', 'Subscription disabled'),
    t(
      '该订阅已停用（由部门停用，或连续失败 3 天后自动停用）；请先以 PATCH enabled: true 重新启用。',
      'The subscription is off (turned off by its agency, or after failing for 3 days); turn it on with PATCH enabled: true first.',
    ),
  ),
  'still-appointed': conflict(
    t('仍在任', 'Still appointed'),
    t('该指导员仍有在任聘任，须先调整。', 'The instructor still serves; adjust those appointments first.'),
  ),
} as const satisfies Record<string, ProblemType>;

/** The name of a problem type. */
export type ProblemTypeName = keyof typeof problemTypes;

/** The problem types answered with 409 (the types a ConflictError may carry). */
export type ConflictType = { [K in ProblemTypeName]: (typeof problemTypes)[K]['status'] extends 409 ? K : never }[ProblemTypeName];

/** Whether a name is one of the catalogue's problem types. */
export function isProblemType(name: string): name is ProblemTypeName {
  return Object.hasOwn(problemTypes, name);
}
