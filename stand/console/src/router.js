// Routes, the admin-only guard and document titles, shaped after kodex's router.
import { createRouter, createWebHistory } from 'vue-router';
import { ensureLoaded, isAdmin } from './auth.js';
import { C } from './texts.js';
import MissionControl from './pages/mission-control.js';
import Projects from './pages/projects.js';
import ProjectDetails from './pages/project-details.js';
import Repositories from './pages/repositories.js';
import Members from './pages/members.js';
import Runs from './pages/runs.js';
import RunDetails from './pages/run-details.js';
import Users from './pages/users.js';
import Scaffold from './pages/scaffold.js';

const routes = [
  {
    path: '/',
    alias: '/mission-control',
    name: 'mission-control',
    component: MissionControl,
    meta: { title: 'missionControl' },
  },
  { path: '/projects', name: 'projects', component: Projects, meta: { title: 'projects' } },
  {
    path: '/projects/:projectId',
    name: 'project-details',
    component: ProjectDetails,
    props: true,
    meta: { title: 'projectDetails' },
  },
  {
    path: '/projects/:projectId/repositories',
    name: 'project-repositories',
    component: Repositories,
    props: true,
    meta: { adminOnly: true, title: 'repositories' },
  },
  {
    path: '/projects/:projectId/members',
    name: 'project-members',
    component: Members,
    props: true,
    meta: { adminOnly: true, title: 'members' },
  },
  { path: '/runs', name: 'runs', component: Runs, meta: { title: 'runs' } },
  { path: '/runs/:runId', name: 'run-details', component: RunDetails, props: true, meta: { title: 'runDetails' } },
  {
    path: '/runtime-deploy/tasks',
    name: 'runtime-deploy-tasks',
    component: Scaffold,
    meta: { title: 'runtimeDeployTasks' },
  },
  { path: '/wait-queue', name: 'wait-queue', component: Scaffold, meta: { title: 'waitQueue' } },
  { path: '/approvals', name: 'approvals', component: Scaffold, meta: { title: 'approvals' } },
  {
    path: '/configuration/system-settings',
    name: 'system-settings',
    component: Scaffold,
    meta: { adminOnly: true, title: 'systemSettings' },
  },
  { path: '/users', name: 'users', component: Users, meta: { adminOnly: true, title: 'users' } },
  { path: '/:pathMatch(.*)*', redirect: { name: 'mission-control' } },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  router.beforeEach(async (to) => {
    await ensureLoaded();
    // The stand fault "console-admin-guard-off" drops kodex's adminOnly guard (set by the gateway in the page).
    if (to.meta.adminOnly && !isAdmin() && !window.__standFaults?.includes('console-admin-guard-off'))
      return { name: 'mission-control' };
    return true;
  });
  router.afterEach((to) => {
    const page = C.documentTitles[to.meta.title];
    document.title = page ? C.documentTitle(page) : C.appTitle;
  });
  return router;
}
