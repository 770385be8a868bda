import { ApiError } from '../../api/http.ts'

/** A load that failed, with the server's own message (it says what to do). */
export function Failed({ error, retry }: { readonly error: Error; readonly retry?: () => void }) {
  const forbidden = error instanceof ApiError && error.status === 403
  return (
    <div role="alert" className="error">
      <p>{forbidden ? `Not allowed: ${error.message}` : error.message}</p>
      {retry !== undefined && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  )
}
