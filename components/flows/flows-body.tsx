import { LinkButton } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FlowIcon, PlusIcon } from '@/components/ui/icons';
import { flowTemplates } from '@/lib/flows/templates';
import { TemplateGallery } from './template-gallery';

// What a newcomer sees first on the Flows page: the story's templates, each
// one click from a flow, and the way to a blank one.
export function FlowsBody({ canEdit = true }: { canEdit?: boolean }) {
  const featured = flowTemplates
    .filter((t) => t.featured)
    .map(({ id, name, description }) => ({ id, name, description }));
  return (
    <div className="space-y-6">
      <EmptyState
        icon={<FlowIcon />}
        title="No flows yet — create your first flow"
        action={
          canEdit && (
            <LinkButton href="/flows/new" variant="secondary">
              <PlusIcon /> New flow
            </LinkButton>
          )
        }
      >
        A flow starts with a webhook URL you paste into your form tool, shop or payment app, then runs steps such as
        adding the lead to your CRM and emailing the customer.
      </EmptyState>
      {canEdit && <TemplateGallery templates={featured} />}
    </div>
  );
}
