// A connection's settings split in two: what may be shown (config) and what is
// encrypted (secret), at the same paths. Merging them gives the settings back.

/** What the stored config holds where each secret was. */
export const MASK = '••••••••';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The stored config has `mask` where each secret was, so it is also the view
 * shown to users: nothing secret is ever in it.
 */
export function splitSecret(value: Obj, keys: string[], mask: string): { config: Obj; secret: Obj } {
  const config: Obj = {};
  const secret: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (keys.includes(k)) {
      if (v === undefined || v === '') continue;
      secret[k] = v;
      config[k] = mask;
    } else if (isObj(v)) {
      const inner = splitSecret(v, keys, mask);
      config[k] = inner.config;
      if (Object.keys(inner.secret).length) secret[k] = inner.secret;
    } else config[k] = v;
  }
  return { config, secret };
}

export function mergeSecret(config: Obj, secret: Obj): Obj {
  const out: Obj = { ...config };
  for (const [k, v] of Object.entries(secret)) out[k] = isObj(v) && isObj(out[k]) ? mergeSecret(out[k] as Obj, v) : v;
  return out;
}

/**
 * Settings as edited, with each stored secret put back where the edit left
 * it blank (absent, empty or the mask) — "leave blank to keep". Only where
 * the edit still has the object holding it, so a secret of another variant
 * (an http connection switched from bearer to basic) is not carried over.
 */
export function keepBlankSecrets(edited: Obj, stored: Obj): Obj {
  const out: Obj = { ...edited };
  for (const [k, v] of Object.entries(stored)) {
    if (isObj(v)) {
      if (isObj(out[k])) out[k] = keepBlankSecrets(out[k] as Obj, v);
    } else if (out[k] === undefined || out[k] === '' || out[k] === MASK) out[k] = v;
  }
  return out;
}
