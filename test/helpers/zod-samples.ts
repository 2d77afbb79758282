import type { z } from "zod";

/**
 * Values that fit a zod schema, enough of them that every option of every
 * enum, literal union and discriminated union appears at least once: each
 * branch of a message that switches on a parameter gets rendered.
 */
export function samplesOf(schema: z.ZodType): unknown[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case "string":
      return ["sample-text"];
    case "number":
      return [7];
    case "boolean":
      return [true, false];
    case "literal":
      return [(def.values as unknown[])[0]];
    case "enum":
      return Object.values(def.entries as Record<string, unknown>);
    case "nullable":
      return [...samplesOf(def.innerType as z.ZodType), null];
    case "optional":
      return [...samplesOf(def.innerType as z.ZodType), undefined];
    case "array":
      return samplesOf(def.element as z.ZodType).map((item) => [item, item]);
    case "record":
      return [{}];
    case "unknown":
      return ["sample"];
    case "union":
      return (def.options as z.ZodType[]).flatMap(samplesOf);
    case "intersection": {
      const left = samplesOf(def.left as z.ZodType);
      const right = samplesOf(def.right as z.ZodType);
      return combine([left, right]).map((parts) => Object.assign({}, ...parts));
    }
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      const keys = Object.keys(shape);
      const values = keys.map((key) => samplesOf(shape[key]!));
      return combine(values).map((row) => Object.fromEntries(keys.map((key, i) => [key, row[i]])));
    }
    default:
      throw new Error(`no samples for a zod ${String(def.type)}`);
  }
}

/** Rows that take every sample of every column at least once (not the full product, which grows too fast). */
function combine(columns: unknown[][]): unknown[][] {
  const rows = Math.max(1, ...columns.map((c) => c.length));
  return Array.from({ length: rows }, (_, i) => columns.map((column) => column[i % column.length]));
}
