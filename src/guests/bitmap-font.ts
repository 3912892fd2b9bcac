/**
 * A 5×7 bitmap font (capitals, digits, a little punctuation) to write a table's label and the
 * restaurant's name on the PNG QR sheet without an image library. Accents are dropped (É → E):
 * the sheet is read by guests at a glance, the QR carries the rest.
 */
const GLYPHS: Record<string, number[]> = {
  A: [14, 17, 17, 31, 17, 17, 17], B: [30, 17, 17, 30, 17, 17, 30], C: [14, 17, 16, 16, 16, 17, 14], D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31], F: [31, 16, 16, 30, 16, 16, 16], G: [14, 17, 16, 23, 17, 17, 15], H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14], J: [7, 2, 2, 2, 2, 18, 12], K: [17, 18, 20, 24, 20, 18, 17], L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17], N: [17, 17, 25, 21, 19, 17, 17], O: [14, 17, 17, 17, 17, 17, 14], P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13], R: [30, 17, 17, 30, 20, 18, 17], S: [15, 16, 16, 14, 1, 1, 30], T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14], V: [17, 17, 17, 17, 17, 10, 4], W: [17, 17, 17, 21, 21, 21, 10], X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 17, 10, 4, 4, 4], Z: [31, 1, 2, 4, 8, 16, 31],
  0: [14, 17, 19, 21, 25, 17, 14], 1: [4, 12, 4, 4, 4, 4, 14], 2: [14, 17, 1, 2, 4, 8, 31], 3: [31, 2, 4, 2, 1, 17, 14],
  4: [2, 6, 10, 18, 31, 2, 2], 5: [31, 16, 30, 1, 1, 17, 14], 6: [6, 8, 16, 30, 17, 17, 14], 7: [31, 1, 2, 4, 8, 8, 8],
  8: [14, 17, 17, 14, 17, 17, 14], 9: [14, 17, 17, 15, 1, 2, 12],
  '-': [0, 0, 0, 31, 0, 0, 0], '.': [0, 0, 0, 0, 0, 12, 12], "'": [4, 4, 0, 0, 0, 0, 0], '&': [12, 18, 20, 8, 21, 18, 13],
  '/': [0, 1, 2, 4, 8, 16, 0], '#': [10, 10, 31, 10, 31, 10, 10], ':': [0, 12, 12, 0, 12, 12, 0], ' ': [0, 0, 0, 0, 0, 0, 0],
};

/** Text as the font can draw it: capitals, accents dropped, other characters as spaces. */
export function drawable(text: string): string {
  return [...text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase()].map((c) => (GLYPHS[c] ? c : ' ')).join('');
}

/** Width in pixels of `text` at `scale` (5 dots and 1 of space per character). */
export const textWidth = (text: string, scale: number): number => drawable(text).length * 6 * scale - scale;

/** Sets dark pixels for `text` with its top left at (x, y). */
export function drawText(set: (x: number, y: number) => void, text: string, x: number, y: number, scale: number): void {
  [...drawable(text)].forEach((c, i) => {
    GLYPHS[c]!.forEach((row, dy) => {
      for (let dx = 0; dx < 5; dx++) {
        if (!(row & (16 >> dx))) continue;
        for (let sy = 0; sy < scale; sy++) for (let sx = 0; sx < scale; sx++) set(x + (i * 6 + dx) * scale + sx, y + dy * scale + sy);
      }
    });
  });
}
