import { LinkButton } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { RunIcon } from '@/components/ui/icons';

// Body of the Runs page; the runs issue replaces it with the real list.
export function RunsBody() {
  return (
    <EmptyState
      icon={<RunIcon />}
      title="No runs yet"
      action={
        <LinkButton href="/flows" variant="secondary">
          Go to flows
        </LinkButton>
      }
    >
      A run appears here each time a published flow receives an event. Publish a flow and send its webhook URL a test
      submission to see the first one.
    </EmptyState>
  );
}
