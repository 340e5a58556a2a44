# Graphkeep: the API server as compiled JavaScript on Node 26 (LTS), run by an unprivileged user.
# Build: `docker build -t graphkeep .` (or `docker compose build`); docs/production.md has the rest.
# The Node line must lie in package.json's engines; test/deploy/dockerfile.test.ts holds these stages
# to `npm run build`'s output, and .ci/node-ends runs the same steps outside Docker.

# Build stage: every dependency (TypeScript among them), then dist/. bcrypt and better-sqlite3
# compile here when no prebuilt binary matches, so this stage has the compilers and the final one not.
FROM node:26-trixie-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# The development tooling (TypeScript, tsx, jest, eslint) stays behind: production dependencies only.
RUN npm prune --omit=dev && npm cache clean --force

# Final stage: the same Node and Debian as the build, so the native addons it compiled load here.
FROM node:26-trixie-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 DATA_DIR=/app/data
WORKDIR /app
# npm is build tooling: the server and its commands run with node alone.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
  /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json schema.graphql ./
COPY --chown=node:node permissions ./permissions
COPY --chown=node:node seeds ./seeds
# DATA_DIR: the SQLite file when MONGODB_URI is unset; writable by the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1's command (not npm), so SIGTERM reaches the server and it shuts down cleanly.
CMD ["node", "dist/main.js"]
