// A talk's `##` heading (`N，Title｜Speaker&Speaker`) and the order talks get from their numbers.

// `.` and `:` only end a number when no digit follows, so `3.0 新特性` and `10:30 Keynote` keep theirs.
const TALK_NUMBER = /^(\d{1,6})[ \t]*(?:[，,、)）]|[.．:：](?!\d))/;
/** A heading made only of `=`, `-`, `*`, `_` or `~` separates, it names nothing. */
export const SEPARATOR = /^[=\-*_~\s]+$/;

function splitSpeakers(text: string): string[] {
  return text
    .split(/[&＆、,，]|\sand\s/i)
    .map(s => s.trim())
    .filter(Boolean);
}

export function parseTalkHeading(text: string): { order: number | null; title: string; speakers: string[] } {
  let rest = text.trim();
  let order: number | null = null;
  const m = TALK_NUMBER.exec(rest);
  if (m) {
    order = Number(m[1]);
    rest = rest.slice(m[0].length).trim();
  }
  const bar = Math.max(rest.lastIndexOf('｜'), rest.lastIndexOf('|'));
  if (bar < 0) return { order, title: rest, speakers: [] };
  return { order, title: rest.slice(0, bar).trim(), speakers: splitSpeakers(rest.slice(bar + 1)) };
}

/**
 * The order each talk gets in the notes: its number, or for a talk without one the number after
 * the previous talk's (its position when no talk is numbered), so `1, (none), 3` reads 1, 2, 3.
 */
export function talkOrders(talks: readonly { order: number | null }[]): number[] {
  const orders: number[] = [];
  for (const talk of talks) orders.push(talk.order ?? (orders.length ? orders[orders.length - 1] + 1 : 1));
  return orders;
}
