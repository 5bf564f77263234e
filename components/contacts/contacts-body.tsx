import { LinkButton } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ContactIcon } from '@/components/ui/icons';

// Body of the Contacts page; the CRM issue replaces it with the real list.
export function ContactsBody() {
  return (
    <EmptyState
      icon={<ContactIcon />}
      title="No contacts yet"
      action={
        <LinkButton href="/flows" variant="secondary">
          Go to flows
        </LinkButton>
      }
    >
      Contacts are created by the “Create or update contact” step. Add it to a flow after your webhook trigger and new
      leads will show up here.
    </EmptyState>
  );
}
