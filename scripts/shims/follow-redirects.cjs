// ProdLens follows redirects itself (src/backends/http/ sends every request with axios's maxRedirects at 0,
// so credentials never cross origins), and with maxRedirects 0 axios sends through Node's http/https: its
// follow-redirects transport, and the `debug` package that pulls in, would be dead code in the bundle. axios
// still destructures `.http` and `.https` from this module when it loads; Node's own modules stand in, so
// a redirect asked of axios by mistake would come back as a 3xx answer rather than be followed.
module.exports = { http: require('http'), https: require('https') };
