// Bootstraps the face worker: workers do not inherit the TypeScript loader of the main thread.
import { register } from 'tsx/esm/api'

register()
await import('./face-worker.ts')
