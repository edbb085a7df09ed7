// Mission Control: the real console's dashboard; the stand shows a placeholder with shortcuts.
import { PageHeader } from '../ui.js';
import { TITLES } from '../texts.js';

export default {
  components: { PageHeader },
  setup: () => ({ TITLES }),
  template: `
    <div>
      <PageHeader :title="TITLES.missionControl" />
      <section class="card" aria-label="Overview">
        <div class="card-text">
          <p>Mission Control's live workspace is not part of the local stand.</p>
          <p class="shortcuts">
            <a class="btn btn-tonal" href="/runs">Open runs</a>
            <a class="btn btn-tonal" href="/projects">Open projects</a>
          </p>
        </div>
      </section>
    </div>`,
};
