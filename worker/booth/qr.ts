/**
 * QR codes as SVG path data, computed by `qrcode-generator` (a kept, dependency-free library
 * that runs unchanged in workerd): one path of dark modules, drawn in a square of
 * `size` modules (the code plus its 4-module quiet zone), so any SVG can place and scale it.
 */
import qrcode from 'qrcode-generator';

/** The quiet zone the QR specification asks for around the code, in modules. */
const QUIET_ZONE = 4;

export interface QrPath {
  /** Width and height in modules, quiet zone included. */
  size: number;
  /** SVG path data of the dark modules, in module units. */
  d: string;
}

/**
 * The QR code of `text`, error correction level M (15%: a poster survives a scuff or a
 * fold), the smallest version that holds it.
 */
export function qrPath(text: string): QrPath {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < count; row++) {
    // One rectangle per horizontal run of dark modules keeps the path short.
    for (let col = 0; col < count; ) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      let end = col;
      while (end < count && qr.isDark(row, end)) end++;
      parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h${end - col}v1h${col - end}z`);
      col = end;
    }
  }
  return { size: count + 2 * QUIET_ZONE, d: parts.join('') };
}
