import type { PrintItem } from './parser.js';

/** A received job as terminal text: bold, underline and inverse with ANSI codes, double size in capitals-free brackets. */
export function renderForTerminal(items: readonly PrintItem[], width = 48): string {
  const out: string[] = [`┌${'─'.repeat(width)}┐`];
  for (const item of items) {
    switch (item.kind) {
      case 'line': {
        const s = item.style;
        const codes = [s.bold ? '1' : '', s.underline ? '4' : '', s.invert ? '7' : ''].filter(Boolean).join(';');
        const text = s.width > 1 ? item.text.trim().split('').join(' ') : item.text;
        const pad = ' '.repeat(Math.max(0, width - text.length));
        out.push(`│${codes ? `\x1b[${codes}m${text}\x1b[0m` : text}${pad}│`);
        break;
      }
      case 'cut': out.push(`└${'┄'.repeat(width)}┘ ✂`); out.push(`┌${'─'.repeat(width)}┐`); break;
      case 'pulse': out.push(`│${'[cash drawer kick]'.padEnd(width)}│`); break;
      case 'qr': out.push(`│${`[QR ${item.value}]`.slice(0, width).padEnd(width)}│`); break;
      case 'feed': for (let i = 0; i < item.lines; i++) out.push(`│${' '.repeat(width)}│`); break;
      case 'unknown': out.push(`│${`[unknown ${item.bytes}]`.slice(0, width).padEnd(width)}│`); break;
    }
  }
  if (out.at(-1)?.startsWith('┌')) out.pop();
  return out.join('\n');
}
