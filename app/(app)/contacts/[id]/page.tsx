import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ContactDetail } from '@/components/contacts/contact-detail';
import { DeleteContactButton } from '@/components/contacts/delete-contact-button';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { getContact } from '@/lib/contacts/get-contact';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/db/is-uuid';

export const metadata: Metadata = { title: 'Contact' };
export const dynamic = 'force-dynamic';

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  if (!isUuid(id)) notFound();
  const contact = await getContact(user.workspace.id, id).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/contacts" className="hover:underline">
            ← Contacts
          </Link>
        }
        title={contact.name || contact.email}
        description={contact.name ? contact.email : undefined}
        actions={<DeleteContactButton id={contact.id} email={contact.email} />}
      />
      <ContactDetail contact={contact} />
    </>
  );
}
