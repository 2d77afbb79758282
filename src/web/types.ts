import type { Hono } from "hono";
import type { Ctx } from "../context.ts";
import type { SignedIn } from "../users/sessions.ts";
import type { View } from "./view.ts";

export interface WebEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    ctx: Ctx;
    /** The session the cookie names, when it is live. */
    signedIn: SignedIn | null;
    /** Everything a page renders with: language, messages, formats, the CSRF token, who is signed in. */
    view: View;
  };
}

export type WebApp = Hono<WebEnv>;
