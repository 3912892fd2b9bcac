/**
 * Waiter app: which course is next. Pure functions over the lines the ticket shows (the box's,
 * the queued ones and the draft), so the Fire button and the Send default agree.
 */

/** A ticket line as far as courses go: its course, and whether the kitchen already has it cooking. */
export interface CourseLine { id: string; course: number; cooking: boolean }

/** Courses with a line the kitchen has been told to cook (fired, ready or served, or a fire queued for it). */
export function firedCourses(lines: readonly CourseLine[]): Set<number> {
  return new Set(lines.filter((l) => l.cooking).map((l) => l.course));
}

/**
 * The course Fire sends: the lowest course that still has a line waiting (held, queued or new) and
 * whose course was never fired. Null when every waiting line belongs to a course already cooking
 * (those are add-ons: Send cooks them) or nothing waits.
 */
export function nextCourse(lines: readonly CourseLine[]): number | null {
  const fired = firedCourses(lines);
  const waiting = lines.filter((l) => !l.cooking && !fired.has(l.course)).map((l) => l.course);
  return waiting.length ? Math.min(...waiting) : null;
}

/**
 * The lines Send cooks at once, as Toast, Square or Lightspeed do: the first course of a new
 * order, and anything added to a course the kitchen is already cooking. Later courses are held
 * until Fire.
 */
export function cookOnSend(sending: readonly CourseLine[], others: readonly CourseLine[]): string[] {
  const fired = firedCourses(others);
  const all = [...others, ...sending];
  const first = fired.size ? null : Math.min(...all.filter((l) => !l.cooking).map((l) => l.course));
  return sending.filter((l) => fired.has(l.course) || l.course === first).map((l) => l.id);
}
