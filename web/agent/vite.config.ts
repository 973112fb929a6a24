import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

// Run through scripts/build-web.js (which picks the output folder) or `npx vite web/agent` while developing.
export default defineConfig({
  root: path('.'),
  base: '/',
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: {
      '@rapport/ui': path('../ui/src'),
      '@server': path('../../src'),
    },
  },
  build: {
    outDir: path('../dist/agent'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or data: URLs for scripts: the CSP allows only files from our origin.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite web/agent` with `rapport serve` running: the API is proxied to it.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } },
  },
});
