import { LinkButton } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FlowIcon, PlusIcon } from '@/components/ui/icons';

// Body of the Flows page. The flows issue replaces this with the real list;
// the empty state below is what a newcomer sees first.
export function FlowsBody() {
  return (
    <EmptyState
      icon={<FlowIcon />}
      title="No flows yet — create your first flow"
      action={
        <LinkButton href="/flows/new">
          <PlusIcon /> New flow
        </LinkButton>
      }
    >
      A flow starts with a webhook URL you paste into your form tool, shop or payment app, then runs steps such as
      adding the lead to your CRM and emailing the customer.
    </EmptyState>
  );
}
