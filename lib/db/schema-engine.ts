import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';

// Prisma's schema engine compiled to WebAssembly, driven through the pg driver
// adapter. It replaces the native binary the Prisma CLI downloads (which cannot
// be fetched on locked-down machines), and keeps prisma/migrations a standard
// Prisma Migrate history (_prisma_migrations table, migration.sql files).

type SchemaEngine = bg.SchemaEngine;
let loaded = false;

function loadWasm(): void {
  if (loaded) return;
  const require = createRequire(import.meta.url);
  const pkgDir = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/schema_engine_bg\.js$/, '');
  const bytes = readFileSync(`${pkgDir}schema_engine_bg.wasm`);
  const wasmModule = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(wasmModule, {
    './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
  });
  (bg as unknown as { __wbg_set_wasm(w: unknown): void }).__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  loaded = true;
}

export async function withSchemaEngine<T>(
  connectionString: string,
  datamodel: { path: string; content: string } | null,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  loadWasm();
  // The engine takes Prisma's session-level migration lock (pg_advisory_lock)
  // and never unlocks it; only closing its connections does. Close them when
  // done, or another process starting at the same time waits for the pool's
  // idle timeout and may hit the engine's 10 s lock timeout.
  const opened: { dispose(): Promise<void> }[] = [];
  class ClosingPrismaPg extends PrismaPg {
    override async connect() {
      const adapter = await super.connect();
      opened.push(adapter);
      return adapter;
    }
    override async connectToShadowDb() {
      const adapter = await super.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    }
  }
  const factory = bindMigrationAwareSqlAdapterFactory(new ClosingPrismaPg({ connectionString }));
  const log = (msg: string) => {
    if (process.env.SCHEMA_ENGINE_DEBUG) console.error('[schema-engine]', msg);
  };
  const engine = await bg.SchemaEngine.new(
    { datamodels: datamodel ? [[datamodel.path, datamodel.content]] : undefined },
    log,
    factory,
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((a) => a.dispose().catch(() => {})));
  }
}

export const noFilters = { externalTables: [], externalEnums: [] };
