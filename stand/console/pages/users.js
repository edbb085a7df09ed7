// Users (platform admins): the allowlist, add and delete.
import { onMounted, reactive, ref } from 'vue';
import { STAFF, enc, get, post } from '../api.js';
import { ConfirmDialog, ErrorAlert, PageHeader, errorMessage, useConfirmedDelete } from '../ui.js';
import { T, TITLES, USERS_COLUMNS } from '../texts.js';

export default {
  components: { PageHeader, ErrorAlert, ConfirmDialog },
  setup() {
    const items = ref([]);
    const loading = ref(true);
    const error = ref('');
    const form = reactive({ email: '', isAdmin: false, saving: false, error: '' });

    async function load() {
      loading.value = true;
      try {
        items.value = (await get(`${STAFF}/users`))?.items ?? [];
        error.value = '';
      } catch (e) {
        error.value = errorMessage(e);
      } finally {
        loading.value = false;
      }
    }

    async function add() {
      form.saving = true;
      form.error = '';
      try {
        await post(`${STAFF}/users`, { email: form.email.trim(), is_platform_admin: form.isAdmin });
        form.email = '';
        form.isAdmin = false;
        await load();
      } catch (e) {
        form.error = errorMessage(e);
      } finally {
        form.saving = false;
      }
    }

    const { confirm, askDelete, doDelete } = useConfirmedDelete((u) => `${STAFF}/users/${enc(u.id)}`, load, error);
    onMounted(load);
    return { items, loading, error, form, confirm, add, askDelete, doDelete, T, TITLES, USERS_COLUMNS };
  },
  template: `
    <div>
      <PageHeader :title="TITLES.users" />
      <ErrorAlert :message="error" />
      <div class="two-col">
        <section class="card">
          <table class="data-table">
            <thead>
              <tr>
                <th v-for="c in USERS_COLUMNS" :key="c" scope="col">{{ c }}</th>
                <th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              <tr v-for="u in items" :key="u.id">
                <td>{{ u.email }}</td>
                <td class="mono">{{ u.github_login || '—' }}</td>
                <td>{{ u.is_platform_admin ? 'yes' : 'no' }}</td>
                <td class="actions">
                  <button type="button" class="icon-btn danger" :aria-label="T.delete" :title="T.delete" @click="askDelete(u)">
                    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 3v1H4v2h1v13a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V6h1V4h-5V3H9m0 5h2v9H9V8m4 0h2v9h-2V8Z"/></svg>
                  </button>
                </td>
              </tr>
              <tr v-if="!loading && !items.length" class="empty-row"><td :colspan="USERS_COLUMNS.length + 1">No users.</td></tr>
            </tbody>
          </table>
        </section>

        <section class="card" aria-labelledby="add-user-title">
          <h2 id="add-user-title" class="card-title">{{ T.addAllowedUser }}</h2>
          <form class="card-text form-grid" aria-labelledby="add-user-title" novalidate @submit.prevent="add">
            <label class="field">
              <span class="field-label">Email</span>
              <input v-model="form.email" type="email" name="email" autocomplete="off" />
            </label>
            <label class="checkbox">
              <input v-model="form.isAdmin" type="checkbox" name="is_platform_admin" />
              <span>Platform admin</span>
            </label>
            <ErrorAlert :message="form.error" />
            <div><button type="submit" class="btn btn-primary" :disabled="form.saving">Add</button></div>
          </form>
        </section>
      </div>

      <ConfirmDialog :open="confirm.open" title="Delete user" :message="'Delete ' + (confirm.item?.email || '') + '?'"
        @confirm="doDelete" @cancel="confirm.open = false" />
    </div>`,
};
