// The demo ships without node_modules; these declarations keep the editor free of "cannot find module".
declare module 'express';
declare module 'prom-client';
