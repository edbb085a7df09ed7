// Mission Control: the landing page; the stand shows only its header (no scenario reads its board).
import { PageHeader } from '../ui.js';
import { C } from '../texts.js';

export default {
  components: { PageHeader },
  setup: () => ({ C }),
  template: `<div><PageHeader :title="C.titles.missionControl" /></div>`,
};
