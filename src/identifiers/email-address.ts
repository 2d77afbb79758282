import { z } from "zod";

/**
 * Whether `value` is a bare email address, as the API takes them: no
 * display name, angle brackets, spaces or second address, at most 254
 * characters (RFC 5321's path limit).
 */
export const isEmailAddress = (value: string) => value.length <= 254 && !/[<>",;\s]/.test(value) && z.email().safeParse(value).success;
