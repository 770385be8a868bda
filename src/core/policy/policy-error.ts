/**
 * Why a policy file does not load: the file, the 1-based line, the path of the offending key
 * (`rules[2].action.deadline_days`, `""` for the file as a whole) and what is wrong, in words an author can act on.
 */
export interface PolicyError {
  readonly file: string
  readonly line: number
  readonly path: string
  readonly message: string
}

/** `file:line: path: message`, as editors and terminals link it. */
export function formatPolicyError(error: PolicyError): string {
  return `${error.file}:${error.line}: ${error.path === '' ? '' : `${error.path}: `}${error.message}`
}
