import type { z } from 'zod';

// Browser-safe: what an app, a step, a connection type and a source are. Each
// is one plain object; the registry (registry.ts) collects the apps, and the
// palette, the forms, the API, the OpenAPI document and the engine all read it.
// Display details (label, hint, placeholder, multiline, secret) sit on the zod
// schema itself through `.meta()` (see FieldMeta), so no table elsewhere names
// fields. Code that may only run on the server (a step's `run`, a connection's
// `check`) is defined apart, in define-server.ts, and joined by registry.server.ts.

/** What `.meta()` on a field of a step's or connection's schema may say. */
export type FieldMeta = {
  label?: string;
  hint?: string;
  placeholder?: string;
  /** A text field edited in a textarea. */
  multiline?: boolean;
  /** Stored encrypted, shown masked, never sent back (connection fields). */
  secret?: boolean;
  /** On a discriminated-union option: its name in the chooser. */
  choiceLabel?: string;
};

export type StepCategory = 'trigger' | 'crm' | 'message' | 'http' | 'logic';

export type StepDefinition<S extends z.ZodType = z.ZodType> = {
  type: string;
  label: string;
  description: string;
  /** An icon name of components/flows/editor/step-icon.tsx; defaults to the app's. */
  icon: string;
  category: StepCategory;
  schema: S;
  /** The connection type this step takes in `config.connection`, if any (its picker's "New connection" makes one). */
  connection?: string;
  /**
   * Other connection types the step also takes; `'oauth2'` names every type
   * with `oauth2` settings (the step then signs its calls with the account's
   * access token). See `acceptedConnectionTypes` in registry.ts.
   */
  alsoAccepts?: string[];
  /**
   * The step's whole effect is one write to Switchboard's own database, keyed by
   * run and step, so doing it again changes nothing more: the engine starts it
   * without first recording it as running (lib/engine/run-execution.ts).
   */
  local?: boolean;
  /** Short base for new node ids (they appear in templates as `steps.<id>`). */
  idBase?: string;
  /** Set by defineApp. */
  app?: string;
};

/**
 * OAuth2 settings of a connection type: such a connection is made by signing
 * in ("Connect"), not by typing settings; the flow itself lives in lib/oauth2/.
 */
export type OAuth2Settings = {
  /** Provider id, e.g. "google"; used in URLs (POST /api/v1/oauth2/{provider}/start). */
  provider: string;
  /**
   * Prefix of the environment variables: GOOGLE → GOOGLE_CLIENT_ID,
   * GOOGLE_CLIENT_SECRET, and the optional OAUTH_GOOGLE_AUTHORIZE_URL /
   * OAUTH_GOOGLE_TOKEN_URL that replace the endpoints below.
   */
  envPrefix: string;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  /** Extra authorization parameters, e.g. Google's access_type=offline for a refresh token. */
  authorizeParams?: Record<string, string>;
  /** Where an operator registers the OAuth app (shown while it is not configured). */
  setupUrl: string;
};

export type ConnectionDefinition<S extends z.ZodObject = z.ZodObject> = {
  type: string;
  label: string;
  schema: S;
  /** Field names (at any depth) stored encrypted; fields with `.meta({ secret: true })` are added. */
  secretFields: string[];
  /** One line saying what a connection points at, from its masked config (the connections list). */
  summary(config: Record<string, unknown>): string;
  oauth2?: OAuth2Settings;
};

/** A value of `trigger.fields`: one answer, or the chosen options of a multiple choice. */
export type SourceFieldValue = string | string[];

/** The person behind an event: `trigger.email` and `trigger.name` (lib/integrations/webhook/contact-guess.ts). */
export type SourceContact = { email?: string; name?: string };

/** What a source reads fields and ids from: the stored event's parsed body and kept headers (lower-case names). */
export type SourceInput = { body: unknown; headers: Record<string, unknown> };

/** A trigger preset (a form tool, a shop) that fills in a webhook trigger; see DESIGN.md "Sources". */
export type SourceDefinition = {
  id: string;
  label: string;
  description: string;
  icon?: string;
  /** The trigger step type it configures. */
  trigger: string;
  /** Config the preset starts the trigger with (merged over the trigger's config when chosen). */
  preset?: Record<string, unknown>;
  /**
   * Who makes the signing secret: `you` (typed into the sender too, so the editor offers a random one)
   * or `sender` (the tool shows it, e.g. Stripe's whsec_…, and it is pasted here).
   */
  secretFrom?: 'you' | 'sender';
  /** Setup steps shown beside the trigger's URL; `{url}` stands for the webhook URL. */
  setup?: string[];
  /** Code to paste into the sender (Google Forms' Apps Script), with `{url}` and `{secret}` filled in. */
  snippet?: string;
  /**
   * The sender's own submission id, used as the dedupe key when the trigger has no dedupeKeyPath:
   * a dotted path in the body, or a header the sender keeps on a redelivery (several: the first one sent).
   */
  dedupe?: { path?: string; header?: string | string[] };
  /** `trigger.fields`: answers keyed by the question's label; pure and bounded (runs in the browser too). */
  fields?: (input: SourceInput) => Record<string, SourceFieldValue> | null;
  /**
   * `trigger.email` and `trigger.name`, where the sender types its answers (Typeform's `email`) or the
   * event names its customer (Stripe); without it they are guessed from `fields` by label. Pure and bounded.
   */
  contact?: (input: SourceInput) => SourceContact | null;
};

export type AppDefinition = {
  id: string;
  name: string;
  icon: string;
  connection?: ConnectionDefinition;
  /** More connection types of the app (e.g. one per OAuth2 provider). */
  connections?: ConnectionDefinition[];
  steps: StepDefinition[];
  sources?: SourceDefinition[];
};

type StepInput<S extends z.ZodType> = Omit<StepDefinition<S>, 'icon' | 'app'> & { icon?: string };

export const defineStep = <S extends z.ZodType>(def: StepInput<S>): StepDefinition<S> & { icon: string } => ({
  icon: '',
  ...def,
});

export const defineConnection = <S extends z.ZodObject>(def: ConnectionDefinition<S>) => def;

export const defineSource = (def: SourceDefinition) => def;

export function defineApp(def: {
  id: string;
  name: string;
  icon: string;
  connection?: ConnectionDefinition<any>;
  connections?: ConnectionDefinition<any>[];
  steps: StepDefinition<any>[];
  sources?: SourceDefinition[];
}): AppDefinition {
  return {
    ...def,
    steps: def.steps.map((s) => ({ ...s, icon: s.icon || def.icon, app: def.id })),
  };
}
