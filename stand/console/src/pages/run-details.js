// Run Details: run, events (with payloads) and logs loaded together, then live over the run's WebSocket.
// "Flow Events (N)" is a card title (kodex renders no heading there) and the Job name is not shown.
import { computed, onBeforeUnmount, onMounted, reactive } from 'vue';
import { useRouter } from 'vue-router';
import { STAFF, del, enc, get, post, subscribe } from '../api.js';
import {
  AdaptiveBtn,
  BackBtn,
  ConfirmDialog,
  CopyChip,
  PageHeader,
  colorForRunStatus,
  errorText,
  formatDateTime,
  prettyJSON,
  shownStatus,
} from '../ui.js';
import { C } from '../texts.js';

const TERMINAL = ['succeeded', 'failed', 'canceled'];
const R = C.runDetailsPage;

export default {
  components: { PageHeader, BackBtn, CopyChip, AdaptiveBtn, ConfirmDialog },
  props: { runId: { type: String, required: true } },
  setup(props) {
    const router = useRouter();
    const s = reactive({
      run: null,
      events: [],
      logs: null,
      error: '',
      realtime: 'connecting',
      cancelError: '',
      cancelResult: null,
      canceling: false,
      confirmCancel: false,
      confirmDelete: false,
      deleting: false,
      deleteResult: null,
    });
    const base = `${STAFF}/runs/${enc(props.runId)}`;
    let stop = null;

    async function load() {
      try {
        const [run, events, logs] = await Promise.all([
          get(base),
          get(`${base}/events?limit=200&include_payload=true`),
          get(`${base}/logs?tail_lines=200`),
        ]);
        s.run = run;
        s.events = events?.items ?? [];
        s.logs = logs;
        s.error = '';
      } catch (e) {
        s.error = errorText(e);
      }
    }
    function startRealtime() {
      stop = subscribe(`${base}/realtime?limit=200&tail_lines=200`, {
        onState: (st) => {
          s.realtime = st;
        },
        onMessage: (msg) => {
          if (msg.type === 'error') return;
          if (msg.run && msg.run.id === props.runId) s.run = msg.run;
          if (Array.isArray(msg.events)) s.events = msg.events;
          if (msg.logs) s.logs = msg.logs;
        },
      });
    }
    async function doCancel() {
      s.canceling = true;
      s.cancelError = '';
      try {
        s.cancelResult = await post(`${base}/cancel`, {});
        await load();
      } catch (e) {
        s.cancelError = errorText(e);
      } finally {
        s.canceling = false;
      }
    }
    async function doDeleteNamespace() {
      s.deleting = true;
      try {
        s.deleteResult = await del(`${base}/namespace`);
      } catch (e) {
        s.error = errorText(e);
      } finally {
        s.deleting = false;
      }
    }
    const status = computed(() => shownStatus(s.run?.status));
    const canCancel = computed(() => Boolean(s.run?.status) && !TERMINAL.includes(s.run.status));
    const realtimeColor = computed(() =>
      s.realtime === 'connected' ? 'success' : s.realtime === 'reconnecting' ? 'warning' : 'secondary',
    );
    const goBack = () => (window.history.length > 1 ? router.back() : router.push({ name: 'runs' }));
    onMounted(async () => {
      await load();
      startRealtime();
    });
    onBeforeUnmount(() => stop?.());
    return {
      s,
      status,
      canCancel,
      realtimeColor,
      goBack,
      doCancel,
      doDeleteNamespace,
      colorForRunStatus,
      formatDateTime,
      prettyJSON,
      C,
      R,
    };
  },
  template: `
    <div>
      <PageHeader :title="C.titles.runDetails">
        <template #leading><BackBtn :label="C.common.back" @click="goBack" /></template>
        <template #actions>
          <CopyChip :label="R.runId" :value="runId" icon="mdi-identifier" />
          <CopyChip v-if="s.run?.correlation_id" :label="R.correlation" :value="s.run.correlation_id" icon="mdi-link-variant" />
          <CopyChip v-if="s.run?.namespace" :label="R.namespace" :value="s.run.namespace" icon="mdi-kubernetes" />
          <AdaptiveBtn v-if="canCancel" color="warning" variant="tonal" icon="mdi-stop-circle-outline" :label="C.stopRun" :loading="s.canceling" @click="s.confirmCancel = true" />
          <AdaptiveBtn v-if="s.run?.namespace" color="error" variant="tonal" icon="mdi-delete-outline" label="Delete namespace" :loading="s.deleting" @click="s.confirmDelete = true" />
        </template>
      </PageHeader>
      <v-alert v-if="s.error" type="error" variant="tonal" class="mt-4">{{ s.error }}</v-alert>
      <v-alert v-if="s.cancelError" type="error" variant="tonal" class="mt-4">{{ s.cancelError }}</v-alert>
      <v-alert v-if="s.cancelResult" type="success" variant="tonal" class="mt-4">
        <div class="text-body-2"><span class="mono">{{ s.cancelResult.previous_status }}</span> → <span class="mono">{{ s.cancelResult.current_status }}</span>
          · {{ s.cancelResult.already_terminal ? R.runAlreadyTerminal : R.runCanceled }}</div>
      </v-alert>
      <v-row class="mt-4" density="compact">
        <v-col cols="12" md="7">
          <v-card variant="outlined">
            <v-card-title class="text-subtitle-1 d-flex align-center justify-space-between ga-2 flex-wrap">
              <span>{{ C.titles.runDetails }}</span>
              <div class="d-flex align-center ga-2 flex-wrap">
                <v-chip size="small" variant="tonal" class="font-weight-bold" :color="colorForRunStatus(status)">{{ status || '-' }}</v-chip>
                <v-chip size="small" variant="tonal" :color="realtimeColor">{{ R.realtime }}: {{ R.realtimeStates[s.realtime] }}</v-chip>
              </div>
            </v-card-title>
            <v-card-text>
              <div class="d-flex flex-column ga-2">
                <div class="text-body-2"><strong>{{ R.project }}:</strong>
                  <router-link v-if="s.run?.project_id" class="text-primary font-weight-bold text-decoration-none" :to="{ name: 'project-details', params: { projectId: s.run.project_id } }">{{ s.run.project_name || s.run.project_slug || s.run.project_id }}</router-link>
                  <span v-else class="text-medium-emphasis">-</span>
                </div>
                <div class="text-body-2"><strong>{{ R.issue }}:</strong>
                  <a v-if="s.run?.issue_url && s.run?.issue_number" class="text-primary font-weight-bold text-decoration-none mono" :href="s.run.issue_url" target="_blank" rel="noopener noreferrer">#{{ s.run.issue_number }}</a>
                  <span v-else class="text-medium-emphasis">-</span>
                </div>
                <div class="text-body-2"><strong>{{ R.pr }}:</strong>
                  <a v-if="s.run?.pr_url && s.run?.pr_number" class="text-primary font-weight-bold text-decoration-none mono" :href="s.run.pr_url" target="_blank" rel="noopener noreferrer">#{{ s.run.pr_number }}</a>
                  <span v-else class="text-medium-emphasis">-</span>
                </div>
                <div class="text-body-2"><strong>{{ R.triggerKind }}:</strong> <span class="mono">{{ s.run?.trigger_kind || '-' }}</span>
                  · <strong>{{ R.triggerLabel }}:</strong> <span class="mono">{{ s.run?.trigger_label || '-' }}</span></div>
                <div class="text-body-2"><strong>{{ R.waitState }}:</strong> <span class="mono">{{ s.run?.wait_state || '-' }}</span>
                  · <strong>{{ R.waitReason }}:</strong> <span class="mono">{{ s.run?.wait_reason || '-' }}</span></div>
                <div class="text-body-2"><strong>{{ R.agentKey }}:</strong> <span class="mono">{{ s.run?.agent_key || '-' }}</span></div>
              </div>
            </v-card-text>
          </v-card>
          <v-card class="mt-4" variant="outlined">
            <v-card-title>{{ C.flowEvents }} ({{ s.events.length }})</v-card-title>
            <v-card-text>
              <v-alert v-if="!s.events.length" type="info" variant="tonal">{{ C.states.noEvents }}</v-alert>
              <v-expansion-panels v-else density="compact" variant="accordion">
                <v-expansion-panel v-for="e in s.events" :key="e.created_at + ':' + e.event_type">
                  <v-expansion-panel-title>
                    <div class="d-flex align-center justify-space-between ga-2 flex-wrap w-100">
                      <v-chip size="x-small" variant="tonal" class="font-weight-bold">{{ e.event_type }}</v-chip>
                      <span class="mono text-medium-emphasis">{{ formatDateTime(e.created_at) }}</span>
                    </div>
                  </v-expansion-panel-title>
                  <v-expansion-panel-text><pre class="pre">{{ prettyJSON(e.payload_json) }}</pre></v-expansion-panel-text>
                </v-expansion-panel>
              </v-expansion-panels>
            </v-card-text>
          </v-card>
        </v-col>
      </v-row>
      <ConfirmDialog v-model="s.confirmCancel" :title="C.stopRun" :message="R.stopRunConfirm" :confirm-text="C.stopRun" :cancel-text="C.common.cancel" danger @confirm="doCancel" />
      <ConfirmDialog v-model="s.confirmDelete" title="Delete namespace" message="Force delete namespace for this run?" confirm-text="Delete namespace" :cancel-text="C.common.cancel" danger @confirm="doDeleteNamespace" />
    </div>`,
};
