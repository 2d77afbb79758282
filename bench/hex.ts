// Uint8Array.fromHex and toHex (TC39, in workerd and Node 25), which the test helpers that
// build fixtures use, for Node 24, where bench/load.ts runs them. Imported before them.
const proto = Uint8Array.prototype as Uint8Array & { toHex?: () => string };
if (!proto.toHex) {
  Object.defineProperty(Uint8Array.prototype, "toHex", {
    value(this: Uint8Array) {
      return Array.from(this, (b) => b.toString(16).padStart(2, "0")).join("");
    },
  });
}
if (!(Uint8Array as { fromHex?: unknown }).fromHex) {
  Object.defineProperty(Uint8Array, "fromHex", { value: (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16)) });
}
