// Projects: the Name is the link to the project, the slug is plain text; admins create and edit in a dialog.
// The table loads progressively, as kodex's ProjectsPage.vue.
import { computed, onMounted, reactive } from 'vue';
import { del, get, post } from '../api.js';
import { auth, isAdmin, isOwner } from '../auth.js';
import { projectContext } from '../context.js';
import { AdaptiveBtn, ConfirmDialog, PageHeader, errorText, TipIconBtn } from '../ui.js';
import { useProgressiveTable } from '../list.js';
import { C, PATHS } from '../texts.js';

const roleColor = (role) => (role === 'admin' ? 'warning' : role === 'read_write' ? 'primary' : 'secondary');

export default {
  components: { PageHeader, AdaptiveBtn, ConfirmDialog, TipIconBtn },
  setup() {
    const s = reactive({ items: [], loading: true, error: '', saving: false, saveError: '' });
    const dialog = reactive({ open: false, mode: 'create', slug: '', name: '' });
    const confirm = reactive({ open: false, id: '', name: '' });
    const headers = [
      { title: C.projectsPage.slug, key: 'slug', width: 220, align: 'start' },
      { title: C.projectsPage.name, key: 'name', align: 'center' },
      { title: '', key: 'select', width: 72, sortable: false, align: 'center' },
      { title: C.projectsColumns[2], key: 'role', width: 160, sortable: false, align: 'center' },
      { title: C.projectsColumns[3], key: 'manage', width: 180, sortable: false, align: 'center' },
      { title: '', key: 'actions', sortable: false, width: 72, align: 'end' },
    ];
    // kodex's Projects page and its app bar share one projects store: the select lists what the page loaded.
    const { tablePage, itemsPerPage, load, refresh } = useProgressiveTable(s, async (limit) => {
      s.loading = true;
      try {
        s.items = (await get(`${PATHS.projects}?limit=${limit}`))?.items ?? [];
        s.error = '';
        projectContext.items = s.items;
      } catch (e) {
        s.error = errorText(e);
      } finally {
        s.loading = false;
      }
    });
    const openCreate = () => Object.assign(dialog, { open: true, mode: 'create', slug: '', name: '' });
    const openEdit = (slug, name) => Object.assign(dialog, { open: true, mode: 'edit', slug, name });
    const canSave = computed(() => Boolean(dialog.slug.trim() && dialog.name.trim()) && !s.saving);
    async function save() {
      s.saving = true;
      s.saveError = '';
      try {
        // The stand fault "console-create-project-noop": Save closes the dialog without creating anything.
        if (!window.__standFaults?.includes('console-create-project-noop'))
          await post(PATHS.projects, { slug: dialog.slug.trim(), name: dialog.name.trim() });
        dialog.open = false;
        await load();
      } catch (e) {
        s.saveError = errorText(e);
      } finally {
        s.saving = false;
      }
    }
    async function doDelete() {
      try {
        await del(PATHS.project(confirm.id));
      } catch (e) {
        s.error = errorText(e);
      }
      await load();
    }
    const askDelete = (id, name) => Object.assign(confirm, { open: true, id, name });
    onMounted(refresh);
    return {
      s,
      tablePage,
      itemsPerPage,
      refresh,
      dialog,
      confirm,
      headers,
      openCreate,
      openEdit,
      canSave,
      save,
      doDelete,
      askDelete,
      roleColor,
      isAdmin,
      isOwner,
      auth,
      projectContext,
      C,
    };
  },
  template: `
    <div>
      <PageHeader :title="C.titles.projects">
        <template #actions>
          <AdaptiveBtn v-if="isAdmin()" class="mr-2" color="primary" variant="tonal" icon="mdi-plus" :label="C.createProject" :disabled="s.loading" @click="openCreate" />
          <AdaptiveBtn variant="tonal" icon="mdi-refresh" :label="C.common.refresh" :loading="s.loading" @click="refresh" />
        </template>
      </PageHeader>
      <v-alert v-if="s.error" type="error" variant="tonal" class="mt-4">{{ s.error }}</v-alert>
      <v-card class="mt-4" variant="outlined">
        <v-card-text>
          <v-data-table v-model:page="tablePage" :headers="headers" :items="s.items" :loading="s.loading" :items-per-page="itemsPerPage" hover>
            <template #item.name="{ item }">
              <div class="d-flex justify-center">
                <router-link class="text-primary font-weight-bold text-decoration-none" :to="{ name: 'project-details', params: { projectId: item.id } }">{{ item.name }}</router-link>
              </div>
            </template>
            <template #item.select="{ item }">
              <div class="d-flex justify-center">
                <TipIconBtn :tip="C.projectsPage.makeCurrent" :icon="projectContext.projectId === item.id ? 'mdi-check-circle-outline' : 'mdi-check'" variant="tonal" :color="projectContext.projectId === item.id ? 'success' : 'primary'" :disabled="projectContext.projectId === item.id" @click="projectContext.projectId = item.id" />
              </div>
            </template>
            <template #item.role="{ item }">
              <div class="d-flex justify-center">
                <v-chip size="small" variant="tonal" class="font-weight-bold" :color="roleColor(item.role)">{{ C.roles[item.role] ?? item.role }}</v-chip>
              </div>
            </template>
            <template #item.manage="{ item }">
              <div class="d-flex ga-2 justify-center flex-wrap">
                <TipIconBtn v-if="isAdmin()" tip="Edit" icon="mdi-pencil-outline" variant="text" :disabled="s.saving" @click="openEdit(item.slug, item.name)" />
                <TipIconBtn :tip="C.projectsPage.repos" icon="mdi-source-repository" variant="text" :to="{ name: 'project-repositories', params: { projectId: item.id } }" />
                <TipIconBtn :tip="C.projectsPage.members" icon="mdi-account-group-outline" variant="text" :to="{ name: 'project-members', params: { projectId: item.id } }" />
              </div>
            </template>
            <template #item.actions="{ item }">
              <div class="d-flex justify-end">
                <TipIconBtn v-if="isOwner()" :tip="C.common.delete" icon="mdi-delete-outline" color="error" variant="tonal" @click="askDelete(item.id, item.name)" />
              </div>
            </template>
            <template #no-data><div class="py-8 text-medium-emphasis">{{ C.noProjects }}</div></template>
          </v-data-table>
        </v-card-text>
      </v-card>

      <v-dialog v-model="dialog.open" max-width="720">
        <v-card>
          <v-card-title class="text-subtitle-1">{{ dialog.mode === 'create' ? C.createProject : C.projectsPage.editProject }}</v-card-title>
          <v-card-text>
            <v-row density="compact">
              <v-col cols="12" md="4"><v-text-field v-model="dialog.slug" :label="C.projectsPage.slug" placeholder="kodex" :disabled="dialog.mode === 'edit'" hide-details /></v-col>
              <v-col cols="12" md="8"><v-text-field v-model="dialog.name" :label="C.projectsPage.name" placeholder="kodex" hide-details /></v-col>
            </v-row>
            <v-alert v-if="s.saveError" type="error" variant="tonal" class="mt-4">{{ s.saveError }}</v-alert>
          </v-card-text>
          <v-card-actions>
            <v-spacer />
            <v-btn variant="text" :disabled="s.saving" @click="dialog.open = false">{{ C.common.cancel }}</v-btn>
            <v-btn color="primary" variant="tonal" :disabled="!canSave" :loading="s.saving" @click="save">{{ C.save }}</v-btn>
          </v-card-actions>
        </v-card>
      </v-dialog>
      <ConfirmDialog v-model="confirm.open" :title="C.common.delete" :message="confirm.name" :confirm-text="C.common.delete" :cancel-text="C.common.cancel" danger @confirm="doDelete" />
    </div>`,
};
