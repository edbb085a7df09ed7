// Runs: live list over the runs WebSocket (snapshots replace the list), summary cards, paging.
import { computed, onBeforeUnmount, onMounted, reactive, ref } from 'vue';
import { STAFF, subscribe } from '../api.js';
import { ErrorAlert, PageHeader, StatusChip, formatDateTime } from '../ui.js';
import { RUNS_COLUMNS, T, TITLES } from '../texts.js';

const PAGE_SIZE = 20;

export default {
  components: { PageHeader, ErrorAlert, StatusChip },
  setup() {
    const state = reactive({
      items: [], total: 0, waitQueue: 0, pendingApprovals: 0, page: 1, loaded: false, error: '', realtime: 'connecting',
    });
    const stop = ref(null);

    function connect() {
      stop.value?.();
      const query = `page=${state.page}&page_size=${PAGE_SIZE}`;
      stop.value = subscribe(`${STAFF}/runs/realtime?${query}`, {
        onState: (s) => { state.realtime = s; },
        onMessage: (msg) => {
          if (msg.type === 'error') {
            state.error = msg.message || 'Realtime error';
            return;
          }
          if (msg.type !== 'snapshot') return;
          state.error = '';
          state.items = Array.isArray(msg.items) ? msg.items : [];
          state.total = msg.pagination?.total_count ?? state.items.length;
          state.waitQueue = msg.wait_queue_count ?? 0;
          state.pendingApprovals = msg.pending_approvals_count ?? 0;
          state.loaded = true;
        },
      });
    }

    const pages = computed(() => Math.max(1, Math.ceil(state.total / PAGE_SIZE)));
    function goPage(p) {
      if (p < 1 || p > pages.value || p === state.page) return;
      state.page = p;
      connect();
    }

    onMounted(connect);
    onBeforeUnmount(() => stop.value?.());
    return { state, pages, goPage, formatDateTime, T, TITLES, RUNS_COLUMNS };
  },
  template: `
    <div>
      <PageHeader :title="TITLES.runs" />
      <ErrorAlert :message="state.error" />
      <div class="summary-cards">
        <section class="card summary-card" aria-label="Runs">
          <div class="text-caption">Runs</div>
          <div class="text-h6">{{ state.total }}</div>
        </section>
        <section class="card summary-card" :aria-label="T.waitQueue">
          <div class="text-caption">{{ T.waitQueue }}</div>
          <div class="text-h6">{{ state.waitQueue }}</div>
        </section>
        <section class="card summary-card" :aria-label="T.pendingApprovals">
          <div class="text-caption">{{ T.pendingApprovals }}</div>
          <div class="text-h6">{{ state.pendingApprovals }}</div>
        </section>
      </div>
      <section class="card">
        <table class="data-table">
          <thead>
            <tr>
              <th v-for="c in RUNS_COLUMNS" :key="c" scope="col">{{ c }}</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            <tr v-for="r in state.items" :key="r.id">
              <td><StatusChip :status="r.status" /></td>
              <td>{{ r.project_slug || '—' }}</td>
              <td class="mono">
                <a v-if="r.issue_number && r.issue_url" class="link" :href="r.issue_url" target="_blank" rel="noopener noreferrer">#{{ r.issue_number }}</a>
                <span v-else-if="r.issue_number">#{{ r.issue_number }}</span>
                <span v-else class="muted">—</span>
              </td>
              <td class="mono">
                <a v-if="r.pr_number && r.pr_url" class="link" :href="r.pr_url" target="_blank" rel="noopener noreferrer">#{{ r.pr_number }}</a>
                <span v-else-if="r.pr_number">#{{ r.pr_number }}</span>
                <span v-else class="muted">—</span>
              </td>
              <td class="mono">{{ r.trigger_label || '—' }}</td>
              <td class="mono muted">{{ formatDateTime(r.started_at) }}</td>
              <td class="mono muted">{{ formatDateTime(r.finished_at) }}</td>
              <td class="actions">
                <a class="icon-btn" :href="'/runs/' + r.id" :aria-label="T.details" :title="T.details">
                  <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M14 3v2h3.59l-9.83 9.83 1.41 1.41L19 6.41V10h2V3h-7M19 19H5V5h7V3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2v-7h-2v7Z"/></svg>
                </a>
              </td>
            </tr>
            <tr v-if="state.loaded && !state.items.length" class="empty-row">
              <td :colspan="RUNS_COLUMNS.length + 1">{{ T.noRuns }}</td>
            </tr>
            <tr v-if="!state.loaded" class="empty-row">
              <td :colspan="RUNS_COLUMNS.length + 1">{{ T.loading }}</td>
            </tr>
          </tbody>
        </table>
        <div v-if="pages > 1" class="pager">
          <button type="button" class="btn btn-text btn-small" :disabled="state.page <= 1" @click="goPage(state.page - 1)">Previous page</button>
          <span>Page {{ state.page }} of {{ pages }}</span>
          <button type="button" class="btn btn-text btn-small" :disabled="state.page >= pages" @click="goPage(state.page + 1)">Next page</button>
        </div>
      </section>
    </div>`,
};
