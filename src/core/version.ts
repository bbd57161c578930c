// The ProdLens version, injected by esbuild (`define`) from package.json.
declare const PRODLENS_VERSION: string | undefined;

export const VERSION: string = typeof PRODLENS_VERSION === 'string' ? PRODLENS_VERSION : '0.0.0-dev';
