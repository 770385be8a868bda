import { useEffect, useRef, useState } from 'react'
import type { PortalApi } from '../../api/portal.ts'
import { type Language, translate, translateDynamic } from './i18n.ts'

/** The prompts the seller follows; a frame is taken at each (the server needs 3 to 10). */
const PROMPTS = 4
/** How long each prompt stays up. */
const PROMPT_MS = 2500
const FRAME_QUALITY = 0.85

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'recording'; readonly prompt: number }
  | { readonly kind: 'recorded'; readonly video: Blob | null; readonly url: string | null; readonly frames: Blob[] }
  | { readonly kind: 'sent' }

/**
 * The video check in the browser: the camera with the prompts, a frame taken at each prompt, the recording
 * (MediaRecorder) to watch before sending, and a retry. Sends the ID photo, the frames and the video.
 */
export function VideoRecorder({
  api,
  account,
  lang,
  onChange,
}: {
  readonly api: PortalApi
  readonly account: string
  readonly lang: Language
  readonly onChange: () => void
}) {
  const live = useRef<HTMLVideoElement>(null)
  const stream = useRef<MediaStream | null>(null)
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const photo = useRef<HTMLInputElement>(null)
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(lang, key, params)

  useEffect(
    () => () => {
      for (const track of stream.current?.getTracks() ?? []) track.stop()
    },
    [],
  )
  useEffect(() => {
    if (phase.kind !== 'recorded' || phase.url === null) return
    const url = phase.url
    return () => URL.revokeObjectURL(url)
  }, [phase])

  // The camera shows in the live element each time it is there again (after a retry too).
  useEffect(() => {
    const video = live.current
    if (phase.kind !== 'ready' && phase.kind !== 'recording') return
    if (video === null || stream.current === null || video.srcObject === stream.current) return
    video.srcObject = stream.current
    void video.play().catch(() => undefined)
  }, [phase])

  const startCamera = async () => {
    setError(null)
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false })
      setPhase({ kind: 'ready' })
    } catch (e) {
      setError(t('videoNoCamera', { message: e instanceof Error ? e.message : String(e) }))
    }
  }

  const record = async () => {
    const media = stream.current
    const video = live.current
    if (media === null || video === null) return
    setError(null)
    const chunks: Blob[] = []
    const recorder = typeof MediaRecorder === 'undefined' ? null : new MediaRecorder(media)
    recorder?.addEventListener('dataavailable', (e) => chunks.push(e.data))
    const stopped = new Promise<void>((resolve) => {
      if (recorder === null) resolve()
      else recorder.addEventListener('stop', () => resolve())
    })
    recorder?.start()
    const frames: Blob[] = []
    for (let prompt = 0; prompt < PROMPTS; prompt++) {
      setPhase({ kind: 'recording', prompt })
      await new Promise((r) => setTimeout(r, PROMPT_MS))
      const frame = await grabFrame(video)
      if (frame !== null) frames.push(frame)
    }
    recorder?.stop()
    await stopped
    const blob = chunks.length > 0 ? new Blob(chunks, { type: recorder?.mimeType || 'video/webm' }) : null
    setPhase({ kind: 'recorded', video: blob, url: blob === null ? null : URL.createObjectURL(blob), frames })
  }

  const send = async () => {
    if (phase.kind !== 'recorded') return
    const id = photo.current?.files?.[0]
    const form = new FormData()
    if (id !== undefined) form.append('photo', id, id.name)
    phase.frames.forEach((f, i) => {
      form.append('frame', f, `frame-${i + 1}.jpg`)
    })
    if (phase.video !== null) form.append('video', phase.video, 'video.webm')
    setBusy(true)
    setError(null)
    try {
      await api.submit(account, 'video', form)
      for (const track of stream.current?.getTracks() ?? []) track.stop()
      setPhase({ kind: 'sent' })
      onChange()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  if (phase.kind === 'sent')
    return (
      <p className="notice-ok" role="status">
        {t('uploadSent')}
      </p>
    )
  return (
    <div className="stack video-check">
      <label htmlFor="video-photo">{t('videoPhoto')}</label>
      <input id="video-photo" ref={photo} type="file" accept="image/jpeg,image/png,image/webp" required />
      {phase.kind === 'idle' && (
        <button type="button" onClick={startCamera}>
          {t('videoStart')}
        </button>
      )}
      {(phase.kind === 'ready' || phase.kind === 'recording') && (
        <>
          <video ref={live} className="camera" muted playsInline aria-label={t('videoPreview')} />
          <p role="status" className="prompt">
            {phase.kind === 'recording' &&
              t('videoPrompt', {
                n: phase.prompt + 1,
                total: PROMPTS,
                prompt: translateDynamic(lang, `videoPrompts.${phase.prompt}`, ''),
              })}
          </p>
          <button type="button" onClick={record} disabled={phase.kind === 'recording'}>
            {t('videoRecord')}
          </button>
        </>
      )}
      {phase.kind === 'recorded' && (
        <>
          {phase.url !== null && (
            // biome-ignore lint/a11y/useMediaCaption: a silent recording of the seller's own face
            <video src={phase.url} controls className="camera" aria-label={t('videoPreview')} />
          )}
          <div className="buttons">
            <button type="button" onClick={() => setPhase({ kind: 'ready' })} disabled={busy}>
              {t('videoRetry')}
            </button>
            <button type="button" className="primary" onClick={send} disabled={busy || phase.frames.length < 3}>
              {t('videoSend')}
            </button>
          </div>
        </>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  )
}

/** The video's current picture as a JPEG. */
function grabFrame(video: HTMLVideoElement): Promise<Blob | null> {
  const canvas = document.createElement('canvas')
  canvas.width = video.videoWidth || 640
  canvas.height = video.videoHeight || 480
  canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height)
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/jpeg', FRAME_QUALITY))
}
