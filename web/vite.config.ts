import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `vite build web` (npm run build:web) writes web/dist, which the server serves at '/'.
// `vite web` runs a dev server that proxies the API to a running `cobre serve` on :3000.
const api = process.env.COBRE_API ?? 'http://127.0.0.1:3000';
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '/v1': api, '/docs': api, '/openapi.json': api } },
});
