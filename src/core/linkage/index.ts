export { ALL_PAIRS_MAX_DEGREE, forEachCandidatePair } from './candidate-pairs.ts'
export type { Clustering, Link } from './cluster-accounts.ts'
export { clusterAccounts, WEAK_BRIDGE_SUPPORT } from './cluster-accounts.ts'
export type { SessionMark } from './control-change.ts'
export { detectControlChange, detectControlChangeOfRecords } from './control-change.ts'
export type { AgreementPattern, EmResult } from './estimate-m.ts'
export { estimateM } from './estimate-m.ts'
export type { EvidenceClass, EvidenceKind, EvidenceKindSpec } from './evidence-kinds.ts'
export { EVIDENCE_KINDS, NO_EVIDENCE_FLAGS } from './evidence-kinds.ts'
export type { PathLink } from './evidence-path.ts'
export { evidencePath } from './evidence-path.ts'
export { type FaceThreshold, learnFaceThreshold } from './face-threshold.ts'
export type { LinkResult } from './link-accounts.ts'
export { linkAccounts, linkIndex } from './link-accounts.ts'
export {
  encodeLinkKinds,
  hasListingContent,
  isStrongLink,
  kindMaskOf,
  kindsOfMask,
  LINK_EVIDENCE_KINDS,
  LISTING_CONTENT_MASK,
  linkKindMask,
  PERSONAL_KINDS_MASK,
  weighedKinds,
} from './link-kinds.ts'
export type { AccountActivity } from './linkage-account-of.ts'
export { documentNumberKey, listingTitleKey, toLinkageAccount } from './linkage-account-of.ts'
export { LinkageIndex } from './linkage-index.ts'
export type { LinkageAccount, LinkageKey } from './linkage-input.ts'
export { decodeLinkageProfile, encodeLinkageProfile, LINKAGE_PROFILE_VERSION } from './linkage-profile.ts'
export type { LiveCandidate, LiveJoin } from './live-cluster.ts'
export { joinClusters, LiveClusters } from './live-cluster.ts'
export { LiveLinkageIndex } from './live-linkage-index.ts'
export { withFaceBands } from './near-match-bands.ts'
export type { Evidence, PairEvidence } from './pair-evidence.ts'
export { comparePair, SAME_FACE_MIN_COSINE, SAME_IMAGE_MAX_BITS, scoreEvidence } from './pair-evidence.ts'
export type { LinkageWeights, TimeLevelWeights } from './weights.ts'
export { CLOSE_IN_TIME_DAYS, initialWeights, timeLevelWeights, valueWeight, withThresholds } from './weights.ts'
