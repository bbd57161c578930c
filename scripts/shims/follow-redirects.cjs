// ProdLens follows redirects itself (src/backends/http/httpClient.ts sets axios's maxRedirects to 0, so
// credentials never cross origins): axios's follow-redirects transport, and the `debug` package it pulls
// in, are dead code in the bundle. axios only reads `.http` and `.https` from this module.
module.exports = { http: require('http'), https: require('https') };
