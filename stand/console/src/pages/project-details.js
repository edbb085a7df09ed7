// Project details: slug, name and id of one project.
import { onMounted, ref } from 'vue';
import { get } from '../api.js';
import { BackBtn, CopyChip, PageHeader, errorText } from '../ui.js';
import { C, PATHS } from '../texts.js';

export default {
  components: { PageHeader, BackBtn, CopyChip },
  props: { projectId: { type: String, required: true } },
  setup(props) {
    const item = ref(null);
    const error = ref('');
    onMounted(async () => {
      try {
        item.value = await get(PATHS.project(props.projectId));
      } catch (e) {
        error.value = errorText(e);
      }
    });
    return { item, error, C };
  },
  template: `
    <div>
      <PageHeader :title="C.titles.projectDetails">
        <template #leading><BackBtn :label="C.common.back" :to="{ name: 'projects' }" /></template>
        <template #actions><CopyChip label="project_id" :value="projectId" icon="mdi-identifier" /></template>
      </PageHeader>
      <v-alert v-if="error" type="error" variant="tonal" class="mt-4">{{ error }}</v-alert>
      <v-card v-if="item" class="mt-4" variant="outlined">
        <v-card-text>
          <div class="text-body-2"><strong>{{ C.projectsPage.slug }}:</strong> <span class="mono">{{ item.slug }}</span></div>
          <div class="text-body-2"><strong>{{ C.projectsPage.name }}:</strong> {{ item.name }}</div>
        </v-card-text>
      </v-card>
    </div>`,
};
