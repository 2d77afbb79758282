import type { Context } from "hono";
import { z } from "zod";
import { contentDisposition } from "../../api/download.ts";
import { AppError } from "../../errors.ts";
import { toCsv } from "../../formats/csv.ts";
import { IMPORT_COLUMNS, IMPORT_PROBLEMS, importPartners, importTemplate, type ImportResult, type ImportRowError } from "../../partners/import.ts";
import { MAX_IMPORT_BYTES, MAX_IMPORT_CELL_CHARS, MAX_IMPORT_ROWS } from "../../partners/limits.ts";
import { Button, Csrf, ErrorSummary, type FieldError } from "../components/form.tsx";
import { Layout } from "../components/layout.tsx";
import { signedIn } from "../middleware/auth.ts";
import { render } from "../render.ts";
import type { WebApp, WebEnv } from "../types.ts";
import type { View } from "../view.ts";

/** A CSV served as a download, never shown in the page. */
function csvDownload(c: Context<WebEnv>, name: string, rows: string[][]) {
  return c.body(toCsv(rows), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": contentDisposition(name),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
  });
}

const problemText = (v: View, error: Pick<ImportRowError, "problem">) => v.t(`import.problem.${error.problem}`, { max: MAX_IMPORT_CELL_CHARS });

/** The refused rows as the form posts them back for the report: checked again, never trusted. */
const ReportRows = z
  .array(z.object({ row: z.int().min(2).max(MAX_IMPORT_ROWS + 1), field: z.enum(IMPORT_COLUMNS), problem: z.enum(IMPORT_PROBLEMS), value: z.string().max(MAX_IMPORT_CELL_CHARS * 2) }))
  .max(MAX_IMPORT_ROWS * IMPORT_COLUMNS.length);

function importPage(c: Context<WebEnv>, errors: FieldError[], result?: ImportResult) {
  const v = c.get("view");
  const { t } = v;
  return render(
    c,
    <Layout v={v} title={t("import.title")} hasErrors={errors.length > 0}>
      <p>
        <a href="/partners">{t("partner.back")}</a>
      </p>
      <ErrorSummary v={v} errors={errors} />
      {result ? (
        <section aria-labelledby="result-title">
          <h2 id="result-title">{t("import.result")}</h2>
          <p class="notice" role="status">
            {v.tp(result.created.length, "import.saved")} {v.tp(new Set(result.errors.map((e) => e.row)).size, "import.refused")}
          </p>
          {result.errors.length > 0 ? (
            <>
              <form method="post" action="/partners/import/report">
                <Csrf v={v} />
                <input type="hidden" name="errors" value={JSON.stringify(result.errors.map(({ row, field, problem, value }) => ({ row, field, problem, value })))} />
                <Button variant="secondary">{t("import.downloadReport")}</Button>
              </form>
              <div class="table-wrap">
                <table class="table">
                  <caption>{t("import.refusedCaption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("import.col.row")}</th>
                      <th scope="col">{t("import.col.field")}</th>
                      <th scope="col">{t("import.col.value")}</th>
                      <th scope="col">{t("import.col.reason")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.errors.map((e) => (
                      <tr>
                        <td>{v.number(e.row)}</td>
                        <td>
                          <code>{e.field}</code>
                        </td>
                        <td class="wrap">{e.value}</td>
                        <td class="wrap">{problemText(v, e)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="how-title">
        <h2 id="how-title">{t("import.how")}</h2>
        <ol>
          <li>
            <a href="/partners/import/template.csv" download="">
              {t("import.template")}
            </a>{" "}
            {t("import.templateHint")}
          </li>
          <li>{t("import.fill", { columns: IMPORT_COLUMNS.join(", ") })}</li>
          <li>{t("import.limit", { max: MAX_IMPORT_ROWS })}</li>
        </ol>
        <form method="post" action="/partners/import" enctype="multipart/form-data">
          <Csrf v={v} />
          <div class={errors.length > 0 ? "field field--error" : "field"}>
            <label for="file">{t("import.file")}</label>
            {errors.length > 0 ? (
              <p class="field-error" id="file-error">
                {errors[0]!.message}
              </p>
            ) : null}
            <input type="file" id="file" name="file" accept=".csv,text/csv" class="input input--full" aria-describedby={errors.length > 0 ? "file-error" : undefined} aria-invalid={errors.length > 0 ? "true" : undefined} />
          </div>
          <Button>{t("import.submit")}</Button>
        </form>
      </section>
    </Layout>,
    errors.length > 0 ? 422 : 200,
  );
}

export function registerPartnerImport(app: WebApp) {
  app.get("/partners/import", (c) => importPage(c, []));

  app.get("/partners/import/template.csv", (c) => csvDownload(c, "partners-template.csv", importTemplate()));

  app.post("/partners/import", async (c) => {
    const v = c.get("view");
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File) || file.size === 0) return importPage(c, [{ field: "file", message: v.t("import.fileRequired") }]);
    if (file.size > MAX_IMPORT_BYTES) return importPage(c, [{ field: "file", message: v.t("import.fileTooLarge", { max: MAX_IMPORT_ROWS }) }]);
    try {
      return importPage(c, [], await importPartners(c.get("ctx"), signedIn(c).account, await file.text()));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === "PAYLOAD_TOO_LARGE") return importPage(c, [{ field: "file", message: v.t("import.fileTooLarge", { max: MAX_IMPORT_ROWS }) }]);
      if (error.code !== "VALIDATION_FAILED") throw error;
      return importPage(c, [{ field: "file", message: v.t("import.notTemplate", { columns: IMPORT_COLUMNS.join(", ") }) }]);
    }
  });

  // The report of the rows left out, in the reader's language: the row, the column, what it said, why.
  app.post("/partners/import/report", async (c) => {
    const v = c.get("view");
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(String((await c.req.parseBody()).errors ?? "[]"));
    } catch {
      // not JSON: refused below
    }
    const rows = ReportRows.safeParse(parsed);
    if (!rows.success) return c.text("This report cannot be made: import the file again.", 400);
    return csvDownload(c, "partners-import-errors.csv", [
      [v.t("import.col.row"), v.t("import.col.field"), v.t("import.col.value"), v.t("import.col.reason")],
      ...rows.data.map((e) => [String(e.row), e.field, e.value, problemText(v, e)]),
    ]);
  });
}
