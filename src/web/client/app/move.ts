/** Waiter app: move the order to a free table, or merge it into the order of an occupied one. */
import { $, h } from '../shared/dom.js';
import { S, byLabel, draftOf, saveDraft } from './state.js';
import { closeModal, modal } from './screens.js';
import { loadFloor } from './floor.js';
import { openTable } from './order.js';
import { online } from './approval.js';

$('table-more').addEventListener('click', () => {
  if (!S.order || !S.table) return;
  const here = S.table, order = S.order;
  const others = Object.values(S.tables).filter((t) => t.id !== here.id && t.status !== 'inactive').sort(byLabel);
  const list = h('div', { class: 'opts-grid' }, others.map((t) => {
    const target = t.openOrderIds[0];
    const busy = t.openOrderCount > 0 && target !== undefined;
    return h('button', { type: 'button', 'data-target': t.label, text: `${busy ? 'Merge into ' : 'Move to '}${t.label}`, onclick: () => {
      closeModal();
      const done = busy
        ? online('POST', `/orders/${target}/merge`, { sourceOrderId: order.id }, 'Merge')
        : online('POST', `/orders/${order.id}/move`, { tableId: t.id }, 'Move');
      void done.then((r) => {
        if (!r) return;
        const d = draftOf(here.id);
        saveDraft(here.id, null);
        if (!busy && d) { d.tableId = t.id; saveDraft(t.id, d); }
        void loadFloor().then(() => openTable(t.id));
      });
    } });
  }));
  modal([h('h2', { text: `Move or merge table ${here.label}` }), list, h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal })])]);
});
