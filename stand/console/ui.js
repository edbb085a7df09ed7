// Shared UI pieces: page header, chips, alerts, dialogs, formatting.
import { nextTick, reactive, ref, watch } from 'vue';
import { del } from './api.js';
import { chipColor, T } from './texts.js';

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

export function formatDateTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function prettyJSON(raw) {
  const value = String(raw ?? '').trim();
  if (!value) return '';
  try {
    let parsed = JSON.parse(value);
    if (typeof parsed === 'string') {
      try { parsed = JSON.parse(parsed); } catch { return parsed; }
    }
    return JSON.stringify(parsed, null, 2);
  } catch {
    return value;
  }
}

export const errorMessage = (e) => (e && e.message) || 'Request failed';

export const PageHeader = {
  props: { title: { type: String, required: true } },
  template: `
    <div class="page-header">
      <div class="text-h5">{{ title }}</div>
      <div class="page-header-actions"><slot /></div>
    </div>`,
};

export const StatusChip = {
  props: { status: { type: String, default: '' } },
  setup: () => ({ chipColor }),
  template: `<span :class="['v-chip', 'text-' + chipColor(status)]">{{ status || '—' }}</span>`,
};

export const ErrorAlert = {
  props: { message: { type: String, default: '' } },
  template: `<div v-if="message" class="alert alert-error" role="alert">{{ message }}</div>`,
};

/** A modal dialog (role="dialog") with a heading, body slot and actions slot. Escape closes it. */
export const Modal = {
  props: { open: Boolean, title: { type: String, required: true } },
  emits: ['close'],
  setup(props, { emit }) {
    const id = nextId('dialog-title');
    const root = ref(null);
    watch(() => props.open, async (open) => {
      if (!open) return;
      await nextTick();
      const first = root.value?.querySelector('input, select, textarea, button');
      first?.focus();
    });
    const onKey = (e) => { if (e.key === 'Escape') emit('close'); };
    return { id, root, onKey };
  },
  template: `
    <div v-if="open" class="overlay" @keydown="onKey" @click.self="$emit('close')">
      <div ref="root" class="dialog card" role="dialog" aria-modal="true" :aria-labelledby="id">
        <h2 :id="id" class="card-title">{{ title }}</h2>
        <div class="card-text"><slot /></div>
        <div class="card-actions"><slot name="actions" /></div>
      </div>
    </div>`,
};

/** Yes/no confirmation as an in-page dialog (no window.confirm, so tests can click through it). */
export const ConfirmDialog = {
  components: { Modal },
  props: { open: Boolean, title: { type: String, required: true }, message: String, confirmText: { type: String, default: T.delete } },
  emits: ['confirm', 'cancel'],
  setup: () => ({ T }),
  template: `
    <Modal :open="open" :title="title" @close="$emit('cancel')">
      <p>{{ message }}</p>
      <template #actions>
        <button type="button" class="btn btn-text" @click="$emit('cancel')">{{ T.cancel }}</button>
        <button type="button" class="btn btn-danger" @click="$emit('confirm')">{{ confirmText }}</button>
      </template>
    </Modal>`,
};

/** Ask, then delete a table row: `confirm.item` holds the row while the dialog is open. */
export function useConfirmedDelete(pathOf, reload, error) {
  const confirm = reactive({ open: false, item: null });
  const askDelete = (item) => Object.assign(confirm, { open: true, item });
  async function doDelete() {
    const item = confirm.item;
    confirm.open = false;
    try {
      await del(pathOf(item));
      await reload();
    } catch (e) {
      error.value = errorMessage(e);
    }
  }
  return { confirm, askDelete, doDelete };
}
