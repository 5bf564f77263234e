export const contactSelect = {
  id: true,
  email: true,
  name: true,
  phone: true,
  company: true,
  tags: true,
  fields: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type ContactView = {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  company: string | null;
  tags: string[];
  fields: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

export function toContactView(row: {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  company: string | null;
  tags: string[];
  fields: unknown;
  createdAt: Date;
  updatedAt: Date;
}): ContactView {
  return {
    ...row,
    fields: (row.fields ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
