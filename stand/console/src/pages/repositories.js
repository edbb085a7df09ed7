// Project Repositories (platform admins): attached repositories (loaded progressively, as kodex's
// ProjectRepositoriesPage.vue) and the "Attach GitHub Repository" card.
import { onMounted, reactive } from 'vue';
import { post } from '../api.js';
import { useList, useProgressiveTable } from '../list.js';
import { ProjectPageHeader, errorText, formatDateTime } from '../ui.js';
import { C, PATHS } from '../texts.js';

const P = C.reposPage;

export default {
  components: { ProjectPageHeader },
  props: { projectId: { type: String, required: true } },
  setup(props) {
    const repos = useList(PATHS.repositories(props.projectId));
    const { tablePage, itemsPerPage, load, refresh } = useProgressiveTable(repos, (limit) => repos.load(limit));
    const form = reactive({
      owner: '',
      name: '',
      servicesYamlPath: 'services.yaml',
      token: '',
      saving: false,
      error: '',
    });
    const [provider, repo, servicesYaml, bot, preflight] = C.reposColumns;
    const headers = [
      { title: provider, key: 'provider', width: 160, align: 'start' },
      { title: repo, key: 'repo', sortable: false, width: 260, align: 'center' },
      { title: servicesYaml, key: 'services_yaml_path', width: 220, align: 'center' },
      { title: bot, key: 'bot', sortable: false, width: 220, align: 'center' },
      { title: preflight, key: 'preflight_updated_at', width: 200, align: 'center' },
      { title: '', key: 'actions', sortable: false, width: 72, align: 'end' },
    ];
    async function attach() {
      form.saving = true;
      form.error = '';
      try {
        await post(PATHS.repositories(props.projectId), {
          provider: 'github',
          owner: form.owner.trim(),
          name: form.name.trim(),
          token: form.token,
          services_yaml_path: form.servicesYamlPath.trim(),
        });
        form.owner = '';
        form.name = '';
        await load();
      } catch (e) {
        form.error = errorText(e);
      } finally {
        form.token = '';
        form.saving = false;
      }
    }
    onMounted(refresh);
    return { repos, tablePage, itemsPerPage, refresh, form, headers, attach, formatDateTime, C, P };
  },
  template: `
    <div>
      <ProjectPageHeader :title="C.titles.repositories" :project-id-label="P.projectId" :project-id="projectId" :loading="repos.loading" @refresh="refresh" />
      <v-alert v-if="repos.error" type="error" variant="tonal" class="mt-4">{{ repos.error }}</v-alert>
      <v-card class="mt-4" variant="outlined"><v-card-text>
        <v-data-table v-model:page="tablePage" :headers="headers" :items="repos.items" :loading="repos.loading" :items-per-page="itemsPerPage" hover>
          <template #item.repo="{ item }"><span class="mono">{{ item.owner }}/{{ item.name }}</span></template>
          <template #item.bot="{ item }"><span class="mono text-medium-emphasis">{{ item.bot_username || '-' }}</span></template>
          <template #item.preflight_updated_at="{ item }"><span class="mono text-medium-emphasis">{{ formatDateTime(item.preflight_updated_at) }}</span></template>
          <template #no-data><div class="py-8 text-medium-emphasis">{{ C.states.noRepos }}</div></template>
        </v-data-table>
      </v-card-text></v-card>
      <v-card class="mt-6" variant="outlined">
        <v-card-title class="text-subtitle-1">{{ P.attachTitle }}</v-card-title>
        <v-card-text>
          <v-row density="compact">
            <v-col cols="12" md="3"><v-text-field v-model="form.owner" :label="P.owner" /></v-col>
            <v-col cols="12" md="3"><v-text-field v-model="form.name" :label="P.name" /></v-col>
            <v-col cols="12" md="3"><v-text-field v-model="form.servicesYamlPath" :label="P.servicesYamlPath" /></v-col>
            <v-col cols="12" md="3"><v-text-field v-model="form.token" :label="P.repoToken" type="password" /></v-col>
          </v-row>
          <v-btn color="primary" variant="tonal" :loading="form.saving" @click="attach">{{ C.attachRepository }}</v-btn>
          <v-alert v-if="form.error" type="error" variant="tonal" class="mt-4">{{ form.error }}</v-alert>
        </v-card-text>
      </v-card>
    </div>`,
};
