// A loaded list with its error, as kodex's stores hold them, and the progressive table kodex's list pages page
// it with (web-console/src/shared/lib/progressive-table.ts).
import { reactive, ref, watch } from 'vue';
import { get } from './api.js';
import { errorText } from './ui.js';

/** A store's list: `load(limit)` asks for `?limit=` as the list calls of kodex's features do (none: the server's default). */
export function useList(path) {
  const list = reactive({
    items: [],
    loading: true,
    error: '',
    async load(limit) {
      list.loading = true;
      try {
        list.items = (await get(limit ? `${path}?limit=${limit}` : path))?.items ?? [];
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

/** kodex's createProgressiveTableState: two table pages' worth first, one step more per growth. */
function createProgressiveTableState({ itemsPerPage, prefetchPages = 2 }) {
  const step = itemsPerPage * prefetchPages;
  const page = ref(1);
  const limit = ref(step);
  const canLoadMore = ref(true);
  return {
    page,
    limit,
    reset() {
      page.value = 1;
      limit.value = step;
      canLoadMore.value = true;
    },
    markLoaded(loadedCount) {
      canLoadMore.value = loadedCount >= limit.value;
    },
    shouldGrowForPage(totalItems, nextPage, prevPage) {
      if (nextPage <= prevPage || !canLoadMore.value || totalItems <= 0) return false;
      if (nextPage < Math.max(1, Math.ceil(totalItems / itemsPerPage))) return false;
      limit.value += step;
      return true;
    },
  };
}

/**
 * How kodex's Users, Projects, Members and Repositories pages load their table: 10 rows a page, `limit` 20 at
 * first; paging forward onto the last loaded page, while the last load came back full, grows `limit` by 20 and
 * loads again. `fetch(limit)` loads `list` (a store with `items` and `loading`). The page binds
 * `v-model:page="tablePage"` and `:items-per-page="itemsPerPage"`.
 */
export function useProgressiveTable(list, fetch, itemsPerPage = 10) {
  const paging = createProgressiveTableState({ itemsPerPage });
  async function load() {
    await fetch(paging.limit.value);
    paging.markLoaded(list.items.length);
  }
  async function refresh() {
    paging.reset();
    await load();
  }
  watch(paging.page, (nextPage, prevPage) => {
    if (list.loading || !paging.shouldGrowForPage(list.items.length, nextPage, prevPage)) return;
    void load();
  });
  return { tablePage: paging.page, itemsPerPage, load, refresh };
}
