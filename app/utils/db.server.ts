// The one PostgreSQL pool of the process. Kept on globalThis so that the Express server bundle
// and the Remix server bundle, which both import this file, share it.
import postgres from "postgres";

export type Sql = postgres.Sql<Record<string, never>>;
export type Tx = postgres.TransactionSql<Record<string, never>>;
/** A pool or a transaction: what query and command functions take. */
export type Db = Sql | Tx;

const KEY = Symbol.for("maquette.sql");
type Holder = { [KEY]?: Sql };

// Statements sent by this process's pools: what a request costs in round trips, measured by
// app/test/statements.test.ts (postgres.js calls `debug` once per statement; a counter is free).
let statements = 0;
export function statementsSent(): number {
  return statements;
}

export function connect(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    debug: () => {
      statements++;
    },
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    transform: { undefined: null },
    connection: { application_name: "maquette" },
  }) as unknown as Sql;
}

/** The process-wide pool; created on first use from DATABASE_URL. */
export function getSql(): Sql {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app through app/server or set it.");
    holder[KEY] = connect(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  }
  return holder[KEY];
}

export async function closeSql() {
  const holder = globalThis as Holder;
  const sql = holder[KEY];
  holder[KEY] = undefined;
  if (sql) await sql.end({ timeout: 5 });
}

/** A proxy so modules can `import { sql }` and still get the lazily created pool. */
export const sql: Sql = new Proxy(function () {} as unknown as Sql, {
  apply(_t, _this, args) {
    return (getSql() as unknown as (...a: unknown[]) => unknown)(...args);
  },
  has(_t, prop) {
    return prop in (getSql() as object);
  },
  get(_t, prop) {
    const target = getSql() as unknown as Record<string | symbol, unknown>;
    const value = target[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  },
});
