import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Logo } from '@/components/auth/auth-card';
import { LinkButton } from '@/components/ui/button';
import { FlowIcon, RunIcon, WebhookIcon } from '@/components/ui/icons';
import { getCurrentUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

const features = [
  {
    icon: <WebhookIcon />,
    title: 'A webhook URL for every flow',
    text: 'Paste it into your form tool, shop or payment app. Events arrive seconds after they happen.',
  },
  {
    icon: <FlowIcon />,
    title: 'Steps you drag together',
    text: 'Create or update a lead in your CRM, email the customer, post to Slack, call any HTTP API.',
  },
  {
    icon: <RunIcon />,
    title: 'Nothing lost, nothing twice',
    text: 'Every accepted event is stored first. Failed steps retry with backoff; a step that succeeded never runs again by accident.',
  },
];

export default async function Home() {
  if (await getCurrentUser()) redirect('/flows');
  return (
    <div className="min-h-full bg-white">
      <header className="mx-auto flex max-w-5xl items-center justify-between px-5 py-5">
        <Link href="/" className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          <Logo />
          Switchboard
        </Link>
        <nav className="flex items-center gap-2">
          <LinkButton href="/sign-in" variant="ghost">
            Sign in
          </LinkButton>
          <LinkButton href="/sign-up">Sign up</LinkButton>
        </nav>
      </header>

      <main>
        <section className="mx-auto max-w-5xl px-5 pt-14 pb-16 text-center sm:pt-24">
          <p className="mb-4 inline-flex items-center rounded-full border border-slate-200 px-3 py-1 text-xs font-medium text-slate-600">
            Self-hosted workflow automation
          </p>
          <h1 className="mx-auto max-w-3xl text-4xl font-semibold tracking-tight text-balance text-slate-900 sm:text-5xl">
            Connect the tools you already use — without writing code
          </h1>
          <p className="mx-auto mt-5 max-w-2xl text-base text-pretty text-slate-600 sm:text-lg">
            Switchboard turns an incoming webhook into a chain of steps: a new form submission becomes a lead in your
            CRM and a thank-you email to the customer, seconds later. If a service is down, Switchboard waits and
            retries, so no event is ever lost.
          </p>
          <div className="mt-8 flex flex-wrap justify-center gap-3">
            <LinkButton href="/sign-up" className="h-10 px-5">
              Create a free account
            </LinkButton>
            <LinkButton href="/sign-in" variant="secondary" className="h-10 px-5">
              Sign in
            </LinkButton>
          </div>
        </section>

        <section className="border-t border-slate-100 bg-slate-50">
          <div className="mx-auto grid max-w-5xl gap-4 px-5 py-14 sm:grid-cols-3">
            {features.map((f) => (
              <div key={f.title} className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs">
                <div className="mb-3 flex size-9 items-center justify-center rounded-md bg-brand-50 text-brand-600">
                  {f.icon}
                </div>
                <h2 className="text-sm font-semibold text-slate-900">{f.title}</h2>
                <p className="mt-1.5 text-sm text-slate-600">{f.text}</p>
              </div>
            ))}
          </div>
        </section>
      </main>

      <footer className="mx-auto max-w-5xl px-5 py-8 text-xs text-slate-500">
        Switchboard runs on your own server with PostgreSQL and Redis.
      </footer>
    </div>
  );
}
