import { call } from "./api.ts";

export interface Operation {
  method: string;
  /** The path with every `{param}` filled by a placeholder id. */
  path: string;
  template: string;
  security: string[];
}

/** Every operation the served OpenAPI document declares. */
export async function operations(): Promise<Operation[]> {
  const doc = (await call("GET", "/openapi.json")).body as {
    paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
  };
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      template,
      path: template.replace(/\{[^}]+\}/g, "id_00000000000000000000000000"),
      security: (op.security ?? []).flatMap((entry) => Object.keys(entry)),
    })),
  );
}
