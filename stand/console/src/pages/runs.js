// Runs: the list lives on the runs WebSocket (each snapshot replaces the page), like kodex's RunsPage.
import { onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { STAFF, subscribe } from '../api.js';
import { PageHeader, colorForRunStatus, formatDateTime, shownStatus, TipIconBtn } from '../ui.js';
import { C } from '../texts.js';

export default {
  components: { PageHeader, TipIconBtn },
  setup() {
    const items = ref([]);
    const total = ref(0);
    const waitQueue = ref(0);
    const pendingApprovals = ref(0);
    const loading = ref(true);
    const error = ref('');
    const page = ref(1);
    const perPage = ref(20);
    let stop = null;
    const [status, project, issue, pr, triggerLabel, started, finished] = C.runsColumns;
    const headers = [
      { title: status, key: 'status', width: 140, align: 'center' },
      { title: project, key: 'project', sortable: false, width: 220, align: 'center' },
      { title: issue, key: 'issue', sortable: false, width: 120, align: 'center' },
      { title: pr, key: 'pr', sortable: false, width: 120, align: 'center' },
      { title: triggerLabel, key: 'trigger_label', width: 200, align: 'center' },
      { title: started, key: 'started_at', width: 180, align: 'center' },
      { title: finished, key: 'finished_at', width: 180, align: 'center' },
      { title: '', key: 'actions', sortable: false, width: 72, align: 'end' },
    ];
    function onMessage(msg) {
      if (msg.type === 'error') {
        error.value = 'Unknown error';
        loading.value = false;
        return;
      }
      if (!msg.pagination) return;
      waitQueue.value = msg.wait_queue_count ?? 0;
      pendingApprovals.value = msg.pending_approvals_count ?? 0;
      items.value = msg.items ?? [];
      total.value = msg.pagination.total_count;
      error.value = '';
      loading.value = false;
    }
    function start() {
      stop?.();
      loading.value = true;
      stop = subscribe(`${STAFF}/runs/realtime?page=${page.value}&page_size=${perPage.value}`, { onMessage });
    }
    watch([page, perPage], start);
    onMounted(start);
    onBeforeUnmount(() => stop?.());
    return {
      items,
      total,
      waitQueue,
      pendingApprovals,
      loading,
      error,
      page,
      perPage,
      headers,
      colorForRunStatus,
      shownStatus,
      formatDateTime,
      C,
    };
  },
  template: `
    <div>
      <PageHeader :title="C.titles.runs" />
      <v-alert v-if="error" type="error" variant="tonal" class="mt-4">{{ error }}</v-alert>
      <v-row class="mt-4" density="compact">
        <v-col cols="12" md="4">
          <v-card variant="tonal"><v-card-text>
            <div class="text-caption text-medium-emphasis">{{ C.titles.runs }}</div>
            <div class="text-h6 font-weight-bold">{{ total }}</div>
          </v-card-text></v-card>
        </v-col>
        <v-col cols="12" md="4">
          <v-card variant="tonal"><v-card-text class="d-flex align-center justify-space-between ga-2 flex-wrap">
            <div>
              <div class="text-caption text-medium-emphasis">{{ C.runsPage.waitQueue }}</div>
              <div class="text-h6 font-weight-bold">{{ waitQueue }}</div>
            </div>
            <v-btn size="small" variant="text" icon="mdi-open-in-new" :title="C.details" :to="{ name: 'wait-queue' }" />
          </v-card-text></v-card>
        </v-col>
        <v-col cols="12" md="4">
          <v-card variant="tonal"><v-card-text class="d-flex align-center justify-space-between ga-2 flex-wrap">
            <div>
              <div class="text-caption text-medium-emphasis">{{ C.runsPage.pendingApprovals }}</div>
              <div class="text-h6 font-weight-bold">{{ pendingApprovals }}</div>
            </div>
            <v-btn size="small" variant="text" icon="mdi-open-in-new" :title="C.details" :to="{ name: 'approvals' }" />
          </v-card-text></v-card>
        </v-col>
      </v-row>
      <v-card class="mt-4" variant="outlined">
        <v-card-text>
          <v-data-table-server v-model:page="page" v-model:items-per-page="perPage" :headers="headers" :items="items"
            :items-length="total" :loading="loading" :items-per-page-options="[10, 20, 50, 100]" hover>
            <template #item.status="{ item }">
              <div class="d-flex justify-center">
                <v-chip size="small" variant="tonal" class="font-weight-bold" :color="colorForRunStatus(shownStatus(item.status))">{{ shownStatus(item.status) }}</v-chip>
              </div>
            </template>
            <template #item.project="{ item }">
              <router-link v-if="item.project_id" class="text-primary font-weight-bold text-decoration-none"
                :to="{ name: 'project-details', params: { projectId: item.project_id } }">{{ item.project_name || item.project_slug || item.project_id }}</router-link>
              <span v-else class="text-medium-emphasis">-</span>
            </template>
            <template #item.issue="{ item }">
              <a v-if="item.issue_url && item.issue_number" class="text-primary font-weight-bold text-decoration-none mono" :href="item.issue_url" target="_blank" rel="noopener noreferrer">#{{ item.issue_number }}</a>
              <span v-else class="text-medium-emphasis">-</span>
            </template>
            <template #item.pr="{ item }">
              <a v-if="item.pr_url && item.pr_number" class="text-primary font-weight-bold text-decoration-none mono" :href="item.pr_url" target="_blank" rel="noopener noreferrer">#{{ item.pr_number }}</a>
              <span v-else class="text-medium-emphasis">-</span>
            </template>
            <template #item.started_at="{ item }"><span class="mono text-medium-emphasis">{{ formatDateTime(item.started_at) }}</span></template>
            <template #item.finished_at="{ item }"><span class="mono text-medium-emphasis">{{ formatDateTime(item.finished_at) }}</span></template>
            <template #item.actions="{ item }">
              <TipIconBtn :tip="C.details" icon="mdi-open-in-new" variant="text" :to="{ name: 'run-details', params: { runId: item.id } }" />
            </template>
            <template #no-data><div class="py-8 text-medium-emphasis">{{ C.noRuns }}</div></template>
          </v-data-table-server>
        </v-card-text>
      </v-card>
    </div>`,
};
