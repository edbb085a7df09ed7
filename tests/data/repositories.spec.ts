import { request as undiciRequest } from 'undici';
import { test, expect } from '../../fixtures/index.js';
import { PATHS } from '../../contract/kodex.js';
import { scenario } from '../../helpers/scenario.js';
import { decryptToken } from '../../contract/token-format.js';

test('P2 two repositories attach to one project, tokens encrypted, hooks ensured', { tag: ['@p1'], annotation: scenario('P2') }, async ({ gate, world, staff, db }) => {
  test.skip(gate.target !== 'local', 'attaching needs repositories and tokens the gate owns (local GitHub stand-in)');
  const names = [`${world.marker}-svc-a`, `${world.marker}-svc-b`];
  const tokens = names.map((n) => `ghp_kodexgate_${n.replace(/\W/g, '')}`);
  // when: two more repositories are attached through the staff API
  const attached = [];
  for (const [i, name] of names.entries()) attached.push(await staff.attachRepository(world.projectId, 'kodex-gate', name, tokens[i]));
  try {
    // then: the project lists them
    const listed = (await staff.repositories(world.projectId)).items.map((r) => r.name);
    expect(listed).toEqual(expect.arrayContaining(names));
    for (const [i, name] of names.entries()) {
      // tokens are ciphertext, never the token itself
      const sealed = await db.repositoryToken(world.projectId, 'kodex-gate', name);
      expect(sealed, `token row for ${name}`).toBeDefined();
      expect(sealed!.includes(Buffer.from(tokens[i])), `the token of ${name} is not stored in plain text`).toBe(false);
      expect(sealed!.length, 'nonce ‖ ciphertext ‖ tag').toBe(12 + tokens[i].length + 16);
      if (gate.GATE_TOKEN_ENCRYPTION_KEY) expect(decryptToken(sealed!, gate.GATE_TOKEN_ENCRYPTION_KEY), 'it decrypts to the token').toBe(tokens[i]);
      // and each repository has the platform webhook (checked through GitHub's own REST call)
      const hooks = await undiciRequest(`${gate.GATE_GITHUB_API_URL}/repos/kodex-gate/${name}/hooks`, { headers: { authorization: `Bearer ${tokens[i]}`, 'user-agent': 'kodex-gate' } });
      const list: any[] = (await hooks.body.json()) as any[];
      expect(list.filter((h) => String(h.config?.url).endsWith(PATHS.webhook)), `one platform webhook on ${name}`).toHaveLength(1);
    }
  } finally {
    for (const repo of attached) await staff.detachRepository(world.projectId, repo.id);
  }
});
