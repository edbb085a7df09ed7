// Project Members (platform admins): role and learning-mode override per member, add by email, remove.
import { onMounted, reactive, ref } from 'vue';
import { STAFF, enc, get, post, put } from '../api.js';
import { ConfirmDialog, ErrorAlert, PageHeader, errorMessage, useConfirmedDelete } from '../ui.js';
import { MEMBER_ROLES, T, TITLES } from '../texts.js';

const COLUMNS = ['Email', 'Role', 'Learning override'];
const overrideValue = (v) => (v === true ? 'true' : v === false ? 'false' : 'inherit');

export default {
  components: { PageHeader, ErrorAlert, ConfirmDialog },
  props: { projectId: { type: String, required: true } },
  setup(props) {
    const base = `${STAFF}/projects/${enc(props.projectId)}/members`;
    const items = ref([]);
    const loading = ref(true);
    const error = ref('');
    const form = reactive({ email: '', role: 'read', saving: false, error: '' });

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

    async function changeRole(m, role) {
      try {
        await post(base, { user_id: m.user_id, role });
        error.value = '';
      } catch (e) {
        error.value = errorMessage(e);
      }
      await load();
    }

    async function changeLearning(m, value) {
      const enabled = value === 'true' ? true : value === 'false' ? false : null;
      try {
        await put(`${base}/${enc(m.user_id)}/learning-mode`, { enabled });
        error.value = '';
      } catch (e) {
        error.value = errorMessage(e);
      }
      await load();
    }

    async function add() {
      form.saving = true;
      form.error = '';
      try {
        await post(base, { email: form.email.trim(), role: form.role });
        form.email = '';
        await load();
      } catch (e) {
        form.error = errorMessage(e);
      } finally {
        form.saving = false;
      }
    }

    const { confirm, askDelete, doDelete } = useConfirmedDelete((m) => `${base}/${enc(m.user_id)}`, load, error);
    onMounted(load);
    return {
      items, loading, error, form, confirm, changeRole, changeLearning, add, askDelete, doDelete, overrideValue,
      COLUMNS, MEMBER_ROLES, T, TITLES,
    };
  },
  template: `
    <div>
      <PageHeader :title="TITLES.members">
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
            <tr v-for="m in items" :key="m.user_id">
              <td>{{ m.email }}</td>
              <td>
                <select aria-label="Role" :value="m.role" @change="changeRole(m, $event.target.value)">
                  <option v-for="r in MEMBER_ROLES" :key="r" :value="r">{{ r }}</option>
                </select>
              </td>
              <td>
                <select aria-label="Learning override" :value="overrideValue(m.learning_mode_override)" @change="changeLearning(m, $event.target.value)">
                  <option value="inherit">inherit</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              </td>
              <td class="actions">
                <button type="button" class="icon-btn danger" :aria-label="T.delete" :title="T.delete" @click="askDelete(m)">
                  <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 3v1H4v2h1v13a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V6h1V4h-5V3H9m0 5h2v9H9V8m4 0h2v9h-2V8Z"/></svg>
                </button>
              </td>
            </tr>
            <tr v-if="!loading && !items.length" class="empty-row"><td :colspan="COLUMNS.length + 1">No members.</td></tr>
          </tbody>
        </table>
      </section>

      <section class="card" aria-labelledby="add-member-title">
        <h2 id="add-member-title" class="card-title">Add Project Member</h2>
        <form class="card-text form-grid form-row" aria-labelledby="add-member-title" novalidate @submit.prevent="add">
          <label class="field">
            <span class="field-label">Email</span>
            <input v-model="form.email" type="email" name="email" autocomplete="off" />
          </label>
          <label class="field">
            <span class="field-label">Role</span>
            <select v-model="form.role" name="role">
              <option v-for="r in MEMBER_ROLES" :key="r" :value="r">{{ r }}</option>
            </select>
          </label>
          <ErrorAlert class="full" :message="form.error" />
          <div class="full"><button type="submit" class="btn btn-primary" :disabled="form.saving">Add member</button></div>
        </form>
      </section>

      <ConfirmDialog :open="confirm.open" title="Remove member"
        :message="'Remove ' + (confirm.item?.email || '') + ' from this project?'" confirm-text="Remove"
        @confirm="doDelete" @cancel="confirm.open = false" />
    </div>`,
};
