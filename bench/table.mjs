// A plain-text table for the bench scripts: the first two columns left-aligned, the rest right-aligned.
export function printTable(head, body, say) {
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  say('');
  say(line(head));
  say(width.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) say(line(b));
}
