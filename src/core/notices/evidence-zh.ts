import type { VerificationKind } from '../features/index.ts'
import {
  asBoolean,
  asNumber,
  asString,
  asStrings,
  type EvidenceWording,
  entryOf,
  type FeatureName,
  type FeatureSentence,
  humanise,
  identifierPhrases,
  type MethodWording,
  problemPhrases,
  wholeDays,
} from './evidence-wording.ts'

const numberFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 })
const number = (n: number) => numberFormat.format(n)

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`
}

const METHODS: Readonly<Record<VerificationKind, MethodWording>> = {
  id_document: {
    name: '身份证件',
    how: '上传账户经营者本人有效护照、身份证或驾驶证的清晰照片。',
  },
  business_licence: {
    name: '营业执照',
    how: '上传营业执照或企业注册证明，须能看清企业名称和注册号。',
  },
  utility_bill: {
    name: '地址证明',
    how: '上传近三个月内的水电燃气账单或银行对账单，须显示您的姓名和您填写的地址。',
  },
  postcard: {
    name: '明信片验证码',
    how: '我们会向您填写的地址寄送一张印有验证码的明信片，收到后请在卖家后台输入该验证码。',
  },
  video: {
    name: '视频验证',
    how: '与我们的工作人员进行一次简短的视频通话，请提前准备好您所填写的身份证件。',
  },
}

const methodName = (m: string) => entryOf<MethodWording>(METHODS, m)?.name ?? humanise(m)
const methods = (v: unknown) => asStrings(v)?.map(methodName)

const STATUS: Readonly<Record<string, string>> = { active: '正常', suspended: '已暂停', deactivated: '已停用' }

const withNumber =
  (say: (n: number) => string): FeatureSentence =>
  (v) => {
    const n = asNumber(v)
    return n === undefined ? undefined : say(n)
  }

const withDays =
  (none: string, say: (days: number) => string): FeatureSentence =>
  (v) => {
    const n = asNumber(v)
    if (n === undefined) return undefined
    if (n < 0) return none
    return n < 1 ? say(0) : say(wholeDays(n))
  }

const daysAgo = (d: number) => (d === 0 ? '不到一天前' : `${number(d)} 天前`)

const FEATURES: Readonly<Record<FeatureName, FeatureSentence>> = {
  'account.id': (v) => (asString(v) === undefined ? undefined : `您的账户编号为 ${asString(v)}。`),
  'account.marketplace': (v) => {
    const s = asString(v)
    if (s === undefined) return undefined
    return s === '' ? '您的账户尚未在任何站点注册。' : `您的账户注册于 ${s} 站点。`
  },
  'account.kind': (v) => {
    const s = asString(v)
    if (s === 'individual') return '您的账户以个人卖家身份注册。'
    if (s === 'business') return '您的账户以企业身份注册。'
    return s === '' ? '您的账户尚未完成注册。' : undefined
  },
  'account.channel_type': (v) => {
    const s = asString(v)
    if (s === 'organic') return '您是直接在平台上注册的。'
    if (s === 'invite') return '您是通过邀请注册的。'
    if (s === 'partner') return '您是通过合作伙伴注册的。'
    return undefined
  },
  // 邀请或合作伙伴编号可能指向邀请人：只作描述，不显示其内容。
  'account.channel_ref': (v) => {
    const s = asString(v)
    if (s === undefined) return undefined
    return s === '' ? '您不是通过邀请链接或合作伙伴渠道注册的。' : '您是通过邀请链接或合作伙伴渠道注册的。'
  },
  'account.status': (v) => {
    const s = entryOf(STATUS, asString(v) ?? '')
    return s === undefined ? undefined : `当时您的账户状态为“${s}”。`
  },
  'account.registered': (v) => {
    const b = asBoolean(v)
    if (b === undefined) return undefined
    return b ? '您的账户注册信息已完整。' : '我们尚未收到您的注册信息。'
  },
  'account.age_days': withDays('您的账户是新注册的。', (d) =>
    d === 0 ? '您的账户注册不到一天。' : `您的账户已注册 ${number(d)} 天。`,
  ),
  'account.sessions': withNumber((n) => `您的账户共有 ${number(n)} 次登录记录。`),
  'account.listings': withNumber((n) => `您的账户共有 ${number(n)} 条商品信息。`),
  'account.updates': withNumber((n) => (n === 0 ? '您未修改过账户资料。' : `您已修改账户资料 ${number(n)} 次。`)),
  'account.verified': (v) => {
    const m = methods(v)
    if (m === undefined) return undefined
    return m.length === 0 ? '您尚未通过任何验证。' : `您已通过以下验证：${list(m)}。`
  },
  'account.failed_verifications': (v) => {
    const m = methods(v)
    if (m === undefined) return undefined
    return m.length === 0 ? '您没有未通过的验证。' : `您最近一次提交的以下验证未通过：${list(m)}。`
  },
  'account.pending_verifications': (v) => {
    const m = methods(v)
    if (m === undefined) return undefined
    return m.length === 0 ? '您没有正在等待结果的验证。' : `以下验证正在等待结果：${list(m)}。`
  },
  'account.days_since_verified': withDays('您从未通过任何验证。', (d) => `您最近一次通过验证是在${daysAgo(d)}。`),
  'account.problems': (v) => {
    const p = asStrings(v)
    if (p === undefined) return undefined
    return p.length === 0
      ? '我们未发现您填写的信息存在问题。'
      : `您填写的部分信息无法确认：${list(problemPhrases(ZH_EVIDENCE, p))}。`
  },
  'account.invalid_identifiers': (v) => {
    const k = asStrings(v)
    if (k === undefined) return undefined
    return k.length === 0
      ? '您填写的信息均有效。'
      : `您填写的以下信息无效：${list(identifierPhrases(ZH_EVIDENCE, k))}。`
  },
  'account.change_of_control': (v) => {
    const b = asBoolean(v)
    if (b === undefined) return undefined
    return b
      ? '您账户所使用的设备和网络发生了变化，随后银行账户或联系方式也被更改，这表明账户可能已由他人经营。'
      : '我们未发现您账户的经营者发生变化。'
  },
  'account.days_since_control_change': withDays(
    '我们未发现您账户的经营者发生变化。',
    (d) => `这一变化发生在${daysAgo(d)}。`,
  ),
  'cluster.size': withNumber((n) =>
    n <= 1
      ? '您的账户未与其他账户关联。'
      : `您的账户与另外 ${number(n - 1)} 个账户相关联，我们认为这些账户由同一经营者运营。`,
  ),
  'cluster.deactivated': withNumber((n) =>
    n === 0 ? '与您的账户相关联的账户均未被停用。' : `您的账户与 ${number(n)} 个已被平台停用的账户相关联。`,
  ),
  'cluster.suspended': withNumber((n) =>
    n === 0 ? '与您的账户相关联的账户均未被暂停。' : `您的账户与 ${number(n)} 个已被暂停的账户相关联。`,
  ),
  'cluster.failed_verifications': withNumber((n) =>
    n === 0 ? '与您的账户相关联的账户均未出现验证失败。' : `与您的账户相关联的账户中，有 ${number(n)} 个未通过验证。`,
  ),
  'cluster.strongest_link': withNumber((n) =>
    n <= 0
      ? '您的账户与其他账户之间没有关联。'
      : `您的账户与其他账户之间最强关联的匹配分值为 ${number(n)}（分值越高，这些账户由同一经营者运营的可能性越大）。`,
  ),
  'cluster.strong_evidence': (v) => {
    const b = asBoolean(v)
    if (b === undefined) return undefined
    return b
      ? '其中至少有一项关联基于个人信息（如银行账户、身份证件、人脸、电话号码、电子邮箱或设备），而不仅仅基于他人也可能共用的地址或网络。'
      : '这些关联仅基于他人也可能共用的信息，如地址、网络或商品信息。'
  },
  'cluster.listing_duplicate_share': withNumber(
    (n) => `与您关联的账户中，有 ${number(Math.round(n * 100))}% 发布了与您的商品几乎相同的商品信息。`,
  ),
  'cluster.control_changes': withNumber((n) =>
    n === 0
      ? '您所在的关联账户组中，没有账户的经营者发生变化。'
      : `您所在的关联账户组中（包括您的账户），有 ${number(n)} 个账户的经营者似乎发生了变化。`,
  ),
  'cluster.marketplaces': withNumber((n) => `您所在的关联账户组在 ${number(n)} 个站点上销售。`),
  'history.decisions': withNumber((n) =>
    n === 0 ? '此前我们的政策未对您的账户作出过任何决定。' : `此前我们的政策已对您的账户作出 ${number(n)} 项决定。`,
  ),
  'history.open_requirements': withNumber((n) =>
    n === 0 ? '当时您没有其他尚未完成的验证要求。' : `当时您还有 ${number(n)} 项验证要求尚未完成。`,
  ),
  'history.status_changes': withNumber((n) =>
    n === 0 ? '此前平台未更改过您的账户状态。' : `平台已 ${number(n)} 次更改您的账户状态。`,
  ),
  'history.days_since_last_event': withDays(
    '您的账户尚无任何活动记录。',
    (d) => `您账户的最近一次活动发生在${daysAgo(d)}。`,
  ),
}

/** 决定所依据事实的中文表述。 */
export const ZH_EVIDENCE: EvidenceWording = {
  features: FEATURES,
  unknownFeature: (label, value) =>
    value === undefined ? `我们还考虑了以下情况：${label}。` : `我们还考虑了以下情况：${label}（${value}）。`,
  shared: {
    email: '相同的电子邮箱地址',
    phone: '相同的电话号码',
    iban: '相同的银行账户',
    bank_account: '相同的银行账户',
    card_fingerprint: '相同的银行卡',
    card: '卡号开头数位、末四位及有效期均相同的银行卡',
    national_id: '相同的身份证号码',
    passport: '相同的护照号码',
    driving_licence: '相同的驾驶证号码',
    document_number: '所提交证件上的相同号码',
    person_name: '相同的法定代表人姓名',
    person_identity: '相同的法定代表人（姓名和出生日期均相同）',
    business_name: '相同的企业名称',
    business_registration: '相同的企业注册号',
    tax_id: '相同的税号',
    device: '相同的设备',
    cookie: '相同的浏览器',
    image_hash: '相同的证件图片',
    document_image: '相同的证件图片',
    face: '身份验证中出现的同一张人脸',
    channel_ref: '相同的邀请链接或合作伙伴渠道',
    address: '相同的地址（同一单元）',
    address_building: '同一栋楼内的地址',
    locality: '相同的邮编或城镇',
    ip: '相同的IP地址',
    ip_prefix: '相同的网络（IP地址段）',
    listing_image: '相同的商品图片',
    listing_title: '几乎相同的商品标题',
  },
  unknownShared: '其他相同的信息',
  link: (shared, other) => `您的账户与另一个账户${other === undefined ? '' : `（${other}）`}使用了${list(shared)}。`,
  moreLinks: (n) => `您的账户还以类似方式与另外 ${number(n)} 个账户相关联。`,
  methods: METHODS,
  unknownMethod: (label) => ({ name: `其他验证（${label}）`, how: '请按照卖家后台中的说明操作。' }),
  reasons: {
    onboarding_verification: '为确认账户的实际经营者，所有新卖家在开始销售前都需要完成验证。',
    linked_to_deactivated: '您的账户通过个人信息与一个或多个已被平台停用的账户相关联，因此可能由同一经营者运营。',
    change_of_control:
      '您账户所使用的设备和网络发生了变化，随后银行账户或联系方式也被更改，因此账户可能已改由他人经营。',
    cluster_failed_verifications: '与您的账户相关联的账户未通过验证，因此所有关联账户都将接受审核。',
    video_verification_missing: '您的账户从未完成视频验证，而所有活跃卖家都必须通过此项验证。',
  },
  unknownReason: (label) => `政策给出的原因为：${label}。`,
  identifiers: {
    email: '电子邮箱地址',
    phone: '电话号码',
    address: '地址',
    address_building: '地址',
    locality: '邮编或城镇',
    ip: 'IP地址',
    ip_prefix: '网络',
    person_name: '法定代表人姓名',
    person_identity: '法定代表人姓名及出生日期',
    business_name: '企业名称',
    national_id: '身份证号码',
    passport: '护照号码',
    driving_licence: '驾驶证号码',
    business_registration: '企业注册号',
    tax_id: '税号',
    iban: '银行账户（IBAN）',
    bank_account: '银行账号',
    card_fingerprint: '银行卡',
    card: '银行卡',
    device: '设备',
    cookie: '浏览器',
    image_hash: '证件图片',
    face: '人脸图像',
  },
  problems: {
    empty: '内容为空',
    bad_format: '格式不正确',
    bad_length: '位数不正确',
    bad_check_digit: '校验位错误',
    bad_national_check_digit: '校验位错误',
    bad_routing_check_digit: '银行清算号校验位错误',
    bad_routing_format: '银行清算号无效',
    bad_account_number: '账号无效',
    bad_sort_code: '银行分类代码无效',
    fictitious_range: '属于专供虚构用途的号码段',
    known_invalid: '是已知的无效号码',
    invalid_number: '不是有效号码',
    all_zero: '全部为零',
    bad_domain: '其域名无法接收邮件',
    no_at: '不是有效的电子邮箱地址',
    empty_local: '不是有效的电子邮箱地址',
    empty_domain: '不是有效的电子邮箱地址',
    bad_local: '不是有效的电子邮箱地址',
    local_too_long: '不是有效的电子邮箱地址',
    no_country: '缺少国家或地区',
    unknown_country: '国家或地区无法识别',
    bad_region: '省份或地区无效',
    bad_postcode: '邮编无效',
    bad_birth_date: '其中的出生日期无效',
    birth_date_mismatch: '其中的出生日期与您填写的不一致',
    bad_expiry: '有效期无效',
    bad_expiry_date: '有效期无效',
    bad_bin: '卡号开头数位无效',
    bad_prefix: '号码开头数位无效',
    bad_area: '号码中的部分内容无效',
    bad_group: '号码中的部分内容无效',
    bad_serial: '号码中的部分内容无效',
    bad_itin_group: '号码中的部分内容无效',
    bad_ip: '不是有效的IP地址',
    unparseable: '无法识别',
  },
  unknownProblem: '无效',
  problem: (identifier, problem) => `您的${identifier}（${problem}）`,
  list,
  number,
  yesNo: (b) => (b ? '是' : '否'),
}
