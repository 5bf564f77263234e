/** @type {import('next').NextConfig} */
const nextConfig = {
  // Parallel test runs build into separate folders (scripts/test.ts sets it).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // Worker-only and native-ish packages stay out of the web bundle.
  serverExternalPackages: ['pino', 'bullmq', 'ioredis', 'nodemailer', '@prisma/schema-engine-wasm'],
  // Parallel development test runs (NEXT_DIST_DIR set) skip the type check so one
  // person's work in progress doesn't stop another's build; CI and `npm start` check.
  typescript: { tsconfigPath: 'tsconfig.json', ignoreBuildErrors: Boolean(process.env.NEXT_DIST_DIR) },
};

export default nextConfig;
