# Graphkeep: the API server over MongoDB (see docker-compose.yml), run from source with tsx.

# Build stage: bcrypt and better-sqlite3 compile here when no prebuilt binary matches.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# tsx is a runtime dependency, so production dependencies are all the server needs.
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json tsconfig.json tsconfig.build.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node schema.graphql ./
COPY --chown=node:node permissions ./permissions
COPY --chown=node:node seeds ./seeds
# DATA_DIR: the SQLite file when MONGODB_URI is unset; writable by the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4000
# node runs tsx directly (not through npm), so SIGTERM reaches the server and it shuts down cleanly.
CMD ["node", "node_modules/.bin/tsx", "src/main.ts"]
