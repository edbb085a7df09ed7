// Run Details: run + events + logs loaded together (one failure errors the page), then live over the run's
// WebSocket. "Stop run" cancels after a window.confirm.
import { computed, onBeforeUnmount, onMounted, reactive, ref } from 'vue';
import { STAFF, enc, get, post, subscribe } from '../api.js';
import { ErrorAlert, PageHeader, StatusChip, errorMessage, formatDateTime, prettyJSON } from '../ui.js';
import { T, TERMINAL_STATUSES, TITLES } from '../texts.js';

const sortNewest = (events) =>
  [...events].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));

export default {
  components: { PageHeader, ErrorAlert, StatusChip },
  props: { id: { type: String, required: true } },
  setup(props) {
    const s = reactive({
      run: null, events: [], logs: null, loading: true, error: '', realtime: 'connecting', realtimeError: '',
      canceling: false, cancelError: '', cancelResult: null,
    });
    const stop = ref(null);
    const base = `${STAFF}/runs/${enc(props.id)}`;

    async function load() {
      s.loading = true;
      s.error = '';
      try {
        const [run, events, logs] = await Promise.all([
          get(base),
          get(`${base}/events?limit=200&include_payload=true`),
          get(`${base}/logs?tail_lines=200`),
        ]);
        s.run = run;
        s.events = sortNewest(events?.items ?? []);
        s.logs = logs;
      } catch (e) {
        s.error = errorMessage(e);
      } finally {
        s.loading = false;
      }
    }

    function startRealtime() {
      stop.value = subscribe(`${base}/realtime?limit=200&tail_lines=200`, {
        onState: (st) => { s.realtime = st; },
        onMessage: (msg) => {
          if (msg.type === 'error') {
            s.realtimeError = msg.message || 'Realtime error';
            return;
          }
          s.realtimeError = '';
          if (msg.run && msg.run.id === props.id) s.run = msg.run;
          if (Array.isArray(msg.events)) s.events = sortNewest(msg.events);
          if (msg.logs) s.logs = msg.logs;
        },
      });
    }

    const terminal = computed(() => !s.run || TERMINAL_STATUSES.includes(s.run.status));
    const realtimeLabel = computed(() => T.realtime[s.realtime] || T.realtime.connecting);
    const realtimeColor = computed(() =>
      s.realtime === 'connected' ? 'success' : s.realtime === 'reconnecting' ? 'warning' : 'secondary');
    const tail = computed(() => (s.logs?.tail_lines ?? []).join('\n'));

    async function stopRun() {
      if (!window.confirm(T.stopRunConfirm)) return;
      s.canceling = true;
      s.cancelError = '';
      try {
        const res = await post(`${base}/cancel`, {});
        s.cancelResult = res;
        if (res?.current_status && s.run) s.run = { ...s.run, status: res.current_status };
      } catch (e) {
        s.cancelError = errorMessage(e);
      } finally {
        s.canceling = false;
      }
    }

    onMounted(async () => {
      await load();
      startRealtime();
    });
    onBeforeUnmount(() => stop.value?.());

    return { s, terminal, realtimeLabel, realtimeColor, tail, stopRun, formatDateTime, prettyJSON, T, TITLES };
  },
  template: `
    <div>
      <PageHeader :title="TITLES.runDetails">
        <a class="btn btn-text" href="/runs">Back to runs</a>
        <button type="button" class="btn btn-danger" :aria-label="T.stopRun" :disabled="terminal || s.canceling" @click="stopRun">
          {{ T.stopRun }}
        </button>
      </PageHeader>
      <ErrorAlert :message="s.error" />
      <ErrorAlert :message="s.cancelError" />
      <ErrorAlert :message="s.realtimeError" />
      <div v-if="s.cancelResult" class="alert alert-success" role="status">
        Run canceled: {{ s.cancelResult.previous_status }} → {{ s.cancelResult.current_status }}
      </div>

      <div class="details-grid">
        <div class="details-main">
          <section class="card" aria-labelledby="run-card-title">
            <div class="card-title row-between">
              <h2 id="run-card-title" class="text-subtitle">Run</h2>
              <div class="chips">
                <StatusChip :status="s.run?.status" />
                <span :class="['v-chip', 'text-' + realtimeColor]">{{ realtimeLabel }}</span>
              </div>
            </div>
            <dl class="fields">
              <div class="f"><dt>run_id</dt><dd class="mono">{{ s.run?.id || id }}</dd></div>
              <div class="f"><dt>correlation_id</dt><dd class="mono">{{ s.run?.correlation_id || '—' }}</dd></div>
              <div class="f"><dt>Project slug</dt><dd class="mono">{{ s.run?.project_slug || '—' }}</dd></div>
              <div class="f"><dt>Trigger kind</dt><dd class="mono">{{ s.run?.trigger_kind || '—' }}</dd></div>
              <div class="f"><dt>Trigger label</dt><dd class="mono">{{ s.run?.trigger_label || '—' }}</dd></div>
              <div class="f"><dt>agent_key</dt><dd class="mono">{{ s.run?.agent_key || '—' }}</dd></div>
              <div class="f"><dt>Job</dt><dd class="mono">{{ s.run?.job_name || T.jobNotFound }}</dd></div>
              <div class="f"><dt>Job namespace</dt><dd class="mono">{{ s.run?.job_namespace || '—' }}</dd></div>
              <div class="f"><dt>Issue</dt><dd class="mono">
                <a v-if="s.run?.issue_number && s.run?.issue_url" class="link" :href="s.run.issue_url" target="_blank" rel="noopener noreferrer">#{{ s.run.issue_number }}</a>
                <span v-else-if="s.run?.issue_number">#{{ s.run.issue_number }}</span>
                <span v-else>—</span>
              </dd></div>
              <div class="f"><dt>PR</dt><dd class="mono">
                <a v-if="s.run?.pr_number && s.run?.pr_url" class="link" :href="s.run.pr_url" target="_blank" rel="noopener noreferrer">#{{ s.run.pr_number }}</a>
                <span v-else-if="s.run?.pr_number">#{{ s.run.pr_number }}</span>
                <span v-else>—</span>
              </dd></div>
              <div class="f"><dt>Created</dt><dd class="mono">{{ formatDateTime(s.run?.created_at) }}</dd></div>
              <div class="f"><dt>Started</dt><dd class="mono">{{ formatDateTime(s.run?.started_at) }}</dd></div>
              <div class="f"><dt>Finished</dt><dd class="mono">{{ formatDateTime(s.run?.finished_at) }}</dd></div>
            </dl>
          </section>

          <section class="card" aria-labelledby="flow-events-title">
            <h2 id="flow-events-title" class="card-title">{{ T.flowEvents }} ({{ s.events.length }})</h2>
            <div class="card-text">
              <p v-if="!s.events.length" class="muted">No events yet.</p>
              <details v-for="e in s.events" :key="e.created_at + ':' + e.event_type" class="event">
                <summary><span class="v-chip text-primary">{{ e.event_type }}</span> — <span class="mono muted">{{ formatDateTime(e.created_at) }}</span></summary>
                <pre class="pre">{{ prettyJSON(e.payload_json) || '(no payload)' }}</pre>
              </details>
            </div>
          </section>
        </div>

        <section class="card details-side" aria-labelledby="run-logs-title">
          <div class="card-title row-between">
            <h2 id="run-logs-title" class="text-subtitle">{{ T.runLogs }}</h2>
            <span v-if="s.logs?.updated_at" class="mono muted small">updated {{ formatDateTime(s.logs.updated_at) }}</span>
          </div>
          <div class="card-text">
            <pre v-if="tail" class="pre logs">{{ tail }}</pre>
            <p v-else class="muted">No log lines yet.</p>
          </div>
        </section>
      </div>
    </div>`,
};
