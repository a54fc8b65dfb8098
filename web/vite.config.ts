import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// Built with `vite build web` from the repository root; the server serves web/dist at /.
// In development `vite web` proxies the API to a running server (KEYWARDEN_DEV_API).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': process.env.KEYWARDEN_DEV_API ?? 'http://127.0.0.1:8080',
    },
  },
});
