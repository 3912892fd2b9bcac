/**
 * Printers screen, what is queued or failed: every job still waiting and every one that failed
 * (with the printer's last error), then the last few printed, each with *Reprint* (POST
 * /print-jobs/{id}/reprint: printed again on its printer, marked REPRINT, so the kitchen knows it
 * is not a new order). The reprint button waits while its request is in flight: one tap, one copy.
 */
import { $, h, type ApiError } from '../shared/dom.js';
import { toast } from './state.js';
import { api } from './api.js';
import { when } from './office.js';
import { redraw } from './redraw.js';
import type { Printer, PrintJob as Job } from './printing-types.js';

const WHAT: Record<string, string> = {
  'kitchen-ticket': 'Kitchen ticket', receipt: 'Receipt', 'guest-check': 'Guest check', report: 'Report', 'test-page': 'Test page', 'drawer-kick': 'Cash drawer',
};
const STATE: Record<Job['status'], string> = { queued: 'waiting', printing: 'printing', printed: 'printed', failed: 'FAILED' };
/** How many printed jobs are listed under the waiting and failed ones. */
const RECENT = 8;
const busy = new Set<string>();

export async function renderJobs(printers: Printer[], refresh: () => void): Promise<void> {
  const get = (q: string): Promise<Job[]> => api<Job[]>('GET', `/print-jobs?${q}`).then((r) => r.body);
  const [failed, queued, recent] = await Promise.all([get('status=failed&limit=50'), get('status=queued&limit=50'), get(`limit=${RECENT}`)]);
  const seen = new Set<string>();
  const jobs = [...failed, ...queued, ...recent].filter((j) => !seen.has(j.id) && seen.add(j.id));
  const nameOf = (id: string): string => printers.find((p) => p.id === id)?.name ?? 'a removed printer';
  redraw($('job-list'), { jobs, busy: [...busy] }, () => jobs.length ? jobs.map((j) => {
    const facts = `${STATE[j.status]} on ${nameOf(j.printerId)}${j.failedOverFrom ? ` (moved from ${nameOf(j.failedOverFrom)})` : ''} · ${when(j.createdAt)}`
      + `${j.attempts > 1 ? ` · ${j.attempts} tries` : ''}${j.lastError && j.status !== 'printed' ? ` · ${j.lastError}` : ''}`;
    const reprint = h('button', { type: 'button', 'data-reprint-job': j.id, text: 'Reprint', disabled: busy.has(j.id), onclick: () => {
      if (busy.has(j.id)) return;
      busy.add(j.id);
      api('POST', `/print-jobs/${j.id}/reprint`).then(() => toast(`${WHAT[j.template] ?? j.template} sent again, marked REPRINT.`), (e: ApiError) => toast(e.message))
        .finally(() => { busy.delete(j.id); refresh(); });
    } });
    return h('div', { class: `office-row${j.status === 'failed' ? ' off' : ''}`, 'data-job-row': j.id, 'data-job-status': j.status }, [
      h('span', {}, [`${WHAT[j.template] ?? j.template}${j.reprint ? ' (reprint)' : ''}`, h('small', { text: facts })]),
      j.status === 'failed' || j.status === 'printed' ? reprint : null,
    ]);
  }) : [h('p', { class: 'hint', text: 'Nothing printed yet.' })]);
}
