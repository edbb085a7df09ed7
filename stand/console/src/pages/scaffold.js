// Pages kodex has that no scenario reads (Build & Deploy, Wait queue, Approvals, System settings): header only.
import { computed } from 'vue';
import { useRoute } from 'vue-router';
import { PageHeader } from '../ui.js';
import { C } from '../texts.js';

export default {
  components: { PageHeader },
  setup() {
    const route = useRoute();
    return { title: computed(() => C.documentTitles[route.meta.title]) };
  },
  template: `<div><PageHeader :title="title" /></div>`,
};
