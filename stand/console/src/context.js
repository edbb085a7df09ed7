// The selected project (kodex's ui-context store): the app bar's project select and project-scoped nav.
import { reactive } from 'vue';
import { get } from './api.js';
import { PATHS } from './texts.js';

export const projectContext = reactive({
  projectId: '',
  items: [],
  async load() {
    try {
      this.items = (await get(PATHS.projects))?.items ?? [];
    } catch {
      this.items = [];
    }
  },
});
