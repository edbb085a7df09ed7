// kodex staff console (local stand edition): auth gate, nav bar and the page router.
import { computed, createApp, onMounted, provide, ref, watchEffect } from 'vue';
import { get, post } from './api.js';
import { currentPath, match, navigate } from './router.js';
import { APP_TITLE, DOCUMENT_TITLES, T, documentTitle } from './texts.js';
import MissionControl from './pages/mission-control.js';
import Projects from './pages/projects.js';
import Runs from './pages/runs.js';
import RunDetails from './pages/run-details.js';
import Users from './pages/users.js';
import Repositories from './pages/repositories.js';
import Members from './pages/members.js';

const ROUTES = [
  { path: '/', name: 'missionControl', component: MissionControl },
  { path: '/mission-control', name: 'missionControl', component: MissionControl },
  { path: '/projects', name: 'projects', component: Projects },
  { path: '/projects/:projectId/repositories', name: 'repositories', component: Repositories, admin: true },
  { path: '/projects/:projectId/members', name: 'members', component: Members, admin: true },
  { path: '/runs', name: 'runs', component: Runs },
  { path: '/runs/:id', name: 'runDetails', component: RunDetails },
  { path: '/users', name: 'users', component: Users, admin: true },
];

const NAV = [
  { href: '/', label: 'Mission Control', name: 'missionControl' },
  { href: '/projects', label: 'Projects', name: 'projects', also: ['repositories', 'members'] },
  { href: '/runs', label: 'Runs', name: 'runs', also: ['runDetails'] },
  { href: '/users', label: 'Users', name: 'users', admin: true },
];

const AccessRequired = {
  setup: () => ({ T }),
  template: `
    <main class="access-wrap">
      <section class="card access-card" aria-labelledby="access-title">
        <h1 id="access-title" class="text-h5">{{ T.accessRequired }}</h1>
        <p>{{ T.accessRequiredText }}</p>
        <a class="btn btn-primary" href="/oauth2/start">{{ T.loginWithGitHub }}</a>
      </section>
    </main>`,
};

const App = {
  components: { AccessRequired },
  setup() {
    const auth = ref({ status: 'loading', user: null });
    provide('auth', auth);

    onMounted(async () => {
      try {
        const me = await get('/api/v1/auth/me');
        if (!me || !me.user) throw new Error('no user');
        auth.value = { status: 'ok', user: me.user };
      } catch {
        auth.value = { status: 'denied', user: null };
      }
    });

    const isAdmin = computed(() => Boolean(auth.value.user?.is_platform_admin));

    // Resolve the route; non-admins on admin routes and unknown paths go to Mission Control.
    const resolved = computed(() => {
      const m = match(ROUTES, currentPath.value);
      if (!m || (m.route.admin && !isAdmin.value)) return null;
      return m;
    });

    watchEffect(() => {
      if (auth.value.status !== 'ok') {
        document.title = APP_TITLE;
        return;
      }
      // The effect does not re-run for changes it makes itself, so the redirect sets the title too.
      const name = resolved.value ? resolved.value.route.name : 'missionControl';
      if (!resolved.value) navigate('/', { replace: true });
      document.title = documentTitle(DOCUMENT_TITLES[name]);
    });

    const nav = computed(() => NAV.filter((n) => !n.admin || isAdmin.value));
    const isActive = (n) => {
      const name = resolved.value?.route.name;
      return name === n.name || (n.also || []).includes(name);
    };

    async function logout() {
      try { await post('/api/v1/auth/logout'); } catch { /* the reload shows the result */ }
      window.location.assign('/');
    }

    return { auth, resolved, nav, isActive, logout, currentPath, T, APP_TITLE };
  },
  template: `
    <div v-if="auth.status === 'loading'" class="boot" aria-busy="true">{{ T.loading }}</div>
    <AccessRequired v-else-if="auth.status === 'denied'" />
    <div v-else class="layout">
      <header class="app-bar">
        <a class="brand" href="/">{{ APP_TITLE }}</a>
        <nav aria-label="Main">
          <a v-for="n in nav" :key="n.href" :href="n.href" :class="['nav-link', { active: isActive(n) }]"
             :aria-current="isActive(n) ? 'page' : null">{{ n.label }}</a>
        </nav>
        <div class="app-bar-user">
          <span class="muted" :title="auth.user.email">{{ auth.user.github_login || auth.user.email }}</span>
          <button type="button" class="btn btn-text btn-small" @click="logout">{{ T.logout }}</button>
        </div>
      </header>
      <main class="content">
        <component v-if="resolved" :is="resolved.route.component" :key="currentPath"
          v-bind="resolved.params" />
      </main>
    </div>`,
};

createApp(App).mount('#app');
