import { requireUser } from '@/lib/auth/current-user';
import { listContacts } from '@/lib/contacts/list-contacts';
import { ContactList } from './contact-list';

// Body of the Contacts page: the first page server-rendered, then search and
// "load more" through the contacts API.
export async function ContactsBody() {
  const user = await requireUser();
  const initial = await listContacts(user.workspace.id, { limit: 50 });
  return <ContactList initial={initial} />;
}
