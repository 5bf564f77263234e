/** @type {import('next').NextConfig} */
const nextConfig = {
  // Parallel test runs build into separate folders (scripts/test.ts sets it).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // Worker-only and native-ish packages stay out of the web bundle.
  serverExternalPackages: ['pino', 'bullmq', 'ioredis', 'nodemailer', '@prisma/schema-engine-wasm'],
  typescript: { tsconfigPath: 'tsconfig.json' },
};

export default nextConfig;
