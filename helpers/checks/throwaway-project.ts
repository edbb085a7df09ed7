import type { GateDb } from '../clients/db.js';
import type { GateKube } from '../clients/kube.js';
import type { RepoRef } from '../clients/payloads.js';
import type { StaffApi } from '../clients/staff-api.js';
import { K8S } from '../../contract/kodex.js';

/**
 * A marked project of its own, with a bound repository and the world's sender as a read_write member,
 * built through the staff API (local stand: the GitHub stand-in takes any token). Removed in `dispose`,
 * whatever state the scenario left it in. (fixtures/world.ts will offer this; until then it lives here.)
 */
export class ThrowawayProject {
  private deleted = false;
  private constructor(
    private readonly staff: StaffApi,
    private readonly kube: GateKube,
    readonly id: string,
    readonly slug: string,
    readonly repo: RepoRef,
  ) {}

  static async create(
    staff: StaffApi,
    db: GateDb,
    kube: GateKube,
    marker: string,
    senderEmail: string,
  ): Promise<ThrowawayProject> {
    const slug = `${marker}-${Math.random().toString(36).slice(2, 8)}`;
    const project = await staff.createProject(slug, `kodex-gate throwaway ${slug}`);
    try {
      const bound = await staff.attachRepository(
        project.id,
        'kodex-gate',
        slug,
        `ghp_kodexgate_${slug.replace(/\W/g, '')}`,
      );
      const sender = await db.userByEmail(senderEmail);
      if (!sender) throw new Error(`the world's sender ${senderEmail} has no user row`);
      await staff.addMember(project.id, sender.id, 'read_write');
      return new ThrowawayProject(staff, kube, project.id, slug, {
        id: Number(bound.external_id),
        owner: 'kodex-gate',
        name: slug,
      });
    } catch (err) {
      await new ThrowawayProject(staff, kube, project.id, slug, { id: 0, owner: 'kodex-gate', name: slug }).dispose();
      throw err;
    }
  }

  /** Deletes the project through the API; its run namespaces expire upstream, so they are removed here. */
  async delete(): Promise<void> {
    await this.staff.deleteProject(this.id);
    this.deleted = true;
    for (const ns of await this.kube.namespacesWithLabels({ [K8S.labels.projectId]: this.id }))
      await this.kube.deleteNamespace(ns);
  }

  async dispose(): Promise<void> {
    if (!this.deleted) await this.delete();
  }
}
