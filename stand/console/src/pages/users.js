// Users (platform admins): the allowlist table (loaded progressively, as kodex's UsersPage.vue) and the
// "Add Allowed User" card.
import { onMounted, reactive } from 'vue';
import { del, post } from '../api.js';
import { auth, isAdmin, isOwner } from '../auth.js';
import { useList, useProgressiveTable } from '../list.js';
import { AdaptiveBtn, ConfirmDialog, PageHeader, errorText, TipIconBtn } from '../ui.js';
import { C, PATHS } from '../texts.js';

export default {
  components: { PageHeader, AdaptiveBtn, ConfirmDialog, TipIconBtn },
  setup() {
    const users = useList(PATHS.users);
    const { tablePage, itemsPerPage, load, refresh } = useProgressiveTable(users, (limit) => users.load(limit));
    const form = reactive({ email: '', isAdmin: false, creating: false, error: '' });
    const confirm = reactive({ open: false, id: '', email: '' });
    const [email, github, admin] = C.usersColumns;
    const headers = [
      { title: email, key: 'email', align: 'start' },
      { title: github, key: 'github_login', width: 220, align: 'center' },
      { title: admin, key: 'is_platform_admin', width: 160, align: 'center' },
      { title: '', key: 'actions', sortable: false, width: 112, align: 'end' },
    ];
    async function create() {
      form.creating = true;
      form.error = '';
      try {
        await post(PATHS.users, { email: form.email.trim(), is_platform_admin: form.isAdmin });
        form.email = '';
        form.isAdmin = false;
        await load();
      } catch (e) {
        form.error = errorText(e);
      } finally {
        form.creating = false;
      }
    }
    const edit = reactive({ open: false, email: '', isAdmin: false });
    async function saveEdit() {
      try {
        await post(PATHS.users, { email: edit.email, is_platform_admin: edit.isAdmin });
      } catch (e) {
        users.error = errorText(e);
      }
      edit.open = false;
      await load();
    }
    const canEdit = (u) => isAdmin() && !u.is_platform_owner && u.id !== auth.me?.id;
    const canDelete = (u) => {
      if (!auth.me || u.id === auth.me.id) return false;
      if (isOwner()) return true;
      return isAdmin() && !u.is_platform_owner && !u.is_platform_admin; // admins cannot delete other admins
    };
    async function doRemove() {
      try {
        await del(PATHS.user(confirm.id));
      } catch (e) {
        users.error = errorText(e);
      }
      await load();
    }
    onMounted(refresh);
    return {
      users,
      tablePage,
      itemsPerPage,
      refresh,
      form,
      confirm,
      edit,
      headers,
      create,
      canEdit,
      canDelete,
      saveEdit,
      doRemove,
      C,
    };
  },
  template: `
    <div>
      <PageHeader :title="C.titles.users">
        <template #actions><AdaptiveBtn variant="tonal" icon="mdi-refresh" :label="C.common.refresh" :loading="users.loading" @click="refresh" /></template>
      </PageHeader>
      <v-row class="mt-4" density="compact">
        <v-col cols="12" md="8">
          <v-alert v-if="users.error" type="error" variant="tonal" class="mb-4">{{ users.error }}</v-alert>
          <v-card variant="outlined"><v-card-text>
            <v-data-table v-model:page="tablePage" :headers="headers" :items="users.items" :loading="users.loading" :items-per-page="itemsPerPage" hover>
              <template #item.github_login="{ item }"><span class="mono text-medium-emphasis">{{ item.github_login || '-' }}</span></template>
              <template #item.is_platform_admin="{ item }">
                <div class="d-flex justify-center">
                  <v-chip size="small" variant="tonal" class="font-weight-bold" :color="item.is_platform_admin ? 'warning' : 'secondary'">{{ item.is_platform_admin ? C.usersPage.yes : C.usersPage.no }}</v-chip>
                </div>
              </template>
              <template #item.actions="{ item }">
                <div class="d-flex justify-end">
                  <TipIconBtn v-if="canEdit(item)" tip="Edit" icon="mdi-pencil-outline" variant="text" @click="Object.assign(edit, { open: true, email: item.email, isAdmin: item.is_platform_admin })" />
                  <TipIconBtn v-if="canDelete(item)" :tip="C.common.delete" icon="mdi-delete-outline" color="error" variant="tonal" @click="Object.assign(confirm, { open: true, id: item.id, email: item.email })" />
                </div>
              </template>
              <template #no-data><div class="py-8 text-medium-emphasis">{{ C.states.noUsers }}</div></template>
            </v-data-table>
          </v-card-text></v-card>
        </v-col>
        <v-col cols="12" md="4">
          <v-card variant="outlined">
            <v-card-title class="text-subtitle-1">{{ C.addAllowedUser }}</v-card-title>
            <v-card-text>
              <div class="text-body-2 text-medium-emphasis mb-4">{{ C.usersPage.hint }}</div>
              <v-text-field v-model="form.email" :label="C.usersPage.email" placeholder="user@example.com" />
              <v-checkbox v-model="form.isAdmin" :label="C.usersPage.platformAdmin" />
              <v-btn class="mt-2" color="primary" variant="tonal" :loading="form.creating" @click="create">{{ C.common.createOrUpdate }}</v-btn>
              <v-alert v-if="form.error" type="error" variant="tonal" class="mt-4">{{ form.error }}</v-alert>
            </v-card-text>
          </v-card>
        </v-col>
      </v-row>
      <v-dialog v-model="edit.open" max-width="520">
        <v-card>
          <v-card-title class="text-subtitle-1">Edit user</v-card-title>
          <v-card-text>
            <v-text-field v-model="edit.email" :label="C.usersPage.email" disabled />
            <v-checkbox v-model="edit.isAdmin" :label="C.usersPage.platformAdmin" />
          </v-card-text>
          <v-card-actions>
            <v-spacer />
            <v-btn variant="text" @click="edit.open = false">{{ C.common.cancel }}</v-btn>
            <v-btn color="primary" variant="tonal" @click="saveEdit">{{ C.save }}</v-btn>
          </v-card-actions>
        </v-card>
      </v-dialog>
      <ConfirmDialog v-model="confirm.open" :title="C.common.delete" :message="confirm.email" :confirm-text="C.common.delete" :cancel-text="C.common.cancel" danger @confirm="doRemove" />
    </div>`,
};
