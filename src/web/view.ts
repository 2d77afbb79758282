import type { Account } from "../accounts/accounts.ts";
import { locales, type Language } from "../i18n/languages.ts";
import type { User } from "../users/users.ts";
import { pluralTranslator, translator, type MessageKey, type Translate } from "./i18n/index.ts";
import { isNoticeKey, noticeMessage } from "./notices.ts";

/** What every page renders with, built once per request by the language middleware. */
export interface View {
  lang: Language;
  t: Translate;
  tp: ReturnType<typeof pluralTranslator>;
  /** A day, in the reader's locale: "2 Dec 2026" / "2 déc. 2026". */
  date(iso: string): string;
  /** A moment, to the minute, in the reader's locale (UTC, said so). */
  dateTime(iso: string): string;
  /** An exact decimal amount with its currency: Intl formats the decimal string without a float. */
  amount(value: string, currency: string | null): string;
  number(value: number): string;
  /** A file size: "12 KB", "3.4 MB". */
  bytes(size: number): string;
  /** The token a form of this request must carry (`_csrf`). */
  csrf: string;
  /** The path and query of this page, for forms that come back to it (the language switcher). */
  here: string;
  user: User | null;
  account: Account | null;
  /** A message that a redirect asked to show (`?notice=`), from a closed list. */
  notice: MessageKey | null;
}

export function createView(input: { lang: Language; csrf: string; here: string; user: User | null; account: Account | null; notice: string | null }): View {
  const locale = locales[input.lang];
  const t = translator(input.lang);
  const numberFormat = new Intl.NumberFormat(locale);
  const number = (value: number) => numberFormat.format(value);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  // dateStyle cannot be combined with timeZoneName: the fields are spelled out.
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });
  const unit = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return {
    lang: input.lang,
    t,
    tp: pluralTranslator(input.lang, t, number),
    date: (iso) => dateFormat.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)),
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    amount: (value, currency) => {
      if (!currency || !/^[A-Z]{3}$/.test(currency)) return currency ? `${value} ${currency}` : value;
      try {
        return new Intl.NumberFormat(locale, { style: "currency", currency }).format(value as `${number}`);
      } catch {
        return `${value} ${currency}`;
      }
    },
    number,
    bytes: (size) =>
      size < 1000 ? `${number(size)} B` : size < 1_000_000 ? `${unit.format(size / 1000)} KB` : `${unit.format(size / 1_000_000)} MB`,
    csrf: input.csrf,
    here: input.here,
    user: input.user,
    account: input.account,
    notice: input.notice && isNoticeKey(input.notice) ? noticeMessage(input.notice) : null,
  };
}
