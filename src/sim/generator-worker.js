// Bootstraps a generator worker: workers do not inherit the TypeScript loader of the main thread.
import { register } from 'tsx/esm/api'

register()
await import('./generator-worker.ts')
