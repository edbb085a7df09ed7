// Project Repositories (platform admins): bindings list, attach (validates repo + ensures webhook), delete.
import { onMounted, reactive, ref } from 'vue';
import { STAFF, enc, get, post } from '../api.js';
import { ConfirmDialog, ErrorAlert, PageHeader, errorMessage, useConfirmedDelete, formatDateTime } from '../ui.js';
import { T, TITLES } from '../texts.js';

const COLUMNS = ['Provider', 'Repo', 'services.yaml', 'Bot', 'Preflight updated'];

export default {
  components: { PageHeader, ErrorAlert, ConfirmDialog },
  props: { projectId: { type: String, required: true } },
  setup(props) {
    const base = `${STAFF}/projects/${enc(props.projectId)}/repositories`;
    const items = ref([]);
    const loading = ref(true);
    const error = ref('');
    const form = reactive({ owner: '', name: '', servicesYamlPath: 'services.yaml', token: '', saving: false, error: '' });

    async function load() {
      loading.value = true;
      try {
        items.value = (await get(base))?.items ?? [];
        error.value = '';
      } catch (e) {
        error.value = errorMessage(e);
      } finally {
        loading.value = false;
      }
    }

    async function attach() {
      form.saving = true;
      form.error = '';
      const body = {
        provider: 'github',
        owner: form.owner.trim(),
        name: form.name.trim(),
        token: form.token,
        services_yaml_path: form.servicesYamlPath.trim(),
      };
      try {
        await post(base, body);
        form.owner = '';
        form.name = '';
        await load();
      } catch (e) {
        form.error = errorMessage(e);
      } finally {
        form.token = '';
        form.saving = false;
      }
    }

    const { confirm, askDelete, doDelete } = useConfirmedDelete((r) => `${base}/${enc(r.id)}`, load, error);
    onMounted(load);
    return { items, loading, error, form, confirm, attach, askDelete, doDelete, formatDateTime, COLUMNS, T, TITLES };
  },
  template: `
    <div>
      <PageHeader :title="TITLES.repositories">
        <a class="btn btn-text" href="/projects">Back to projects</a>
      </PageHeader>
      <ErrorAlert :message="error" />
      <section class="card">
        <table class="data-table">
          <thead>
            <tr>
              <th v-for="c in COLUMNS" :key="c" scope="col">{{ c }}</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            <tr v-for="r in items" :key="r.id">
              <td>{{ r.provider }}</td>
              <td class="mono">{{ r.owner }}/{{ r.name }}</td>
              <td class="mono">{{ r.services_yaml_path }}</td>
              <td class="mono">{{ r.bot_username || '—' }}</td>
              <td class="mono muted">{{ formatDateTime(r.preflight_updated_at) }}</td>
              <td class="actions">
                <button type="button" class="icon-btn danger" :aria-label="T.delete" :title="T.delete" @click="askDelete(r)">
                  <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 3v1H4v2h1v13a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V6h1V4h-5V3H9m0 5h2v9H9V8m4 0h2v9h-2V8Z"/></svg>
                </button>
              </td>
            </tr>
            <tr v-if="!loading && !items.length" class="empty-row"><td :colspan="COLUMNS.length + 1">No repositories attached.</td></tr>
          </tbody>
        </table>
      </section>

      <section class="card" aria-labelledby="attach-repo-title">
        <h2 id="attach-repo-title" class="card-title">{{ T.attachRepositoryTitle }}</h2>
        <form class="card-text form-grid form-row" aria-labelledby="attach-repo-title" novalidate @submit.prevent="attach">
          <label class="field">
            <span class="field-label">Owner</span>
            <input v-model="form.owner" name="owner" autocomplete="off" />
          </label>
          <label class="field">
            <span class="field-label">Name</span>
            <input v-model="form.name" name="name" autocomplete="off" />
          </label>
          <label class="field">
            <span class="field-label">services.yaml path</span>
            <input v-model="form.servicesYamlPath" name="services_yaml_path" autocomplete="off" />
          </label>
          <label class="field">
            <span class="field-label">Repo token (stored encrypted in DB)</span>
            <input v-model="form.token" type="password" name="token" autocomplete="new-password" />
          </label>
          <ErrorAlert class="full" :message="form.error" />
          <div class="full"><button type="submit" class="btn btn-primary" :disabled="form.saving">{{ T.attachRepository }}</button></div>
        </form>
      </section>

      <ConfirmDialog :open="confirm.open" title="Detach repository"
        :message="'Detach ' + (confirm.item ? confirm.item.owner + '/' + confirm.item.name : '') + ' from this project?'"
        @confirm="doDelete" @cancel="confirm.open = false" />
    </div>`,
};
