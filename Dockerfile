# syntax=docker/dockerfile:1
# Loa for production: compiled TypeScript on Node 20, running as the unprivileged
# `node` user. Build: `docker build -t loa .` (docker compose does it for you).

ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Compile: all dependencies, then `npm run build` → dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 # The plan presets and the demo roster are read from dist/<dir>; the locales come with the build (JSON modules).
 && for dir in plans demo; do if [ -d "$dir" ]; then cp -R "$dir" "dist/$dir"; fi; done \
 # The web pages' templates and stylesheet sit next to the compiled web/*.js.
 && cp -R web/views web/static dist/web/

# 2. Runtime dependencies only, so the image carries no compiler or test tools.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image that runs.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data \
    TZ=Asia/Ho_Chi_Minh
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# The slim image has no curl; Node's fetch asks the liveness endpoint on $PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `node` as PID 1 gets SIGTERM from `docker stop`; main.ts closes the store on it.
# The flags are app/server-node-flags.ts's (a smaller young generation: RSS).
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=30", "dist/app/main.js"]
