import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The web UI: built into dist/web (served by `rampart serve` at `/`); `vite --config web/vite.config.ts` proxies /api to a local server. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The bundle's size is measured (npm run bench): no inline assets, so the CSP needs no data: sources.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': process.env.RAMPART_URL ?? 'http://127.0.0.1:8787' } },
});
