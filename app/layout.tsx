import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Switchboard', template: '%s · Switchboard' },
  description: 'Connect the tools you already use: webhooks in, steps out, nothing lost.',
  // Files in public/: the favicon for browsers that ask for /favicon.ico, the
  // app icon, and the preview image link unfurlers show.
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: 'any' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: '/apple-touch-icon.png',
  },
  openGraph: {
    title: 'Switchboard',
    description: 'Self-hosted workflow automation: forms → CRM → email, with retries. Nothing lost.',
    images: [{ url: '/og-image.png', width: 1200, height: 630 }],
  },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
