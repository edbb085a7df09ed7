import type { FastifyInstance } from 'fastify';
import { projectAccess } from './staff/access.js';
import { memberRoutes } from './staff/members.js';
import { projectRoutes } from './staff/projects.js';
import { repositoryRoutes } from './staff/repositories.js';
import { routerOf, type StaffDeps } from './staff/route.js';
import { runRoutes } from './staff/runs.js';
import { userRoutes } from './staff/users.js';

export type { StaffDeps };

/** kodex's staff API (control-plane domain/staff behind the api-gateway), one module per route group. */
export function staffRoutes(app: FastifyInstance, deps: StaffDeps) {
  const route = routerOf(app);
  const access = projectAccess(deps.pool, deps.faults);
  projectRoutes(route, deps, access);
  runRoutes(route, deps, access);
  userRoutes(route, deps);
  memberRoutes(route, deps);
  repositoryRoutes(route, deps, access);
}
