import { z } from "@hono/zod-openapi";
import { AppError } from "../../../errors.ts";
import { IMPORT_COLUMNS, IMPORT_PROBLEMS, importPartners } from "../../../partners/import.ts";
import { MAX_IMPORT_ROWS } from "../../../partners/limits.ts";
import { errorResponses } from "../../errors.ts";
import { accountRoute } from "../../route.ts";
import type { App } from "../../types.ts";

const ImportResultSchema = z
  .object({
    created: z.array(z.object({ row: z.int(), id: z.string(), name: z.string() })).openapi({ description: "The partners saved, with the line of the file each came from." }),
    errors: z
      .array(
        z.object({
          row: z.int().openapi({ description: "The line of the file; the header is line 1." }),
          field: z.enum(IMPORT_COLUMNS),
          problem: z.enum(IMPORT_PROBLEMS),
          value: z.string().openapi({ description: "What the cell said." }),
          message: z.string(),
        }),
      )
      .openapi({ description: "The rows left out, and why: fix them and import those rows again." }),
  })
  .openapi("PartnerImportResult");

const route = accountRoute({
  method: "post",
  path: "/v1/partners/import",
  tags: ["Partners"],
  summary: "Import partners from CSV",
  description: `A CSV file (UTF-8, separated by ";" or ","), its first line naming the columns: ${IMPORT_COLUMNS.join(", ")}; only name is required. At most ${MAX_IMPORT_ROWS} rows. Each row is checked as a partner created one by one (VAT and company numbers with their check digits, the email address, the Peppol id, a VAT number already used); the rows that pass are saved together, the others are listed with their line and why. roles: customer, supplier or both (customer|supplier), customer when empty. emailDelivery: yes (the default when an email is given) switches the email channel on.`,
  request: { body: { required: true, content: { "text/csv": { schema: z.string().openapi({ example: "name;email;vatNumber\nGlobex SA;ap@globex.example;BE0123456749" }) } } } },
  responses: {
    200: { description: "What was saved, and the rows left out.", content: { "application/json": { schema: ImportResultSchema } } },
    ...errorResponses(413, 415, 422),
  },
});

export const registerImportPartners = (app: App) =>
  app.openapi(route, async (c) => {
    if (!/^text\/csv\b/i.test(c.req.header("Content-Type") ?? "")) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the file as text/csv.");
    return c.json(await importPartners(c.get("ctx"), c.get("account"), await c.req.text()), 200);
  });
