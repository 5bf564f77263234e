import type { Metadata } from 'next';
import { ContactsBody } from '@/components/contacts/contacts-body';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Contacts' };
export const dynamic = 'force-dynamic';

export default function ContactsPage() {
  return (
    <>
      <PageHeader title="Contacts" description="The built-in CRM: people your flows created or updated." />
      <ContactsBody />
    </>
  );
}
