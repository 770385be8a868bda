// Builds the reviewer console and the seller portal (one app) into web/dist, which `oneseller serve` serves at
// /console and /portal: `npm run build:web`.
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  // The server answers the app's files under /console/ (and /portal/): the HTML names its assets from there.
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The pages are served with a CSP that allows no inline script: keep the build free of any.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npx vite --config web/vite.config.ts` while `oneseller serve` runs on 8080: the API is proxied.
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
})
