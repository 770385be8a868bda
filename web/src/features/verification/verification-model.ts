// The verification review page's view model: what the account declares beside what was submitted, the engine's checks
// in the order a reviewer reads them, the face scores, the reasons to choose from, and the reviewer's commands. Pure.
import type { FaceSummary, Submission, SubmissionCheck, SubmissionFile } from '../../api/types.ts'
import type { Shortcut } from '../../lib/shortcuts.ts'

export type SubmissionOutcome = 'passed' | 'failed'

/** A labelled value on either side of the comparison. */
export interface FactRow {
  readonly label: string
  readonly value: string
}

const METHOD_NAMES: Readonly<Record<string, string>> = {
  id_document: 'Identity document',
  business_licence: 'Business licence',
  utility_bill: 'Utility bill',
  video: 'Video check',
}

export const methodName = (method: string): string => METHOD_NAMES[method] ?? method.replaceAll('_', ' ')

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined

const record = (v: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined

/** A postal address on one line: its lines, postcode and city, region, country. */
export function addressLine(v: unknown): string | undefined {
  const a = record(v)
  if (a === undefined) return text(v)
  const lines = Array.isArray(a.lines) ? a.lines.filter((l): l is string => typeof l === 'string') : []
  const city = [text(a.postalCode), text(a.city)].filter((x) => x !== undefined).join(' ')
  const parts = [...lines, city, text(a.region), text(a.country)].filter((x) => x !== undefined && x !== '')
  return parts.length === 0 ? undefined : parts.join(', ')
}

function rows(entries: readonly (readonly [string, string | undefined])[]): FactRow[] {
  return entries.flatMap(([label, value]) => (value === undefined ? [] : [{ label, value }]))
}

/** What the account declares that a submission of this method is checked against (the declarations as sent). */
export function declaredFacts(method: string, declarations: Readonly<Record<string, unknown>>): FactRow[] {
  const rep = record(declarations.representative)
  const doc = record(rep?.document)
  const business = record(declarations.business)
  const person = [text(rep?.givenName), text(rep?.familyName)].filter((x) => x !== undefined).join(' ') || undefined
  const identity: [string, string | undefined][] = [
    ['Representative', person],
    ['Date of birth', text(rep?.dateOfBirth)],
    ['Nationality', text(rep?.nationality)],
    ['Document', [text(doc?.type)?.replaceAll('_', ' '), text(doc?.country)].filter(Boolean).join(', ') || undefined],
    ['Document number', text(doc?.number)],
  ]
  switch (method) {
    case 'business_licence':
      return rows([
        ['Business', text(business?.name)],
        ['Registration number', text(business?.registrationNumber)],
        ['Country', text(business?.country)],
        ['Business address', addressLine(business?.address)],
      ])
    case 'utility_bill': {
      const addresses = Array.isArray(declarations.addresses) ? declarations.addresses : []
      return rows([
        ['Representative', person],
        ['Business', text(business?.name)],
        ['Business address', addressLine(business?.address)],
        ...addresses.map((a, i): [string, string | undefined] => [
          `Address ${i + 1}${text(record(a)?.role) === undefined ? '' : ` (${text(record(a)?.role)})`}`,
          addressLine(a),
        ]),
        ['Representative’s address', addressLine(rep?.address)],
      ])
    }
    default:
      return rows(identity)
  }
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  documentNumber: 'Document number',
  documentType: 'Document type',
  country: 'Country',
  name: 'Name on the bill',
  address: 'Address on the bill',
  issueDate: 'Issued',
}

/** What the seller typed beside the files, labelled; an address on one line. */
export function submittedFacts(fields: Readonly<Record<string, unknown>>): FactRow[] {
  return Object.entries(fields).flatMap(([key, v]) => {
    const value = key === 'address' ? addressLine(v) : typeof v === 'object' ? JSON.stringify(v) : text(v)
    return value === undefined ? [] : [{ label: FIELD_LABELS[key] ?? key, value }]
  })
}

const CHECK_NAMES: Readonly<Record<string, string>> = {
  image_format: 'Image format',
  image_metadata: 'Camera metadata (EXIF)',
  image_elsewhere: 'Same image under another account',
  document_number: 'Check digits and format',
  document_declared: 'Consistent with the declarations',
  document_elsewhere: 'Same number under another account',
  bill_name: 'Name on the bill',
  bill_address: 'Address on the bill',
  bill_date: 'Date of the bill',
  id_photo_one_face: 'One face on the ID photo',
  enough_frames: 'Enough frames',
  frames_one_face: 'One face in each frame',
  frames_same_person: 'The same person in every frame',
  matches_id_photo: 'Face against the ID photo',
  antispoof: 'Real (not a print or a screen)',
  liveness: 'Live',
  face_elsewhere: 'Same face under another account',
}

export const checkName = (kind: string): string => CHECK_NAMES[kind] ?? kind.replaceAll('_', ' ')

const OUTCOME_ORDER = { failed: 0, not_available: 1, passed: 2 } as const

/** The checks, failed first, then those that could not run, then those passed; in the engine's order within each. */
export function orderedChecks(checks: readonly SubmissionCheck[]): SubmissionCheck[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => OUTCOME_ORDER[a.c.outcome] - OUTCOME_ORDER[b.c.outcome] || a.i - b.i)
    .map((x) => x.c)
}

/** Counts of the checks by outcome, for the summary line. */
export function checkCounts(checks: readonly SubmissionCheck[]): Readonly<Record<SubmissionCheck['outcome'], number>> {
  const counts = { passed: 0, failed: 0, not_available: 0 }
  for (const c of checks) counts[c.outcome] += 1
  return counts
}

/** Every other account the checks found, once each, sorted. */
export function otherAccounts(checks: readonly SubmissionCheck[]): string[] {
  return [...new Set(checks.flatMap((c) => c.accounts ?? []))].sort()
}

const score = (x: number | null): string => (x === null ? '—' : x.toFixed(3))

/** The face reader's numbers, labelled: similarity to the ID photo, between frames, realness and liveness. */
export function faceRows(face: FaceSummary): FactRow[] {
  const frames = face.frameSimilarities
  return [
    { label: 'Verdict', value: face.passed ? 'the same person in every frame and on the ID photo' : 'not matched' },
    { label: 'Similarity to the ID photo', value: score(face.idPhotoSimilarity) },
    { label: 'Frames against the ID photo', value: frames.length === 0 ? '—' : frames.map(score).join(', ') },
    { label: 'Least similar pair of frames', value: score(face.lowestFramePairSimilarity) },
    { label: 'Real (not a print or a screen)', value: score(face.real) },
    { label: 'Live', value: score(face.live) },
    ...(face.framesWithoutFace.length === 0
      ? []
      : [{ label: 'Frames without a face', value: face.framesWithoutFace.join(', ') }]),
    ...(face.framesWithSeveralFaces.length === 0
      ? []
      : [{ label: 'Frames with several faces', value: face.framesWithSeveralFaces.join(', ') }]),
  ]
}

/** The files to show: the document's or bill's images, the video's ID photo, frames and recording. */
export function filesByKind(files: readonly SubmissionFile[]): {
  readonly images: readonly SubmissionFile[]
  readonly videos: readonly SubmissionFile[]
} {
  return {
    images: files.filter((f) => f.mime.startsWith('image/')),
    videos: files.filter((f) => f.mime.startsWith('video/')),
  }
}

const ROLE_NAMES: Readonly<Record<string, string>> = {
  front: 'Front',
  back: 'Back',
  photo: 'ID photo',
  frame: 'Frame',
  bill: 'Bill',
  video: 'Recording',
}

/** "Front", "Frame 3": frames are numbered in the order they were taken. */
export function fileLabel(file: SubmissionFile, files: readonly SubmissionFile[]): string {
  const name = ROLE_NAMES[file.role] ?? file.role
  if (file.role !== 'frame') return name
  return `${name} ${files.filter((f) => f.role === 'frame').indexOf(file) + 1}`
}

const CHECKLIST_LABELS: Readonly<Record<string, string>> = {
  original_document: 'An original document, not a copy or a screen',
  number_matches_document: 'The number typed is the one on the document',
  photo_not_altered: 'The photo is not altered',
  name_matches_business: 'The name is the business’s',
  name_matches: 'The name matches the account',
  address_matches: 'The address matches the account',
  issued_recently: 'Issued recently',
  representative_on_screen: 'The representative is on screen',
  original_id_in_hand: 'The original ID is in their hand',
  face_matches_id_photo: 'The face matches the ID photo',
  prompts_answered: 'Every prompt was answered',
}

export const checklistLabel = (item: string): string => CHECKLIST_LABELS[item] ?? item.replaceAll('_', ' ')

/** A reason the reviewer may pick: `text` is told to the seller, before the reviewer's comment. */
export interface DecisionReason {
  readonly id: string
  readonly outcome: SubmissionOutcome
  readonly text: string
  /** The methods it applies to; every method when absent. */
  readonly methods?: readonly string[]
}

const DOCUMENTS = ['id_document', 'business_licence'] as const

export const DECISION_REASONS: readonly DecisionReason[] = [
  { id: 'genuine', outcome: 'passed', text: 'The document is genuine and matches your declarations.' },
  {
    id: 'video_ok',
    outcome: 'passed',
    text: 'The video shows you with your identity document, as asked.',
    methods: ['video'],
  },
  {
    id: 'unreadable',
    outcome: 'failed',
    text: 'The pictures are not readable: send sharp pictures of the whole page.',
  },
  {
    id: 'mismatch',
    outcome: 'failed',
    text: 'The details on the document do not match what the account declares.',
  },
  { id: 'altered', outcome: 'failed', text: 'The pictures appear to have been altered.' },
  { id: 'not_original', outcome: 'failed', text: 'The pictures are of a copy or a screen, not of the original.' },
  {
    id: 'expired',
    outcome: 'failed',
    text: 'The document has expired: send a valid one.',
    methods: DOCUMENTS,
  },
  {
    id: 'used_elsewhere',
    outcome: 'failed',
    text: 'The same document was submitted for another account.',
  },
  {
    id: 'bill_old',
    outcome: 'failed',
    text: 'The bill is too old: send one issued within the last three months.',
    methods: ['utility_bill'],
  },
  {
    id: 'face_mismatch',
    outcome: 'failed',
    text: 'The face in the video does not match the photo on the document.',
    methods: ['video'],
  },
  {
    id: 'prompts_missed',
    outcome: 'failed',
    text: 'The video does not follow the prompts: record it again.',
    methods: ['video'],
  },
]

/** The reasons offered for an outcome on a method. */
export function reasonsFor(outcome: SubmissionOutcome, method: string): DecisionReason[] {
  return DECISION_REASONS.filter(
    (r) => r.outcome === outcome && (r.methods === undefined || r.methods.includes(method)),
  )
}

/** What the seller is told: the reason chosen, then the reviewer's comment when there is one. */
export function reasonText(reason: DecisionReason | undefined, comment: string): string {
  const c = comment.trim()
  if (reason === undefined) return c
  return c === '' ? reason.text : `${reason.text} ${c}`
}

export interface DraftDecision {
  readonly outcome: SubmissionOutcome | null
  readonly reason: DecisionReason | undefined
  readonly comment: string
  readonly checklist: Readonly<Record<string, boolean>>
  readonly items: readonly string[]
}

/** Why the decision cannot be recorded yet, or undefined when it can (a pass needs every item ticked, as the server). */
export function draftProblem(d: DraftDecision): string | undefined {
  if (d.outcome === null) return 'choose pass or fail'
  if (reasonText(d.reason, d.comment) === '') return 'choose a reason or write one'
  if (d.outcome === 'passed' && d.items.some((i) => d.checklist[i] !== true)) {
    return 'a pass needs every item of the checklist ticked'
  }
  return undefined
}

/** Every checklist item with its state (unticked when absent), as the decision endpoint expects. */
export function fullChecklist(
  items: readonly string[],
  ticked: Readonly<Record<string, boolean>>,
): Record<string, boolean> {
  return Object.fromEntries(items.map((i) => [i, ticked[i] === true]))
}

/** Submissions in review, oldest first (the queue is by id; a new one is last). */
export function reviewOrder(submissions: readonly Submission[]): Submission[] {
  return [...submissions].filter((s) => s.state === 'in_review').sort((a, b) => a.id - b.id)
}

export interface VerificationContext {
  readonly count: number
  readonly open: boolean
  readonly busy: boolean
  readonly ready: boolean
  readonly items: number
}

export interface VerificationActions {
  move(by: 1 | -1): void
  choose(outcome: SubmissionOutcome): void
  toggle(index: number): void
  submit(): void
}

export interface VerificationCommand extends Shortcut {
  readonly name: string
  canRun(ctx: VerificationContext): boolean
  run(actions: VerificationActions): void
}

const deciding = (c: VerificationContext) => c.open && !c.busy

/** The reviewer's commands on the verification queue, each with its key: the page runs them, the help lists them. */
export const VERIFICATION_COMMANDS: readonly VerificationCommand[] = [
  { name: 'next', keys: 'j', label: 'next submission', canRun: (c) => c.count > 1, run: (a) => a.move(1) },
  { name: 'previous', keys: 'k', label: 'previous submission', canRun: (c) => c.count > 1, run: (a) => a.move(-1) },
  ...[1, 2, 3, 4].map(
    (n): VerificationCommand => ({
      name: `tick-${n}`,
      keys: String(n),
      label: `tick or untick item ${n} of the checklist`,
      canRun: (c) => deciding(c) && c.items >= n,
      run: (a) => a.toggle(n - 1),
    }),
  ),
  { name: 'pass', keys: 'p', label: 'pass (then choose the reason)', canRun: deciding, run: (a) => a.choose('passed') },
  { name: 'fail', keys: 'f', label: 'fail (then choose the reason)', canRun: deciding, run: (a) => a.choose('failed') },
  {
    name: 'submit',
    keys: 'Mod+Enter',
    label: 'record the decision (also from the comment field)',
    canRun: (c) => deciding(c) && c.ready,
    run: (a) => a.submit(),
  },
]

/** Whether the reviewer may refuse for good (leads and admins; the server checks). */
export const mayRefuseForGood = (role: string): boolean => role === 'lead' || role === 'admin'
