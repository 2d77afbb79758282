import { openDatabase, type Database } from "./db/client.ts";
import { readConfig, type Config } from "./env.ts";

/** What domain functions need, built once per request, mail or batch. */
export interface Ctx {
  db: Database;
  config: Config;
  env: Env;
}

export function createContext(env: Env): Ctx {
  return { db: openDatabase(env.DB), config: readConfig(env), env };
}
