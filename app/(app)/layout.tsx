import { RoleProvider } from '@/components/auth/role-context';
import { AppShell } from '@/components/shell/app-shell';
import { requireUser } from '@/lib/auth/current-user';

export const dynamic = 'force-dynamic';

// Every page in (app) is for signed-in users; the check runs on the server
// before anything renders.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <RoleProvider role={user.role}>
      <AppShell user={{ name: user.name, email: user.email }} workspaceName={user.workspace.name}>
        {children}
      </AppShell>
    </RoleProvider>
  );
}
