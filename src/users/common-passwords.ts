/**
 * Passwords that guessing tries first (from published lists of leaked
 * passwords), at least MIN_PASSWORD_LENGTH long or close to it, plus what a
 * person signing up for an invoicing service tends to pick. Compared in
 * lower case, so that a capital letter does not make one acceptable.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "1234567890", "12345678910", "123456789a", "0123456789", "0987654321", "1111111111", "1234512345", "123123123123",
  "1q2w3e4r5t", "1q2w3e4r5t6y", "qwertyuiop", "qwerty1234", "qwerty12345", "qwerty123456", "azertyuiop", "azerty1234",
  "azerty123456", "qwertzuiop", "password1!", "password12", "password123", "password1234", "passw0rd123", "p@ssw0rd123",
  "iloveyou12", "iloveyou123", "football123", "baseball123", "starwars123", "sunshine123", "princess123", "welcome123",
  "welcome1234", "letmein123", "changeme123", "changeme12", "administrator", "admin12345", "admin123456", "superman123",
  "trustno1trustno1", "abcdefghij", "abcd123456", "abc1234567", "aaaaaaaaaa", "zaq12wsxcde", "1qaz2wsx3edc", "motdepasse",
  "motdepasse1", "motdepasse123", "wachtwoord", "wachtwoord1", "wachtwoord123", "passwort123", "passwort1234", "hallo12345",
  "bonjour123", "soleil1234", "doudou1234", "marseille13", "azertyuiop1", "qwertyuiop1", "invoice123", "invoices123",
  "factuur123", "facture123", "rechnung123", "accounting1", "boekhouding", "comptabilite", "buchhaltung", "belgium123",
  "belgique123", "nederland1", "deutschland", "deutschland1", "summer2025", "summer2026", "winter2025", "winter2026",
  "spring2026", "autumn2026", "january2026", "december2026", "password2025", "password2026", "welcome2026", "company123",
]);
