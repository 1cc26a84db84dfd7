/** SHA-256 of a text (UTF-8), as lowercase hex: the whole digest, or its first `bytes` bytes. */
export async function sha256Hex(text: string, bytes = 32): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(hash.subarray(0, bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}
