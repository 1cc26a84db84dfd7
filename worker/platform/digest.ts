const encoder = new TextEncoder();
/** Each byte's two lowercase hex digits, made once per isolate (every digest and HMAC in hex goes through here). */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Bytes (a digest, a MAC) as lowercase hex. */
export function hex(bytes: ArrayBuffer | Uint8Array): string {
  let out = '';
  for (const b of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) out += HEX[b];
  return out;
}

/** SHA-256 of a text (UTF-8), as lowercase hex: the whole digest, or its first `bytes` bytes. */
export async function sha256Hex(text: string, bytes = 32): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))).subarray(0, bytes));
}
