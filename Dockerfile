# syntax=docker/dockerfile:1
# instagraph: `docker build -t instagraph .`, then `docker run -p 4000:4000 instagraph` (demo mode),
# or with HIKERAPI_KEY / AISA_API_KEY and API_KEYS (or ALLOW_ANONYMOUS=true) for the real APIs.
# test/build/dockerfile.test.ts runs these same steps in a temporary folder, without a Docker engine.

# Build: every dependency (esbuild among them), then the bundle in dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/
COPY src/ src/
RUN npm run build

# Run: production dependencies only (no tsx, no TypeScript, no esbuild), the bundle, and the two
# files it reads at run time: the example query GraphiQL opens on and the demo mode's fixture world.
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist/ dist/
COPY examples/followers-reels.graphql examples/
COPY fixtures/world/world.json fixtures/world/
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1, with no npm or shell around it: SIGTERM reaches the server and starts its drain.
CMD ["node", "--enable-source-maps", "dist/main.js"]
