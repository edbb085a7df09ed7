// A loaded list with its error, as kodex's stores hold them.
import { reactive } from 'vue';
import { get } from './api.js';
import { errorText } from './ui.js';

export function useList(path) {
  const list = reactive({
    items: [],
    loading: true,
    error: '',
    async load() {
      list.loading = true;
      try {
        list.items = (await get(path))?.items ?? [];
        list.error = '';
      } catch (e) {
        list.error = errorText(e);
      } finally {
        list.loading = false;
      }
    },
  });
  return list;
}
