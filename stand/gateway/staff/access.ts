import type pg from 'pg';
import { ERRORS } from '../../../contract/kodex.js';
import type { Faults } from '../../faults.js';
import { HttpError, type Staff } from '../auth.js';
import { getRunRow } from '../runs.js';

/**
 * kodex's project RBAC (control-plane domain/staff): a platform admin is `admin` everywhere; anyone else
 * needs a project_members row (403 "project access required"), and a write needs read_write or admin
 * (403 "project write access required").
 */
export function projectAccess(pool: pg.Pool, faults: Faults) {
  async function roleIn(staff: Staff, projectId: string): Promise<string> {
    if (staff.is_platform_admin) return 'admin';
    const m = await pool.query(`SELECT role FROM project_members WHERE project_id = $1 AND user_id = $2`, [
      projectId,
      staff.id,
    ]);
    if (!m.rowCount) throw new HttpError(403, ERRORS.projectAccessRequired);
    return m.rows[0].role;
  }
  const requireWrite = (role: string) => {
    if (role !== 'admin' && role !== 'read_write') throw new HttpError(403, ERRORS.projectWriteAccessRequired);
  };

  return {
    roleIn,
    /** UpsertProjectRepository, DeleteProjectRepository, UpsertProjectGitHubTokens. */
    async requireProjectWrite(staff: Staff, projectId: string): Promise<void> {
      requireWrite(await roleIn(staff, projectId));
    },
    /** resolveRunAccess / GetRun: the run exists (400), is assigned to a project, the caller is a member. */
    async visibleRun(staff: Staff, id: string) {
      const row = await getRunRow(pool, id);
      if (!row) throw new HttpError(400, ERRORS.notFound('run_id'));
      if (staff.is_platform_admin || faults.has('run-access-unchecked')) return row;
      if (!row.project_id) throw new HttpError(403, ERRORS.runNotAssigned);
      await roleIn(staff, row.project_id);
      return row;
    },
    /** requireRunWriteAccess (CancelRun, DeleteRunNamespace). */
    async requireRunWrite(staff: Staff, projectId: string | null): Promise<void> {
      if (staff.is_platform_admin) return;
      if (!projectId) throw new HttpError(403, ERRORS.runNotAssigned);
      const role = await roleIn(staff, projectId);
      if (!faults.has('read-member-cancels')) requireWrite(role);
    },
  };
}
export type ProjectAccess = ReturnType<typeof projectAccess>;
