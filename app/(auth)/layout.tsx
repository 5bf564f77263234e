export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-full items-start justify-center bg-slate-50 px-4 py-12 sm:items-center sm:py-16">
      {children}
    </main>
  );
}
