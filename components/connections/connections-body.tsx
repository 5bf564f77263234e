import { EmptyState } from '@/components/ui/empty-state';
import { PlugIcon } from '@/components/ui/icons';

// Body of the Connections page; the connections issue replaces it with the
// list and the "New connection" form.
export function ConnectionsBody() {
  return (
    <EmptyState icon={<PlugIcon />} title="No connections yet">
      A connection stores the login details a step needs — an SMTP server for email, a Slack webhook, a HubSpot or
      Twilio account. Secrets are encrypted and never shown again. Add one when a step asks for it.
    </EmptyState>
  );
}
