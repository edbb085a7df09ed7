import { test, expect } from '../../fixtures/index.js';
import { REPO_HOOK } from '../../contract/kodex.js';
import { TOKEN_FORMAT, decryptToken } from '../../contract/token-format.js';
import { scenario } from '../../helpers/checks/scenario.js';
import { asText, secretForms } from '../../helpers/checks/secrets.js';

test(
  'P2 repositories of one project: tokens encrypted in the kodex format and never served, one platform hook each',
  { tag: ['@critical', '@p1'], annotation: scenario('P2') },
  async ({ gate, world, staff, db, githubOf, setup, onTarget }) => {
    // given: on the local stand two more repositories with tokens the gate made; elsewhere the bound GATE_REPO
    const repositories = onTarget.repositories(world);
    // when: they are attached through the staff API (the platform ensures its webhook on each)
    for (const r of repositories.attach) await setup.attachRepository(r.owner, r.name, r.token);
    const listed = await staff.repositories(world.projectId);
    expect(
      listed.items.map((i) => `${i.owner}/${i.name}`),
      'the project lists its repositories',
    ).toEqual(expect.arrayContaining(repositories.check.map((r) => `${r.owner}/${r.name}`)));
    const webhookUrl = gate.platformWebhookUrl;
    for (const r of repositories.check) {
      // then: the stored token is ciphertext in kodex's format, never the token itself
      const sealed = await db.repositoryToken(world.projectId, r.owner, r.name);
      expect(sealed, `a token row for ${r.owner}/${r.name}`).toBeDefined();
      expect(sealed!.includes(Buffer.from(r.token)), `the token of ${r.name} is not stored in plain text`).toBe(false);
      expect(sealed!.length, 'nonce ‖ ciphertext ‖ tag').toBeGreaterThan(
        TOKEN_FORMAT.nonceBytes + TOKEN_FORMAT.tagBytes,
      );
      await test.step(`the token of ${r.name} decrypts to the token`, async (step) => {
        step.skip(!gate.GATE_TOKEN_ENCRYPTION_KEY, "needs GATE_TOKEN_ENCRYPTION_KEY, the platform's token key");
        expect(
          decryptToken(sealed!, gate.GATE_TOKEN_ENCRYPTION_KEY!),
          `the token of ${r.name} decrypts, with the suite's own AES-GCM, to the token`,
        ).toBe(r.token);
      });
      // and: the staff API never returns it, in any form
      const served = secretForms(r.token)
        .filter((f) => asText(listed).includes(f.value))
        .map((f) => f.form);
      expect(served, `the staff API does not serve the token of ${r.name}`).toEqual([]);
      // and: GitHub (its REST API) has exactly one active platform hook, with the run events and a secret
      const hooks = await githubOf(r).platformHooks(webhookUrl);
      expect(hooks, `exactly one platform webhook (${webhookUrl}) on ${r.name}`).toHaveLength(1);
      expect(hooks[0].active, `the platform webhook on ${r.name} is active`).toBe(true);
      expect(hooks[0].events, `the platform webhook on ${r.name} sends the events that create runs`).toEqual(
        expect.arrayContaining([...REPO_HOOK.runEvents]),
      );
      expect(hooks[0].config.content_type, `the platform webhook on ${r.name} sends JSON`).toBe(REPO_HOOK.contentType);
      expect(hooks[0].config.secret, `the platform webhook on ${r.name} has a secret configured`).toBeTruthy();
    }
  },
);
