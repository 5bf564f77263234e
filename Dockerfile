# One image for every part; the command chooses: `web`, `worker` or `all`.
#   docker run ... switchboard web      # web server (UI, API, webhook ingest)
#   docker run ... switchboard worker   # a worker process
# Every start applies pending migrations (serialised by a PostgreSQL advisory
# lock, so several containers may start at once).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts are skipped here: the postinstall (prisma generate) needs the schema, copied next.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run db:generate \
 && node node_modules/next/dist/bin/next build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000
# Runs as the unprivileged "node" user of the base image (it writes the web
# bundle into .next at start, so it owns /app).
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
# For web containers; worker containers serve no HTTP (docker-compose.yml turns it off for them).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" || exit 1
ENTRYPOINT ["node", "--import", "tsx", "scripts/start.ts"]
CMD ["all"]
