import { z } from "zod";

/** A reason inside another's parameters (what blocked a delivery, inside the event that says so). */
export const reasonRef = z.object({ code: z.string(), params: z.record(z.string(), z.unknown()) });
