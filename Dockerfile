# The headless proxy for a team (README "Running for a team"): `node dist/cli.js serve` with the
# config mounted at /config/config.json. Build: docker build -t antigravity-proxy .
# Run:   docker run -p 8045:8045 -v $PWD/config:/config:ro antigravity-proxy

# Build stage: the bundles (cli.js plus the lazily loaded tokenizer.js, otel.js and redis.js).
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY esbuild.mjs tsconfig.json ./
COPY src ./src
RUN node esbuild.mjs --production

# Runtime: the bundles only (they carry their dependencies; no node_modules), as a non-root user.
FROM node:20-slim
ENV NODE_ENV=production \
    XDG_DATA_HOME=/data
WORKDIR /app
COPY --from=build /src/dist/cli.js /src/dist/tokenizer.js /src/dist/otel.js /src/dist/redis.js ./dist/
RUN mkdir -p /data /config && chown node:node /data
USER node
# The config must set "proxy": { "allowLanAccess": true } to be reachable from outside the
# container (binds 0.0.0.0; authMode auto then asks for the key on every route but /healthz).
EXPOSE 8045
VOLUME ["/data"]
# GET /healthz answers without the key unless authMode is "strict"; a port other than 8045 is
# given as ANTIGRAVITY_PORT (which the proxy honours too).
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.ANTIGRAVITY_PORT||8045)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/cli.js", "serve", "--config", "/config/config.json"]
