import { apps, connectionDefinitions } from '../../integrations/registry';
import { formFields, type ObjectField } from '../../integrations/schema-fields';

// The parts of the OpenAPI text that list what the apps define (step types and
// their config, connection types and their settings), written from the
// registry so the document cannot fall behind it.

function shape(fields: ObjectField[], first: string[] = []): string {
  const parts = fields.map((f) => {
    const name = `${f.key}${f.required ? '' : '?'}`;
    if (f.spec.kind === 'object') return `${name}: ${shape(f.spec.fields)}`;
    if (f.spec.kind === 'variant') {
      const d = f.spec.discriminator;
      return `${name}: ${f.spec.options.map((o) => shape(o.fields, [`${d}: "${o.value}"`])).join(' | ')}`;
    }
    return name;
  });
  return `{${[...first, ...parts].join(', ')}}`;
}

/** "smtp {host, port?, …}; slack {…}" for every connection type made from settings (not OAuth2). */
export function connectionConfigText(): string {
  return Object.values(connectionDefinitions)
    .filter((c) => !c.oauth2)
    .map((c) => `${c.type} ${shape(formFields(c.schema))}`)
    .join('; ');
}

/** "email.send (Send email) {connection, to, …}; …" for every step type. */
export function stepTypesText(): string {
  return apps
    .flatMap((a) => a.steps)
    .map((s) => `${s.type} (${s.label}) ${shape(formFields(s.schema))}`)
    .join('; ');
}
