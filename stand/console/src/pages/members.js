// Project Members (platform admins): role and learning override per member, saved per row; owners add and remove.
// The table loads progressively, as kodex's ProjectMembersPage.vue.
import { onMounted, reactive } from 'vue';
import { del, post, put } from '../api.js';
import { isOwner } from '../auth.js';
import { useList, useProgressiveTable } from '../list.js';
import { ConfirmDialog, ProjectPageHeader, errorText, TipIconBtn } from '../ui.js';
import { C, PATHS } from '../texts.js';

const M = C.membersPage;
const learningOf = (v) => (v === true ? 'true' : v === false ? 'false' : 'inherit');

export default {
  components: { ProjectPageHeader, ConfirmDialog, TipIconBtn },
  props: { projectId: { type: String, required: true } },
  setup(props) {
    const members = useList(PATHS.members(props.projectId));
    const form = reactive({ email: '', role: 'read', adding: false, error: '' });
    const confirm = reactive({ open: false, userId: '', email: '' });
    const headers = [
      { title: M.email, key: 'email', align: 'start' },
      { title: M.role, key: 'role', width: 220, sortable: false, align: 'center' },
      { title: M.learningOverride, key: 'learning_mode_override', width: 240, sortable: false, align: 'center' },
      { title: '', key: 'actions', sortable: false, width: 220, align: 'end' },
    ];
    const roleOptions = ['read', 'read_write', 'admin'].map((v) => ({ title: C.roles[v], value: v }));
    const learningOptions = [
      { title: M.inherit, value: 'inherit' },
      { title: 'true', value: 'true' },
      { title: 'false', value: 'false' },
    ];
    const { tablePage, itemsPerPage, load, refresh } = useProgressiveTable(members, async (limit) => {
      await members.load(limit);
      members.items = members.items.map((m) => ({
        ...m,
        learning_mode_override: learningOf(m.learning_mode_override),
      }));
    });
    async function save(m) {
      try {
        await post(PATHS.members(props.projectId), { user_id: m.user_id, role: m.role });
        const v = m.learning_mode_override;
        await put(PATHS.memberLearning(props.projectId, m.user_id), { enabled: v === 'inherit' ? null : v === 'true' });
      } catch (e) {
        members.error = errorText(e);
        return;
      }
      await load();
    }
    async function add() {
      form.adding = true;
      form.error = '';
      try {
        await post(PATHS.members(props.projectId), { email: form.email.trim(), role: form.role });
        form.email = '';
        await load();
      } catch (e) {
        form.error = errorText(e);
      } finally {
        form.adding = false;
      }
    }
    async function doRemove() {
      try {
        await del(PATHS.member(props.projectId, confirm.userId));
      } catch (e) {
        members.error = errorText(e);
      }
      await load();
    }
    onMounted(refresh);
    return {
      members,
      tablePage,
      itemsPerPage,
      form,
      confirm,
      headers,
      roleOptions,
      learningOptions,
      save,
      add,
      doRemove,
      refresh,
      isOwner,
      C,
      M,
    };
  },
  template: `
    <div>
      <ProjectPageHeader :title="C.titles.members" :project-id-label="M.projectId" :project-id="projectId" :loading="members.loading" @refresh="refresh" />
      <v-alert v-if="members.error" type="error" variant="tonal" class="mt-4">{{ members.error }}</v-alert>
      <v-card class="mt-4" variant="outlined"><v-card-text>
        <v-data-table v-model:page="tablePage" :headers="headers" :items="members.items" :loading="members.loading" :items-per-page="itemsPerPage" hover>
          <template #item.role="{ item }">
            <div class="d-flex justify-center"><v-select v-model="item.role" :items="roleOptions" density="compact" hide-details style="max-width: 220px" /></div>
          </template>
          <template #item.learning_mode_override="{ item }">
            <div class="d-flex justify-center"><v-select v-model="item.learning_mode_override" :items="learningOptions" density="compact" hide-details style="max-width: 240px" /></div>
          </template>
          <template #item.actions="{ item }">
            <div class="d-flex ga-2 justify-end flex-wrap">
              <TipIconBtn :tip="C.save" icon="mdi-content-save-outline" color="primary" variant="tonal" @click="save(item)" />
              <TipIconBtn v-if="isOwner()" :tip="C.common.delete" icon="mdi-delete-outline" color="error" variant="tonal" @click="Object.assign(confirm, { open: true, userId: item.user_id, email: item.email })" />
            </div>
          </template>
          <template #no-data><div class="py-8 text-medium-emphasis">{{ C.states.noMembers }}</div></template>
        </v-data-table>
      </v-card-text></v-card>
      <v-card v-if="isOwner()" class="mt-6" variant="outlined">
        <v-card-title class="text-subtitle-1">{{ M.addTitle }}</v-card-title>
        <v-card-text>
          <v-row density="compact" class="align-end">
            <v-col cols="12" md="6"><v-text-field v-model="form.email" :label="M.email" placeholder="user@example.com" /></v-col>
            <v-col cols="12" md="4"><v-select v-model="form.role" :items="roleOptions" :label="M.role" /></v-col>
            <v-col cols="12" md="2"><v-btn class="w-100" color="primary" variant="tonal" :loading="form.adding" @click="add">{{ C.common.createOrUpdate }}</v-btn></v-col>
          </v-row>
          <v-alert v-if="form.error" type="error" variant="tonal" class="mt-4">{{ form.error }}</v-alert>
        </v-card-text>
      </v-card>
      <ConfirmDialog v-model="confirm.open" :title="C.common.delete" :message="confirm.email" :confirm-text="C.common.delete" :cancel-text="C.common.cancel" danger @confirm="doRemove" />
    </div>`,
};
