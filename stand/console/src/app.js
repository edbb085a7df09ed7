// The shell: app bar, navigation drawer (signed in) or the access card (anonymous), then the routed page.
import { computed, onMounted, ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import { auth, ensureLoaded, isAdmin, logout } from './auth.js';
import { C } from './texts.js';
import { AdaptiveBtn } from './ui.js';
import { projectContext } from './context.js';

// The stand's own mark (kodex ships a PNG logo; the alt text is kodex's).
const LOGO =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 30"><rect width="30" height="30" rx="8" fill="#0b5a83"/><path d="M9 7v16M9 15l9-8M12 13l7 10" stroke="#fff" stroke-width="3" fill="none"/></svg>',
  );
const DETAIL_TO_LIST = { 'run-details': 'runs', 'project-details': 'projects' };

const NAV_GROUPS = [
  {
    id: 'operations',
    items: [
      { name: 'mission-control', key: 'missionControl', icon: 'mdi-radar' },
      { name: 'runs', key: 'runs', icon: 'mdi-play-circle-outline' },
      { name: 'runtime-deploy-tasks', key: 'runtimeDeployTasks', icon: 'mdi-rocket-launch-outline' },
      { name: 'wait-queue', key: 'waitQueue', icon: 'mdi-timer-sand' },
      { name: 'approvals', key: 'approvals', icon: 'mdi-check-decagram-outline' },
    ],
  },
  {
    id: 'projects',
    items: [
      { name: 'projects', key: 'projects', icon: 'mdi-folder-outline' },
      {
        name: 'project-repositories',
        key: 'repositories',
        icon: 'mdi-source-repository',
        requiresProject: true,
        adminOnly: true,
      },
      {
        name: 'project-members',
        key: 'members',
        icon: 'mdi-account-group-outline',
        requiresProject: true,
        adminOnly: true,
      },
    ],
  },
  {
    id: 'platform',
    items: [
      { name: 'users', key: 'users', icon: 'mdi-account-multiple-outline', adminOnly: true },
      { name: 'system-settings', key: 'systemSettings', icon: 'mdi-cog-outline', adminOnly: true },
    ],
  },
];

export default {
  components: { AdaptiveBtn },
  setup() {
    const route = useRoute();
    const drawer = ref(true);
    const rail = ref(false);
    const locale = ref('en');
    const allItems = NAV_GROUPS.flatMap((g) => g.items.map((i) => ({ ...i, group: g.id })));
    // Breadcrumbs: the nav group, the list page, then the detail page's own title.
    const breadcrumbs = computed(() => {
      const name = String(route.name ?? '');
      const baseName = DETAIL_TO_LIST[name] || name;
      const item = allItems.find((i) => i.name === baseName);
      if (!item) return [];
      const crumbs = [{ title: C.navGroups[item.group], disabled: true }];
      const isCurrent = name === baseName;
      crumbs.push({ title: C.navItems[item.key], disabled: isCurrent, to: isCurrent ? undefined : navTo(item) });
      if (!isCurrent && route.meta.title) crumbs.push({ title: C.documentTitles[route.meta.title], disabled: true });
      return crumbs;
    });
    watch(
      () => route.params.projectId,
      (v) => {
        if (typeof v === 'string' && v) projectContext.projectId = v;
      },
      { immediate: true },
    );
    onMounted(async () => {
      await ensureLoaded();
      if (auth.status === 'authed') await projectContext.load();
    });
    const groups = computed(() =>
      NAV_GROUPS.map((g) => ({ ...g, items: g.items.filter((i) => !i.adminOnly || isAdmin()) })),
    );
    const navTo = (item) => {
      if (!item.requiresProject) return { name: item.name };
      return projectContext.projectId
        ? { name: item.name, params: { projectId: projectContext.projectId } }
        : { name: 'projects' };
    };
    const profileLabel = computed(() =>
      auth.me?.github_login ? `@${auth.me.github_login}` : auth.me?.email || C.common.loading,
    );
    const projectOptions = computed(() => [
      { title: 'Project not selected', value: '' },
      ...projectContext.items.map((p) => ({ title: p.name || p.slug || p.id, value: p.id })),
    ]);
    return {
      auth,
      C,
      groups,
      navTo,
      drawer,
      rail,
      locale,
      breadcrumbs,
      LOGO,
      profileLabel,
      projectOptions,
      projectContext,
      logout,
      route,
    };
  },
  template: `
    <v-app>
      <v-app-bar border :elevation="0" density="comfortable">
        <v-app-bar-nav-icon v-if="auth.status === 'authed'" @click="rail = !rail" />
        <router-link class="brand" :to="{ name: 'mission-control' }">
          <img class="logo" :src="LOGO" alt="kodex logo" width="30" height="30" />
          <div class="brand-text"><div class="brand-title">{{ C.appTitle }}</div><div class="brand-subtitle">{{ C.appSubtitle }}</div></div>
        </router-link>
        <v-select v-if="auth.status === 'authed'" v-model="projectContext.projectId" class="ml-4" style="max-width: 280px"
          density="compact" variant="outlined" :items="projectOptions" label="Project" hide-details />
        <v-spacer />
        <v-breadcrumbs v-if="auth.status === 'authed'" class="breadcrumbs" :items="breadcrumbs" density="compact">
          <template #item="{ item }">
            <v-btn v-if="item.to && !item.disabled" variant="text" size="small" class="breadcrumb-btn" :to="item.to">{{ item.title }}</v-btn>
            <span v-else class="breadcrumb-text text-medium-emphasis">{{ item.title }}</span>
          </template>
          <template #divider><v-icon icon="mdi-chevron-right" size="18" class="text-medium-emphasis" /></template>
        </v-breadcrumbs>
        <v-spacer />
        <v-menu v-if="auth.status === 'authed'">
          <template #activator="{ props: menu }"><v-btn v-bind="menu" icon="mdi-bell-outline" variant="text" /></template>
          <v-list density="compact" min-width="320"><v-list-item title="Notifications" disabled /></v-list>
        </v-menu>
        <v-btn-toggle v-model="locale" class="ml-2" divided density="compact" mandatory>
          <v-btn value="en">🇺🇸</v-btn>
          <v-btn value="ru" disabled>🇷🇺</v-btn>
        </v-btn-toggle>
        <template v-if="auth.status === 'authed'">
          <v-menu>
            <template #activator="{ props: menu }">
              <AdaptiveBtn v-bind="menu" class="ml-2" variant="tonal" icon="mdi-account-circle-outline" :label="profileLabel" :title="auth.me?.email || C.common.loading" />
            </template>
            <v-list density="compact" min-width="280">
              <v-list-item :title="auth.me?.email || '-'" :subtitle="auth.me?.github_login ? '@' + auth.me.github_login : ''" />
              <v-list-item v-if="auth.me?.is_platform_admin" :title="C.common.admin" prepend-icon="mdi-shield-account-outline" />
              <v-divider />
              <v-list-item :title="C.common.logout" prepend-icon="mdi-logout" @click="logout" />
            </v-list>
          </v-menu>
        </template>
        <template v-else-if="auth.status === 'anon'">
          <v-btn class="ml-2" variant="tonal" href="/oauth2/start" prepend-icon="mdi-github">{{ C.loginWithGitHub }}</v-btn>
        </template>
      </v-app-bar>

      <v-navigation-drawer v-if="auth.status === 'authed'" v-model="drawer" :rail="rail" permanent width="320">
        <v-list nav density="compact">
          <template v-for="g in groups" :key="g.id">
            <v-list-subheader class="mt-2">{{ C.navGroups[g.id] }}</v-list-subheader>
            <v-list-item v-for="item in g.items" :key="item.name" :prepend-icon="item.icon" :to="navTo(item)"
              :disabled="item.requiresProject && !projectContext.projectId" rounded="lg">
              <v-list-item-title>{{ C.navItems[item.key] }}</v-list-item-title>
            </v-list-item>
          </template>
        </v-list>
        <template #append>
          <div class="pa-2 d-flex justify-end">
            <v-btn variant="text" :icon="rail ? 'mdi-arrow-expand-right' : 'mdi-arrow-collapse-left'" @click="rail = !rail" />
          </div>
        </template>
      </v-navigation-drawer>

      <v-main>
        <v-container class="content" fluid>
          <v-progress-linear v-if="auth.status === 'loading'" indeterminate color="primary" />
          <v-card v-else-if="auth.status === 'anon'" class="mx-auto mt-10" max-width="720" variant="outlined">
            <v-card-title class="text-h6">{{ C.accessRequired }}</v-card-title>
            <v-card-text class="text-body-2 text-medium-emphasis">{{ C.accessRequiredText }}</v-card-text>
            <v-card-actions>
              <v-btn variant="tonal" href="/oauth2/start" prepend-icon="mdi-github">{{ C.loginWithGitHub }}</v-btn>
            </v-card-actions>
          </v-card>
          <router-view v-else />
        </v-container>
      </v-main>
    </v-app>`,
};
