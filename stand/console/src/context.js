// The selected project (kodex's ui-context store): the app bar's project select and project-scoped nav.
import { reactive } from 'vue';
import { get } from './api.js';
import { PATHS } from './texts.js';

// App.vue loads the projects store with no limit of its own: features/projects/api.ts listProjects(limit = 20).
const APP_BAR_PROJECTS_LIMIT = 20;

export const projectContext = reactive({
  projectId: '',
  items: [],
  async load() {
    try {
      this.items = (await get(`${PATHS.projects}?limit=${APP_BAR_PROJECTS_LIMIT}`))?.items ?? [];
    } catch {
      this.items = [];
    }
  },
});
