// Shared pieces, shaped after kodex's shared/ui: page header, adaptive and back buttons, copy chip,
// confirm dialog, status chip colours and date formatting.
import { computed, mergeProps } from 'vue';
import { useDisplay } from 'vuetify';
import { C } from './texts.js';

export const PageHeader = {
  props: { title: String },
  template: `
    <div class="page-header">
      <div class="page-header-main">
        <div v-if="$slots.leading" class="page-header-leading"><slot name="leading" /></div>
        <div class="page-header-text"><div class="text-h5 font-weight-bold">{{ title }}</div></div>
      </div>
      <div class="page-header-actions"><slot name="actions" /></div>
    </div>`,
};

/** A button with text on wide screens and an icon (named by title/aria-label) on narrow ones. */
export const AdaptiveBtn = {
  inheritAttrs: false,
  props: {
    icon: String,
    label: String,
    title: { type: String, default: '' },
    iconOnlyAt: { type: Number, default: 1600 },
  },
  setup(props) {
    const display = useDisplay();
    return {
      showText: computed(() => display.width.value > props.iconOnlyAt),
      titleValue: computed(() => props.title || props.label),
    };
  },
  template: `
    <v-btn v-if="showText" v-bind="$attrs" :prepend-icon="icon" :title="titleValue" :aria-label="titleValue">{{ label }}</v-btn>
    <v-btn v-else v-bind="$attrs" icon :title="titleValue" :aria-label="titleValue"><v-icon :icon="icon" /></v-btn>`,
};

/** An icon-only row action inside a tooltip, as kodex's tables render them (no accessible name: kodex gives none). */
export const TipIconBtn = {
  inheritAttrs: false,
  props: { tip: String, icon: String },
  setup: () => ({ mergeProps }),
  template: `
    <v-tooltip :text="tip">
      <template #activator="{ props: activator }">
        <v-btn v-bind="mergeProps(activator, $attrs)" size="small" :icon="icon" />
      </template>
    </v-tooltip>`,
};

export const BackBtn = {
  inheritAttrs: false,
  props: { label: { type: String, default: 'Back' } },
  template: `<v-btn v-bind="$attrs" icon variant="tonal" class="back-btn" :title="label" :aria-label="label"><v-icon icon="mdi-arrow-left" size="22" /></v-btn>`,
};

export const CopyChip = {
  props: { label: String, value: String, icon: { type: String, default: 'mdi-content-copy' } },
  setup(props) {
    const copy = () => navigator.clipboard?.writeText(props.value).catch(() => undefined);
    return { copy, tooltip: computed(() => (props.value ? C.common.copy : '')) };
  },
  template: `
    <v-tooltip :text="tooltip">
      <template #activator="{ props: tip }">
        <v-chip v-bind="tip" class="font-weight-bold" size="small" variant="tonal" :prepend-icon="icon" @click="copy">
          {{ label }}: <span class="ml-1 value">{{ value }}</span>
        </v-chip>
      </template>
    </v-tooltip>`,
};

/** The header of a project's sub-page (Repositories, Members): back to Projects, the project id, refresh. */
export const ProjectPageHeader = {
  components: { PageHeader, BackBtn, CopyChip, AdaptiveBtn },
  props: { title: String, projectIdLabel: String, projectId: String, loading: Boolean },
  emits: ['refresh'],
  setup: () => ({ C }),
  template: `
    <PageHeader :title="title">
      <template #leading><BackBtn :label="C.common.back" :to="{ name: 'projects' }" /></template>
      <template #actions>
        <CopyChip :label="projectIdLabel" :value="projectId" icon="mdi-identifier" />
        <AdaptiveBtn variant="tonal" icon="mdi-refresh" :label="C.common.refresh" :loading="loading" @click="$emit('refresh')" />
      </template>
    </PageHeader>`,
};

export const ConfirmDialog = {
  props: {
    modelValue: Boolean,
    title: String,
    message: String,
    confirmText: String,
    cancelText: String,
    danger: Boolean,
  },
  emits: ['update:modelValue', 'confirm'],
  template: `
    <v-dialog :model-value="modelValue" max-width="520" @update:model-value="$emit('update:modelValue', $event)">
      <v-card>
        <v-card-title class="text-subtitle-1">{{ title }}</v-card-title>
        <v-card-text v-if="message" class="text-body-2 text-medium-emphasis">{{ message }}</v-card-text>
        <v-card-actions>
          <v-spacer />
          <v-btn variant="text" @click="$emit('update:modelValue', false)">{{ cancelText }}</v-btn>
          <v-btn :color="danger ? 'error' : 'primary'" variant="tonal" @click="$emit('update:modelValue', false); $emit('confirm')">{{ confirmText }}</v-btn>
        </v-card-actions>
      </v-card>
    </v-dialog>`,
};

export const colorForRunStatus = (status) => C.statusChipColor[status] ?? 'secondary';

/** The status the console shows; the stand fault "console-failed-as-succeeded" mislabels failed runs. */
export const shownStatus = (status) =>
  status === 'failed' && window.__standFaults?.includes('console-failed-as-succeeded') ? 'succeeded' : status;

export function formatDateTime(value) {
  if (!value) return '-';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '-' : d.toLocaleString('en-GB', { hour12: false });
}

export function prettyJSON(raw) {
  if (raw === null || raw === undefined || raw === '') return '';
  try {
    return JSON.stringify(typeof raw === 'string' ? JSON.parse(raw) : raw, null, 2);
  } catch {
    return String(raw);
  }
}

// kodex's console shows a translated key, never the server's message (web-console shared/api/errors.ts keyForHttp).
const BY_MESSAGE = {
  'email is not allowed': 'emailNotAllowed',
  'platform admin required': 'platformAdminRequired',
  'platform owner required': 'platformOwnerRequired',
  'cannot delete self': 'cannotDeleteSelf',
  'cannot delete platform admin': 'cannotDeletePlatformAdmin',
};
const BY_CODE = {
  invalid_argument: 'invalidArgument',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  conflict: 'conflict',
  failed_precondition: 'failedPrecondition',
};
export function errorText(e) {
  if (!e || e.status === undefined) return C.errors.unknown;
  if (e.status === 0) return C.errors.network;
  const body = e.body ?? {};
  const key = (e.status === 403 && BY_MESSAGE[body.message]) || BY_CODE[body.code] || 'unknown';
  return C.errors[key];
}
