/**
 * The floor plan editor's gestures: drag a table to move it, drag its corner to resize it. Pointer
 * events, so a finger, a pen and a mouse work the same; the pointer is captured, so a fast drag that
 * leaves the table keeps moving it. Positions snap to the grid as they move. A press that does not
 * move is a tap (the table's details). Arrow keys move the focused table a grid step (with Shift,
 * resize it), Enter opens it: the editor works without a pointer too.
 */
import { clampCoord, clampSize, GRID, snap, type Box } from './floor-layout.js';

export interface DragHooks {
  /** Screen pixels per floor-map unit, now. */
  scale(): number;
  /** The table's place when the gesture starts (with its unsaved moves). */
  start(): Box;
  /** Draws the table at this place while the finger moves. */
  preview(b: Box): void;
  /** The gesture ended here. */
  drop(b: Box): void;
  tap(): void;
}

/** How far (px) a press may wander and still be a tap. */
const SLOP = 6;

function gesture(kind: 'move' | 'resize', hooks: DragHooks) {
  return (down: PointerEvent): void => {
    if (down.pointerType === 'mouse' && down.button !== 0) return;
    down.preventDefault(); down.stopPropagation();
    const target = down.currentTarget as HTMLElement;
    try { target.setPointerCapture(down.pointerId); } catch { /* pointer already gone */ }
    const from = hooks.start();
    let moved = false, now = from;
    const move = (e: PointerEvent): void => {
      if (e.pointerId !== down.pointerId) return;
      const dx = e.clientX - down.clientX, dy = e.clientY - down.clientY;
      if (!moved && Math.hypot(dx, dy) < SLOP) return;
      moved = true;
      const s = hooks.scale();
      now = kind === 'move'
        ? { ...from, x: clampCoord(snap(from.x + dx / s)), y: clampCoord(snap(from.y + dy / s)) }
        : { ...from, width: clampSize(snap(from.width + dx / s)), height: clampSize(snap(from.height + dy / s)) };
      hooks.preview(now);
    };
    const end = (e: PointerEvent): void => {
      if (e.pointerId !== down.pointerId) return;
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', end);
      target.removeEventListener('pointercancel', end);
      if (e.type === 'pointercancel') hooks.preview(from);
      else if (moved) hooks.drop(now);
      else if (kind === 'move') hooks.tap();
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', end);
    target.addEventListener('pointercancel', end);
  };
}

const STEPS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

function keys(hooks: DragHooks) {
  return (ev: KeyboardEvent): void => {
    if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); hooks.tap(); return; }
    const step = STEPS[ev.key];
    if (!step) return;
    ev.preventDefault();
    const b = hooks.start(), [dx, dy] = step;
    hooks.drop(ev.shiftKey
      ? { ...b, width: clampSize(snap(b.width + dx * GRID)), height: clampSize(snap(b.height + dy * GRID)) }
      : { ...b, x: clampCoord(snap(b.x + dx * GRID)), y: clampCoord(snap(b.y + dy * GRID)) });
  };
}

/** Makes a drawn table movable (the element) and resizable (its corner handle). */
export function draggable(table: HTMLElement, corner: HTMLElement, hooks: DragHooks): void {
  table.addEventListener('pointerdown', gesture('move', hooks));
  corner.addEventListener('pointerdown', gesture('resize', hooks));
  table.addEventListener('keydown', keys(hooks));
}
