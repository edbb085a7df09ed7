// Projects: list, plus "Create project" (platform admins).
import { computed, inject, onMounted, reactive, ref } from 'vue';
import { get, post, STAFF } from '../api.js';
import { ErrorAlert, Modal, PageHeader, errorMessage } from '../ui.js';
import { PROJECTS_COLUMNS, T, TITLES } from '../texts.js';

export default {
  components: { PageHeader, ErrorAlert, Modal },
  setup() {
    const auth = inject('auth');
    const isAdmin = computed(() => Boolean(auth?.value?.user?.is_platform_admin));
    const items = ref([]);
    const loading = ref(true);
    const error = ref('');
    const dialog = reactive({ open: false, slug: '', name: '', saving: false, error: '' });

    async function load() {
      loading.value = true;
      error.value = '';
      try {
        items.value = (await get(`${STAFF}/projects`))?.items ?? [];
      } catch (e) {
        error.value = errorMessage(e);
      } finally {
        loading.value = false;
      }
    }

    function openDialog() {
      Object.assign(dialog, { open: true, slug: '', name: '', saving: false, error: '' });
    }

    async function save() {
      dialog.saving = true;
      dialog.error = '';
      try {
        await post(`${STAFF}/projects`, { slug: dialog.slug.trim(), name: dialog.name.trim() });
        dialog.open = false;
        await load();
      } catch (e) {
        dialog.error = errorMessage(e);
      } finally {
        dialog.saving = false;
      }
    }

    onMounted(load);
    return { isAdmin, items, loading, error, dialog, openDialog, save, T, TITLES, PROJECTS_COLUMNS };
  },
  template: `
    <div>
      <PageHeader :title="TITLES.projects">
        <button v-if="isAdmin" type="button" class="btn btn-primary" :aria-label="T.createProject" @click="openDialog">
          {{ T.createProject }}
        </button>
      </PageHeader>
      <ErrorAlert :message="error" />
      <section class="card">
        <table class="data-table">
          <thead><tr><th v-for="c in PROJECTS_COLUMNS" :key="c" scope="col">{{ c }}</th></tr></thead>
          <tbody>
            <tr v-for="p in items" :key="p.id">
              <td><a class="link mono" :href="'/projects/' + p.id + '/repositories'">{{ p.slug }}</a></td>
              <td>{{ p.name }}</td>
              <td><span class="v-chip text-primary">{{ p.role }}</span></td>
              <td class="manage">
                <a class="btn btn-text btn-small" :href="'/projects/' + p.id + '/repositories'">Repositories</a>
                <a class="btn btn-text btn-small" :href="'/projects/' + p.id + '/members'">Members</a>
              </td>
            </tr>
            <tr v-if="!loading && !items.length" class="empty-row">
              <td :colspan="PROJECTS_COLUMNS.length">{{ T.noProjects }}</td>
            </tr>
            <tr v-if="loading && !items.length" class="empty-row">
              <td :colspan="PROJECTS_COLUMNS.length">{{ T.loading }}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <Modal :open="dialog.open" :title="T.createProject" @close="dialog.open = false">
        <form id="create-project-form" class="form-grid" novalidate @submit.prevent="save">
          <label class="field">
            <span class="field-label">Slug</span>
            <input v-model="dialog.slug" name="slug" autocomplete="off" />
          </label>
          <label class="field">
            <span class="field-label">Name</span>
            <input v-model="dialog.name" name="name" autocomplete="off" />
          </label>
        </form>
        <ErrorAlert :message="dialog.error" />
        <template #actions>
          <button type="button" class="btn btn-text" @click="dialog.open = false">{{ T.cancel }}</button>
          <button type="submit" form="create-project-form" class="btn btn-primary" :disabled="dialog.saving">{{ T.save }}</button>
        </template>
      </Modal>
    </div>`,
};
