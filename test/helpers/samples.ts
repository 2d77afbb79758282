import { env } from "cloudflare:workers";
import { describe } from "vitest";

/**
 * Third-party samples from SAMPLES_DIR (default ../shared/samples), served by
 * the SAMPLES binding of vitest.config.ts. Where the folder is absent, the
 * suites that need it are skipped with a message (CI refuses to start instead).
 */
export const samplesAvailable = env.SAMPLES_AVAILABLE;

export const describeWithSamples: typeof describe = samplesAvailable
  ? describe
  : (((name: string, ...rest: unknown[]) => {
      console.warn(`Skipping "${name}": the third-party samples folder (SAMPLES_DIR) is absent.`);
      return (describe.skip as (...args: unknown[]) => void)(name, ...rest);
    }) as typeof describe);

/** The paths of the files under a samples folder, relative to SAMPLES_DIR, e.g. `mail/x.eml`. */
export async function listSamples(folder: string): Promise<string[]> {
  if (!samplesAvailable) return [];
  const response = await env.SAMPLES.fetch(`http://samples/${folder.replace(/\/?$/, "/")}`);
  if (!response.ok) throw new Error(`cannot list samples under ${folder}: ${response.status}`);
  return response.json();
}

export async function readSample(relativePath: string): Promise<Uint8Array> {
  const response = await env.SAMPLES.fetch(`http://samples/${relativePath.split("/").map(encodeURIComponent).join("/")}`);
  if (!response.ok) throw new Error(`cannot read sample ${relativePath}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function readSampleJson<T>(relativePath: string): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await readSample(relativePath))) as T;
}
