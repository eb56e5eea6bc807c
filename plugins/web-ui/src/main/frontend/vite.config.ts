import { defineConfig } from 'vitest/config';

// The app is served by the web-ui plugin from its jar under /web/ (or under a reverse proxy's
// sub-path): every URL in the built page is relative, and the build goes straight to where Maven
// packs the jar's resources from.
export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../../../target/classes/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    // One script and one stylesheet: no inline module preload polyfill, which the CSP would refuse.
    modulePreload: { polyfill: false },
    target: 'es2020',
  },
  test: {
    environment: 'happy-dom',
    globals: true,
  },
});
