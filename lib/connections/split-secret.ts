// A connection's settings split in two: what may be shown (config) and what is
// encrypted (secret), at the same paths. Merging them gives the settings back.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function splitSecret(value: Obj, keys: string[]): { config: Obj; secret: Obj } {
  const config: Obj = {};
  const secret: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (keys.includes(k)) secret[k] = v;
    else if (isObj(v)) {
      const inner = splitSecret(v, keys);
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

/** The config with a mask where each secret is. */
export function maskSecret(config: Obj, secret: Obj, mask: string): Obj {
  const out: Obj = { ...config };
  for (const [k, v] of Object.entries(secret)) out[k] = isObj(v) ? maskSecret(isObj(out[k]) ? (out[k] as Obj) : {}, v, mask) : mask;
  return out;
}
