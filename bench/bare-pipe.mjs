// Reference point: the cheapest possible Node proxy — node:http in, node:http out, bytes piped,
// no parsing. Anything a real gateway adds is measured against this and the direct call.
//   node bench/bare-pipe.mjs --upstream http://127.0.0.1:P [--port 0]
import http from 'node:http';

const arg = (n, d) => {
  const i = process.argv.indexOf(`--${n}`);
  return i === -1 ? d : process.argv[i + 1];
};
const upstream = new URL(arg('upstream', 'http://127.0.0.1:8080'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

const server = http.createServer((req, res) => {
  const headers = { ...req.headers, host: upstream.host };
  const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (ur) => {
    res.writeHead(ur.statusCode, ur.headers);
    ur.pipe(res);
  });
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(up);
});
server.keepAliveTimeout = 60_000;
server.requestTimeout = 0;
server.listen(Number(arg('port', 0)), '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
