// Types of build-web.js, for the TypeScript that imports it (the benchmarks).
export function isWebBuildStale(): boolean;
/** Gzipped size of the JavaScript index.html loads before the app can render. */
export function initialScriptBytes(): number;
export function buildWeb(options?: { ifStale?: boolean; quiet?: boolean }): Promise<boolean>;
