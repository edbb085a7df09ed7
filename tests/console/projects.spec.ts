import { test, expect } from '../../fixtures/index.js';
import { scenario } from '../../helpers/checks/scenario.js';
import { CONSOLE } from '../../contract/kodex.js';
import { ProjectsPage } from '../../pages/projects-page.js';

test(
  'P1 projects lifecycle through the console',
  { tag: ['@critical', '@p1'], annotation: scenario('P1') },
  async ({ consoleAs, admin, staff, world, db, setup }) => {
    const slug = `${world.marker}-p1`;
    setup.removesProjects(slug);
    // when: an admin creates a project in the console's dialog
    const { projects } = await consoleAs(admin);
    await projects.open();
    await projects.create(slug, `kodex-gate ${slug}`);
    // then: it is listed, and stored
    await expect(projects.row(slug), 'the new project is listed').toBeVisible();
    const stored = await db.projectsWithSlugPrefix(slug);
    expect(
      stored.map((p) => p.slug),
      'the new project is stored',
    ).toEqual([slug]);
    const projectId = stored[0].id;

    // given: the viewer is a read member of it
    await staff.addMember(projectId, world.viewer.id, 'read');
    // when: the admin makes the viewer read_write on Members
    const members = await projects.openMembers(slug);
    await members.setRole(world.viewer.email, 'read_write');
    // then: the role is stored, and Members shows it after a fresh load
    await expect
      .poll(() => db.memberRole(projectId, world.viewer.id), { message: 'the member role change is stored' })
      .toBe('read_write');
    await members.open(projectId);
    await expect(members.roleCell(world.viewer.email), 'Members shows the new role').toContainText('read_write');

    // and: the project is deleted through the console where it offers that (platform owners), else at the end (setup)
    const listed = await members.navigateTo(CONSOLE.titles.projects, ProjectsPage);
    await expect(listed.row(slug), 'the project is listed again on Projects').toBeVisible();
    await test.step('the project is deleted through the console', async (step) => {
      step.skip(
        (await listed.deleteButton(slug).count()) === 0,
        'the console offers Delete to platform owners only: setup deletes the project at the end',
      );
      await listed.delete(slug);
      await expect
        .poll(() => db.projectsWithSlugPrefix(slug), { message: 'the deleted project is gone from the database' })
        .toEqual([]);
    });
  },
);
