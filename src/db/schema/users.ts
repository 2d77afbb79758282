import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id, timestamp } from "../columns.ts";
import { accountColumn, languages } from "./accounts.ts";

export const userRoles = ["owner", "member"] as const;
export type UserRole = (typeof userRoles)[number];

/** The people who sign in to the web app. Each belongs to one account; integrators use API keys instead. */
export const users = sqliteTable(
  "users",
  {
    id: id(),
    accountId: accountColumn(),
    /** Lower case; one user per address across all accounts, since it is what a person signs in with. */
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    /** Owners manage the team and the account's settings; members do the daily work. */
    role: text("role", { enum: userRoles }).notNull(),
    /** Versioned (`pbkdf2-sha256$100000$salt$hash`, src/users/passwords.ts), so the scheme can change. */
    passwordHash: text("password_hash").notNull(),
    /** The language the user chose; null follows the browser's Accept-Language. */
    language: text("language", { enum: languages }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [index("users_account").on(t.accountId)],
);

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: id(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    accountId: accountColumn(),
    /** The token every form of this session carries (CSRF); random, never derived from the cookie. */
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    /** Updated at most every few minutes: the idle expiry counts from it. */
    lastSeenAt: timestamp("last_seen_at").notNull(),
    /** The absolute expiry: the session ends then, however active. */
    expiresAt: timestamp("expires_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** An owner's (or an operator's) invitation to join an account; the link carries a token stored hashed. */
export const invitations = sqliteTable(
  "invitations",
  {
    id: id(),
    accountId: accountColumn(),
    email: text("email").notNull(),
    role: text("role", { enum: userRoles }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The user who invited; null for an operator's invitation of an account's first owner. */
    invitedBy: text("invited_by").references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at").notNull(),
    acceptedAt: timestamp("accepted_at"),
  },
  (t) => [index("invitations_account").on(t.accountId, t.id)],
);

/** A password-reset link sent by mail; usable once, shortly. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
  },
  (t) => [index("password_resets_user").on(t.userId)],
);
