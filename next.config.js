/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Worker-only and native-ish packages stay out of the web bundle.
  serverExternalPackages: ['pino', 'bullmq', 'ioredis', 'nodemailer', '@prisma/schema-engine-wasm'],
  typescript: { tsconfigPath: 'tsconfig.json' },
};

export default nextConfig;
