import type { NewAuditRecord } from '../../ports/index.ts'
import type { AppealFileEntry } from '../../ports/workflow-store.ts'

/** The columns of `appeal_files` read without the bytes. */
export const APPEAL_FILE_COLUMNS = 'id, appeal, name, mime, size, sha256'

export interface AppealFileRow {
  id: number | string
  appeal: number | string
  name: string
  mime: string
  size: number | string
  sha256: string
}

export const fromAppealFileRow = (r: AppealFileRow): AppealFileEntry => ({
  id: Number(r.id),
  appeal: Number(r.appeal),
  name: r.name,
  mime: r.mime,
  size: Number(r.size),
  sha256: r.sha256,
})

/** The audit record of an appeal filed, naming the files attached (name, type, size, SHA-256; not the bytes). */
export function withUploads(
  audit: NewAuditRecord,
  uploads: readonly {
    readonly name: string
    readonly mime: string
    readonly sha256: string
    readonly bytes: Uint8Array
  }[],
): NewAuditRecord {
  if (uploads.length === 0) return audit
  return {
    ...audit,
    detail: {
      ...audit.detail,
      uploads: uploads.map((u) => ({ name: u.name, mime: u.mime, size: u.bytes.byteLength, sha256: u.sha256 })),
    },
  }
}
