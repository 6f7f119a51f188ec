# The app's image: the start command in production mode, which applies the
# migrations and then runs `next start` (README, "Production with
# docker-compose"). PostgreSQL and Soketi are separate services there.

# --- build: dependencies, Prisma client, Next's production build ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# `prisma generate` runs on install and reads the schema and its config;
# `patch-package` applies patches/ (Soketi's kept-alive HTTP API connections).
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY patches ./patches
# Not `npm ci`: the lockfile lacks other platforms' optional @next/swc-*
# packages and `npm ci` refuses it; `npm install` keeps the lockfile as is.
RUN npm install --no-audit --no-fund
COPY . .
RUN npx next build && rm -rf .next/cache

# --- run ---
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000
# The whole app, node_modules included: the start command runs TypeScript
# through tsx, migrates with Prisma's CLI and can still start the embedded
# database or Soketi when DATABASE_URL or PUSHER_HOST is left unset.
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npx", "tsx", "scripts/serve.ts", "prod"]
