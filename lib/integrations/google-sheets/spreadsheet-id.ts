// Browser-safe: the spreadsheet id from what people paste — the id itself, or
// the sheet's address (https://docs.google.com/spreadsheets/d/<id>/edit#gid=0),
// as Google's docs describe ids (developers.google.com/sheets/api/guides/concepts).

const ID = /^[A-Za-z0-9_-]{20,200}$/;
const IN_URL = /\/spreadsheets\/(?:u\/\d+\/)?d\/([A-Za-z0-9_-]{20,200})(?:[/?#]|$)/;

/** The id, or null when the text is neither an id nor a sheet's URL. */
export function spreadsheetIdOf(text: string): string | null {
  const v = text.trim();
  if (ID.test(v)) return v;
  return IN_URL.exec(v)?.[1] ?? null;
}

/** A sheet name in A1 notation: quoted, with quotes doubled ('Q1 ''24'). */
export const a1Sheet = (name: string) => `'${name.replace(/'/g, "''")}'`;
