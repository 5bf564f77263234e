// Security headers of every page and API answer (webhooks skip Next: lib/ingest).
// Next's App Router puts inline <script> tags in each page (the RSC payload)
// and React Flow sets inline styles, so scripts and styles allow 'unsafe-inline'
// (a nonce would make every page dynamic); everything else is this origin only,
// and no other site may frame the app (clickjacking). `next dev` also needs eval.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === 'production' ? '' : " 'unsafe-eval'"}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: csp },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
];

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
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
